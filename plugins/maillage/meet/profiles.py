"""What the meeting features need to know of each publishable actor, computed once, and of the
things other entries put at the disposal of actors (a ressource to borrow).

What an entry offers and seeks is read from the fields its schema marks `x-offre` and
`x-demande` (the shared vocabulary of means: a rehearsal room, technical equipment…). A person
without consent to publication has no profile: no suggestion, pairing or metric can then show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.meet import texts
from maillage.model import Commons, Entry, EntryType, SchemaSet, field_values, territory
from maillage.model.schemas import FieldPath
from maillage.model.territory import Place
from maillage.model.types import SCALE_FIELD

ACTORS = "acteurs"  # the folder of the entries the meeting features bring together
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


@dataclass(frozen=True, slots=True)
class Means:
    """The fields of a type that hold what its entries offer (`x-offre`) and seek (`x-demande`)."""

    offers: tuple[FieldPath, ...] = ()
    needs: tuple[FieldPath, ...] = ()

    @classmethod
    def of(cls, schemas: SchemaSet, entry_type: EntryType) -> Means:
        """The marked fields of a type (a list's items hold the values)."""
        fields = schemas.field_index(entry_type)

        def marked(key: str) -> tuple[FieldPath, ...]:
            paths = [path for path, schema in fields.items() if schema.get(key)]
            return tuple((*path, "*") if (*path, "*") in fields else path for path in paths)

        return cls(marked("x-offre"), marked("x-demande"))

    def offered(self, data: dict[str, Any]) -> frozenset[str]:
        """What an entry offers."""
        return _values(data, self.offers)

    def needed(self, data: dict[str, Any]) -> frozenset[str]:
        """What an entry seeks."""
        return _values(data, self.needs)


def _values(data: dict[str, Any], patterns: tuple[FieldPath, ...]) -> frozenset[str]:
    return frozenset(v for pattern in patterns for v in field_values(data, pattern) if isinstance(v, str))


def _places(code: str | None, cache: dict[str, dict[str, Place]] | None) -> dict[str, Place]:
    """The territories containing a commune, looked up once per commune with a cache."""
    if code is None:
        return {}
    cache = cache if cache is not None else {}
    known = cache.get(code)
    if known is None:
        known = cache[code] = territory().places(code)
    return known


def profile(entry: Entry, means: Means, places_cache: dict[str, dict[str, Place]] | None = None) -> Profile:
    """The profile of one actor entry (`means`: its type's offer and need fields)."""
    data = entry.data
    univers = data.get("univers")
    code = data.get("commune") if isinstance(data.get("commune"), str) else None
    places = _places(code, places_cache)
    propose, recherche = means.offered(data), means.needed(data)
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


def profiles(commons: Commons, previous: tuple[Commons, dict[str, Profile]] | None = None) -> dict[str, Profile]:
    """Profiles of every publishable actor, by id (in id order); with the `previous` commons and
    its profiles (the site's preview after an edit), an actor whose file was not read again keeps
    its profile."""
    cache: dict[str, dict[str, Place]] = {}
    actors = commons.schemas.by_folder.get(ACTORS)
    if actors is None:
        return {}
    means = Means.of(commons.schemas, actors)
    found = {}
    for entry in commons.of_type(ACTORS):
        if not entry.publishable:
            continue
        known = previous[1].get(entry.id) if previous is not None else None
        was = previous[0].entries.get(entry.id) if known is not None and previous is not None else None
        found[entry.id] = known if was is not None and was.document is entry.document else profile(entry, means, cache)
    return found


@dataclass(frozen=True, slots=True)
class Offer:
    """A publishable entry that is not an actor and puts means at the disposal of actors (a
    ressource to borrow): what it offers, who lends it, where it is."""

    id: str
    name: str
    type: EntryType
    offers: frozenset[str]
    lenders: tuple[str, ...]  # the publishable actors it cites (its lender)
    places: dict[str, Place]
    reach: Place | None  # how far it is lent: its territory at the entry's scale (`echelle`)
    codes: tuple[str | None, ...] = ()

    def reaches(self, actor: Profile) -> bool:
        """Whether an actor is within the territory the offer is lent in."""
        return self.reach is not None and actor.places.get(self.reach.kind) == self.reach


def offers(commons: Commons) -> dict[str, Offer]:
    """Every publishable entry of a type other than the actors' that has `x-offre` fields, by id."""
    schemas = commons.schemas
    cache: dict[str, dict[str, Place]] = {}
    found: dict[str, Offer] = {}
    for entry_type in schemas.types:
        means = Means.of(schemas, entry_type)
        if entry_type.folder == ACTORS or not means.offers:
            continue
        lender_fields = [p for p, folder in schemas.reference_fields(entry_type) if folder == ACTORS]
        for entry in commons.of_type(entry_type.folder):
            offered = means.offered(entry.data)
            if not entry.publishable or not offered:
                continue
            lenders = tuple(dict.fromkeys(
                v for p in lender_fields for v in field_values(entry.data, p)
                if isinstance(v, str) and v in commons.entries and commons.entries[v].publishable
            ))
            places = _places(first_commune(entry), cache)
            scale = entry.data.get(SCALE_FIELD)
            reach = places.get(scale if isinstance(scale, str) else "commune") or places.get("commune")
            codes = tuple(places[t].code if t in places else None for t in TIERS)
            found[entry.id] = Offer(entry.id, entry.title, entry_type, offered, lenders, places, reach, codes)
    return found


def first_commune(entry: Entry) -> str | None:
    """The INSEE code locating an entry (its type's `x-commune`)."""
    values = field_values(entry.data, entry.type.place) if entry.type.place else []
    return values[0] if values and isinstance(values[0], str) else None


def closeness(a: Profile | Offer, b: Profile | Offer) -> str | None:
    """The smallest territory two actors (or an actor and an offer) share (`commune`, …, `region`), or None."""
    for tier, mine, theirs in zip(TIERS, a.codes, b.codes, strict=True):
        if mine is not None and mine == theirs:
            return tier
    return None


def other_facets(a: Profile, b: Profile) -> list[str]:
    """Univers facets where both actors say something and differ, in schema order."""
    return [f for f in FACETS if f in a.univers and f in b.univers and a.univers[f] != b.univers[f]]
