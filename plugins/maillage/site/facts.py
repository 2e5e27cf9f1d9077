"""The key facts at the top of an entry page, read from its schema: tags (`x-etiquettes`), when
and where an event happens (`x-calendrier`), what an entry offers and seeks (`x-offre`,
`x-demande`), and the actions a visitor came for: contact, web site, registration, calendar.

Fields shown here are not repeated in the page's list of information.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from maillage.model import Entry, EntryType, entry_zone, field_values, first_value, territory
from maillage.model.dates import parse_moment
from maillage.site import text, urls
from maillage.site.facets import kind_labels
from maillage.site.labels import FieldPath, Labels

_SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True, slots=True)
class Action:
    """A button: where it leads and what it says; `upcoming`: only while the event is to come."""

    label: str
    href: str
    primary: bool = False
    upcoming: bool = False
    download: bool = False


@dataclass
class KeyFacts:
    """What a visitor reads first on an entry page."""

    kind: list[str] = field(default_factory=list)  # `x-apercu` labels: what kind of entry it is
    tags: list[str] = field(default_factory=list)
    when: str | None = None
    end: str | None = None  # ISO 8601: the browser says « passée » once it is over
    over: bool = False  # as known at build time
    # Where an event happens, part by part (place, address, commune), a commune's part flagged: the
    # page links it to the commune's territory page.
    where: list[tuple[str, bool]] = field(default_factory=list)
    offers: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, labels)
    actions: list[Action] = field(default_factory=list)


class Facts:
    """Computes the key facts of entries and the top-level fields they show."""

    def __init__(self, labels: Labels, built_at: datetime) -> None:
        self.labels = labels
        self.built_at = built_at
        self._shown: dict[str, set[str]] = {}
        self._actions_of: dict[str, tuple[list[tuple[FieldPath, dict]], set[FieldPath]]] = {}

    def of(self, entry: Entry, calendar_file: str | None = None) -> KeyFacts:
        """The key facts of an entry; `calendar_file`: its iCalendar file, when the site writes one."""
        facts = KeyFacts(kind=kind_labels(entry, self.labels), tags=self.labels.tags(entry))
        calendar = entry.type.calendar
        if calendar is not None:
            self._event(entry, facts)
        fields = self.labels.fields(entry.type)
        for path, title in self._offer_fields(entry.type):
            items = (*path, "*") if (*path, "*") in fields else path
            values = [self.labels.value(entry.type, path, v) for v in field_values(entry.data, items)
                      if isinstance(v, str)]
            if values:
                facts.offers.append((title, values))
        self._actions(entry, facts, calendar_file)
        return facts

    def shown_keys(self, entry_type: EntryType) -> set[str]:
        """Top-level fields the key facts show in full (left out of the list of information)."""
        found = self._shown.get(entry_type.folder)
        if found is None:
            found = {path[0] for path, _ in self._offer_fields(entry_type)} | {p[0] for p in entry_type.preview}
            fields = self.labels.fields(entry_type)
            for top in {p[0] for p in entry_type.tags}:  # a group whose every value is a tag
                values = {p for p, schema in fields.items() if p[0] == top and "enum" in schema}
                if values <= set(entry_type.tags):
                    found.add(top)
            calendar = entry_type.calendar
            if calendar is not None:
                found |= {p[0] for p in (calendar.start, calendar.end, calendar.zone, calendar.registration) if p}
                parents = {p[0] for p in calendar.place}
                for parent in parents:  # a place object whose every part the facts show
                    parts = {p for p in fields if len(p) == 2 and p[0] == parent}
                    if parts <= set(calendar.place):
                        found.add(parent)
            self._shown[entry_type.folder] = found
        return found

    def _action_fields(self, entry_type: EntryType) -> tuple[list[tuple[FieldPath, dict]], set[FieldPath]]:
        """The e-mail and web address fields a page may show as buttons (not hidden on pages, not in
        lists), and the personal ones among them; computed once per type (every entry page asks)."""
        found = self._actions_of.get(entry_type.folder)
        if found is None:
            hidden = set(self.labels.schemas.hidden_fields(entry_type, "page"))
            shown = [(path, schema) for path, schema in self.labels.fields(entry_type).items()
                     if path not in hidden and "*" not in path and schema.get("format") in ("email", "uri")]
            personal = set(self.labels.schemas.personal_fields(entry_type)) & {path for path, _ in shown}
            found = self._actions_of[entry_type.folder] = (shown, personal)
        return found

    def _offer_fields(self, entry_type: EntryType) -> list[tuple[FieldPath, str]]:
        return [(path, self.labels.title(entry_type, path)) for path, schema in self.labels.fields(entry_type).items()
                if (schema.get("x-offre") or schema.get("x-demande")) and path[-1] != "*"]

    def _event(self, entry: Entry, facts: KeyFacts) -> None:
        calendar = entry.type.calendar
        assert calendar is not None
        where = entry_zone(entry.type, entry.data)
        begin = first_value(entry.data, calendar.start)
        start = parse_moment(begin, where)
        if start is None:
            return
        end_text = first_value(entry.data, calendar.end) if calendar.end else None
        end = parse_moment(end_text, where)
        facts.when = text.event_when(start, end, where, date_only="T" not in str(begin))
        facts.end = end_text if isinstance(end_text, str) else begin
        last = end or start
        if last.tzinfo is not None:
            facts.over = last < self.built_at
        for path in calendar.place:
            for value in field_values(entry.data, path):
                if isinstance(value, str):
                    commune = territory().commune(value) if self.labels.field(entry.type, path).get(
                        "format") == "commune-insee" else None
                    facts.where.append((commune.name, True) if commune else (value, False))

    def _actions(self, entry: Entry, facts: KeyFacts, calendar_file: str | None) -> None:
        """Contact (the first e-mail a visitor may see), web sites, registration, calendar."""
        shown, personal = self._action_fields(entry.type)
        registration = entry.type.calendar.registration if entry.type.calendar else None
        emailed = False
        for path, schema in shown:
            if path in personal and not entry.contact_publishable:
                continue
            value = first_value(entry.data, path)
            if not isinstance(value, str):
                continue
            if schema.get("format") == "email" and not emailed:
                facts.actions.append(Action(text.CONTACT, urls.mailto(value), primary=True))
                emailed = True
            elif schema.get("format") == "uri" and value.startswith(_SAFE_SCHEMES):
                if path == registration:
                    if not facts.over:
                        facts.actions.append(Action(text.REGISTER, urls.href(value), primary=True, upcoming=True))
                elif len(path) == 1:  # the schema may name the button (`x-bouton`), else the field's title
                    label = schema.get("x-bouton") or self.labels.title(entry.type, path)
                    facts.actions.append(Action(label, urls.href(value)))
        if calendar_file and facts.when:
            facts.actions.append(Action(text.ADD_TO_CALENDAR, calendar_file, download=True))
