"""The suggestions' fast scoring (packed integers, one loop) ranks exactly as the plain definition
of the score: on the demo and on a synthetic commons of another département, every actor gets the
same suggestions, scores and reasons as when every candidate is scored with the sets themselves."""

from __future__ import annotations

import heapq
import sys

import pytest
from tests.conftest import ROOT

from maillage.meet.profiles import Profile, closeness, other_facets, profiles
from maillage.meet.suggest import (
    DISCIPLINE_WEIGHT,
    GIVES_WEIGHT,
    MAX_DISCIPLINES,
    OTHER_FACET_WEIGHT,
    PROXIMITY_WEIGHT,
    TAKES_WEIGHT,
    Suggester,
    Suggestion,
)
from maillage.meet.vocabulary import vocabulary_of
from maillage.model import Commons, load_commons

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_commons import generate


def plain_score(actor: Profile, other: Profile) -> int:
    """The score as the module's docstring and weights define it, with sets (no bits)."""
    return (
        GIVES_WEIGHT * len(actor.recherche & other.propose)
        + TAKES_WEIGHT * len(actor.propose & other.recherche)
        + DISCIPLINE_WEIGHT * min(len(actor.disciplines & other.disciplines), MAX_DISCIPLINES)
        + PROXIMITY_WEIGHT[closeness(actor, other)]
        + OTHER_FACET_WEIGHT * len(other_facets(actor, other))
    )


def plain_for_actor(engine: Suggester, actor_id: str, limit: int) -> list[Suggestion]:
    """Every candidate scored one by one; best score first, then by id."""
    actor = engine.profiles[actor_id]
    ranked = heapq.nsmallest(limit, ((-plain_score(actor, engine.profiles[o]), o)
                                     for o in engine.candidates(actor, limit)))
    return [engine._explain(actor, engine.profiles[o], -negative) for negative, o in ranked]


def same_suggestions(commons: Commons, limit: int) -> int:
    """Assert that both scorings agree for every actor; how many suggestions were compared."""
    engine = Suggester(profiles(commons), vocabulary_of(commons.schemas))
    compared = 0
    for actor_id in engine.profiles:
        fast = engine.for_actor(actor_id, limit)
        assert fast == plain_for_actor(engine, actor_id, limit), actor_id
        compared += len(fast)
    return compared


@pytest.mark.parametrize("limit", [1, 5])
def test_demo_suggestions_are_those_of_the_plain_score(demo_commons, limit):
    assert same_suggestions(demo_commons, limit) > 10 * limit


@pytest.fixture(scope="module")
def finistere_commons(tmp_path_factory) -> Commons:
    """2,000 actors in the Finistère's communes: commune tiers with pools of a hundred and more."""
    content = tmp_path_factory.mktemp("finistere") / "content"
    generate(content, actors=2000, others=0, seed=7, departement="29")
    return load_commons(content)


def test_synthetic_commons_suggestions_are_those_of_the_plain_score(finistere_commons):
    assert same_suggestions(finistere_commons, 5) > 4.9 * len(profiles(finistere_commons))  # nearly all get 5
