"""The commons: every entry, loaded and validated, with references resolved and backlinks computed.

`load_commons` is the one entry point used by `maillage verifier`, the site build, the forms,
the census and the draw: there is no second validator.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maillage.model import images
from maillage.model import messages as msg
from maillage.model.batch import FileJob, FileResult, load_files
from maillage.model.commune_fields import address_problems
from maillage.model.contacts import contact_details
from maillage.model.dates import french_date, parse_moment
from maillage.model.layout import Kind, Layout, scan
from maillage.model.load import Document, JsonPath, dotted
from maillage.model.problems import Problem, Severity
from maillage.model.schemas import SchemaSet, default_schemas, first_value, schemas_for, values_at
from maillage.model.slug import is_slug, slugify
from maillage.model.territory import Scope
from maillage.model.translate import problems_from_error
from maillage.model.types import EntryType


@dataclass(frozen=True, slots=True)
class Origin:
    """Another commons publishing an entry (a regional commons gathers local ones): its name, the
    key its entries are known by here, the entry's id and page there (where it is edited)."""

    commons: str
    key: str
    id: str
    url: str


@dataclass(slots=True)
class Entry:
    """One entry of the commons: an id (its file's slug), a type, its data and Markdown body.

    An entry a regional commons gathers from local ones is `remote` (this commons has no file
    for it, and no page: it lives at its first origin's); `origins` names every other commons
    publishing it (an entry of this commons may have some too: a duplicate shown once).
    """

    id: str
    type: EntryType
    source: Path
    document: Document
    origins: tuple[Origin, ...] = ()
    remote: bool = False

    @property
    def data(self) -> dict[str, Any]:
        """The front-matter values."""
        return self.document.data

    @property
    def body(self) -> str:
        """The Markdown body after the front matter."""
        return self.document.body

    @property
    def title(self) -> str:
        """The display name (the type's title field, `x-titre`)."""
        value = self.data.get(self.type.title_field)
        return value if isinstance(value, str) else self.id

    @property
    def is_person(self) -> bool:
        """True for an entry describing a natural person (the type's `x-personne` rule)."""
        return is_person(self.type, self.data)

    @property
    def publishable(self) -> bool:
        """False for a person who has not consented to publication: nothing of it may be published.

        A remote entry was published by its own commons, which holds the record of consent (its
        open data never carries it) and publishes a person only with it, and a person's personal
        fields only with consent to contact: what it published may be shown again, no more.
        """
        return self.remote or not self.is_person or _consents(self.type, self.data, "publication")

    @property
    def contact_publishable(self) -> bool:
        """Whether personal contact fields may be published (always for organisations)."""
        return self.remote or not self.is_person or (self.publishable and _consents(self.type, self.data, "contact"))


def is_person(entry_type: EntryType, data: dict[str, Any]) -> bool:
    """Whether entry data describes a natural person, by its type's `x-personne` rule."""
    rule = entry_type.person
    return rule is not None and (rule.field is None or data.get(rule.field) == rule.value)


def _consents(entry_type: EntryType, data: dict[str, Any], what: str) -> bool:
    """Whether the consent object of a person's entry says `true` for `publication` or `contact`."""
    consent = data.get(entry_type.person.consent) if entry_type.person else None
    return isinstance(consent, dict) and consent.get(what) is True


def consent_record(entry_type: EntryType, schemas: SchemaSet, contact: bool, day: str, by: str) -> dict[str, Any]:
    """A person's consent to publication as a form records it (on `day`, collected `by` it), with
    only the answers the type's consent object has: a testimony has no contact details to consent to."""
    assert entry_type.person is not None
    record = {"publication": True, "contact": contact, "date": day, "recueilli_par": by}
    fields = schemas.field_index(entry_type)
    return {key: value for key, value in record.items() if (entry_type.person.consent, key) in fields}


@dataclass(frozen=True, slots=True)
class Reference:
    """A typed link from one entry's field to another entry."""

    source: str
    field: str
    target: str


