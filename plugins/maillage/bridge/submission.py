"""From submitted form values to the exact entry file that will be proposed, validated by the model.

The flow is the one `maillage verifier` applies to a file: the values become entry data
(`maillage.forms.data_from_form`), the data becomes file text (`render_entry`), the text is parsed
back (`parse_document`) and checked by `validate_entry` plus the commons' reference check. So
the file in the pull request is byte for byte what was validated, and contributed text can only
ever be a YAML string value or the Markdown body.

An edit is made from the public view of the entry (`bridge.public`): what the form could not
show comes back from the current file; a person's consent record and personal details are the
maintainers' and never change through the form; an edit built on an older version is merged
with the current one field by field (`model.merge`), and fields both sides changed are conflicts
the contributor decides.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from maillage.bridge import messages as msg
from maillage.bridge.public import public_data, restore_hidden
from maillage.bridge.versions import Base, digest
from maillage.forms import FormField, data_from_form, form_fields, iter_leaves, values_from_data
from maillage.forms.communes import Unsettled, chosen_communes, settle_communes
from maillage.forms.moments import at_local_time
from maillage.model import (
    Commons,
    Document,
    Entry,
    EntryError,
    EntryType,
    Problem,
    Severity,
    entry_zone,
    first_value,
    is_person,
    parse_document,
    render_entry,
    validate_entry,
)
from maillage.model.commons import consent_record, reference_problems
from maillage.model.load import dotted
from maillage.model.merge import Conflict, three_way
from maillage.model.slug import unique_slug
from maillage.model.territory import Commune, Scope

BODY_FIELD = "texte"
MAX_BODY_CHARS = 50_000
# Where the body sits among the fields when versions are merged (no schema field has this name).
BODY_PATH = (BODY_FIELD,)

Path = tuple[str, ...]


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
    # The entry changed since the form was opened: the edit was carried onto the current version.
    rebased: bool = False
    conflicts: list[Conflict] = field(default_factory=list)

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


def checkbox_paths(fields: list[FormField]) -> frozenset[Path]:
    """Fields holding a list of choices: their order is the entry's, never the form's."""
    return frozenset(f.path for f in iter_leaves(fields) if f.kind == "checkboxes")


def build_draft(
    entry_type: EntryType,
    values: dict[str, list[str]],
    body: str,
    commons: Commons,
    existing: Entry | None = None,
    today: date | None = None,
    scope: Scope | None = None,
    base: Base | None = None,
    choices: dict[Path, bool] | None = None,
) -> Draft:
    """Turn form values into a validated candidate file (never raises on bad input).

    Communes are answered by name; the resolver settles them inside the commons' territory
    (`scope`), or the draft lists the candidates to choose from. For an edit, `base` is what the
    form showed when it was opened (None: the current version) and `choices` the conflicting
    fields the contributor settled: True to keep the value typed, False to leave it as it is now.
    """
    values = dict(values)
    chosen_communes(values)
    body = body.replace("\r\n", "\n")  # browsers send line ends as CR LF
    draft = Draft(entry_type, values, body)
    fields = form_fields(entry_type, commons.schemas)
    data = data_from_form(entry_type, values, commons.schemas)
    settled, unsettled = settle_communes(entry_type, data, commons.schemas, scope)
    at_local_time(entry_type, data, commons.schemas)
    draft.communes = [(dotted(path), commune) for path, commune in settled]
    draft.unsettled = {answer.field: answer for answer in unsettled}
    problems: list[Problem] = []
    if len(body) > MAX_BODY_CHARS:
        problems.append(_problem(msg.BODY_TOO_LONG.format(length=len(body), limit=MAX_BODY_CHARS), BODY_FIELD))
    if existing is not None:
        data, body = _onto_current(draft, data, body, existing, commons, fields, base, choices or {})
    # Consent first: its date is when a testimony was written, which its references are checked against.
    if entry_type.person is not None:
        day = today or _writing_day(entry_type, data, commons)
        problems += _apply_consent(data, commons, entry_type, existing, day)
    problems += _references(entry_type, data, body, commons, existing)
    if existing is not None:
        _keep_machine_fields(data, existing, entry_type, commons)
        restore_hidden(data, existing.data, entry_type, commons)
        _keep_order(data, existing.data, checkbox_paths(fields))
    draft.data = data
    draft.body = body
    draft.file_text = render_entry(data, body)
    display = f"{entry_type.folder}/{existing.id if existing else 'nouvelle-fiche'}.md"
    try:
        document = parse_document(draft.file_text.encode("utf-8"), display)
    except EntryError as exc:
        draft.problems = problems + exc.problems
        return draft
    found = validate_entry(entry_type, document, commons.schemas, scope)
    # A warning the file already had is not the contributor's doing (nor theirs to fix: a hidden
    # person's details are not even shown); an unsettled commune is explained with its candidates.
    already = _warnings(existing, commons, scope) if existing is not None else set()
    found = [p for p in found if p.field not in draft.unsettled and (p.field, p.message) not in already]
    draft.problems = problems + [_blocking(entry_type, p, existing) for p in found]
    draft.problems += [Problem(display, 1, 1, answer.summary, name) for name, answer in draft.unsettled.items()]
    return draft


def public_version(entry: Entry, commons: Commons) -> tuple[dict[str, Any], str]:
    """The entry as the public form shows it: no hidden reference, no personal field of a person."""
    data = public_data(entry.data, entry.type, commons)
    if entry.is_person:
        _drop_personal(data, commons, entry.type)
    return data, entry.body.strip("\n")


def _onto_current(
    draft: Draft, data: dict[str, Any], body: str, existing: Entry, commons: Commons,
    fields: list[FormField], base: Base | None, choices: dict[Path, bool],
) -> tuple[dict[str, Any], str]:
    """The edit carried onto the current version: if the entry changed since the form was opened,
    a three-way merge, with the conflicts the contributor settled taken as chosen."""
    current, current_body = public_version(existing, commons)
    now = {**current, BODY_FIELD: current_body}
    mine = {**data, BODY_FIELD: body}
    if base is not None and base.digest != digest(existing):
        draft.rebased = True
        for path, keep_mine in choices.items():
            if not keep_mine:
                _replace_at(mine, now, path)
        before = {**_normalised(base.data, existing.type, commons), BODY_FIELD: base.body.strip("\n")}
        mine, conflicts = three_way(before, mine, now, checkbox_paths(fields))
        draft.conflicts = [c for c in conflicts if c.path not in choices]
    merged_body = mine.pop(BODY_FIELD, "")
    return mine, merged_body if isinstance(merged_body, str) else ""


def _normalised(data: dict[str, Any], entry_type: EntryType, commons: Commons) -> dict[str, Any]:
    """Data as the form would submit it back (so that unchanged fields compare equal)."""
    return data_from_form(entry_type, values_from_data(entry_type, data, commons.schemas), commons.schemas)


def _replace_at(target: dict[str, Any], source: dict[str, Any], path: Path) -> None:
    """Give `target` the value `source` has at `path` (or none, if `source` has none)."""
    for key in path[:-1]:
        source = source.get(key) if isinstance(source.get(key), dict) else {}
        child = target.get(key)
        if not isinstance(child, dict):
            child = target[key] = {}
        target = child
    if path[-1] in source:
        target[path[-1]] = deepcopy(source[path[-1]])
    else:
        target.pop(path[-1], None)


def _references(
    entry_type: EntryType, data: dict[str, Any], body: str, commons: Commons, existing: Entry | None
) -> list[Problem]:
    """Reference problems of what the contributor typed: an entry that may not be published is
    answered for as if it did not exist (the hidden references an edit keeps are added later)."""
    entry_id = existing.id if existing else "nouvelle-fiche"
    candidate = Entry(entry_id, entry_type, entry_id, Document(f"{entry_type.folder}/{entry_id}.md", data, body))
    return reference_problems(commons, candidate, visible=lambda entry: entry.publishable)


def _warnings(existing: Entry, commons: Commons, scope: Scope | None) -> set[tuple[str, str]]:
    found = validate_entry(existing.type, existing.document, commons.schemas, scope)
    return {(p.field, p.message) for p in found if p.severity is Severity.WARNING}


def _problem(message: str, field_name: str) -> Problem:
    return Problem("formulaire", 1, 1, message, field_name)


def _blocking(entry_type: EntryType, problem: Problem, existing: Entry | None) -> Problem:
    """The bridge refuses a person without consent (the model only warns, for existing files)."""
    consent = entry_type.person.consent if entry_type.person else None
    if problem.severity is Severity.WARNING and problem.field == consent:
        message = msg.PERSON_CONSENT_REQUIRED if existing is None or not existing.is_person else msg.CONSENT_LOCKED
        return Problem(problem.path, problem.line, problem.column, message, f"{consent}.publication")
    return problem


def _writing_day(entry_type: EntryType, data: dict[str, Any], commons: Commons) -> date:
    """Today, where it matters: for a testimony, at the place of the event it is about (someone in
    La Réunion writing at 00:30 writes on the day of a rencontre begun at midnight there, whatever
    the server's zone, and the model checks that day against the rencontre's); else the server's."""
    rule = entry_type.testimony
    target = first_value(data, rule.target) if rule else None
    event = commons.entries.get(target) if isinstance(target, str) else None
    if event is None:
        return date.today()
    return datetime.now(entry_zone(event.type, event.data)).date()


