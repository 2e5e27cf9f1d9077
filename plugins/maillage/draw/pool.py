"""The pool: the volunteers a draw picks from, and their types.

Two volunteers are of the same type when they belong to the same quota categories. Quotas
cannot tell them apart, so a fair distribution gives them the same chance: the fairness
computation works on types (a handful) instead of people (hundreds), and people are then
drawn uniformly within their type.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.draw.rules import Category, Rules
from maillage.model import Commons, Entry, territory


@dataclass(frozen=True, slots=True)
class Volunteer:
    """One volunteer: an actor id and the quota categories it belongs to."""

    id: str
    categories: frozenset[str]


@dataclass(slots=True)
class Pool:
    """Volunteers in id order, their types, and what was left out and why."""

    volunteers: list[Volunteer]
    excluded: list[str] = field(default_factory=list)

    @property
    def types(self) -> list[frozenset[str]]:
        """Distinct category sets, in a stable order (fewest categories first, then by name)."""
        return sorted({v.categories for v in self.volunteers}, key=lambda c: (len(c), sorted(c)))

    def type_index(self) -> dict[str, int]:
        """Volunteer id → index of its type in `types`."""
        index = {cats: i for i, cats in enumerate(self.types)}
        return {v.id: index[v.categories] for v in self.volunteers}

    def type_sizes(self) -> list[int]:
        """How many volunteers of each type."""
        counts = Counter(v.categories for v in self.volunteers)
        return [counts[t] for t in self.types]

    def members(self) -> list[list[str]]:
        """Volunteer ids of each type, in id order."""
        index = self.type_index()
        result: list[list[str]] = [[] for _ in self.types]
        for volunteer in self.volunteers:
            result[index[volunteer.id]].append(volunteer.id)
        return result

    def ids(self) -> list[str]:
        """Volunteer ids, in id order."""
        return [v.id for v in self.volunteers]

    def count(self, category: Category) -> int:
        """Volunteers in a category."""
        return sum(1 for v in self.volunteers if category.key in v.categories)

    def commitment(self) -> list[list[Any]]:
        """Canonical form hashed into the pool commitment: [[id, [categories…]], …] by id."""
        return [[v.id, sorted(v.categories)] for v in self.volunteers]

    def frozen(self) -> dict[str, Any]:
        """How the pool is written into the entry at `prepare`."""
        index = self.type_index()
        return {
            "volontaires": [{"acteur": v.id, "type": index[v.id] + 1} for v in self.volunteers],
            "types": [
                {"numero": i + 1, "categories": sorted(t), "effectif": n}
                for i, (t, n) in enumerate(zip(self.types, self.type_sizes(), strict=True))
            ],
        }

    @classmethod
    def from_frozen(cls, commitments: dict[str, Any]) -> Pool:
        """The pool as frozen in an entry's commitments."""
        types = {t["numero"]: frozenset(t["categories"]) for t in commitments["types"]}
        volunteers = []
        for item in commitments["volontaires"]:
            if item["type"] not in types:
                raise DrawError(
                    msg.FROZEN_POOL_BAD_TYPE.format(id=item["acteur"], type=item["type"]), "engagements.volontaires"
                )
            volunteers.append(Volunteer(item["acteur"], types[item["type"]]))
        return cls(sorted(volunteers, key=lambda v: v.id))


    @classmethod
    def from_commitment(cls, items: list[Any]) -> Pool:
        """The pool from its committed form `[[id, [categories…]], …]` (a complementary draw's)."""
        return cls(sorted((Volunteer(str(i), frozenset(c)) for i, c in items), key=lambda v: v.id))


def late_volunteers(draw: Entry, commons: Commons, rules: Rules, taken: set[str]) -> Pool:
    """Volunteers who match the draw today but were not in its frozen pool (nor in an earlier
    complementary draw): those a complementary draw picks from."""
    spec = draw.data.get("vivier") or {}
    criteria = spec.get("criteres") or {}
    listed = set(spec.get("liste") or [])
    found = []
    for actor in commons.of_type("acteurs"):
        if actor.id in taken or (listed and actor.id not in listed) or _refusal(actor, criteria, draw):
            continue
        found.append(Volunteer(actor.id, frozenset(c.key for c in rules.categories if c.holds_for(actor.data))))
    return Pool(found)


def build_pool(draw: Entry, commons: Commons, rules: Rules) -> Pool:
    """The volunteers of the commons who match the draw's pool definition."""
    spec = draw.data.get("vivier") or {}
    criteria = spec.get("criteres") or {}
    actors = {e.id: e for e in commons.of_type("acteurs")}
    volunteers: list[Volunteer] = []
    excluded: list[str] = []
    listed = spec.get("liste")
    candidates = [actors[i] for i in listed if i in actors] if listed else list(actors.values())
    for missing in [i for i in listed or [] if i not in actors]:
        raise DrawError(msg.LISTED_UNKNOWN.format(id=missing), "vivier.liste")
    for actor in candidates:
        reason = _refusal(actor, criteria, draw)
        if reason and listed:
            raise DrawError(msg.LISTED_REFUSED.format(id=actor.id, reason=reason), "vivier.liste")
        if reason:
            if reason == msg.REASON_NO_CONSENT and actor.data.get("volontaire_tirage") is True:
                excluded.append(actor.id)
            continue
        cats = frozenset(c.key for c in rules.categories if c.holds_for(actor.data))
        volunteers.append(Volunteer(actor.id, cats))
    return Pool(sorted(volunteers, key=lambda v: v.id), sorted(excluded))


def _refusal(actor: Entry, criteria: dict[str, Any], draw: Entry) -> str:
    """Why an actor cannot be in this pool (empty text: it can)."""
    data = actor.data
    if data.get("volontaire_tirage") is not True:
        return msg.REASON_NOT_VOLUNTEER
    if not actor.publishable:
        return msg.REASON_NO_CONSENT
    scale = criteria.get("territoire")
    if scale:
        home = territory().place_at_scale(draw.data["commune"], scale)
        there = (
            territory().place_at_scale(data.get("commune", ""), scale) if isinstance(data.get("commune"), str) else None
        )
        if home is None or there is None or there.code != home.code:
            return msg.REASON_TERRITORY.format(place=home.name if home else draw.data["commune"])
    wanted = criteria.get("disciplines")
    if wanted and not set(wanted) & set(data.get("disciplines") or []):
        return msg.REASON_DISCIPLINE
    for item in criteria.get("categories") or []:
        category = Category.from_data(item)
        if not category.holds_for(data):
            return msg.REASON_CATEGORY.format(label=category.label)
    return ""
