"""Typed cross-links of an entry page: what it points to, and what points to it.

Outgoing links come from the type's `x-reference` fields, incoming ones are grouped by the
type of the entries citing it (events split into upcoming and past), each annotated with the
source's `x-apercu`; `x-liens-indirects` adds the entries cited by those sources (an actor's
tools). Unpublishable persons are absent: the catalogue does not know them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from maillage.model import Entry, EntryType, first_value
from maillage.model.dates import parse_moment
from maillage.model.schemas import values_at
from maillage.model.types import IndirectLinks
from maillage.site import text
from maillage.site.catalogue import Catalogue, sort_key
from maillage.site.facets import preview
from maillage.site.labels import FieldPath, Labels


@dataclass
class Related:
    """A link to another entry with short French notes (role, outcome, date)."""

    entry: Entry
    notes: list[str] = field(default_factory=list)


@dataclass
class RelationGroup:
    """A titled list of related entries; `of_one_type` when the title already names their type
    (« Projets », « Rencontres à venir »), so that no item repeats it."""

    title: str
    items: list[Related]
    of_one_type: bool = False


class Relations:
    """Computes the relation groups of entry pages from the catalogue and the schemas."""

    def __init__(self, catalogue: Catalogue, labels: Labels) -> None:
        self.catalogue = catalogue
        self.labels = labels
        self.schemas = labels.schemas

    def groups(self, entry: Entry) -> list[RelationGroup]:
        """Outgoing groups (by field), then incoming groups (by source type)."""
        groups = list(self._outgoing(entry))
        groups.extend(self._incoming(entry))
        return [g for g in groups if g.items]

    def _outgoing(self, entry: Entry) -> Iterator[RelationGroup]:
        by_field: dict[str, list[Related]] = {}
        for pattern, _folder in self.schemas.reference_fields(entry.type):
            items = by_field.setdefault(self.labels.title(entry.type, pattern[:1]), [])
            for path, target_id in values_at(entry.data, pattern):
                parent = _item_at(entry.data, path[:-1])
                target = self.catalogue.get(target_id) if isinstance(target_id, str) else None
                if target is not None:
                    notes = self._sibling_notes(entry, pattern, parent)
                    items.append(Related(target, notes))
        for title, items in by_field.items():
            yield RelationGroup(title, items)

    def _incoming(self, entry: Entry) -> Iterator[RelationGroup]:
        by_source: dict[str, dict[str, Related]] = {}
        for reference in self.catalogue.commons.backlinks(entry.id):
            source = self.catalogue.get(reference.source)
            if source is None or source.type.testimony is not None:
                continue  # unpublishable, or a testimony: quoted in full by the page (site/testimonies.py)
            pattern = tuple("*" if part.isdigit() else part for part in reference.field.split("."))
            related = by_source.setdefault(source.type.folder, {}).get(source.id)
            if related is None:
                related = Related(source, preview(source, self.labels))
                by_source[source.type.folder][source.id] = related
            if self._ambiguous(source, entry.type.folder):  # say which field: host, participant…
                related.notes.append(self.labels.title(source.type, pattern[:1]))
            if len(pattern) > 2:  # an item such as `acteurs[i].acteur`: its role is a note
                parent = _item_at(source.data, tuple(reference.field.split(".")[:-1]))
                related.notes.extend(self._sibling_notes(source, pattern, parent))
        for entry_type in self.schemas.types:
            found = by_source.get(entry_type.folder)
            if not found:
                continue
            items = sorted(found.values(), key=lambda r: sort_key(r.entry))
            if entry_type.calendar is not None:
                yield from self._events(entry_type, items)
            else:
                yield RelationGroup(entry_type.plural.capitalize(), items, of_one_type=True)
        for links in entry.type.indirect:
            yield RelationGroup(links.title, self._indirect(links, by_source))

    def _ambiguous(self, source: Entry, folder: str) -> bool:
        """True when several fields of the source's type can point at entries of `folder`."""
        heads = {p[0] for p, target in self.schemas.reference_fields(source.type) if target == folder}
        return len(heads) > 1

    def _events(self, entry_type: EntryType, items: list[Related]) -> Iterator[RelationGroup]:
        """Entries of a type with a calendar, split into upcoming (soonest first) and past (latest first)."""
        calendar = entry_type.calendar
        assert calendar is not None
        now = self.catalogue.built_at

        def start(related: Related) -> str:
            return str(first_value(related.entry.data, calendar.start) or "")

        upcoming, past = [], []
        for related in items:
            ends = (first_value(related.entry.data, calendar.end) if calendar.end else None) or start(related)
            end = _aware(parse_moment(ends))
            (upcoming if end is None or end >= now else past).append(related)
        upcoming.sort(key=start)
        past.sort(key=start, reverse=True)
        plural = entry_type.plural.capitalize()
        yield RelationGroup(text.UPCOMING_EVENTS.format(plural=plural), upcoming, of_one_type=True)
        yield RelationGroup(f"{plural} {text.past(entry_type.feminine)}", past, of_one_type=True)

    def _indirect(self, links: IndirectLinks, by_source: dict[str, dict[str, Related]]) -> list[Related]:
        """Entries of `links.folder` cited by the entries (of other types) citing this one, each
        noted with who cites it: a tool citing another is a "see also", not a use."""
        found: dict[str, Related] = {}
        for source_folder, sources in by_source.items():
            if source_folder == links.folder:
                continue
            for related in sources.values():
                for pattern, folder in self.schemas.reference_fields(related.entry.type):
                    if folder != links.folder:
                        continue
                    for _path, target_id in values_at(related.entry.data, pattern):
                        target = self.catalogue.get(target_id) if isinstance(target_id, str) else None
                        if target is not None:
                            notes = found.setdefault(target.id, Related(target)).notes
                            if related.entry.title not in notes:
                                notes.append(related.entry.title)
        return sorted(found.values(), key=lambda r: sort_key(r.entry))

    def _sibling_notes(self, entry: Entry, pattern: FieldPath, parent: Any) -> list[str]:
        """Labels of the enum values next to a reference in the same item (a role, an answer)."""
        if not isinstance(parent, dict) or len(pattern) < 2:
            return []
        notes = []
        for key, value in parent.items():
            if key == pattern[-1] or not isinstance(value, str):
                continue
            schema = self.labels.field(entry.type, (*pattern[:-1], key))
            if "enum" in schema:
                notes.append(self.labels.value(entry.type, (*pattern[:-1], key), value))
        return notes


def _item_at(data: Any, parts: tuple[str | int, ...]) -> Any:
    """What sits at a concrete path (list indexes as numbers, or digits in a dotted field name)."""
    for part in parts:
        index = int(part) if isinstance(part, int) or part.isdigit() else None
        if isinstance(data, list) and index is not None and index < len(data):
            data = data[index]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _aware(moment: datetime | None) -> datetime | None:
    """Naive dates are read as UTC so they compare with the (aware) build time."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
