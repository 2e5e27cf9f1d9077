"""Fairness: the distribution respects the quotas and gives everyone the best chance they allow.

Instances are small enough that the optimum is known by hand.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from maillage.draw.distribution import SCALE, check_panel
from maillage.draw.errors import DrawError
from maillage.draw.fairness import compute_distribution
from maillage.draw.pool import Pool, Volunteer
from maillage.draw.rules import Category, Quota, Rules
from maillage.draw.selection import select

AMATEUR = Category("pratique", "amateur")
RURAL = Category("milieu", "rural")


def pool_of(**counts: int) -> Pool:
    """`amateur=2, autre=8`: that many volunteers in each category (`autre`: none)."""
    volunteers = []
    for name, count in counts.items():
        cats = frozenset() if name == "autre" else frozenset(name.split("_"))
        volunteers += [Volunteer(f"{name}-{i:03d}", cats) for i in range(count)]
    return Pool(sorted(volunteers, key=lambda v: v.id))


def rules(groups: int, size: int, *quotas: Quota) -> Rules:
    return Rules(groups, size, quotas, 15)


def test_without_quotas_everyone_has_seats_over_pool() -> None:
    distribution, maximin = compute_distribution(pool_of(autre=10), rules(2, 2))
    assert distribution.probabilities() == [Fraction(4, 10)]
    assert maximin == pytest.approx(0.4)


def test_scarce_category_is_always_drawn_and_others_share_the_rest() -> None:
    # Two amateurs, one required per group of 3: both amateurs sit (probability 1);
    # the 4 remaining seats go to 8 professionals: 1/2 each, the maximin optimum.
    pool = pool_of(**{"pratique=amateur": 2, "autre": 8})
    distribution, maximin = compute_distribution(pool, rules(2, 3, Quota(AMATEUR, min_group=1)))
    by_type = dict(zip(pool.types, distribution.probabilities(), strict=True))
    assert by_type[frozenset()] == Fraction(1, 2)
    assert by_type[frozenset({"pratique=amateur"})] == 1
    assert maximin == pytest.approx(0.5)


def test_exact_quota_gives_each_side_its_share() -> None:
    # One group of 4 with exactly 2 amateurs out of 3, and 2 professionals out of 9.
    pool = pool_of(**{"pratique=amateur": 3, "autre": 9})
    quota = Quota(AMATEUR, min_group=2, max_group=2)
    distribution, maximin = compute_distribution(pool, rules(1, 4, quota))
    by_type = dict(zip(pool.types, distribution.probabilities(), strict=True))
    assert by_type[frozenset({"pratique=amateur"})] == Fraction(2, 3)
    assert by_type[frozenset()] == Fraction(2, 9)
    assert maximin == pytest.approx(2 / 9)


def test_leximin_lifts_everyone_above_the_minimum_when_possible() -> None:
    # At most one amateur per group of 2, two groups: amateurs are capped by the quota
    # (2 seats / 6 amateurs = 1/3); professionals get the other seats (2 / 2 = 1).
    pool = pool_of(**{"pratique=amateur": 6, "autre": 2})
    distribution, maximin = compute_distribution(pool, rules(2, 2, Quota(AMATEUR, max_group=1)))
    assert sorted(distribution.probabilities()) == [Fraction(1, 3), Fraction(1)]
    assert maximin == pytest.approx(1 / 3)


def test_every_panel_of_the_distribution_meets_the_quotas_and_weights_sum_to_one() -> None:
    pool = pool_of(**{"pratique=amateur": 5, "milieu=rural": 4, "pratique=amateur_milieu=rural": 2, "autre": 14})
    quotas = (Quota(AMATEUR, min_group=1, max_group=2), Quota(RURAL, min_group=1), Quota(AMATEUR, max_total=5))
    the_rules = rules(3, 4, *quotas)
    distribution, _ = compute_distribution(pool, the_rules)
    assert sum(distribution.weights) == SCALE
    for panel in distribution.panels:
        assert check_panel(panel, the_rules, pool.types, pool.type_sizes()) == ""


def test_realised_frequencies_match_the_distribution() -> None:
    pool = pool_of(**{"pratique=amateur": 3, "autre": 9})
    distribution, _ = compute_distribution(pool, rules(1, 4, Quota(AMATEUR, min_group=1)))
    expected = dict(zip(pool.types, distribution.probabilities(), strict=True))
    runs = 3000
    seen: Counter[str] = Counter()
    for n in range(runs):
        for group in select(f"{n:064x}", pool, distribution).groups:
            seen.update(group)
    for volunteer in pool.volunteers:
        assert seen[volunteer.id] / runs == pytest.approx(float(expected[volunteer.categories]), abs=0.04)


def test_quotas_that_cannot_be_met_are_explained() -> None:
    pool = pool_of(**{"pratique=amateur": 4, "autre": 20})
    with pytest.raises(DrawError) as refused:
        compute_distribution(pool, rules(3, 4, Quota(AMATEUR, min_group=2)))
    assert "il faut au moins 2 × « Pratique : Amateur » par groupe × 3 groupes = 6" in refused.value.message
    assert "le vivier n'en compte que 4" in refused.value.message


def test_pool_smaller_than_the_seats_is_refused() -> None:
    with pytest.raises(DrawError) as refused:
        compute_distribution(pool_of(autre=5), rules(2, 3))
    assert "5 volontaire(s) pour 6 places" in refused.value.message


def test_quotas_impossible_together_are_named_together() -> None:
    # Amateurs are all urban: groups of 2 with 2 amateurs and 1 rural each cannot exist.
    pool = pool_of(**{"pratique=amateur": 6, "milieu=rural": 6})
    quotas = (Quota(AMATEUR, min_group=2), Quota(RURAL, min_group=1))
    with pytest.raises(DrawError) as refused:
        compute_distribution(pool, rules(2, 2, *quotas))
    assert "ne peuvent pas être respectés ensemble" in refused.value.message
    assert "Pratique : Amateur — au moins 2 par groupe" in refused.value.message
    assert "Milieu : Rural — au moins 1 par groupe" in refused.value.message
