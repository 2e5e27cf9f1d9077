"""What the site publishes, computed once per build from the commons.

The catalogue holds the publishable entries (persons without consent are left out here, so
no later step can show them), each entry's place in the territory, and the territory pages
with their entries. Everything is linear in the number of entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from maillage.model import Commons, Entry, first_value
from maillage.model.collation import name_key
from maillage.model.territory import SCALES, Place, territory
from maillage.model.types import SCALE_FIELD

PlaceKey = tuple[str, str]  # (kind, code)


@dataclass
class TerritoryPage:
    """A commune, EPCI, département or région that has entries."""

    place: Place
    entries: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    parent: PlaceKey | None = None
    children: set[PlaceKey] = field(default_factory=set)

    @property
    def key(self) -> PlaceKey:
        """(kind, code): the place's identity."""
        return (self.place.kind, self.place.code)

    @property
    def total(self) -> int:
        """How many entries are located in this territory."""
        return sum(len(items) for items in self.entries.values())


@dataclass
class Catalogue:
    """Publishable entries by type, their territory, and territory pages."""

    commons: Commons
    built_at: datetime
    entries: dict[str, Entry] = field(default_factory=dict)
    by_type: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    places_of: dict[str, dict[str, Place]] = field(default_factory=dict)
    territories: dict[PlaceKey, TerritoryPage] = field(default_factory=dict)

    def get(self, entry_id: str) -> Entry | None:
        """A publishable entry by id (None for unknown ids and unpublishable persons)."""
        return self.entries.get(entry_id)

    def scale(self, entry: Entry) -> str:
        """The entry's scale (`commune` when it has none)."""
        value = entry.data.get(SCALE_FIELD)
        return value if value in SCALES else "commune"

    def area(self, entry: Entry) -> Place | None:
        """The territory the entry covers: its commune's parent at its scale."""
        places = self.places_of.get(entry.id, {})
        return places.get(self.scale(entry)) or places.get("commune")


def commune_of(entry: Entry) -> str | None:
    """The INSEE code locating an entry (its type's `x-commune` field)."""
    code = first_value(entry.data, entry.type.place)
    return code if isinstance(code, str) else None


def sort_key(entry: Entry) -> tuple[tuple[int, ...], str]:
    """French alphabetical order of titles (`Écho` sorts with `E`, before `Xertigny`)."""
    return (name_key(entry.title), entry.id)


def build_catalogue(commons: Commons, built_at: datetime) -> Catalogue:
    """Select the publishable entries and place each one in the territory hierarchy."""
    catalogue = Catalogue(commons, built_at)
    geography = territory()
    places_by_commune: dict[str, dict[str, Place]] = {}
    for entry in commons.entries.values():
        if not entry.publishable:
            continue
        catalogue.entries[entry.id] = entry
        catalogue.by_type[entry.type.folder].append(entry)
        code = commune_of(entry)
        if code is None:
            continue
        places = places_by_commune.get(code)
        if places is None:
            places = places_by_commune[code] = geography.places(code)
        catalogue.places_of[entry.id] = places
        _place_in_territories(catalogue, entry, places)
    # A list of one is in order: loading the collation table for it costs a third of a second.
    for items in catalogue.by_type.values():
        if len(items) > 1:
            items.sort(key=sort_key)
    for page in catalogue.territories.values():
        for items in page.entries.values():
            if len(items) > 1:
                items.sort(key=sort_key)
    return catalogue


def _place_in_territories(catalogue: Catalogue, entry: Entry, places: dict[str, Place]) -> None:
    """Add an entry to each territory containing its commune, and link the hierarchy."""
    below: PlaceKey | None = None
    for kind in SCALES:
        place = places.get(kind)
        if place is None:
            continue
        key = (place.kind, place.code)
        page = catalogue.territories.get(key)
        if page is None:
            page = catalogue.territories[key] = TerritoryPage(place)
        page.entries[entry.type.folder].append(entry)
        if below is not None:
            page.children.add(below)
            catalogue.territories[below].parent = key
        below = key

