"""The cooperation dashboard: do projects and rencontres bring different worlds together?

A project or rencontre "mixes" a facet of `univers` when its publishable actors hold at least
two different values of it (amateur and professional, rural and urban…), and mixes univers
when it mixes at least one facet. Shares are given overall and per period (year or quarter of
its start). Territories whose actors take part in nothing that mixes are "without cooperation yet".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from maillage.meet.involvement import actors_of, facilitators_of, initiators_of
from maillage.meet.profiles import FACETS, Profile, profiles
from maillage.model import Commons, Entry, first_value
from maillage.model.territory import Place, territory

KINDS = ("projets", "rencontres")
NO_DATE = "sans date"
QUIET_SCALES = ("intercommunalite", "commune")


@dataclass(frozen=True, slots=True)
class Cooperation:
    """One project or rencontre: its actors and the facets they mix."""

    entry: Entry
    actors: tuple[str, ...]
    mixed_facets: tuple[str, ...]
    start: str | None  # ISO date (the first 10 characters of its start), if any

    @property
    def mixed(self) -> bool:
        """Whether it brings at least two worlds together on some facet."""
        return bool(self.mixed_facets)

    def period(self, by: str) -> str:
        """`2026` by year, `2026 T1` by quarter, or `sans date`."""
        if self.start is None:
            return NO_DATE
        year, month = self.start[:4], int(self.start[5:7])
        return year if by == "annee" else f"{year} T{(month - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class Share:
    """How many of `total` mix univers, overall and per facet."""

    total: int
    mixed: int
    per_facet: dict[str, int]

    @property
    def percent(self) -> int | None:
        """Rounded percentage of mixing entries (None when there is none)."""
        return round(100 * self.mixed / self.total) if self.total else None


@dataclass
class Dashboard:
    """Everything the dashboard page shows, computed once."""

    items: dict[str, list[Cooperation]]
    quiet: dict[str, list[Place]]
    initiative: dict[str, dict[str, int]]
    names: dict[str, str] = field(default_factory=dict)

    def share(self, kind: str, period: str | None = None, by: str = "annee") -> Share:
        """The share of one kind (`projets` or `rencontres`), for all time or one period."""
        chosen = [c for c in self.items[kind] if period is None or c.period(by) == period]
        per_facet = {f: sum(1 for c in chosen if f in c.mixed_facets) for f in FACETS}
        return Share(len(chosen), sum(1 for c in chosen if c.mixed), per_facet)

    def over_time(self, kind: str, by: str = "annee") -> list[tuple[str, Share]]:
        """The share per period, oldest first (undated last)."""
        periods = sorted({c.period(by) for c in self.items[kind]}, key=lambda p: (p == NO_DATE, p))
        return [(p, self.share(kind, p, by)) for p in periods]

    def links(self) -> list[tuple[Entry, list[str]]]:
        """The actor–project graph as adjacency: each project with its actors."""
        return [(c.entry, list(c.actors)) for c in self.items["projets"]]


def cooperation(commons: Commons, entry: Entry, people: dict[str, Profile]) -> Cooperation:
    """The actors of one project or rencontre and the facets they mix."""
    actors = tuple(a for a in actors_of(commons, entry) if a in people)
    values: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for facet, value in people[actor].univers.items():
            values[facet].add(value)
    mixed = tuple(f for f in FACETS if len(values[f]) >= 2)
    raw: Any = first_value(entry.data, entry.type.sort_date)  # its `x-date`
    start = raw[:10] if isinstance(raw, str) and len(raw) >= 10 else None
    return Cooperation(entry, actors, mixed, start)


def _quiet(items: dict[str, list[Cooperation]], people: dict[str, Profile]) -> dict[str, list[Place]]:
    """Territories (EPCI, communes) that have actors, none of whom takes part in anything mixing."""
    active: set[tuple[str, str]] = set()
    for kind in KINDS:
        for item in items[kind]:
            if not item.mixed:
                continue
            for actor in item.actors:
                active.update((p.kind, p.code) for p in people[actor].places.values())
            code = first_value(item.entry.data, item.entry.type.place)  # its `x-commune`
            if isinstance(code, str):
                active.update((p.kind, p.code) for p in territory().places(code).values())
    result: dict[str, list[Place]] = {}
    for scale in QUIET_SCALES:
        found = {p.code: p for person in people.values() if (p := person.places.get(scale)) is not None}
        result[scale] = sorted(
            (p for code, p in found.items() if (scale, code) not in active), key=lambda p: (p.name, p.code)
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
    return Dashboard(items, _quiet(items, people), _initiative(commons, items, people), names)
