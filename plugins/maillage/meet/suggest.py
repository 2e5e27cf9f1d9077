"""Suggestions "à rencontrer": for each actor, a few others worth meeting, each with one French line,
and the things other entries lend (ressources) that it seeks.

Why these: complementary offers and needs (what B `propose` that A `recherche`, and back),
shared disciplines, proximity, and worlds (`univers`) that differ. How, without comparing every
pair: candidates come from inverted indexes keyed by (territory, resource) and (territory,
discipline), searched from the actor's commune outwards (EPCI, département, région, everywhere)
until enough are found, so each actor looks at its neighbourhood, not at the whole commons.
A shared discipline alone only counts within the EPCI: it is no reason to cross a région.
Ranking is by score, then by id, so the result never depends on dictionary or file order.
Things to borrow are found the same way, from an index keyed by (territory, what is offered),
among those lent in a territory that contains the actor (the offer's scale), never its own.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import InitVar, dataclass, field

from maillage.meet import texts
from maillage.meet.profiles import TIERS, Explained, Offer, Profile, closeness, other_facets
from maillage.meet.vocabulary import Vocabulary

EVERYWHERE = "*"
DISCIPLINE_TIERS = ("commune", "intercommunalite")
RANKS = {tier: rank for rank, tier in enumerate((*TIERS, EVERYWHERE))}  # nearest first

# Weights: what one actor can do for another counts most; then being close; then crossing worlds.
GIVES_WEIGHT = 3
TAKES_WEIGHT = 2
DISCIPLINE_WEIGHT = 1
MAX_DISCIPLINES = 2
PROXIMITY_WEIGHT = {"commune": 4, "intercommunalite": 3, "departement": 2, "region": 1, None: 0}
OTHER_FACET_WEIGHT = 1

Key = tuple[str, str, str]  # (tier, territory code or "*", resource or discipline)


@dataclass(frozen=True, slots=True)
class Suggestion(Explained):
    """Another actor to meet, its score and the French reasons, best first."""

    actor: str
    name: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Borrowable(Explained):
    """Something an actor seeks that another entry lends (a ressource), its score and French reasons."""

    entry: str
    name: str
    score: int
    reasons: tuple[str, ...]


@dataclass
class Suggester:
    """Inverted indexes over the profiles (and the things lent), built once; `for_actor` and
    `to_borrow` answer one actor at a time."""

    profiles: dict[str, Profile]
    vocabulary: Vocabulary
    things: dict[str, Offer] = field(default_factory=dict)
    offers: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    needs: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    disciplines: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    lent: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    # How far each actor searched (the rank of its last tier, see RANKS), for suggestions and for
    # things to borrow: what another actor's change can reach (`reached_by`) without asking all.
    reach: dict[str, int] = field(default_factory=dict)
    borrow_reach: dict[str, int] = field(default_factory=dict)
    # What was last answered for each actor (the preview renders a page again only if it changes).
    given: dict[str, list[Suggestion]] = field(default_factory=dict)
    lent_given: dict[str, list[Borrowable]] = field(default_factory=dict)

    # The suggester of the commons before an edit (the preview): its indexes are updated for the
    # actors and things that changed instead of being built again for the whole commons.
    before: InitVar[Suggester | None] = None

    def __post_init__(self, before: Suggester | None) -> None:
        self._resource_order = {code: i for i, code in enumerate(self.vocabulary.resources)}
        self._discipline_order = {code: i for i, code in enumerate(self.vocabulary.disciplines)}
        if before is not None and before.vocabulary == self.vocabulary:
            self._update(before)
            return
        for thing in sorted(self.things.values(), key=lambda t: t.id):
            for key in _thing_keys(thing):
                self.lent[key].append(thing.id)
        indexes = self._indexes()
        for actor in sorted(self.profiles.values(), key=lambda p: p.id):
            for name, key in _actor_keys(actor):
                indexes[name][key].append(actor.id)
        # Per actor, once: its territories (nearest first) and its scoring fields in one tuple, so
        # that scoring hundreds of candidates costs one dict look-up and some integer work each.
        self._where = {p.id: tuple(_locations(p)) for p in self.profiles.values()}
        self._packed = {p.id: _pack(p) for p in self.profiles.values()}

    def _update(self, before: Suggester) -> None:
        """Take `before`'s indexes and list again only the actors and things whose profile changed
        (a profile kept from the previous build is the same object): the same indexes as built from
        scratch (each list in id order), and `before`'s own are left as they were (a list is
        copied before it changes: the preview still asks the old suggester)."""
        self.offers = defaultdict(list, before.offers)
        self.needs = defaultdict(list, before.needs)
        self.disciplines = defaultdict(list, before.disciplines)
        self.lent = defaultdict(list, before.lent)
        self._where, self._packed = dict(before._where), dict(before._packed)
        indexes = self._indexes()
        copied: set[tuple[str, Key]] = set()

        def edit(name: str, key: Key, entry_id: str, add: bool) -> None:
            index = indexes[name]
            if (name, key) not in copied:
                copied.add((name, key))
                index[key] = list(index.get(key, ()))
            listed = index[key]
            if add:
                bisect.insort(listed, entry_id)
            else:
                listed.remove(entry_id)
                if not listed:
                    del index[key]

        old, new = before.profiles, self.profiles
        for actor_id in old.keys() | new.keys():
            was, now = old.get(actor_id), new.get(actor_id)
            if was is now:
                continue
            if was is not None:
                for name, key in _actor_keys(was):
                    edit(name, key, actor_id, add=False)
                del self._where[actor_id], self._packed[actor_id]
            if now is not None:
                for name, key in _actor_keys(now):
                    edit(name, key, actor_id, add=True)
                self._where[actor_id], self._packed[actor_id] = tuple(_locations(now)), _pack(now)
        for thing_id in before.things.keys() | self.things.keys():
            was, now = before.things.get(thing_id), self.things.get(thing_id)
            if was == now:
                continue
            for key in _thing_keys(was) if was is not None else ():
                edit("lent", key, thing_id, add=False)
            for key in _thing_keys(now) if now is not None else ():
                edit("lent", key, thing_id, add=True)

    def _indexes(self) -> dict[str, defaultdict[Key, list[str]]]:
        """The inverted indexes by name (see `_actor_keys` and `_thing_keys`)."""
        return {"offers": self.offers, "needs": self.needs, "disciplines": self.disciplines, "lent": self.lent}

    def candidates(self, actor: Profile, limit: int) -> set[str]:
        """Actors sharing a complement or (nearby) a discipline, from the nearest territory outwards."""
        pool: set[str] = set()
        discipline_code: tuple[str, str] | None = None
        for tier, code in self._where.get(actor.id) or _locations(actor):
            pool = set()
            for resource in actor.recherche:
                pool.update(self.offers.get((tier, code, resource), ()))
            for resource in actor.propose:
                pool.update(self.needs.get((tier, code, resource), ()))
            if tier in DISCIPLINE_TIERS:
                discipline_code = (tier, code)
            if discipline_code is not None:
                for discipline in actor.disciplines:
                    pool.update(self.disciplines.get((*discipline_code, discipline), ()))
            pool.discard(actor.id)
            self.reach[actor.id] = RANKS[tier]
            if len(pool) >= limit:
                break
        return pool

    def for_actor(self, actor_id: str, limit: int = 5) -> list[Suggestion]:
        """The best `limit` actors for one actor to meet (empty for an unknown or hidden actor)."""
        actor = self.profiles.get(actor_id)
        if actor is None or limit <= 0:
            return []
        # Score every candidate cheaply; write the French reasons for the chosen few only.
        best = heapq.nsmallest(limit, self._scored(actor, self.candidates(actor, limit)))
        chosen = [self._explain(actor, self.profiles[other], -negative) for negative, other in best]
        self.given[actor_id] = chosen
        return chosen

    def to_borrow(self, actor_id: str, limit: int = 5) -> list[Borrowable]:
        """The best `limit` things an actor seeks that others lend nearby (empty for an unknown actor)."""
        actor = self.profiles.get(actor_id)
        if actor is None or limit <= 0:
            return []
        pool: set[str] = set()
        for tier, code in self._where.get(actor.id) or _locations(actor):
            for resource in actor.recherche:
                pool.update(self.lent.get((tier, code, resource), ()))
            self.borrow_reach[actor.id] = RANKS[tier]
            if len(pool) >= limit:
                break
        found = [self.things[i] for i in pool]
        found = [t for t in found if t.reaches(actor) and actor.id not in t.lenders]
        best = heapq.nsmallest(limit, ((-self._lending_points(actor, t), t.id) for t in found))
        lent = [self._explain_lending(actor, self.things[i], -negative) for negative, i in best]
        self.lent_given[actor_id] = lent
        return lent

    def _lending_points(self, actor: Profile, thing: Offer) -> int:
        return GIVES_WEIGHT * len(actor.recherche & thing.offers) + PROXIMITY_WEIGHT[closeness(actor, thing)]

    def _explain_lending(self, actor: Profile, thing: Offer, score: int) -> Borrowable:
        wanted = sorted(actor.recherche & thing.offers, key=self._resource_order.__getitem__)
        reasons = [texts.LENT.format(resource=self.vocabulary.resource(r)) for r in wanted]
        lenders = [self.profiles[i].name for i in thing.lenders if i in self.profiles]
        if lenders:
            reasons.append(texts.LENT_BY.format(names=", ".join(lenders)))
        near = closeness(actor, thing)
        if near is not None:
            reasons.append(texts.SAME_PLACE[near].format(name=thing.places[near].name))
        return Borrowable(thing.id, thing.name, score, tuple(reasons))

    def reached_by(self, other: Profile) -> dict[str, int]:
        """The actors whose candidates `other` may be among, each with the rank of the nearest tier
        where it would be: an actor that searched no further than a smaller rank cannot have
        seen it, so its suggestions do not depend on `other`."""
        found: dict[str, int] = {}
        for tier, code in _locations(other):
            keys = [(self.needs, r) for r in other.propose] + [(self.offers, r) for r in other.recherche]
            if tier in DISCIPLINE_TIERS:
                keys += [(self.disciplines, d) for d in other.disciplines]
            for index, value in keys:
                for actor_id in index.get((tier, code, value), ()):
                    found.setdefault(actor_id, RANKS[tier])
        return found

    def reached_by_thing(self, thing: Offer) -> dict[str, int]:
        """The actors whose things to borrow a thing lent may be among, with the rank of the
        nearest tier where it would be (as `reached_by`)."""
        found: dict[str, int] = {}
        for tier, code in _locations(thing):
            for resource in thing.offers:
                for actor_id in self.needs.get((tier, code, resource), ()):
                    found.setdefault(actor_id, RANKS[tier])
        return found

    def all(self, limit: int = 5) -> dict[str, list[Suggestion]]:
        """Suggestions for every actor, in id order."""
        return {actor_id: self.for_actor(actor_id, limit) for actor_id in sorted(self.profiles)}

    def _scored(self, actor: Profile, pool: Iterable[str]) -> list[tuple[int, str]]:
        """(-score, id) of every candidate in `pool` for `actor` (see the weights above): gives,
        takes, shared disciplines (at most MAX_DISCIPLINES), proximity (the nearest tier both are
        in) and facets stated by both with different values. Written as one loop over packed
        integers (no call per candidate): it is the suggestions' inner loop."""
        packed = self._packed
        wants, gives, practises, facets, values, *codes = _pack(actor)
        # The actor's missing territories never equal a candidate's (both None would otherwise match).
        a0, a1, a2, a3 = (_NOWHERE if code is None else code for code in codes)
        w0, w1, w2, w3 = (PROXIMITY_WEIGHT[tier] for tier in TIERS)
        scored = []
        for other in pool:
            needs, offers, disciplines, their_facets, their_values, c0, c1, c2, c3 = packed[other]
            shared = (practises & disciplines).bit_count()
            score = (
                GIVES_WEIGHT * (wants & offers).bit_count()
                + TAKES_WEIGHT * (gives & needs).bit_count()
                + DISCIPLINE_WEIGHT * (shared if shared < MAX_DISCIPLINES else MAX_DISCIPLINES)
                + (w0 if c0 == a0 else w1 if c1 == a1 else w2 if c2 == a2 else w3 if c3 == a3 else 0)
                + OTHER_FACET_WEIGHT * ((facets & their_facets).bit_count() - (values & their_values).bit_count())
            )
            scored.append((-score, other))
        return scored

    def _explain(self, actor: Profile, other: Profile, score: int) -> Suggestion:
        """The suggestion with its reasons, in French, strongest first."""
        vocabulary = self.vocabulary
        gives = sorted(actor.recherche & other.propose, key=self._resource_order.__getitem__)
        takes = sorted(actor.propose & other.recherche, key=self._resource_order.__getitem__)
        shared = sorted(actor.disciplines & other.disciplines, key=self._discipline_order.__getitem__)
        near = closeness(actor, other)
        facets = other_facets(actor, other)
        reasons = [texts.GIVES.format(resource=vocabulary.resource(r)) for r in gives[:2]]
        reasons += [texts.TAKES.format(resource=vocabulary.resource(r)) for r in takes[:1]]
        if shared:
            template = texts.SHARED_DISCIPLINE if len(shared) == 1 else texts.SHARED_DISCIPLINES
            reasons.append(template.format(disciplines=", ".join(vocabulary.discipline(d) for d in shared)))
        if near is not None:
            reasons.append(texts.SAME_PLACE[near].format(name=other.places[near].name))
        if facets:
            values = ", ".join(vocabulary.facet_value(f, other.univers[f]) for f in facets)
            reasons.append(texts.OTHER_UNIVERS.format(values=values))
        return Suggestion(other.id, other.name, score, tuple(reasons))