def _apply_consent(
    data: dict[str, Any], commons: Commons, entry_type: EntryType, existing: Entry | None, today: date
) -> list[Problem]:
    """Consent belongs to people only; contact details travel only with consent to publish them.

    For an existing person, the consent record and the personal details are the maintainers'
    evidence: the form never rewrites them (a stranger could otherwise switch contact consent on
    and add an address), and asking to is refused, never silently ignored.
    """
    assert entry_type.person is not None
    field_name = entry_type.person.consent
    consent = data.pop(field_name, None)
    if existing is not None and existing.is_person:
        return _keep_person(data, consent, existing, commons, entry_type)
    if not is_person(entry_type, data):
        return []
    consent = consent if isinstance(consent, dict) else {}
    if consent.get("publication") is not True:
        _drop_personal(data, commons, entry_type)
        return []
    if consent.get("contact") is not True:
        _drop_personal(data, commons, entry_type)
    data[field_name] = consent_record(entry_type, commons.schemas, consent.get("contact") is True, today.isoformat(),
                                      msg.CONSENT_COLLECTED_BY)
    return []


def _keep_person(
    data: dict[str, Any], consent: Any, existing: Entry, commons: Commons, entry_type: EntryType
) -> list[Problem]:
    assert entry_type.person is not None
    rule = entry_type.person
    problems: list[Problem] = []
    if not is_person(entry_type, data):
        problems.append(_problem(msg.PERSON_FORM_LOCKED, rule.field or rule.consent))
    recorded = existing.data.get(rule.consent)
    if consent not in (None, {}) and not _same_consent(consent, recorded):
        problems.append(_problem(msg.CONSENT_LOCKED, f"{rule.consent}.publication"))
    for path in _personal_paths(commons, entry_type):
        typed = _parent(data, path)
        if typed is not None and typed.get(path[-1]) not in (None, "", _value_at(existing.data, path)):
            problems.append(_problem(msg.PERSONAL_LOCKED, ".".join(path)))
    _drop_personal(data, commons, entry_type)
    _restore_personal(data, existing, commons, entry_type)
    if isinstance(recorded, dict):
        data[rule.consent] = deepcopy(recorded)
    return problems


