"""The official French geography: commune → EPCI → département → région (COG 2026), and scopes.

The table is derived from open data by `scripts/derive_territory.py` and shipped in
`maillage/data/territoire.json`; it is loaded once per process. Every current commune has a
position, except the few without an outline in the source (collectivités d'outre-mer, communes
restored since 2018). A `Scope` is the territory a commons declares: any mix of communes, EPCI,
départements and régions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from maillage.model import outlines
from maillage.model.outlines import MultiPolygon

SCALES = ("commune", "intercommunalite", "departement", "region")


@dataclass(frozen=True, slots=True)
class Place:
    """A territory at one scale: its kind, official code and name."""

    kind: str  # one of SCALES
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune with its parents and its position (None only where the source has no outline)."""

    code: str
    name: str
    departement: str
    epci: str
    postal_codes: tuple[str, ...]
    population: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class FormerCommune:
    """A commune merged into a commune nouvelle (or delegated or associated to it)."""

    code: str
    name: str  # "" when the sources do not give it (merges older than 2018)
    successor: str  # code of the current commune


class Territory:
    """Lookups over the shipped geography table."""

    def __init__(self, table: dict):
        self._communes = table["communes"]
        self._arrondissements = table["arrondissements"]
        self.former_communes = tuple(FormerCommune(*row) for row in table["anciennes_communes"])
        # A delegated commune may keep its commune nouvelle's code: only other codes are "former codes".
        self._former = {f.code: f for f in self.former_communes if f.code not in self._communes}
        self.regions: dict[str, str] = table["regions"]
        self.departements: dict[str, list[str]] = table["departements"]
        self.epcis: dict[str, list[str]] = table["epci"]
        self.source: str = table["source"]
        self._liaisons: dict[str, dict[str, int]] = table.get("liaisons", {})
        self._postal: dict[str, list[str]] | None = None

    def commune(self, code: str) -> Commune | None:
        """The current commune with this INSEE code, or None."""
        row = self._communes.get(code)
        if row is None:
            return None
        name, dep, epci, postal, population, lat, lon = row
        return Commune(code, name, dep, epci, tuple(postal), population, lat, lon)

    def is_commune(self, code: str) -> bool:
        """True for the INSEE code of a current commune."""
        return code in self._communes

    def commune_codes(self, departement: str | None = None) -> list[str]:
        """INSEE codes of current communes, optionally of one département, in code order."""
        return sorted(code for code, row in self._communes.items() if departement is None or row[1] == departement)

    def successor(self, former_code: str) -> tuple[str, str] | None:
        """For the code of a merged (former, delegated or associated) commune: (current code, former name)."""
        found = self._former.get(former_code)
        return (found.successor, found.name) if found else None

    def arrondissement(self, code: str) -> tuple[str, str] | None:
        """For a municipal arrondissement code (Paris, Lyon, Marseille): (name, commune code)."""
        found = self._arrondissements.get(code)
        return (found[0], found[1]) if found else None

    def arrondissements(self) -> dict[str, tuple[str, str]]:
        """Every municipal arrondissement: code → (name, commune code)."""
        return {code: (name, city) for code, (name, city) in self._arrondissements.items()}

    def communes_for_postal_code(self, postal_code: str) -> list[str]:
        """INSEE codes of the communes served by a postal code."""
        if self._postal is None:
            index: dict[str, list[str]] = {}
            for code, row in self._communes.items():
                for postal in row[3]:
                    index.setdefault(postal, []).append(code)
            self._postal = index
        return self._postal.get(postal_code, [])

    def liaison(self, place: Place) -> int | None:
        """INSEE's TNCC of a place's name when the table records it (see `maillage.model.prepositions`)."""
        table = {"commune": "communes", "departement": "departements", "region": "regions"}.get(place.kind)
        return self._liaisons.get(table, {}).get(place.code) if table else None

    def place(self, kind: str, code: str) -> Place | None:
        """The territory of this kind and code, or None when there is none."""
        if kind == "commune":
            row = self._communes.get(code)
            return Place(kind, code, row[0]) if row else None
        if kind == "intercommunalite":
            return Place(kind, code, self.epcis[code][0]) if code in self.epcis else None
        if kind == "departement":
            return Place(kind, code, self.departements[code][0]) if code in self.departements else None
        if kind == "region":
            return Place(kind, code, self.regions[code]) if code in self.regions else None
        raise ValueError(f"unknown scale {kind!r}")

    def places(self, commune_code: str) -> dict[str, Place]:
        """The commune and its EPCI, département and région, keyed by scale."""
        commune = self.commune(commune_code)
        if commune is None:
            return {}
        result = {"commune": Place("commune", commune.code, commune.name)}
        if commune.epci:
            result["intercommunalite"] = Place("intercommunalite", commune.epci, self.epcis[commune.epci][0])
        dep = self.departements.get(commune.departement)
        if dep:
            result["departement"] = Place("departement", commune.departement, dep[0])
            result["region"] = Place("region", dep[1], self.regions[dep[1]])
        return result

    def place_at_scale(self, commune_code: str, scale: str) -> Place | None:
        """The territory an entry covers: its commune's parent at the entry's scale."""
        return self.places(commune_code).get(scale)

    def communes_in(self, place: Place) -> list[str]:
        """INSEE codes of all communes inside a territory."""
        index = {"commune": None, "intercommunalite": 2, "departement": 1}
        if place.kind == "commune":
            return [place.code] if place.code in self._communes else []
        if place.kind == "region":
            deps = {code for code, (_, region) in self.departements.items() if region == place.code}
            return [code for code, row in self._communes.items() if row[1] in deps]
        column = index[place.kind]
        return [code for code, row in self._communes.items() if row[column] == place.code]

    def describe(self, code: str) -> str:
        """How a person reads a commune code: "08200 — Grivy-Loisy (CC Portes du Luxembourg)"."""
        commune = self.commune(code)
        if commune is None:
            return code
        parent = self.epcis[commune.epci][0] if commune.epci else self.departements[commune.departement][0]
        return f"{code} — {commune.name} ({parent})"

    def outline(self, place: Place) -> MultiPolygon | None:
        """The outline of a territory as polygons of (lon, lat) rings, or None where the source has none."""
        if place.kind == "commune":
            row = self._communes.get(place.code)
            return outlines.commune_outlines(row[1]).get(place.code) if row else None
        layer = {"intercommunalite": "epci", "departement": "departements", "region": "regions"}[place.kind]
        return outlines.layer(layer).get(place.code)