def across(
    suggester: Suggester, commons_of: Mapping[str, frozenset[str]], limit: int = 5
) -> list[tuple[str, Suggestion]]:
    """The suggestions that cross from one commons to another (a regional commons gathering local
    ones; `commons_of` maps each actor to the commons that publish it): among each actor's
    `limit` best, those naming an actor of no commons it belongs to, when one offers what the
    other seeks; each pair once, strongest first, then by ids."""
    found = []
    for actor_id in sorted(commons_of):
        actor = suggester.profiles.get(actor_id)
        if actor is None:
            continue
        for suggestion in suggester.for_actor(actor_id, limit):
            other = suggester.profiles[suggestion.actor]
            if commons_of.get(suggestion.actor, frozenset()) & commons_of[actor_id]:
                continue
            if actor.recherche & other.propose or actor.propose & other.recherche:
                found.append((actor_id, suggestion))
    seen: set[frozenset[str]] = set()
    result = []
    for actor_id, suggestion in sorted(found, key=lambda item: (-item[1].score, item[0], item[1].actor)):
        pair = frozenset((actor_id, suggestion.actor))
        if pair not in seen:
            seen.add(pair)
            result.append((actor_id, suggestion))
    return result


_NOWHERE = object()  # equal to no territory code


def _actor_keys(actor: Profile) -> Iterable[tuple[str, Key]]:
    """Where an actor is listed: (index name, key) for what it offers, seeks and practises nearby."""
    for tier, code in _locations(actor):
        for resource in actor.propose:
            yield "offers", (tier, code, resource)
        for resource in actor.recherche:
            yield "needs", (tier, code, resource)
        if tier in DISCIPLINE_TIERS:
            for discipline in actor.disciplines:
                yield "disciplines", (tier, code, discipline)


def _thing_keys(thing: Offer) -> Iterable[Key]:
    """Where a thing lent is listed: by territory containing it and by what it offers."""
    for tier, code in _locations(thing):
        for resource in thing.offers:
            yield tier, code, resource


def _pack(actor: Profile) -> tuple:
    """What scoring needs of an actor, in one flat tuple (bits, then its four territory codes)."""
    codes = actor.codes or (None,) * len(TIERS)
    return (actor.recherche_bits, actor.propose_bits, actor.discipline_bits, actor.facet_bits, actor.value_bits,
            *codes)


def _locations(actor: Profile | Offer) -> Iterable[tuple[str, str]]:
    """(tier, code) of every territory containing the actor (or thing), nearest first, then everywhere."""
    for tier in TIERS:
        place = actor.places.get(tier)
        if place is not None:
            yield tier, place.code
    yield EVERYWHERE, EVERYWHERE
