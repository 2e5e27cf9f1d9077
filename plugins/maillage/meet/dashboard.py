"""The cooperation dashboard: do projects and rencontres bring different worlds together?

Measured facet by facet of `univers` (amateur / professionnel, rural / urbain…): a project or
rencontre "brings both sides together" on a facet when its publishable actors hold at least two
of its values; it stays on "one side" when they state only one, and the facet is "unknown" when
none of them states it. Each share is counted per facet — "mixes on any one of six facets" is
true of nearly everything and could never move. Shares are given overall and per period (year or
quarter of its start). Which univers meet which: for each pair of values, the projects and
rencontres where an actor holding one works with another actor holding the other. Territories
whose actors take part in nothing that brings two sides together are "without cooperation yet".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from maillage.meet.involvement import actors_of, facilitators_of, initiators_of
from maillage.meet.profiles import FACETS, Profile, profiles
from maillage.model import Commons, Entry, first_value
from maillage.model.collation import name_key
from maillage.model.territory import Place, territory

KINDS = ("projets", "rencontres")
NO_DATE = "sans date"
QUIET_SCALES = ("intercommunalite", "commune")
Value = tuple[str, str]  # (facet, value): ("pratique", "amateur")


@dataclass(frozen=True, slots=True)
class Cooperation:
    """One project or rencontre: its actors, the univers values each holds, and its start."""

    entry: Entry
    actors: tuple[str, ...]
    holders: dict[Value, frozenset[str]]  # who holds each value, among its actors
    start: str | None  # ISO date (the first 10 characters of its start), if any

    def sides(self, facet: str) -> int:
        """How many values of a facet its actors hold (two: both sides are there)."""
        return sum(1 for f, _ in self.holders if f == facet)

    @property
    def mixed_facets(self) -> tuple[str, ...]:
        """The facets on which it brings both sides together, in schema order."""
        return tuple(f for f in FACETS if self.sides(f) >= 2)

    def meets(self, a: Value, b: Value) -> bool:
        """Whether an actor holding `a` works here with another actor holding `b` (`a == b`: some actor holds it)."""
        first, second = self.holders.get(a, frozenset()), self.holders.get(b, frozenset())
        if a == b:
            return bool(first)
        return any(x != y for x in first for y in second)

    def period(self, by: str) -> str:
        """`2026` by year, `2026 T1` by quarter, or `sans date`."""
        if self.start is None:
            return NO_DATE
        year, month = self.start[:4], int(self.start[5:7])
        return year if by == "annee" else f"{year} T{(month - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class Crossing:
    """Of `total` projects (or rencontres), how many bring both sides of one facet together, how
    many stay on one side, and (the rest) how many say nothing of it."""

    total: int
    both: int
    one_side: int

    @property
    def unknown(self) -> int:
        """Those whose actors do not state the facet (or that have no actor yet)."""
        return self.total - self.both - self.one_side

    @property
    def percent(self) -> int | None:
        """Rounded percentage bringing both sides together (None when there is none)."""
        return round(100 * self.both / self.total) if self.total else None


@dataclass
class Dashboard:
    """Everything the dashboard page shows, computed once."""

    items: dict[str, list[Cooperation]]
    quiet: dict[str, list[Place]]
    initiative: dict[str, dict[str, int]]
    names: dict[str, str] = field(default_factory=dict)
    active: set[tuple[str, str]] = field(default_factory=set)  # (scale, code) where two sides meet
    located: set[tuple[str, str]] = field(default_factory=set)  # (scale, code) where actors are

    def chosen(self, kind: str, period: str | None = None, by: str = "annee") -> list[Cooperation]:
        """The projects or rencontres of one period (all of them without one)."""
        return [c for c in self.items[kind] if period is None or c.period(by) == period]

    def crossing(self, kind: str, facet: str, period: str | None = None, by: str = "annee") -> Crossing:
        """How the projects (or rencontres) of a period stand on one facet."""
        chosen = self.chosen(kind, period, by)
        sides = [c.sides(facet) for c in chosen]
        return Crossing(len(chosen), sum(1 for s in sides if s >= 2), sum(1 for s in sides if s == 1))

    def periods(self, kind: str, by: str = "annee") -> list[str]:
        """The periods of a kind, oldest first (undated last)."""
        return sorted({c.period(by) for c in self.items[kind]}, key=lambda p: (p == NO_DATE, p))

    def over_time(self, kind: str, facet: str, by: str = "annee") -> list[tuple[str, Crossing]]:
        """One facet's crossing per period, oldest first (undated last)."""
        return [(p, self.crossing(kind, facet, p, by)) for p in self.periods(kind, by)]

    def values(self) -> list[Value]:
        """The univers values some actor of a project or rencontre holds, facet by facet in schema order."""
        held = {value for kind in KINDS for c in self.items[kind] for value in c.holders}
        return sorted(held, key=lambda v: (FACETS.index(v[0]), v[1]))

    def meetings(self) -> dict[tuple[Value, Value], int]:
        """For each pair of values (both orders, and each value with itself), how many projects and
        rencontres bring an actor of one together with another actor of the other."""
        values = self.values()
        counts: dict[tuple[Value, Value], int] = {(a, b): 0 for a in values for b in values}
        for kind in KINDS:
            for item in self.items[kind]:
                held = [v for v in values if v in item.holders]
                for a in held:
                    counts[(a, a)] += 1
                for a, b in combinations(held, 2):
                    if item.meets(a, b):
                        counts[(a, b)] += 1
                        counts[(b, a)] += 1
        return counts

    def links(self) -> list[tuple[Entry, list[str]]]:
        """The actor–project graph as adjacency: each project with its actors."""
        return [(c.entry, list(c.actors)) for c in self.items["projets"]]


