"""Turn the answers of an issue form into an entry file, checked by the model's own validator.

Answers → form values → `maillage.forms.data_from_form` → file text (`render_entry`) at a path
made from the title by `slugify` (never from raw input, deduplicated with `-2`, `-3`…) →
`load_commons` on the content directory with the new file, exactly as `maillage verifier` does.
An entry with errors is removed again and the errors become a French comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from maillage.forms import FormField, data_from_form
from maillage.forms.communes import Unsettled, settle_communes
from maillage.forms.moments import at_local_time
from maillage.issueforms import messages as msg
from maillage.issueforms.elements import (
    BODY_ID,
    REPEAT_SEPARATOR,
    IssueElement,
    issue_elements,
)
from maillage.issueforms.parse import excerpt, parse_issue_body, split_options
from maillage.model import (
    EntryType,
    Problem,
    SchemaSet,
    Severity,
    default_schemas,
    entry_path,
    field_values,
    is_person,
    load_commons,
    render_entry,
    slugify,
    write_atomic,
)
from maillage.model.commons import consent_record
from maillage.model.communes import commune_label
from maillage.model.load import dotted
from maillage.model.slug import unique_slug
from maillage.model.territory import Scope

# Tags (`<script>`, `<img …>`, `</div>`), comments, and script URLs. A Markdown autolink such
# as `<https://exemple.fr>` is not a tag: its name is followed by ":".
_HTML = re.compile(
    r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?/?>|<!--|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
    re.I,
)


@dataclass
class IssueEntry:
    """The outcome of one issue: an entry written at `path`, or French problems to comment."""

    entry_type: EntryType
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)  # each commune by name, for the reviewer
    entry_id: str = ""
    path: Path | None = None
    title: str = ""

    @property
    def ok(self) -> bool:
        """True when the entry file was written and passed validation."""
        return self.path is not None and not self.problems


def build_entry_from_issue(
    entry_type: EntryType,
    body: str,
    template: dict[str, Any],
    content: Path,
    *,
    issue_number: int = 0,
    today: date | None = None,
    schemas: SchemaSet | None = None,
    scope: Scope | None = None,
) -> IssueEntry:
    """Parse an issue body against its template and write the entry under `content/` if valid.

    Communes are answered by name and settled by the resolver inside the commons' territory
    (`scope`); an answer that designates several communes or none comes back with the candidates.
    """
    outcome = IssueEntry(entry_type)
    parsed = parse_issue_body(body, template)
    outcome.problems.extend(parsed.problems)
    if outcome.problems:
        return outcome
    elements = {e.id: e for e in issue_elements(entry_type, schemas, scope)}
    values: dict[str, list[str]] = {}
    for key, answer in parsed.values.items():
        element = elements.get(key)
        if element is not None:
            _check_html(element.label, answer, outcome.problems)
            values.update(_form_values(element, answer, outcome.problems))
    if outcome.problems:
        return outcome
    data = data_from_form(entry_type, values, schemas)
    settled, unsettled = settle_communes(entry_type, data, schemas or default_schemas(), scope)
    at_local_time(entry_type, data, schemas or default_schemas())
    outcome.communes = [f"{_label_of(elements, dotted(path))} : {commune_label(c)}" for path, c in settled]
    consent_labels = {leaf.name: leaf.label for e in elements.values() if e.field is None for leaf in e.leaves}
    _apply_consent(entry_type, data, consent_labels, issue_number, today or date.today(), outcome.problems, schemas)
    title = data.get(entry_type.title_field)
    outcome.title = title if isinstance(title, str) else ""
    slug = slugify(outcome.title)
    if not slug:
        label = _label_of(elements, entry_type.title_field)
        outcome.problems.append(msg.NO_SLUG.format(label=label))
    if outcome.problems:
        return outcome
    body_text = parsed.values.get(BODY_ID, "")
    text = render_entry(data, body_text if isinstance(body_text, str) else "")
    _write_and_check(outcome, text, slug, content, elements, schemas, scope, unsettled)
    return outcome


def _form_values(element: IssueElement, answer: str | list[str], problems: list[str]) -> dict[str, list[str]]:
    """Form values (dotted name → strings) for one answer."""
    if element.field is None:
        if element.leaves:  # the consent checkboxes
            ticked = set(answer) if isinstance(answer, list) else set()
            return {leaf.name: ["true" if leaf.label in ticked else "false"] for leaf in element.leaves}
        return {}
    name = element.field.name
    if isinstance(answer, list):  # a boolean checkbox
        return {name: ["true" if answer else "false"]}
    if not answer.strip():
        return {}
    if element.type == "dropdown":
        return {name: _choices(element, answer, problems)}
    if element.field.kind == "repeat":
        return _repeat_values(element, answer, problems)
    return {name: [answer]}


def _choices(element: IssueElement, answer: str, problems: list[str]) -> list[str]:
    field = element.field
    assert field is not None
    by_label = {label: value for value, label in field.choices}
    if element.multiple:
        labels, unknown = split_options(answer, element.options)
    else:
        labels, unknown = ([answer.strip()], []) if answer.strip() in by_label else ([], [answer.strip()])
    for part in unknown:
        problems.append(
            msg.UNKNOWN_CHOICE.format(label=element.label, text=excerpt(part), choices=", ".join(element.options))
        )
    return [by_label[label] for label in labels]


def _repeat_values(element: IssueElement, answer: str, problems: list[str]) -> dict[str, list[str]]:
    """One item per line, columns separated by ";" in the order of the element's leaves."""
    field = element.field
    assert field is not None
    values: dict[str, list[str]] = {}
    lines = [line for line in answer.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.split(REPEAT_SEPARATOR)]
        if len(cells) > len(element.leaves):
            problems.append(
                msg.REPEAT_TOO_MANY_COLUMNS.format(
                    label=element.label,
                    line=index + 1,
                    count=len(cells),
                    expected=len(element.leaves),
                )
            )
            continue
        for leaf, cell in zip(element.leaves, cells, strict=False):
            relative = leaf.name.removeprefix(field.name + ".")
            values[f"{field.name}.{index}.{relative}"] = [_choice_value(leaf, cell)]
    return values


