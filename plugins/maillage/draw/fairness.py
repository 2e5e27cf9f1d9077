"""A fair distribution over quota-satisfying panels (maximin, then leximin).

Method (Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596:548, 2021), implemented from the paper's description on *types* of
volunteers (see `pool`):

- A *panel* is how many volunteers of each type sit in each group; it is valid when every
  group has the right size and meets its per-group quotas, and the whole panel meets the
  total quotas and takes no more volunteers of a type than the pool has.
- A distribution gives each panel a weight; a volunteer of type t is then selected with
  probability p_t = Σ_panels weight × (volunteers of t in the panel) / n_t.
- *Maximin*: maximise min_t p_t. The master LP (HiGHS, `scipy.optimize.linprog`) works on the
  panels found so far; its dual prices μ_t ask the pricing MILP (`scipy.optimize.milp`) for
  the valid panel maximising Σ μ_t x_t / n_t. Either that panel improves the LP (add it,
  repeat) or none can, and the distribution is optimal (column generation).
- *Leximin*: types whose dual price is positive cannot do better; their probability is fixed
  and the smallest probability among the others is maximised again, until every type is fixed.
- Weights are rounded to integers out of 10⁹ (largest remainder), so the distribution written
  into the entry, its fingerprint and the draw from it are exact on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from maillage.draw import messages as msg
from maillage.draw.distribution import SCALE, Distribution, Panel, panel_counts
from maillage.draw.errors import DrawError
from maillage.draw.pool import Pool
from maillage.draw.rules import Quota, Rules

_EPS = 1e-9
_MAX_ROUNDS = 400


class PanelSpace:
    """The valid panels of one draw, as the integer points of a MILP over types × groups."""

    def __init__(self, rules: Rules, types: list[frozenset[str]], sizes: list[int]):
        self.rules = rules
        self.types = types
        self.sizes = sizes
        self.quotas = list(rules.quotas)

    def _constraints(self, quotas: list[Quota]) -> tuple[LinearConstraint, Bounds]:
        n_types, n_groups, size = len(self.types), self.rules.groups, self.rules.size
        rows: list[np.ndarray] = []
        low: list[float] = []
        high: list[float] = []

        def var(t: int, g: int) -> int:
            return t * n_groups + g

        def add(coefficients: dict[int, float], lo: float, hi: float) -> None:
            row = np.zeros(n_types * n_groups)
            for index, value in coefficients.items():
                row[index] = value
            rows.append(row)
            low.append(lo)
            high.append(hi)

        for g in range(n_groups):
            add({var(t, g): 1 for t in range(n_types)}, size, size)
        for t in range(n_types):
            add({var(t, g): 1 for g in range(n_groups)}, 0, self.sizes[t])
        for quota in quotas:
            members = [t for t, cats in enumerate(self.types) if quota.category.key in cats]
            for g in range(n_groups):
                hi = size if quota.max_group is None else quota.max_group
                add({var(t, g): 1 for t in members}, quota.min_group, hi)
            hi_total = self.rules.seats if quota.max_total is None else quota.max_total
            add({var(t, g): 1 for t in members for g in range(n_groups)}, quota.min_total, hi_total)
        # Groups are interchangeable: order them by their count of the first type, which
        # removes many symmetric copies of each solution from the MILP's search.
        for g in range(n_groups - 1):
            add({var(0, g): 1, var(0, g + 1): -1}, 0, np.inf)
        upper = np.array([min(self.sizes[t], size) for t in range(n_types) for _ in range(n_groups)], dtype=float)
        return LinearConstraint(np.array(rows), low, high), Bounds(np.zeros(n_types * n_groups), upper)

    def best_panel(self, prices: np.ndarray, quotas: list[Quota] | None = None) -> Panel | None:
        """The valid panel maximising Σ prices_t x_t (None if no panel is valid)."""
        constraints, bounds = self._constraints(self.quotas if quotas is None else quotas)
        n_groups = self.rules.groups
        objective = -np.repeat(prices, n_groups)
        result = milp(
            objective,
            constraints=constraints,
            bounds=bounds,
            integrality=np.ones_like(objective),
            options={"disp": False, "mip_rel_gap": 1e-9},
        )
        if result.status == 2 or result.x is None:  # infeasible
            return None
        values = np.rint(result.x).astype(int).reshape(len(self.types), n_groups)
        return tuple(sorted(tuple(int(v) for v in values[:, g]) for g in range(n_groups)))

    def feasible(self, quotas: list[Quota]) -> bool:
        """Whether some panel meets these quotas."""
        return self.best_panel(np.zeros(len(self.types)), quotas) is not None


def explain_infeasible(space: PanelSpace, pool_size: int, counts: dict[str, int]) -> str:
    """A French explanation of why no panel meets the rules."""
    rules = space.rules
    if rules.seats > pool_size:
        return msg.POOL_TOO_SMALL.format(pool=pool_size, groups=rules.groups, size=rules.size, seats=rules.seats)
    for quota in rules.quotas:
        have = counts[quota.category.key]
        label = quota.category.label
        need = quota.min_group * rules.groups
        if need > have:
            return msg.QUOTA_GROUP_SHORT.format(
                min=quota.min_group, label=label, groups=rules.groups, need=need, have=have
            )
        if quota.min_total > have:
            return msg.QUOTA_TOTAL_SHORT.format(min=quota.min_total, label=label, have=have)
        if quota.max_group is not None and quota.max_group * rules.groups < quota.min_total:
            return msg.QUOTA_TOTAL_ABOVE_GROUPS.format(
                label=label, min=quota.min_total, max=quota.max_group, groups=rules.groups
            )
        others_needed = (rules.size - (quota.max_group if quota.max_group is not None else rules.size)) * rules.groups
        others_needed = max(
            others_needed, rules.seats - (quota.max_total if quota.max_total is not None else rules.seats)
        )
        if others_needed > pool_size - have:
            return msg.QUOTA_OTHERS_SHORT.format(label=label, need=others_needed, have=pool_size - have)
    # No single quota is impossible alone: find a smallest set that is impossible together.
    conflict = list(rules.quotas)
    for quota in list(conflict):
        trial = [q for q in conflict if q is not quota]
        if not space.feasible(trial):
            conflict = trial
    if not conflict:
        return msg.POOL_TOO_SMALL.format(pool=pool_size, groups=rules.groups, size=rules.size, seats=rules.seats)
    return msg.QUOTAS_CONFLICT.format(
        quotas=" ; ".join(q.describe() for q in conflict), groups=rules.groups, size=rules.size
    )


@dataclass(frozen=True, slots=True)
class FairnessResult:
    """The rounded distribution and the maximin optimum found by the LP (before rounding)."""

    distribution: Distribution
    maximin: float


def fair_distribution(space: PanelSpace, pool_size: int, counts: dict[str, int]) -> FairnessResult:
    """The leximin-fair distribution over valid panels (see the module docstring)."""
    sizes = np.array(space.sizes, dtype=float)
    first = space.best_panel(np.ones(len(sizes)) / sizes)
    if first is None:
        raise DrawError(explain_infeasible(space, pool_size, counts), "quotas")
    panels: list[Panel] = [first]
    seen = {first}
    fixed: dict[int, float] = {}
    maximin: float | None = None
    weights = np.array([1.0])
    while len(fixed) < len(sizes):
        value, weights, prices = _maximise_minimum(space, panels, seen, fixed)
        maximin = value if maximin is None else maximin
        free = [t for t in range(len(sizes)) if t not in fixed]
        tight = [t for t in free if prices[t] > 1e-7]
        if not tight:  # numerically flat duals: fix the worst-off type, which is certainly tight
            shares = _shares(panels, weights, sizes)
            tight = [min(free, key=lambda t: shares[t])]
        for t in tight:
            fixed[t] = value
    assert maximin is not None
    return FairnessResult(_rounded(panels, weights, space.sizes), maximin)


def _maximise_minimum(
    space: PanelSpace, panels: list[Panel], seen: set[Panel], fixed: dict[int, float]
) -> tuple[float, np.ndarray, np.ndarray]:
    """Column generation for max z s.t. p_t ≥ z (free types), p_t ≥ fixed_t, Σw = 1."""
    sizes = np.array(space.sizes, dtype=float)
    n_types = len(sizes)
    for _ in range(_MAX_ROUNDS):
        shares = np.array([panel_counts(p) for p in panels], dtype=float).T / sizes[:, None]
        k = len(panels)
        # Variables: weights w (k), then z. Rows: z − Σ a w ≤ 0 (free), −Σ a w ≤ −f (fixed).
        a_ub = np.zeros((n_types, k + 1))
        b_ub = np.zeros(n_types)
        for t in range(n_types):
            a_ub[t, :k] = -shares[t]
            if t in fixed:
                b_ub[t] = -(fixed[t] - _EPS)
            else:
                a_ub[t, k] = 1.0
        a_eq = np.ones((1, k + 1))
        a_eq[0, k] = 0.0
        cost = np.zeros(k + 1)
        cost[k] = -1.0
        result = linprog(
            cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=[(0, None)] * k + [(0, 1)], method="highs"
        )
        if result.status != 0:
            raise DrawError(msg.SOLVER_FAILED.format(reason=result.message))
        prices = np.maximum(-result.ineqlin.marginals, 0.0)
        threshold = -result.eqlin.marginals[0]
        candidate = space.best_panel(prices / sizes)
        if candidate is None or candidate in seen:
            break
        gain = float(np.dot(prices, np.array(panel_counts(candidate)) / sizes))
        if gain <= threshold + 1e-9:
            break
        panels.append(candidate)
        seen.add(candidate)
    return float(result.x[k]), result.x[:k], prices


def _shares(panels: list[Panel], weights: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    counts = np.array([panel_counts(p) for p in panels], dtype=float)
    return (weights @ counts) / sizes


def _rounded(panels: list[Panel], weights: np.ndarray, sizes: list[int]) -> Distribution:
    """Integer weights out of SCALE by largest remainder (ties: earlier panel first)."""
    # Weights below 1e-7 are solver noise, not a decision: dropping them keeps the list short.
    clipped = np.where(weights < 1e-7, 0.0, weights)
    exact = clipped / clipped.sum() * SCALE
    floors = np.floor(exact).astype(int)
    remainder = SCALE - int(floors.sum())
    order = sorted(range(len(panels)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:remainder]:
        floors[i] += 1
    kept = sorted((panels[i], int(floors[i])) for i in range(len(panels)) if floors[i] > 0)
    return Distribution(tuple(p for p, _ in kept), tuple(w for _, w in kept), tuple(sizes))


def compute_distribution(pool: Pool, rules: Rules) -> tuple[Distribution, float]:
    """The fair distribution of a pool under rules, or a French refusal saying why none exists."""
    if rules.seats > len(pool.volunteers):
        raise DrawError(
            msg.POOL_TOO_SMALL.format(
                pool=len(pool.volunteers), groups=rules.groups, size=rules.size, seats=rules.seats
            ),
            "groupes",
        )
    counts = {c.key: pool.count(c) for c in rules.categories}
    result = fair_distribution(PanelSpace(rules, pool.types, pool.type_sizes()), len(pool.volunteers), counts)
    return result.distribution, result.maximin