def cooperation(commons: Commons, entry: Entry, people: dict[str, Profile]) -> Cooperation:
    """The actors of one project or rencontre and the univers values they hold."""
    actors = tuple(a for a in actors_of(commons, entry) if a in people)
    holders: dict[Value, set[str]] = defaultdict(set)
    for actor in actors:
        for facet, value in people[actor].univers.items():
            holders[(facet, value)].add(actor)
    raw: Any = first_value(entry.data, entry.type.sort_date)  # its `x-date`
    start = raw[:10] if isinstance(raw, str) and len(raw) >= 10 else None
    return Cooperation(entry, actors, {value: frozenset(who) for value, who in holders.items()}, start)


def _territories(items: dict[str, list[Cooperation]], people: dict[str, Profile]) -> tuple[set, set]:
    """(scale, code) of the places where two sides meet, and of the places where actors are."""
    active: set[tuple[str, str]] = set()
    for kind in KINDS:
        for item in items[kind]:
            if not item.mixed_facets:
                continue
            for actor in item.actors:
                active.update((p.kind, p.code) for p in people[actor].places.values())
            code = first_value(item.entry.data, item.entry.type.place)  # its `x-commune`
            if isinstance(code, str):
                active.update((p.kind, p.code) for p in territory().places(code).values())
    located = {(p.kind, p.code) for person in people.values() for p in person.places.values()}
    return active, located


def _quiet(active: set[tuple[str, str]], people: dict[str, Profile]) -> dict[str, list[Place]]:
    """Territories (EPCI, communes) that have actors, none of whom takes part in anything crossing."""
    result: dict[str, list[Place]] = {}
    for scale in QUIET_SCALES:
        found = {p.code: p for person in people.values() if (p := person.places.get(scale)) is not None}
        result[scale] = sorted(
            (p for code, p in found.items() if (scale, code) not in active), key=lambda p: (name_key(p.name), p.code)
        )
    return result


def _initiative(
    commons: Commons, items: dict[str, list[Cooperation]], people: dict[str, Profile]
) -> dict[str, dict[str, int]]:
    """Per kind, how many were launched by one actor, a group, or with a facilitator."""
    result: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        counts = {"un_acteur": 0, "un_groupe": 0, "avec_facilitation": 0}
        for item in items[kind]:
            launched = [a for a in initiators_of(item.entry) if a in people]
            if len(launched) == 1:
                counts["un_acteur"] += 1
            elif len(launched) > 1:
                counts["un_groupe"] += 1
            if facilitators_of(commons, item.entry):
                counts["avec_facilitation"] += 1
        result[kind] = counts
    return result


def dashboard(commons: Commons, people: dict[str, Profile] | None = None) -> Dashboard:
    """Compute the dashboard of a commons."""
    people = people if people is not None else profiles(commons)
    items = {kind: [cooperation(commons, e, people) for e in commons.of_type(kind) if e.publishable] for kind in KINDS}
    names = {p.id: p.name for p in people.values()}
    active, located = _territories(items, people)
    return Dashboard(items, _quiet(active, people), _initiative(commons, items, people), names, active, located)
