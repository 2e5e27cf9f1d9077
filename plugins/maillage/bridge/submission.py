"""From submitted form values to the exact entry file that will be proposed, validated by the model.

The flow is the one `maillage verifier` applies to a file: the values become entry data
(`maillage.forms.data_from_form`), the data becomes file text (`render_entry`), the text is parsed
back (`parse_document`) and checked by `validate_entry` plus the commons' reference check. So
the file in the pull request is byte for byte what was validated, and contributed text can only
ever be a YAML string value or the Markdown body.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from maillage.bridge import messages as msg
from maillage.forms import data_from_form, form_fields
from maillage.forms.communes import Unsettled, chosen_communes, settle_communes
from maillage.model import (
    Commons,
    Entry,
    EntryError,
    EntryType,
    Problem,
    Severity,
    is_person,
    parse_document,
    render_entry,
    validate_entry,
)
from maillage.model.commons import reference_problems
from maillage.model.load import dotted
from maillage.model.slug import unique_slug
from maillage.model.territory import Commune, Scope

BODY_FIELD = "texte"
MAX_BODY_CHARS = 50_000


@dataclass
class Draft:
    """One filled-in form, turned into a candidate entry file, with its problems by field."""

    entry_type: EntryType
    values: dict[str, list[str]]
    body: str
    data: dict[str, Any] = field(default_factory=dict)
    file_text: str = ""
    problems: list[Problem] = field(default_factory=list)
    communes: list[tuple[str, Commune]] = field(default_factory=list)  # settled: (field, commune)
    unsettled: dict[str, Unsettled] = field(default_factory=dict)  # by field: the person must choose

    @property
    def ok(self) -> bool:
        """No problem at all (warnings included: a proposal should pass `maillage verifier` cleanly)."""
        return not self.problems

    @property
    def title(self) -> str:
        """The entry's display title."""
        value = self.data.get(self.entry_type.title_field)
        return value if isinstance(value, str) else ""

    def errors_by_field(self) -> dict[str, list[str]]:
        """French messages keyed by the dotted form field they belong to."""
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.field or "", []).append(problem.message)
        return found


def build_draft(
    entry_type: EntryType,
    values: dict[str, list[str]],
    body: str,
    commons: Commons,
    existing: Entry | None = None,
    today: date | None = None,
    scope: Scope | None = None,
) -> Draft:
    """Turn form values into a validated candidate file (never raises on bad input).

    Communes are answered by name; the resolver settles them inside the commons' territory
    (`scope`), or the draft lists the candidates to choose from.
    """
    values = dict(values)
    chosen_communes(values)
    draft = Draft(entry_type, values, body.replace("\r\n", "\n")[:MAX_BODY_CHARS])
    data = data_from_form(entry_type, values, commons.schemas)
    settled, unsettled = settle_communes(entry_type, data, commons.schemas, scope)
    draft.communes = [(dotted(path), commune) for path, commune in settled]
    draft.unsettled = {answer.field: answer for answer in unsettled}
    if entry_type.person is not None:
        _apply_consent(data, commons, entry_type, existing, today or date.today())
    if existing is not None:
        _keep_machine_fields(data, existing, entry_type, commons)
    draft.data = data
    draft.file_text = render_entry(data, draft.body)
    display = f"{entry_type.folder}/{existing.id if existing else 'nouvelle-fiche'}.md"
    try:
        document = parse_document(draft.file_text.encode("utf-8"), display)
    except EntryError as exc:
        draft.problems = exc.problems
        return draft
    found = validate_entry(entry_type, document, commons.schemas, scope)
    # An unsettled commune is explained with its candidates, not as a bad code.
    draft.problems = [_blocking(entry_type, p) for p in found if p.field not in draft.unsettled]
    draft.problems += [Problem(display, 1, 1, answer.summary, name) for name, answer in draft.unsettled.items()]
    candidate = Entry(existing.id if existing else "nouvelle-fiche", entry_type, document.path, document)
    draft.problems += reference_problems(commons, candidate)
    return draft


def _blocking(entry_type: EntryType, problem: Problem) -> Problem:
    """The bridge refuses a person without consent (the model only warns, for existing files)."""
    consent = entry_type.person.consent if entry_type.person else None
    if problem.severity is Severity.WARNING and problem.field == consent:
        field_name = f"{consent}.publication"
        return Problem(problem.path, problem.line, problem.column, msg.PERSON_CONSENT_REQUIRED, field_name)
    return problem


def _apply_consent(
    data: dict[str, Any], commons: Commons, entry_type: EntryType, existing: Entry | None, today: date
) -> None:
    """Consent belongs to people only; contact details travel only with consent to publish them."""
    assert entry_type.person is not None
    field_name = entry_type.person.consent
    consent = data.pop(field_name, None)
    if not is_person(entry_type, data):
        return
    consent = consent if isinstance(consent, dict) else {}
    if consent.get("publication") is not True:
        _drop_personal(data, commons, entry_type)
        return
    if consent.get("contact") is True:
        # Only details that were already public come back: restoring hidden ones would show
        # them in the preview to whoever fills the public form.
        if existing is not None and existing.is_person and existing.contact_publishable:
            _restore_personal(data, existing, commons, entry_type)
    else:
        _drop_personal(data, commons, entry_type)
    data[field_name] = {
        "publication": True,
        "contact": consent.get("contact") is True,
        "date": today.isoformat(),
        "recueilli_par": msg.CONSENT_COLLECTED_BY,
    }


def _personal_paths(commons: Commons, entry_type: EntryType) -> list[tuple[str, ...]]:
    return [tuple(str(p) for p in path) for path in commons.schemas.personal_fields(entry_type) if "*" not in path]


def without_personal(data: dict[str, Any], commons: Commons, entry_type: EntryType) -> dict[str, Any]:
    """A copy of entry data with every personal field removed (for what the public may see)."""
    copy = deepcopy(data)
    _drop_personal(copy, commons, entry_type)
    return copy


def _drop_personal(data: dict[str, Any], commons: Commons, entry_type: EntryType) -> None:
    for path in _personal_paths(commons, entry_type):
        parent = _parent(data, path)
        if parent is not None:
            parent.pop(path[-1], None)
    for group in {path[0] for path in _personal_paths(commons, entry_type) if len(path) > 1}:
        if data.get(group) == {}:
            del data[group]


def _restore_personal(data: dict[str, Any], existing: Entry, commons: Commons, entry_type: EntryType) -> None:
    """Personal fields are never pre-filled (the form is public): left empty, they keep their value."""
    for path in _personal_paths(commons, entry_type):
        old = _parent(existing.data, path)
        if old is None or path[-1] not in old:
            continue
        target: dict[str, Any] = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(path[-1], old[path[-1]])


def _parent(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    for part in path[:-1]:
        data = data.get(part)
        if not isinstance(data, dict):
            return None
    return data


def _keep_machine_fields(data: dict[str, Any], existing: Entry, entry_type: EntryType, commons: Commons) -> None:
    """Fields the form does not show (provenance, a draw's commitments and result) are kept as is."""
    shown = {f.name for f in form_fields(entry_type, commons.schemas)}
    if entry_type.person is not None:
        shown.add(entry_type.person.consent)
    # Fields of the entry's data file stay there: the edit rewrites only the entry file.
    for key, value in existing.document.front_matter().items():
        if key not in shown and key not in data:
            data[key] = value


def free_id(title: str, fallback: str, taken: set[str]) -> str:
    """A new entry id from the title (the model's `unique_slug`), never from raw input."""
    return unique_slug(title, taken, fallback)
