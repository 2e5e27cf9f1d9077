"""How a new commons names its territory in French: « le commun culturel des Ardennes »."""

from __future__ import annotations

from dataclasses import dataclass

from maillage.model.places import written_place
from maillage.model.prepositions import of_place
from maillage.model.settings import TERRITORY_KEYS
from maillage.model.territory import Scope

# Plugin option keys of each scale (mkdocs.yml, `territoire:`).
OPTION_KEYS = {scale: key for key, scale in TERRITORY_KEYS.items()}


@dataclass(frozen=True)
class TerritoryNames:
    """The territory of a new commons as its pages and configuration write it."""

    name: str  # "Ardennes", "Ardennes et Marne"
    of: str  # "des Ardennes", "des Ardennes et de la Marne"
    label: str  # "Ardennes (08)"
    codes: dict[str, list[str]]  # {"departements": ["08"]}: the `territoire` plugin option (a code, or
    # a commune's name when its code would read as a postal code)


def territory_names(scope: Scope) -> TerritoryNames:
    """The names of a scope, its places in the order given."""
    places = scope.places
    codes: dict[str, list[str]] = {}
    for place in places:
        codes.setdefault(OPTION_KEYS[place.kind], []).append(written_place(place))
    return TerritoryNames(
        name=_join([place.name for place in places]),
        of=_join([of_place(place) for place in places]),
        label=scope.label,
        codes=codes,
    )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
