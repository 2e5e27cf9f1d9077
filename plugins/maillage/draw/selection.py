"""From the seed to groups and a reserve list, and the quota check used for replacements.

1. Stream « distribution »: a number below 10⁹ picks the panel whose cumulative weight
   first exceeds it (panels in the order written in the entry).
2. Stream « groupes »: the panel's group plans are shuffled, so plan k becomes group k.
3. Stream « type N » for each type N: its volunteers (in id order) are shuffled; the first
   ones fill the panel's seats of type N, group 1 first, then group 2, and so on.
4. Stream « reserve »: everyone not selected (in id order) is shuffled: that is the reserve,
   in the order replacements are taken from.
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.draw.distribution import SCALE, Distribution
from maillage.draw.pool import Pool
from maillage.draw.randomness import HashStream


@dataclass(frozen=True, slots=True)
class Selection:
    """The outcome of a draw: which panel, the groups (ids sorted) and the ordered reserve."""

    number: int  # the drawn number below SCALE
    panel: int  # 1-based index of the panel in the distribution
    groups: tuple[tuple[str, ...], ...]
    reserve: tuple[str, ...]


def select(seed_hex: str, pool: Pool, distribution: Distribution) -> Selection:
    """The deterministic draw (see the module docstring)."""
    number = HashStream(seed_hex, "distribution").below(SCALE)
    cumulative = 0
    index = 0
    for index, weight in enumerate(distribution.weights):  # noqa: B007 - index is used after the loop
        cumulative += weight
        if number < cumulative:
            break
    plans = HashStream(seed_hex, "groupes").shuffle(list(distribution.panels[index]))
    groups: list[list[str]] = [[] for _ in plans]
    chosen: set[str] = set()
    for t, members in enumerate(pool.members()):
        order = HashStream(seed_hex, f"type {t + 1}").shuffle(members)
        position = 0
        for g, plan in enumerate(plans):
            picked = order[position : position + plan[t]]
            groups[g].extend(picked)
            chosen.update(picked)
            position += plan[t]
    rest = [v.id for v in pool.volunteers if v.id not in chosen]
    reserve = HashStream(seed_hex, "reserve").shuffle(rest)
    return Selection(number, index + 1, tuple(tuple(sorted(g)) for g in groups), tuple(reserve))
