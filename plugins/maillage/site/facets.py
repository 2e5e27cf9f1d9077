"""Facets of the listing pages: what each type can be filtered by, and each entry's values.

Values travel as `data-*` attributes on the list items (small), the filters as query string
keys (`?nature=association&pratique=amateur&epci=200068757`) and Pagefind filters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from maillage.model import Entry, EntryType, entry_zone, field_values, first_value
from maillage.model.collation import name_key
from maillage.model.dates import parse_moment
from maillage.site import text, urls
from maillage.site.catalogue import Catalogue
from maillage.site.labels import Labels
from maillage.site.pictures import Picture, Pictures

_TERRITORY_KEYS = (("commune", "commune"), ("epci", "intercommunalite"), ("departement", "departement"))
ORIGIN_KEY, HERE = "origine", "ici"  # the commons an entry comes from; `ici`: this commons
_SELECT_THRESHOLD = 12  # more values than this: a drop-down list instead of checkboxes


@dataclass
class Facet:
    """One filter of a listing: its query key, French title and values with labels and counts."""

    key: str
    title: str
    choices: dict[str, str]
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def options(self) -> list[tuple[str, str, int]]:
        """(value, label, count) of the values present in the listing, in schema order."""
        return [(v, label, self.counts[v]) for v, label in self.choices.items() if self.counts[v]]

    @property
    def as_select(self) -> bool:
        """Long facets (communes, months) are drop-down lists; short ones checkboxes."""
        return len(self.options) > _SELECT_THRESHOLD

    @property
    def any_label(self) -> str:
        """The drop-down list's empty choice, agreeing with the facet's noun when it is known."""
        return text.ANY_VALUE.get(self.key, text.ANY_VALUE_DEFAULT)

    def useful(self, items: int) -> bool:
        """Whether the facet can narrow a listing of `items` entries: at least two values, and
        no more values than entries (a box per entry only repeats the list)."""
        return 2 <= len(self.options) <= items


@dataclass
class ListingItem:
    """One entry of a listing, shown as a card: its facet values (`data-*` attributes), what kind
    of entry it is (`x-apercu`), when (events), where, and its tags (`x-etiquettes`)."""

    entry: Entry
    values: dict[str, list[str]]
    kind: list[str]
    when: str | None
    place: str | None
    tags: list[str]
    picture: Picture | None = None

    @property
    def attributes(self) -> list[tuple[str, str]]:
        """(`data-` suffix, space-separated values) pairs for the list item."""
        return [(key, " ".join(values)) for key, values in self.values.items()]

    def record(self) -> dict[str, Any]:
        """The card as data, for a long listing's `fiches.json` (the script builds the same card
        from it, as text, never as markup): short keys, empty parts left out. URLs are relative
        to the site root, or absolute for an entry gathered from a local commons."""
        entry = self.entry
        record: dict[str, Any] = {"u": urls.entry_href(entry, ""), "t": entry.title, "v": self.values}
        if entry.origins:
            plural = len(entry.origins) > 1
            label = (text.ORIGINS_LABEL if plural else text.ORIGIN_LABEL) if entry.remote else text.ALSO_PUBLISHED_BY
            record["o"] = [label, [[o.commons, urls.href(o.url)] for o in entry.origins]]
        line = self.kind + ([self.place] if self.place else [])
        if line:
            record["k"] = " · ".join(line)
        if self.when:
            record["w"] = self.when
        if self.tags:
            record["g"] = self.tags
        if self.picture is not None:
            largest = self.picture.largest
            record["i"] = [largest.width, largest.height,
                           [[v.width, v.webp, v.fallback] for v in self.picture.variants]]
        return record


@dataclass(frozen=True)
class Pages:
    """A long listing's numbered pages, as the page `number` links to them: (number, href) of
    the first, the last and those near `number`; where the script reads all the cards."""

    number: int
    count: int
    links: list[tuple[int, str]]
    records: str
    total: int

    @property
    def previous(self) -> str | None:
        """The previous page's address, if any."""
        return dict(self.links).get(self.number - 1)

    @property
    def next(self) -> str | None:
        """The next page's address, if any."""
        return dict(self.links).get(self.number + 1)