@dataclass
class Commons:
    """All entries of a content directory and everything found wrong with them."""

    root: Path
    schemas: SchemaSet
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    files_checked: int = 0
    pictures: set[str] = field(default_factory=set)  # accepted image files, relative to `root`
    # A regional commons: the keys of the local commons it gathers; a reference to `<key>-<id>`
    # names an entry of theirs, resolved when they are read (`maillage.federation`), not here.
    gathered_keys: tuple[str, ...] = ()
    _backlinks: dict[str, list[Reference]] = field(default_factory=dict)

    def of_type(self, folder: str) -> list[Entry]:
        """Entries of one type, in id order."""
        return sorted((e for e in self.entries.values() if e.type.folder == folder), key=lambda e: e.id)

    def backlinks(self, entry_id: str) -> list[Reference]:
        """References pointing at an entry (computed, never typed twice)."""
        return self._backlinks.get(entry_id, [])

    @property
    def errors(self) -> list[Problem]:
        """Problems that make `maillage verifier` fail."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass
class LoadCache:
    """Entry files already parsed and validated, with the stamps (modification time, size) they
    and their data files had: loading the commons again after an edit (the site's preview) parses
    only the files that changed. Valid for one set of schemas and one territory."""

    schemas: SchemaSet | None = None
    scope: Scope | None = None
    results: dict[Path, tuple[tuple[object, ...], FileResult]] = field(default_factory=dict)

    def load(self, jobs: list[FileJob], stamps: dict[Path, tuple[int, int]], schemas: SchemaSet,
             scope: Scope | None) -> list[FileResult]:
        """The result of each job, in order: from the cache when its files are unchanged."""
        if self.schemas is not schemas or self.scope != scope:
            self.schemas, self.scope, self.results = schemas, scope, {}
        keys = [(stamps.get(path), stamps.get(path.with_suffix(".json")), display) for _, path, display in jobs]
        stale = [job for job, key in zip(jobs, keys, strict=True)
                 if (known := self.results.get(job[1])) is None or known[0] != key]
        fresh = {result[1]: result for result in load_files(stale, schemas, scope)} if stale else {}
        results = [fresh.get(path) or self.results[path][1] for _, path, _ in jobs]
        self.results = {job[1]: (key, result) for job, key, result in zip(jobs, keys, results, strict=True)}
        return results


def load_commons(
    content: Path, schemas: SchemaSet | None = None, display_base: Path | None = None, scope: Scope | None = None,
    cache: LoadCache | None = None, layout: Layout | None = None,
) -> Commons:
    """Load, validate and link every entry of `content`; problems are collected, never raised.

    The schemas are the commons' own (`schemas/` next to `content/`) unless given; a schema
    that cannot be used raises `SchemaDefinitionError`, for the maintainer, before any entry is read.
    `scope`, the commons' territory, decides which commune a name designates in the messages.
    With a `cache`, files unchanged since the last load with it are not read again; with a
    `layout`, the content folder as `scan` just found it (with the same display base), it is not
    scanned again.
    """
    schemas = schemas or schemas_for(content.parent)
    commons = Commons(content, schemas, gathered_keys=_gathered_keys(content.parent))
    base = display_base or Path.cwd()
    shown_folders: dict[Path, str] = {}
    jobs: list[FileJob] = []
    layout = layout if layout is not None else scan(content, schemas, base)
    commons.problems.extend(layout.problems)
    commons.pictures = {item.relative for item in layout.of_kind(Kind.IMAGE)}
    for entry_type, path in layout.entries():
        if path.parent not in shown_folders:
            shown_folders[path.parent] = _display(path.parent, base)
        jobs.append((entry_type.folder, path, os.path.join(shown_folders[path.parent], path.name)))
    commons.files_checked = len(jobs)
    if cache is None:
        results = load_files(jobs, schemas, scope)
    else:
        results = cache.load(jobs, {f.path: f.stamp for f in layout.files}, schemas, scope)
    for folder, path, document, problems in results:
        commons.problems.extend(problems)
        if document is None:
            continue
        entry = Entry(path.stem, schemas.by_folder[folder], path, document)
        other = commons.entries.get(entry.id)
        if other is not None:
            commons.problems.append(
                Problem(entry.document.path, 1, 1, msg.DUPLICATE_ID.format(id=entry.id, other=other.document.path))
            )
            continue
        commons.entries[entry.id] = entry
    _link(commons)
    for entry in commons.entries.values():
        commons.problems.extend(picture_problems(commons, entry))
        commons.problems.extend(testimony_problems(commons, entry))
    commons.problems.sort(key=lambda p: (p.path, p.line, p.column))
    return commons


def _gathered_keys(root: Path) -> tuple[str, ...]:
    """The keys of the local commons `root`'s `mkdocs.yml` declares (none when it cannot be read:
    the site and the commands that read the settings say why)."""
    from maillage.model.settings import SettingsError, load_settings

    try:
        return tuple(local.key for local in load_settings(root).local_commons)
    except (SettingsError, OSError, UnicodeDecodeError):
        return ()


def names_gathered(commons: Commons, target: str) -> bool:
    """Whether an id names an entry of a local commons the commons gathers (`<key>-<id>`)."""
    return any(target.startswith(f"{key}-") for key in commons.gathered_keys)


def with_entries(commons: Commons, entries: list[Entry]) -> Commons:
    """The commons with other entries beside its own (a regional commons and the entries of the
    local ones it gathers), references and backlinks computed over all of them; an entry with
    the id of one of its own stands for it (the same, with its origins elsewhere).

    Only the commons' own problems are kept: the others' entries were checked where they live.
    """
    joined = Commons(commons.root, commons.schemas, dict(commons.entries), files_checked=commons.files_checked,
                     pictures=commons.pictures, gathered_keys=commons.gathered_keys)
    joined.entries.update((entry.id, entry) for entry in entries)
    _link(joined)
    joined.problems = list(commons.problems)
    return joined


def validate_entry(
    entry_type: EntryType, document: Document, schemas: SchemaSet | None = None, scope: Scope | None = None
) -> list[Problem]:
    """Schema, address and privacy problems of one parsed entry (no cross-entry checks)."""
    schemas = schemas or default_schemas()
    problems: list[Problem] = list(document.problems)
    if not schemas.fast[entry_type.schema].is_valid(document.data):
        problems += _schema_problems(entry_type, document, schemas, scope)
    problems += address_problems(entry_type, document, schemas, scope)
    if is_person(entry_type, document.data) and not _consents(entry_type, document.data, "publication"):
        assert entry_type.person is not None
        line, column = document.position((entry_type.person.field or entry_type.person.consent,))
        message = msg.PERSON_WITHOUT_CONSENT.format(field=entry_type.person.consent)
        problems.append(Problem(document.path, line, column, message, entry_type.person.consent, Severity.WARNING))
    if is_person(entry_type, document.data) and not _consents(entry_type, document.data, "contact"):
        problems += _unconsented_personal_data(entry_type, document, schemas)
    reported = {problem.field for problem in problems}  # a signature's `@` is already the schema's problem
    return problems + [p for p in _contact_details(entry_type, document, schemas) if p.field not in reported]


def _contact_details(entry_type: EntryType, document: Document, schemas: SchemaSet) -> list[Problem]:
    """Phone numbers and e-mail addresses in a field marked `x-sans-coordonnees` (text published as
    written by someone without an account): one problem per kind found in each field."""
    found = []
    for pattern in schemas.contact_free_fields(entry_type):
        for path, value in values_at(document.data, pattern):
            if not isinstance(value, str):
                continue
            line, column = document.position(path)
            for what in dict.fromkeys(kind for kind, _ in contact_details(value)):
                message = msg.CONTACT_IN_TEXT.format(field=dotted(path), what=what)
                found.append(Problem(document.path, line, column, message, dotted(path)))
    return found


def _unconsented_personal_data(entry_type: EntryType, document: Document, schemas: SchemaSet) -> list[Problem]:
    """A person's personal fields written without her consent to publish them: never published,
    but the repository itself is public — the file should not hold them at all."""
    found = []
    for pattern in schemas.personal_fields(entry_type):
        for path, value in values_at(document.data, pattern):
            if value not in (None, "", [], {}):
                line, column = document.position(path)
                message = msg.PERSONAL_WITHOUT_CONTACT_CONSENT.format(field=dotted(path))
                found.append(Problem(document.path, line, column, message, dotted(path), Severity.WARNING))
    return found


def _schema_problems(
    entry_type: EntryType, document: Document, schemas: SchemaSet, scope: Scope | None
) -> list[Problem]:
    """French problems for an entry the fast engine rejected, from jsonschema's structured errors."""
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for error in schemas.validators[entry_type.schema].iter_errors(document.data):
        for problem in problems_from_error(error, document, scope):
            key = (problem.line, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    if not problems:
        # The engines disagree (a bug, not bad input): never let the entry pass silently.
        fast_error = next(iter(schemas.fast[entry_type.schema].iter_errors(document.data)))
        problems.append(Problem(document.path, 1, 1, msg.GENERIC.format(field="(fiche)", reason=fast_error.message)))
    return problems


def _link(commons: Commons) -> None:
    """Resolve every reference; record problems for dangling or mistyped ones; build backlinks."""
    entries_by_folder: dict[str, list[Entry]] = defaultdict(list)
    for entry in commons.entries.values():
        entries_by_folder[entry.type.folder].append(entry)
    backlinks: dict[str, list[Reference]] = defaultdict(list)
    for entry in commons.entries.values():
        for pattern, folder in commons.schemas.reference_fields(entry.type):
            for path, target in values_at(entry.data, pattern):
                if not isinstance(target, str) or not is_slug(target):
                    continue  # a type or pattern error already reported by the schema
                reference = Reference(entry.id, dotted(path), target)
                found = commons.entries.get(target)
                if found is None and names_gathered(commons, target):
                    continue  # checked when the local commons is read
                if found is None or found.type.folder != folder:
                    commons.problems.append(
                        _reference_problem(commons.schemas, entry, path, target, folder, found, entries_by_folder)
                    )
                    continue
                commons.references.append(reference)
                backlinks[target].append(reference)
    commons._backlinks = dict(backlinks)


def reference_problems(
    commons: Commons, entry: Entry, visible: Callable[[Entry], bool] | None = None
) -> list[Problem]:
    """Dangling or mistyped references of one entry (new or edited) against a loaded commons.

    With `visible`, an entry it rejects is answered for exactly like one that does not exist, and
    is never offered as a "did you mean": a public form must not tell whether a hidden entry exists.
    """
    entries_by_folder: dict[str, list[Entry]] = defaultdict(list)
    problems: list[Problem] = []
    for pattern, folder in commons.schemas.reference_fields(entry.type):
        for path, target in values_at(entry.data, pattern):
            if not isinstance(target, str) or not is_slug(target):
                continue  # a type or pattern error already reported by the schema
            found = commons.entries.get(target)
            if found is not None and visible is not None and not visible(found):
                found = None
            if found is None and names_gathered(commons, target):
                continue  # checked when the local commons is read
            if found is None or found.type.folder != folder:
                if not entries_by_folder:  # only needed for "did you mean" hints: built on the first problem
                    for other in commons.entries.values():
                        if visible is None or visible(other):
                            entries_by_folder[other.type.folder].append(other)
                problems.append(
                    _reference_problem(commons.schemas, entry, path, target, folder, found, entries_by_folder)
                )
    return problems + testimony_problems(commons, entry)


def testimony_problems(commons: Commons, entry: Entry) -> list[Problem]:
    """A testimony (`x-temoignage`) is about an event that had begun on the day it was written (its
    `x-date`): nobody testifies about a rencontre still to come. The dates are the files' own, so
    the check gives the same answer on any day."""
    rule = entry.type.testimony
    written = parse_moment(first_value(entry.data, entry.type.sort_date)) if rule and entry.type.sort_date else None
    if rule is None or written is None:
        return []
    problems = []
    for path, target in values_at(entry.data, rule.target):
        found = commons.entries.get(target) if isinstance(target, str) else None
        calendar = found.type.calendar if found is not None else None
        start = parse_moment(first_value(found.data, calendar.start)) if found and calendar else None
        if found is None or start is None or written.date() >= start.date():
            continue
        shown, line, column = entry.document.locate(path)
        message = msg.TESTIMONY_BEFORE_EVENT.format(
            field=dotted(path), title=found.title, start=french_date(start.date()), written=french_date(written.date()))
        problems.append(Problem(shown, line, column, message, dotted(path)))
    return problems


def picture_problems(commons: Commons, entry: Entry) -> list[Problem]:
    """An entry's picture must be an image file the content folder holds (and accepts)."""
    field_path = entry.type.picture
    picture = entry.data.get(field_path[0]) if field_path else None
    if not isinstance(picture, dict) or not isinstance(picture.get(images.FILE), str):
        return []
    value = picture[images.FILE]
    if not images.is_picture_path(value) or value in commons.pictures:
        return []  # a bad path is the schema's problem
    path = (field_path[0], images.FILE)
    shown, line, column = entry.document.locate(path)
    return [Problem(shown, line, column, msg.PICTURE_MISSING.format(field=dotted(path), path=value), dotted(path))]


def _reference_problem(
    schemas: SchemaSet,
    entry: Entry,
    path: JsonPath,
    target: str,
    folder: str,
    found: Entry | None,
    candidates: dict[str, list[Entry]],
) -> Problem:
    shown, line, column = entry.document.locate(path)
    field_name = dotted(path)
    if found is not None:
        message = msg.REFERENCE_WRONG_TYPE.format(
            field=field_name, id=target, actual=found.type.singular, expected=_with_article(schemas.by_folder[folder])
        )
    else:
        hint = _did_you_mean(target, candidates.get(folder, []))
        message = msg.REFERENCE_MISSING.format(field=field_name, id=target, hint=hint)
    return Problem(shown, line, column, message, field_name)


def _with_article(entry_type: EntryType) -> str:
    """« un outil », « une rencontre »: the type named as a French sentence needs it."""
    return f"{entry_type.article} {entry_type.singular}"


def _did_you_mean(target: str, candidates: list[Entry]) -> str:
    """The entry a dangling reference most likely meant: an id spelt nearly the same, or else an
    entry whose name gives nearly that slug (contributors write `compagnie-du-volcan` from the
    name they see, while the id is the file's name, `theatre-basse-terre`)."""
    close = difflib.get_close_matches(target, [entry.id for entry in candidates], n=1)
    if close:
        return msg.REFERENCE_HINT_ID.format(id=close[0])
    by_name = {slugify(entry.title): entry for entry in candidates}
    close = difflib.get_close_matches(target, list(by_name), n=1)
    if close:
        return msg.REFERENCE_HINT_NAME.format(id=by_name[close[0]].id, title=by_name[close[0]].title)
    return ""


def _display(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return str(path)
