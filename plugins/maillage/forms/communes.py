"""The commune question of every form (web form, issue forms): asked by name, settled by the resolver.

A person gives a commune's name (with its postal code when several communes share it); the
model's one resolver (`maillage.model.communes`) finds the INSEE code, inside the commons'
territory first. What designates exactly one commune is settled; anything else — a code that is
also another commune's postal code, an ambiguous name, a name nobody has — is sent back with the
candidates, before anything is sent on to the forge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.model import messages as model_messages
from maillage.model.commune_fields import commune_paths
from maillage.model.communes import (
    CODE,
    PREFIX,
    Candidate,
    Resolution,
    commune_label,
    example_commune,
    fold,
    resolve,
)
from maillage.model.load import JsonPath, dotted
from maillage.model.schemas import SchemaSet, values_at
from maillage.model.territory import Commune, Scope, territory
from maillage.model.types import EntryType

HELP = "Le nom de la commune, avec son code postal si plusieurs communes portent ce nom"
HELP_EXAMPLE = ", par exemple « {name} » ou « {name} ({postal}) »"
HELP_END = ". Un code INSEE convient aussi (ce n'est pas le code postal)."
CHOOSE = "« {value} » peut désigner plusieurs communes : écrivez le nom de la vôtre avec son code postal, " \
    "par exemple « {example} ».\n{candidates}"
SUGGEST = "« {value} » n'est le nom d'aucune commune : vouliez-vous dire l'une de celles-ci ?\n{candidates}"
UNKNOWN = "aucune commune ne s'appelle « {value} » : vérifiez l'orthographe, ou écrivez son code postal"
CANDIDATE = "  - {label}"
CANDIDATE_CODE = "  - {label} (son code INSEE est {code})"
MORE = model_messages.PLACE_MORE
CHOICE_PREFIX = "_choix."  # form values `_choix.<field>` = the INSEE code a person picked
# Every commune a postal code serves fits (46 at most in France); a bare beginning lists fewer.
_MAX_CANDIDATES = 50


def commune_help(scope: Scope | None) -> str:
    """The help of a commune question, with an example commune of the commons' territory."""
    example = example_commune(scope)
    if example is None or not example.postal_codes:
        return HELP + HELP_END
    return HELP + HELP_EXAMPLE.format(name=example.name, postal=example.postal_codes[0]) + HELP_END


def commune_choices(scope: Scope | None) -> dict[str, Any]:
    """The communes a picker offers: the territory's (all of France without one), compact.

    `{"intercommunalites": [names], "communes": [[name, "postal codes", intercommunalité index, INSEE code]]}`,
    in name order; a région's list stays under 60 KB gzipped.
    """
    geo = territory()
    codes = scope.communes if scope is not None else geo.commune_codes()
    parents: dict[str, int] = {}
    rows = []
    for commune in sorted((geo.commune(c) for c in codes), key=lambda c: (fold(c.name), c.code)):
        parent = geo.epcis[commune.epci][0] if commune.epci else geo.departements[commune.departement][0]
        rows.append([commune.name, " ".join(commune.postal_codes), parents.setdefault(parent, len(parents)),
                     commune.code])
    return {"intercommunalites": list(parents), "communes": rows}


def answer_text(commune: Commune) -> str:
    """What a form shows for a settled commune: "Sedan (08200)", which the resolver reads back."""
    return f"{commune.name} ({commune.postal_codes[0]})" if commune.postal_codes else commune.name


@dataclass(frozen=True)
class Unsettled:
    """A commune answer that does not designate exactly one commune: the person must choose."""

    path: JsonPath
    text: str
    resolution: Resolution

    @property
    def field(self) -> str:
        """The dotted field name."""
        return dotted(self.path)

    @property
    def summary(self) -> str:
        """The message's first line (a web form shows the candidates as choices instead)."""
        return self.message.split("\n", 1)[0]

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """The communes to choose from, the likeliest first."""
        return self.resolution.candidates[:_MAX_CANDIDATES]

    @property
    def message(self) -> str:
        """French: what was typed, and the communes it may designate."""
        candidates = self.resolution.candidates
        if not candidates:
            return UNKNOWN.format(value=self.text)
        lines = [_candidate_line(c) for c in candidates[:_MAX_CANDIDATES]]
        if len(candidates) > _MAX_CANDIDATES:
            lines.append(MORE.format(count=len(candidates) - _MAX_CANDIDATES))
        if all(c.how == PREFIX for c in candidates):
            return SUGGEST.format(value=self.text, candidates="\n".join(lines))
        named = next((c.commune for c in candidates if c.how != CODE), candidates[0].commune)
        return CHOOSE.format(value=self.text, example=answer_text(named), candidates="\n".join(lines))


def _candidate_line(candidate: Candidate) -> str:
    if candidate.how == CODE:
        return CANDIDATE_CODE.format(label=commune_label(candidate.commune), code=candidate.commune.code)
    return CANDIDATE.format(label=commune_label(candidate.commune))


def settle_communes(
    entry_type: EntryType, data: dict[str, Any], schemas: SchemaSet, scope: Scope | None
) -> tuple[list[tuple[JsonPath, Commune]], list[Unsettled]]:
    """Replace each commune answer of `data` by its INSEE code when it designates exactly one commune.

    Returns the settled communes (to show them by name) and the answers a person must settle.
    """
    settled: list[tuple[JsonPath, Commune]] = []
    unsettled: list[Unsettled] = []
    for pattern in commune_paths(schemas, entry_type):
        for path, value in list(values_at(data, pattern)):
            if not isinstance(value, str) or not value.strip():
                continue
            found = resolve(value, scope)
            if found.commune is None:
                unsettled.append(Unsettled(path, value.strip(), found))
                continue
            _set(data, path, found.commune.code)
            settled.append((path, found.commune))
    return settled, unsettled


def answers_from_codes(entry_type: EntryType, values: dict[str, list[str]], schemas: SchemaSet) -> None:
    """Show the communes of form values as a person reads them ("Sedan (08200)"), not as codes.

    For edit forms: a code may also be another commune's postal code, a name never is ambiguous
    that way, and the resolver reads "Sedan (08200)" back as the same commune.
    """
    geo = territory()
    for pattern in commune_paths(schemas, entry_type):
        name = ".".join(pattern)
        codes = values.get(name)
        commune = geo.commune(codes[0]) if codes else None
        if commune is not None:
            values[name] = [answer_text(commune)]


def chosen_communes(values: dict[str, list[str]]) -> None:
    """Apply the communes a person picked (`_choix.<field>` = INSEE code, from the picker or the
    choices offered after an ambiguous answer): the field then reads "Sedan (08200)"."""
    geo = territory()
    for key in [k for k in values if k.startswith(CHOICE_PREFIX)]:
        picked = [value for value in values.pop(key) if value]  # the picker's slot is empty until used
        commune = geo.commune(picked[0]) if picked else None
        if commune is not None:
            values[key.removeprefix(CHOICE_PREFIX)] = [answer_text(commune)]


def _set(data: Any, path: JsonPath, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value
