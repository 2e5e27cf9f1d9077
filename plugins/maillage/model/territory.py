"""The official French geography: commune → EPCI → département → région (COG 2026).

The table is derived from open data by `scripts/derive_territory.py` and shipped in
`maillage/data/territoire.json`; it is loaded once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

SCALES = ("commune", "intercommunalite", "departement", "region")


@dataclass(frozen=True, slots=True)
class Place:
    """A territory at one scale: its kind, official code and name."""

    kind: str  # one of SCALES
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune with its parents and, in the demo territory, a centroid."""

    code: str
    name: str
    departement: str
    epci: str
    postal_codes: tuple[str, ...]
    population: int
    lat: float | None
    lon: float | None


class Territory:
    """Lookups over the shipped geography table."""

    def __init__(self, table: dict):
        self._communes = table["communes"]
        self._former = table["anciens_codes"]
        self._arrondissements = table["arrondissements"]
        self.regions: dict[str, str] = table["regions"]
        self.departements: dict[str, list[str]] = table["departements"]
        self.epcis: dict[str, list[str]] = table["epci"]
        self.source: str = table["source"]
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
        return (found[0], found[1]) if found else None

    def arrondissement(self, code: str) -> tuple[str, str] | None:
        """For a municipal arrondissement code (Paris, Lyon, Marseille): (name, commune code)."""
        found = self._arrondissements.get(code)
        return (found[0], found[1]) if found else None

    def communes_for_postal_code(self, postal_code: str) -> list[str]:
        """INSEE codes of the communes served by a postal code."""
        if self._postal is None:
            index: dict[str, list[str]] = {}
            for code, row in self._communes.items():
                for postal in row[3]:
                    index.setdefault(postal, []).append(code)
            self._postal = index
        return self._postal.get(postal_code, [])

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


@cache
def territory() -> Territory:
    """The shipped territory table, loaded once."""
    text = resources.files("maillage.data").joinpath("territoire.json").read_text("utf-8")
    return Territory(json.loads(text))
