"""The map page's model: what is placed where, by kind, with the filters and the territory's layers.

The kinds are the types whose schema has `x-carte`; each gets a symbol (a shape and a colour, so
that colour is never the only difference) in the order of the types (`x-ordre`). The filters are
those types' facets (`x-facettes`), merged by key when two types share one (the disciplines of
actors and of ressources), grouped under their parent field's title (« Univers »). Entries are
grouped by commune, as a list that is the page's content without JavaScript; the script reads it
to place one marker per commune and kind. Entries the map cannot place are counted with the reason.
The territory's layers (its outline and the next level down: the EPCI of a département…) come from
the outlines shipped with Maillage and are drawn under the tiles, so that a map whose tiles do not
load still shows where things are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from maillage.model import Entry, EntryType, field_values, outlines, territory
from maillage.model.collation import name_key
from maillage.model.territory import Commune, Place, Scope
from maillage.site.catalogue import Catalogue, sort_key
from maillage.site.facets import preview
from maillage.site.labels import Labels

# Shapes in a 20×20 frame, and colours with at least 3:1 contrast on white and on the map's
# light background (WCAG 1.4.11), each darker than the one before it is told apart by its shape too.
SHAPES = (
    ("cercle", "M10 2a8 8 0 1 1 0 16a8 8 0 1 1 0-16z"),
    ("carre", "M3 3h14v14h-14z"),
    ("losange", "M10 1l9 9l-9 9l-9-9z"),
    ("triangle", "M10 2l9 16h-18z"),
    ("hexagone", "M5.5 2.2h9l4.5 7.8l-4.5 7.8h-9l-4.5-7.8z"),
    ("etoile", "M10 1.5l2.5 5.6l6.1.6l-4.6 4.1l1.3 6l-5.3-3.1l-5.3 3.1l1.3-6l-4.6-4.1l6.1-.6z"),
)
COLOURS = ("#283593", "#00695c", "#ad1457", "#8d3a00", "#5e35b1", "#37474f")
SUBDIVISION = {"region": "departements", "departement": "epci", "intercommunalite": "communes"}
DECIMALS = 4  # the outlines' own precision (1e-4 degree)


@dataclass(frozen=True)
class Kind:
    """A type on the map, its symbol and how many of its entries the page lists."""

    entry_type: EntryType
    shape: str
    path: str
    colour: str
    count: int

    @property
    def symbol(self) -> Markup:
        """The symbol as inline SVG (the legend shows it; the script copies it into the markers)."""
        return Markup(
            '<svg class="maillage-symbol" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" '
            'focusable="false"><path d="{}" fill="{}" stroke="#ffffff" stroke-width="1.5"/></svg>'
        ).format(self.path, self.colour)


@dataclass
class MapFilter:
    """A drop-down filter: its key, French title, group (a parent field's title) and values present."""

    key: str
    title: str
    group: str | None
    choices: dict[str, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def options(self) -> list[tuple[str, str, int]]:
        """(value, label, count) of the values some listed entry holds, in schema order."""
        return [(value, label, self.counts[value]) for value, label in self.choices.items() if self.counts[value]]


@dataclass(frozen=True)
class MapItem:
    """One entry in the list under the map: its kind, filter values (`clé:valeur` tokens) and summary."""

    entry: Entry
    tokens: str
    summary: str


@dataclass
class MapPage:
    """Everything the map page shows."""

    kinds: list[Kind]
    filters: list[MapFilter]
    communes: list[tuple[Commune, Place | None, list[MapItem]]]
    without_position: list[tuple[Commune, list[MapItem]]]
    without_commune: list[Entry]

    @property
    def total(self) -> int:
        """Entries listed by commune (placed or not)."""
        return sum(len(items) for _, _, items in self.communes)

    @property
    def unpositioned(self) -> int:
        """Entries in a commune the geography gives no position for."""
        return sum(len(items) for _, items in self.without_position)

    @property
    def unplaced(self) -> int:
        """Entries the map cannot place, whatever the reason."""
        return self.unpositioned + len(self.without_commune)

    def filter_groups(self) -> list[tuple[str | None, list[MapFilter]]]:
        """The filters with values to choose from, ungrouped first, then by group, in first-seen order."""
        useful = [f for f in self.filters if len(f.options) > 1]
        groups: dict[str | None, list[MapFilter]] = {None: []}
        for item in useful:
            groups.setdefault(item.group, []).append(item)
        return [(title, items) for title, items in groups.items() if items]


def map_page(catalogue: Catalogue, labels: Labels) -> MapPage:
    """The map page of a catalogue: the kinds, filters and entries of the types with `x-carte`."""
    mapped = [t for t in labels.schemas.types if t.on_map]
    filters = _filters(mapped, labels)
    by_key = {f.key: f for f in filters}
    keys = {(t.folder, key): _filter_key(t, key, path, labels, mapped) for t in mapped for key, path in t.facets}
    geography = territory()
    by_commune: dict[str, list[MapItem]] = {}
    without_commune: list[Entry] = []
    counts: Counter[str] = Counter()
    for entry_type in mapped:
        for entry in catalogue.by_type.get(entry_type.folder, []):
            place = catalogue.places_of.get(entry.id, {}).get("commune")
            if place is None:
                without_commune.append(entry)
                continue
            tokens = []
            for key, path in entry_type.facets:
                shown = keys[(entry_type.folder, key)]
                for value in field_values(entry.data, path):
                    if isinstance(value, str):
                        tokens.append(f"{shown}:{value}")
                        by_key[shown].counts[value] += 1
            summary = ", ".join(preview(entry, labels))
            by_commune.setdefault(place.code, []).append(MapItem(entry, " ".join(tokens), summary))
            counts[entry_type.folder] += 1
    communes = []
    for code, items in by_commune.items():
        commune = geography.commune(code)
        if commune is not None:
            page = catalogue.territories.get(("commune", code))
            communes.append((commune, page.place if page else None, sorted(items, key=lambda i: sort_key(i.entry))))
    communes.sort(key=lambda item: (name_key(item[0].name), item[0].code))
    kinds = [
        Kind(t, *SHAPES[i % len(SHAPES)], COLOURS[i % len(COLOURS)], counts[t.folder])
        for i, t in enumerate(mapped)
    ]
    return MapPage(
        kinds=[k for k in kinds if k.count],
        filters=filters,
        communes=communes,
        without_position=[(commune, items) for commune, _, items in communes if commune.lat is None],
        without_commune=sorted(without_commune, key=sort_key),
    )


def _filter_key(entry_type: EntryType, key: str, path: tuple[str, ...], labels: Labels, mapped: list[EntryType]) -> str:
    """A facet's key on the map: its own, unless another mapped type uses the same key for a field
    of another title (then the folder tells them apart: `rencontres.type`)."""
    title = labels.title(entry_type, path)
    clash = any(
        labels.title(other, other_path) != title
        for other in mapped for other_key, other_path in other.facets if other_key == key
    )
    return f"{entry_type.folder}.{key}" if clash else key


def _filters(mapped: list[EntryType], labels: Labels) -> list[MapFilter]:
    """One filter per facet key of the mapped types (a shared key merges its values)."""
    found: dict[str, MapFilter] = {}
    for entry_type in mapped:
        for key, path in entry_type.facets:
            shown = _filter_key(entry_type, key, path, labels, mapped)
            parent = path[:-1] if path[-1] != "*" else path[:-2]
            group = labels.title(entry_type, parent) if parent else None
            facet = found.setdefault(shown, MapFilter(shown, labels.title(entry_type, path), group))
            for value, label in labels.choices(entry_type, path).items():
                facet.choices.setdefault(value, label)
    return list(found.values())


def map_layers(scope: Scope | None, catalogue: Catalogue) -> dict[str, Any] | None:
    """The territory drawn under the tiles, as GeoJSON for the script: `territoire` (the commons'
    places; without a declared territory, the départements of the mapped entries) and
    `subdivisions` (the level below each place). None when nothing has an outline."""
    geography = territory()
    if scope is not None:
        places = list(scope.places)
    else:
        mapped = {t.folder for t in catalogue.commons.schemas.types if t.on_map}
        codes = {
            places["departement"].code: places["departement"]
            for entry in catalogue.entries.values() if entry.type.folder in mapped
            if "departement" in (places := catalogue.places_of.get(entry.id, {}))
        }
        places = [codes[code] for code in sorted(codes)]
    drawn = [(place, shape) for place in places if (shape := geography.outline(place))]
    if not drawn:
        return None
    west, south, east, north = outlines.bounds([shape for _, shape in drawn])
    below = [(child, shape) for place, _ in drawn for child in subdivisions(place)
             if (shape := geography.outline(child))]
    return {
        "label": scope.label if scope is not None else None,
        "bounds": [[south, west], [north, east]],
        "territoire": _collection(drawn),
        "subdivisions": _collection(below),
    }


def subdivisions(place: Place) -> list[Place]:
    """The places one level below a territory (the EPCI of a département…; none below a commune)."""
    geography = territory()
    level = SUBDIVISION.get(place.kind)
    if level is None:
        return []
    communes = [c for code in geography.communes_in(place) if (c := geography.commune(code)) is not None]
    if level == "communes":
        return [Place("commune", c.code, c.name) for c in communes]
    if level == "epci":
        codes = sorted({c.epci for c in communes if c.epci})
        return [Place("intercommunalite", code, geography.epcis[code][0]) for code in codes]
    codes = sorted({c.departement for c in communes})
    return [Place("departement", code, geography.departements[code][0]) for code in codes]


def _collection(shapes: list[tuple[Place, outlines.MultiPolygon]]) -> dict[str, Any]:
    features = [
        {"type": "Feature", "properties": {"nom": place.name}, "geometry": _rounded(outlines.to_geojson(shape))}
        for place, shape in shapes
    ]
    return {"type": "FeatureCollection", "features": features}


def _rounded(value: Any) -> Any:
    """Coordinates at the outlines' precision: six decimals would double the file for nothing."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
