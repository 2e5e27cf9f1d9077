"""A territory given by a person, by code or by name → the `Place` it designates, or a French error.

"08", "Ardennes", "ardennes", "Grand Est", "44" (a région, or Loire-Atlantique?), an EPCI's SIREN or
name ("CA Ardenne Métropole", "Ardenne Métropole"), a commune (through the commune resolver).
A unique beginning of a name, or of one of its words, is enough ("Ardenn"); an ambiguous one
("Corse", "20"), a postal code typed for a département or a commune, or a former commune gets a
French `PlaceError` listing the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from maillage.model import communes
from maillage.model import messages as msg
from maillage.model.territory import SCALES, Place, Scope, territory

KIND_NAMES = {"commune": "commune", "intercommunalite": "intercommunalité", "departement": "département",
              "region": "région"}
# Words that open an EPCI's name and that a person often leaves out ("Ardenne Métropole").
_EPCI_TYPE = re.compile(
    r"^(?:ca|cc|cu|communaute-(?:de-communes|d-agglomeration|urbaine)|metropole)-(?:(?:de-la|de-l|des|du|de|d|l)-)?"
)

# Codes of départements that were split: Corsica (20) became Corse-du-Sud and Haute-Corse in 1976.
_FORMER_DEPARTEMENTS = {"20": ("2A", "2B")}


class PlaceError(ValueError):
    """A territory that could not be read: a French message, and the places it may have meant."""

    def __init__(self, message: str, candidates: tuple[Place, ...] = ()):
        super().__init__(message)
        self.message = message
        self.candidates = candidates


def place_text(place: Place) -> str:
    """A place in a French message: "département Ardennes (08)", "commune Sedan (08, 08200) : 08409"."""
    kind = KIND_NAMES[place.kind]
    if place.kind == "commune":
        commune = territory().commune(place.code)
        postal = f", {commune.postal_codes[0]}" if commune and commune.postal_codes else ""
        return f"{kind} {place.name} ({commune.departement if commune else ''}{postal}) : {place.code}"
    return f"{kind} {place.name} ({place.code})"


def resolve_place(text: str, kinds: Iterable[str] = SCALES) -> Place:
    """The one place `text` designates among `kinds`, or a `PlaceError` in French with the candidates."""
    kinds = tuple(kinds)
    wanted = " ou ".join(KIND_NAMES[k] for k in kinds)
    text = str(text).strip()
    if not text:
        raise PlaceError(msg.PLACE_EMPTY.format(kinds=wanted))
    exact: list[Place] = []
    close: list[Place] = []
    for kind in kinds:
        found_exact, found_close = _FINDERS[kind](text)
        exact += found_exact
        close += found_close
    found = exact or close
    if len(found) == 1:
        return found[0]
    if found:
        shown = "\n".join([f"  - {place_text(p)}" for p in found[:12]]
                          + ([msg.PLACE_MORE.format(count=len(found) - 12)] if len(found) > 12 else []))
        raise PlaceError(msg.PLACE_AMBIGUOUS.format(text=text, candidates=shown), tuple(found))
    if re.fullmatch(r"\d{5}", text) and "commune" not in kinds:
        _postal_code_instead(text, wanted)
    raise PlaceError(msg.PLACE_UNKNOWN.format(text=text, kinds=wanted))


def written_place(place: Place) -> str:
    """How a configuration file writes `place` so that `resolve_place` reads it back as that place.

    A commune by its name, as people know it, or by its INSEE code when several communes share
    the name, or by its name and postal code when that code is also another commune's postal code
    (Quimperlé's, 29233, is one of Cléder's); any other territory by its code.
    """
    commune = territory().commune(place.code) if place.kind == "commune" else None
    if commune is None:
        return place.code
    for text in (commune.name, place.code, *(f"{commune.name} ({postal})" for postal in commune.postal_codes)):
        try:
            if resolve_place(text, (place.kind,)) == place:
                return text
        except PlaceError:
            continue
    return place.code


def scope_of(places: Iterable[tuple[str, str]]) -> Scope:
    """A scope from (kind, code or name) pairs; a `PlaceError` names the first that cannot be read."""
    return Scope(tuple(resolve_place(text, (kind,)) for kind, text in places))


def _postal_code_instead(text: str, wanted: str) -> None:
    geo = territory()
    served = [geo.commune(code) for code in geo.communes_for_postal_code(text)]
    if served:
        deps = sorted({c.departement for c in served})
        places = tuple(geo.place("departement", d) for d in deps)
        shown = ", ".join(f"{p.name} ({p.code})" for p in places)
        raise PlaceError(msg.PLACE_POSTAL_CODE.format(text=text, kinds=wanted, departements=shown), places)


def _by_name(text: str, table: dict[str, str], kind: str, key=communes.fold) -> tuple[list[Place], list[Place]]:
    """Places of `table` (code → name) named `text`, and those with a word that begins like it
    (« Corse » is in Corse-du-Sud and Haute-Corse, « Rhin » in Bas-Rhin and Haut-Rhin)."""
    wanted = key(text)
    exact = [Place(kind, code, name) for code, name in table.items() if key(name) == wanted]
    close = [] if exact else [Place(kind, code, name) for code, name in table.items()
                              if f"-{wanted}" in f"-{key(name)}"]
    return exact, close


def _departement(text: str) -> tuple[list[Place], list[Place]]:
    geo = territory()
    code = "0" + text if len(text) == 1 and text.isdigit() else text.upper()
    if code in geo.departements:
        return [geo.place("departement", code)], []
    if code in _FORMER_DEPARTEMENTS:
        return [], [geo.place("departement", c) for c in _FORMER_DEPARTEMENTS[code]]
    return _by_name(text, {code: row[0] for code, row in geo.departements.items()}, "departement")


def _region(text: str) -> tuple[list[Place], list[Place]]:
    geo = territory()
    code = "0" + text if len(text) == 1 and text.isdigit() else text
    if code in geo.regions:
        return [geo.place("region", code)], []
    return _by_name(text, geo.regions, "region")


def _epci_core(name: str) -> str:
    return _EPCI_TYPE.sub("", communes.fold(name))


def _epci(text: str) -> tuple[list[Place], list[Place]]:
    geo = territory()
    if re.fullmatch(r"\d{9}", text):
        return ([geo.place("intercommunalite", text)] if text in geo.epcis else []), []
    names = {code: row[0] for code, row in geo.epcis.items()}
    exact, close = _by_name(text, names, "intercommunalite")
    if not exact:
        core_exact, core_close = _by_name(text, names, "intercommunalite", key=_epci_core)
        exact, close = core_exact, (close + [p for p in core_close if p not in close]) if not core_exact else []
    return exact, close


def _commune(text: str) -> tuple[list[Place], list[Place]]:
    """A commune by code or name; a postal code or a former commune is an error with its readings."""
    resolution = communes.resolve(text)
    readings = {c.how for c in resolution.candidates}
    if readings & {communes.POSTAL_CODE, communes.FORMER_CODE, communes.FORMER_NAME} and not (
        readings <= {communes.CODE, communes.NAME}
    ):
        _refuse_reading(text, resolution)
    places = [Place("commune", c.commune.code, c.commune.name) for c in resolution.candidates]
    certain = [p for p, c in zip(places, resolution.candidates, strict=True) if c.how in (communes.CODE, communes.NAME)]
    return certain, [p for p in places if p not in certain]


def _refuse_reading(text: str, resolution: communes.Resolution) -> None:
    """A postal code or a former commune typed where a commune is wanted: say what each reading is."""
    lines = []
    for candidate in resolution.candidates:
        commune = candidate.commune
        if candidate.how == communes.CODE:
            lines.append(msg.PLACE_READING_INSEE.format(name=commune.name, code=commune.code))
        elif candidate.how == communes.POSTAL_CODE:
            lines.append(msg.PLACE_READING_POSTAL.format(name=commune.name, code=commune.code))
        elif candidate.how in (communes.FORMER_CODE, communes.FORMER_NAME):
            former = candidate.detail or text
            lines.append(msg.PLACE_READING_FORMER.format(former=former, name=commune.name, code=commune.code))
        else:
            lines.append(f"  - {communes.candidate_text(candidate)}")
    places = tuple(Place("commune", c.commune.code, c.commune.name) for c in resolution.candidates)
    raise PlaceError(msg.PLACE_COMMUNE_READINGS.format(text=text, readings="\n".join(lines[:12])), places)


_FINDERS = {"commune": _commune, "intercommunalite": _epci, "departement": _departement, "region": _region}