@dataclass(frozen=True)
class Scope:
    """The territory of a commons: any mix of communes, EPCI, départements and régions.

    Build it from `Place`s (see `maillage.model.places.resolve_place` for text given by a person).
    """

    places: tuple[Place, ...]
    communes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.places:
            raise ValueError("a scope needs at least one place")
        geo = territory()
        codes = frozenset(code for place in self.places for code in geo.communes_in(place))
        object.__setattr__(self, "communes", codes)

    def contains(self, commune_code: str) -> bool:
        """True when the commune (INSEE code) is inside the territory."""
        return commune_code in self.communes

    @property
    def label(self) -> str:
        """The territory in words: "Ardennes (08)", "Grand Est", "Sedan (Ardennes)", "Ardennes (08) et Marne (51)"."""
        names = [_place_label(place) for place in self.places]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]

    @property
    def departements(self) -> tuple[str, ...]:
        """Codes of the départements the territory touches, in code order."""
        geo = territory()
        return tuple(sorted({geo.commune(code).departement for code in self.communes}))

    def outlines(self) -> list[tuple[Place, MultiPolygon]]:
        """The outline of each declared place (those the source has an outline for)."""
        geo = territory()
        found = [(place, geo.outline(place)) for place in self.places]
        return [(place, shape) for place, shape in found if shape]

    def commune_outlines(self) -> dict[str, MultiPolygon]:
        """The outline of every commune of the territory, by INSEE code."""
        result: dict[str, MultiPolygon] = {}
        for dep in self.departements:
            for code, shape in outlines.commune_outlines(dep).items():
                if code in self.communes:
                    result[code] = shape
        return result


def _place_label(place: Place) -> str:
    if place.kind == "departement":
        return f"{place.name} ({place.code})"
    if place.kind == "commune":  # a commune's name alone is often ambiguous; its code reads like a postal code
        commune = territory().commune(place.code)
        return f"{place.name} ({territory().departements[commune.departement][0]})" if commune else place.name
    return place.name


@cache
def territory() -> Territory:
    """The shipped territory table, loaded once."""
    text = resources.files("maillage.data").joinpath("territoire.json").read_text("utf-8")
    return Territory(json.loads(text))
