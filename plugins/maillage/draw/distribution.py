"""Distributions over panels: how they are written in an entry, and what makes a panel valid.

A *panel* is, for each group, how many volunteers of each type sit in it. A distribution
gives each panel an integer weight out of `SCALE` (10⁹), so that the distribution written
into the entry, its fingerprint and the draw from it are exact on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.draw.rules import Rules

SCALE = 10**9

GroupPlan = tuple[int, ...]  # volunteers of each type in one group
Panel = tuple[GroupPlan, ...]  # one plan per group, sorted


@dataclass(frozen=True, slots=True)
class Distribution:
    """Panels with integer weights out of `SCALE`, over the types of a pool."""

    panels: tuple[Panel, ...]
    weights: tuple[int, ...]
    sizes: tuple[int, ...]

    def probabilities(self) -> list[Fraction]:
        """Exact selection probability of a volunteer of each type."""
        totals = [0] * len(self.sizes)
        for panel, weight in zip(self.panels, self.weights, strict=True):
            for t, count in enumerate(panel_counts(panel)):
                totals[t] += weight * count
        return [Fraction(total, SCALE * n) for total, n in zip(totals, self.sizes, strict=True)]

    def to_data(self) -> list[dict[str, object]]:
        """How the distribution is written into the entry: counts as space-separated text."""
        return [
            {"poids": weight, "groupes": [" ".join(map(str, plan)) for plan in panel]}
            for panel, weight in zip(self.panels, self.weights, strict=True)
        ]

    @classmethod
    def from_data(cls, items: list[dict[str, object]], sizes: list[int]) -> Distribution:
        """Read the entry's form back (the caller checks panels against the rules)."""
        panels, weights = [], []
        for index, item in enumerate(items):
            try:
                panel = tuple(tuple(int(x) for x in str(plan).split()) for plan in item["groupes"])  # type: ignore[attr-defined]
                weight = int(item["poids"])  # type: ignore[call-overload]
            except (KeyError, TypeError, ValueError):
                raise DrawError(
                    msg.DISTRIBUTION_UNREADABLE.format(index=index + 1), "engagements.distribution_panels"
                ) from None
            if any(len(plan) != len(sizes) for plan in panel):
                raise DrawError(msg.DISTRIBUTION_UNREADABLE.format(index=index + 1), "engagements.distribution_panels")
            panels.append(panel)
            weights.append(weight)
        return cls(tuple(panels), tuple(weights), tuple(sizes))


def panel_counts(panel: Panel) -> list[int]:
    """Volunteers of each type in the whole panel."""
    return [sum(column) for column in zip(*panel, strict=True)]


def check_panel(panel: Panel, rules: Rules, types: list[frozenset[str]], sizes: list[int]) -> str:
    """Why a panel breaks the rules (empty text: it is valid)."""
    if len(panel) != rules.groups:
        return msg.PANEL_GROUP_COUNT.format(found=len(panel), expected=rules.groups)
    for g, plan in enumerate(panel, start=1):
        if any(x < 0 for x in plan) or sum(plan) != rules.size:
            return msg.PANEL_GROUP_SIZE.format(group=g, found=sum(plan), expected=rules.size)
    for t, (count, n) in enumerate(zip(panel_counts(panel), sizes, strict=True), start=1):
        if count > n:
            return msg.PANEL_TYPE_OVERFLOW.format(type=t, found=count, available=n)
    for quota in rules.quotas:
        members = [t for t, cats in enumerate(types) if quota.category.key in cats]
        per_group = [sum(plan[t] for t in members) for plan in panel]
        total = sum(per_group)
        group_ok = all(quota.min_group <= x and (quota.max_group is None or x <= quota.max_group) for x in per_group)
        total_ok = quota.min_total <= total and (quota.max_total is None or total <= quota.max_total)
        if not (group_ok and total_ok):
            return msg.PANEL_QUOTA.format(quota=quota.describe())
    return ""