def _same_consent(submitted: Any, recorded: Any) -> bool:
    """Whether the submitted consent boxes say what the record says (dates and names aside)."""
    if not isinstance(submitted, dict):
        return False
    recorded = recorded if isinstance(recorded, dict) else {}
    return all(submitted.get(key, False) is recorded.get(key, False) for key in ("publication", "contact"))


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
    """A person's personal fields, exactly as the file has them."""
    for path in _personal_paths(commons, entry_type):
        old = _parent(existing.data, path)
        if old is None or path[-1] not in old:
            continue
        target: dict[str, Any] = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = deepcopy(old[path[-1]])


def _parent(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    for part in path[:-1]:
        data = data.get(part)
        if not isinstance(data, dict):
            return None
    return data


def _value_at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    parent = _parent(data, path)
    return parent.get(path[-1]) if parent is not None else None


def _keep_machine_fields(data: dict[str, Any], existing: Entry, entry_type: EntryType, commons: Commons) -> None:
    """Fields the form does not show (provenance, a draw's commitments and result) are kept as is."""
    shown = {f.name for f in form_fields(entry_type, commons.schemas)}
    if entry_type.person is not None:
        shown.add(entry_type.person.consent)
    # Fields of the entry's data file stay there: the edit rewrites only the entry file.
    for key, value in existing.document.front_matter().items():
        if key not in shown and key not in data:
            data[key] = value


def _keep_order(data: dict[str, Any], existing: dict[str, Any], paths: frozenset[Path]) -> None:
    """Lists of choices keep the entry's order (a form sends them in its own): the values still
    chosen first, as the file had them, then the new ones — so a diff shows only real changes."""
    for path in paths:
        parent, before = _parent(data, path), _value_at(existing, path)
        if parent is None or not isinstance(parent.get(path[-1]), list) or not isinstance(before, list):
            continue
        chosen = parent[path[-1]]
        parent[path[-1]] = [v for v in before if v in chosen] + [v for v in chosen if v not in before]


def free_id(title: str, fallback: str, taken: set[str]) -> str:
    """A new entry id from the title (the model's `unique_slug`), never from raw input."""
    return unique_slug(title, taken, fallback)
