"""What the meeting features need to know of each publishable actor, computed once.

A person without consent to publication has no profile: no suggestion, pairing or metric can
then show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.meet import texts
from maillage.model import Commons, Entry, territory
from maillage.model.territory import Place

FACETS = ("pratique", "milieu", "structure", "economie", "culture", "sphere")
TIERS = ("commune", "intercommunalite", "departement", "region")


class Explained:
    """A match (a suggestion, a pairing) and the French reasons that explain it."""

    __slots__ = ()
    reasons: tuple[str, ...]

    @property
    def line(self) -> str:
        """The reasons on one line: `propose un lieu de répétition, que vous recherchez ; …`."""
        return texts.REASONS_SEPARATOR.join(self.reasons)


@dataclass(frozen=True, slots=True)
class Profile:
    """A publishable actor: its worlds, disciplines, offers, needs, roles and territory."""

    id: str
    name: str
    univers: dict[str, str]
    disciplines: frozenset[str]
    propose: frozenset[str]
    recherche: frozenset[str]
    roles: frozenset[str]
    commune: str | None
    places: dict[str, Place]  # by scale: commune, intercommunalite, departement, region
    # Compact forms for scoring many pairs: one bit per facet held, one bit per (facet, value),
    # and the official codes of its territories, nearest first.
    facet_bits: int = 0
    value_bits: int = 0
    propose_bits: int = 0
    recherche_bits: int = 0
    discipline_bits: int = 0
    codes: tuple[str | None, ...] = ()


_BITS: dict[tuple[str, str], int] = {}


def _bit(kind: str, value: str) -> int:
    """A bit of its own for each (kind, value) seen, assigned on first sight (only counts matter)."""
    return 1 << _BITS.setdefault((kind, value), len(_BITS))


def _mask(kind: str, values: frozenset[str]) -> int:
    return sum(_bit(kind, v) for v in values)


def _strings(value: Any) -> frozenset[str]:
    """The strings of a list field (anything else is ignored: `maillage verifier` reports it)."""
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()


def profile(entry: Entry, places_cache: dict[str, dict[str, Place]] | None = None) -> Profile:
    """The profile of one actor entry (its places looked up once per commune with a cache)."""
    data = entry.data
    univers = data.get("univers")
    code = data.get("commune") if isinstance(data.get("commune"), str) else None
    places: dict[str, Place] = {}
    if code is not None:
        cache = places_cache if places_cache is not None else {}
        known = cache.get(code)
        if known is None:
            known = cache[code] = territory().places(code)
        places = known
    propose, recherche = _strings(data.get("propose")), _strings(data.get("recherche"))
    disciplines = _strings(data.get("disciplines"))
    stated = univers.items() if isinstance(univers, dict) else ()
    worlds = {f: v for f, v in stated if f in FACETS and isinstance(v, str)}
    return Profile(
        id=entry.id,
        name=entry.title,
        univers=worlds,
        disciplines=disciplines,
        propose=propose,
        recherche=recherche,
        roles=_strings(data.get("roles")),
        commune=code,
        places=places,
        facet_bits=sum(1 << FACETS.index(f) for f in worlds),
        value_bits=sum(_bit(f, v) for f, v in worlds.items()),
        propose_bits=_mask("ressource", propose),
        recherche_bits=_mask("ressource", recherche),
        discipline_bits=_mask("discipline", disciplines),
        codes=tuple(places[t].code if t in places else None for t in TIERS),
    )


def profiles(commons: Commons) -> dict[str, Profile]:
    """Profiles of every publishable actor, by id (in id order)."""
    cache: dict[str, dict[str, Place]] = {}
    return {e.id: profile(e, cache) for e in commons.of_type("acteurs") if e.publishable}


def closeness(a: Profile, b: Profile) -> str | None:
    """The smallest territory two actors share (`commune`, …, `region`), or None."""
    for tier, mine, theirs in zip(TIERS, a.codes, b.codes, strict=True):
        if mine is not None and mine == theirs:
            return tier
    return None


def other_facet_count(a: Profile, b: Profile) -> int:
    """How many facets both actors state with different values (bit arithmetic: called for many pairs)."""
    return (a.facet_bits & b.facet_bits).bit_count() - (a.value_bits & b.value_bits).bit_count()


def other_facets(a: Profile, b: Profile) -> list[str]:
    """Univers facets where both actors say something and differ, in schema order."""
    return [f for f in FACETS if f in a.univers and f in b.univers and a.univers[f] != b.univers[f]]