class Facets:
    """Facet values of entries, computed from their data, the schemas and the territory."""

    def __init__(self, catalogue: Catalogue, labels: Labels, pictures: Pictures | None = None) -> None:
        self.catalogue = catalogue
        self.labels = labels
        self.pictures = pictures
        # A regional commons: its listings filter by the commons each entry comes from.
        self.origins: dict[str, str] = {}
        for entry in catalogue.entries.values():
            for origin in entry.origins:
                self.origins.setdefault(origin.key, origin.commons)

    def listing(self, entry_type: EntryType) -> tuple[list[Facet], list[ListingItem]]:
        """The facets (with counts) and the items of a type's listing page (`x-facettes`, the
        territory, and for a type with a calendar, upcoming or past and the month)."""
        folder = entry_type.folder
        facets = [
            Facet(key, self.labels.title(entry_type, path), self.labels.choices(entry_type, path))
            for key, path in entry_type.facets
        ]
        has_territory = any(e.id in self.catalogue.places_of for e in self.catalogue.by_type.get(folder, []))
        territory_facets = (
            [Facet(key, text.TERRITORY_FACETS[key], {}) for key, _ in _TERRITORY_KEYS] if has_territory else []
        )
        scale = Facet("echelle", "Échelle", dict(text.SCALE_LABELS)) if has_territory else None
        past = text.past(entry_type.feminine).capitalize()
        when = [Facet("quand", text.WHEN_LABEL, {"a_venir": text.WHEN_UPCOMING, "passees": past}),
                Facet("mois", text.MONTH_LABEL, {})] if entry_type.calendar else []
        origin = [Facet(ORIGIN_KEY, text.ORIGIN_FACET, {**self.origins, HERE: text.HERE})] if self.origins else []
        all_facets = facets + ([scale] if scale else []) + territory_facets + when + origin
        items = []
        for entry in self.catalogue.by_type.get(folder, []):
            values = self.values(entry)
            for facet in all_facets:
                facet.counts.update(values.get(facet.key, ()))
            items.append(self.card(entry, values))
        for facet in territory_facets:
            facet.choices = self._territory_choices(facet.key, facet.counts)
        for facet in when[1:]:
            facet.choices = {month: text.month_label(month) for month in sorted(facet.counts)}
        return [f for f in all_facets if f.useful(len(items))], items

    def card(self, entry: Entry, values: dict[str, list[str]]) -> ListingItem:
        """An entry as its listing shows it."""
        start = None
        if entry.type.calendar is not None:
            start = parse_moment(first_value(entry.data, entry.type.calendar.start))
        when = text.french_date(start, entry_zone(entry.type, entry.data)) if start else None
        return ListingItem(entry, values, kind=kind_labels(entry, self.labels), when=when,
                           place=self.place(entry), tags=self.labels.tags(entry),
                           picture=self.pictures.of(entry) if self.pictures else None)

    def place(self, entry: Entry) -> str | None:
        """Where an entry is: its commune, and the territory it covers when that is wider."""
        places = self.catalogue.places_of.get(entry.id, {})
        commune, area = places.get("commune"), self.catalogue.area(entry)
        if commune is None:
            return None
        if area is None or area.kind == "commune":
            return commune.name
        return text.PLACE_WITH_AREA.format(commune=commune.name, area=area.name)

    def values(self, entry: Entry) -> dict[str, list[str]]:
        """Facet values of one entry, by query key (lists: an entry may have several disciplines)."""
        values: dict[str, list[str]] = {}
        for key, path in entry.type.facets:
            found = [v for v in field_values(entry.data, path) if isinstance(v, str)]
            if found:
                values[key] = found
        places = self.catalogue.places_of.get(entry.id)
        if places:
            values["echelle"] = [self.catalogue.scale(entry)]
            for key, kind in _TERRITORY_KEYS:
                if kind in places:
                    values[key] = [places[kind].code]
        if self.origins:
            values[ORIGIN_KEY] = [o.key for o in entry.origins] + ([] if entry.remote else [HERE])
        calendar = entry.type.calendar
        if calendar is not None:
            begin = first_value(entry.data, calendar.start)
            start = parse_moment(begin)
            if start is not None:
                values["mois"] = [f"{start.year:04d}-{start.month:02d}"]
                values["debut"] = [begin]
                end = first_value(entry.data, calendar.end)
                end = end if isinstance(end, str) else begin
                values["fin"] = [end]
                moment = parse_moment(end)
                if moment is not None and moment.tzinfo is not None:
                    values["quand"] = ["a_venir" if moment >= self.catalogue.built_at else "passees"]
        return values

    def _territory_choices(self, key: str, counts: Counter[str]) -> dict[str, str]:
        kind = dict(_TERRITORY_KEYS)[key]
        names = {
            code: page.place.name
            for code in counts
            if (page := self.catalogue.territories.get((kind, code))) is not None
        }
        return dict(sorted(names.items(), key=lambda item: (name_key(item[1]), item[0])))


def preview(entry: Entry, labels: Labels) -> list[str]:
    """What is said of an entry wherever it is listed: the labels of its `x-apercu` fields, then
    the start date of an event (a type with a calendar)."""
    parts = kind_labels(entry, labels)
    if entry.type.calendar is not None:
        start = parse_moment(first_value(entry.data, entry.type.calendar.start))
        if start is not None:
            parts.append(text.french_date(start, entry_zone(entry.type, entry.data)))
    return parts


def kind_labels(entry: Entry, labels: Labels) -> list[str]:
    """The labels of an entry's `x-apercu` values: what kind of entry it is."""
    return [labels.value(entry.type, path, value) for path in entry.type.preview
            for value in field_values(entry.data, path) if isinstance(value, str)]