def _choice_value(leaf: FormField, cell: str) -> str:
    """A column of a repeat line: a choice may be typed as its value or its French label."""
    for value, label in leaf.choices:
        if cell.casefold() in (value.casefold(), label.casefold()):
            return value
    return cell


def _check_html(label: str, answer: str | list[str], problems: list[str]) -> None:
    for text in [answer] if isinstance(answer, str) else answer:
        match = _HTML.search(text)
        if match:
            problems.append(msg.HTML_IN_VALUE.format(label=label, found=excerpt(match.group(0))))
            return


def _apply_consent(
    entry_type: EntryType,
    data: dict[str, Any],
    consent_labels: dict[str, str],
    issue_number: int,
    today: date,
    problems: list[str],
    schemas: SchemaSet | None,
) -> None:
    """Keep consent for a person only (`x-personne`), dated and traced to the issue; refuse what it lacks."""
    rule = entry_type.person
    if rule is None:
        return
    consent = data.pop(rule.consent, None)
    if not is_person(entry_type, data):
        return
    consent = consent if isinstance(consent, dict) else {}
    if consent.get("publication") is not True:
        label = consent_labels.get(f"{rule.consent}.publication", "")
        problems.append(msg.PERSON_NEEDS_CONSENT.format(consent=label))
        return
    personal = (schemas or default_schemas()).personal_fields(entry_type)
    if any(field_values(data, path) for path in personal) and consent.get("contact") is not True:
        label = consent_labels.get(f"{rule.consent}.contact", "")
        problems.append(msg.PERSON_CONTACT_NEEDS_CONSENT.format(consent=label))
        return
    data[rule.consent] = consent_record(entry_type, schemas or default_schemas(), consent.get("contact") is True,
                                        today.isoformat(), msg.CONSENT_COLLECTED_BY.format(number=issue_number))


def _write_and_check(
    outcome: IssueEntry,
    text: str,
    slug: str,
    content: Path,
    elements: dict[str, IssueElement],
    schemas: SchemaSet | None,
    scope: Scope | None,
    unsettled: list[Unsettled],
) -> None:
    """Write the entry at a free id, validate the commons, and take the file back if invalid.

    A commune answer that designates several communes or none is explained with its candidates
    (instead of the validator's message about a code).
    """
    entry_id = unique_slug(slug, {p.stem for p in content.glob("*/*.md")} | outcome.entry_type.reserved_ids)
    path = entry_path(content, outcome.entry_type.folder, entry_id)
    write_atomic(path, text)
    commons = load_commons(content, schemas, display_base=content, scope=scope)
    mine = [p for p in commons.problems if (content / p.path).resolve() == path]
    unsettled_fields = {answer.field for answer in unsettled}
    errors = [p for p in mine if p.severity is Severity.ERROR and p.field not in unsettled_fields]
    if errors or unsettled:
        path.unlink()
        outcome.problems.extend(f"{_label_of(elements, answer.field)} : {answer.message}" for answer in unsettled)
        outcome.problems.extend(_describe(p, elements) for p in errors)
        return
    outcome.warnings.extend(_describe(p, elements) for p in mine)
    outcome.entry_id, outcome.path = entry_id, path


def _describe(problem: Problem, elements: dict[str, IssueElement]) -> str:
    """A validator problem named by the form question it comes from."""
    name = ".".join(part for part in problem.field.split(".") if not part.isdigit())
    element = _element_for(name, elements)
    return f"{element.label} : {problem.message}" if element else problem.message


def _element_for(name: str, elements: dict[str, IssueElement]) -> IssueElement | None:
    while name:
        for element in elements.values():
            if element.field is not None and element.field.name == name:
                return element
        name = name.rpartition(".")[0]
    return None


def _label_of(elements: dict[str, IssueElement], field_name: str) -> str:
    element = _element_for(field_name, elements)
    return element.label if element else field_name
