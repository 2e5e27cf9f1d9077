"""Suggestions "à rencontrer": right, explained, private and deterministic on crafted commons."""

from __future__ import annotations

import random

from meet_crafted import AMATEUR_RURAL, EPINAL, GOLBEY, NANCY, PRO_URBAIN, actor, write_commons

from maillage.meet.profiles import profiles
from maillage.meet.suggest import Suggester, across
from maillage.meet.vocabulary import default_vocabulary

PERSON_HIDDEN = actor("personne-cachee", EPINAL, PRO_URBAIN, forme="personne", nature="artiste",
                      propose=["lieu_repetition"], recherche=["benevoles"])


def crafted(tmp_path, extra=()):
    entries = [
        actor("chorale", EPINAL, AMATEUR_RURAL, recherche=["lieu_repetition"], propose=["benevoles"],
              disciplines=["musique"]),
        actor("theatre", EPINAL, PRO_URBAIN, propose=["lieu_repetition"], recherche=["benevoles"],
              disciplines=["theatre"]),
        actor("harmonie", GOLBEY, AMATEUR_RURAL, propose=["lieu_repetition"], disciplines=["musique"]),
        actor("salle-lointaine", NANCY, PRO_URBAIN, propose=["lieu_repetition"]),
        actor("sans-rapport", EPINAL, PRO_URBAIN, propose=["financement"], disciplines=["cirque"]),
        PERSON_HIDDEN,
        *extra,
    ]
    return write_commons(tmp_path / "content", entries)


def suggester(commons):
    return Suggester(profiles(commons), default_vocabulary())


def test_complement_proximity_and_other_univers_rank_first(tmp_path):
    found = suggester(crafted(tmp_path)).for_actor("chorale", limit=2)
    assert [s.actor for s in found] == ["theatre", "harmonie"]
    # theatre: gives 3 + takes 2 + same commune 4 + two other facets 2 = 11
    assert found[0].score == 11
    assert found[0].line == (
        "propose un lieu de répétition, que vous recherchez ; recherche des bénévoles, que vous proposez ; "
        "à Épinal, comme vous ; d'un autre univers : professionnel, urbain"
    )
    # harmonie: gives 3 + shared discipline 1 + same EPCI 3, same worlds
    assert found[1].score == 7
    assert found[1].line == (
        "propose un lieu de répétition, que vous recherchez ; partage votre discipline : musique ; "
        "dans la même intercommunalité (CA d'Epinal)"
    )


def test_search_stops_at_the_nearest_territory_with_enough_candidates(tmp_path):
    engine = suggester(crafted(tmp_path))
    chorale = engine.profiles["chorale"]
    assert engine.candidates(chorale, limit=1) == {"theatre"}  # the commune is enough
    assert engine.candidates(chorale, limit=3) == {"theatre", "harmonie", "salle-lointaine"}  # up to the région


def test_a_far_actor_is_suggested_when_nothing_is_closer(tmp_path):
    found = suggester(crafted(tmp_path)).for_actor("chorale", limit=3)
    assert [s.actor for s in found] == ["theatre", "harmonie", "salle-lointaine"]
    assert "dans la même région (Grand Est)" in found[2].line


def test_persons_without_consent_are_never_suggested_nor_given_suggestions(tmp_path):
    engine = suggester(crafted(tmp_path))
    assert "personne-cachee" not in engine.profiles
    assert engine.for_actor("personne-cachee") == []
    for found in engine.all(limit=10).values():
        assert all(s.actor != "personne-cachee" for s in found)


def test_a_person_with_consent_is_suggested(tmp_path):
    person = actor("artiste-consentante", EPINAL, PRO_URBAIN, forme="personne", nature="artiste",
                   propose=["lieu_repetition"], consentement={"publication": True, "date": "2026-01-01"})
    found = suggester(crafted(tmp_path, [person])).for_actor("chorale", limit=5)
    assert "artiste-consentante" in [s.actor for s in found]


def test_ties_are_broken_by_id_whatever_the_file_order(tmp_path):
    twins = [actor(name, EPINAL, PRO_URBAIN, propose=["lieu_repetition"]) for name in ("zeta", "alpha", "mu")]
    commons = crafted(tmp_path, twins)
    first = suggester(commons).all(limit=8)
    people = profiles(commons)
    shuffled = list(people.items())
    random.Random(3).shuffle(shuffled)
    second = Suggester(dict(shuffled), default_vocabulary()).all(limit=8)
    assert first == second
    # The three twins score 9 each (gives 3, same commune 4, two other facets 2): id order.
    assert [s.actor for s in first["chorale"]] == ["theatre", "alpha", "mu", "zeta", "harmonie", "salle-lointaine"]


def test_an_actor_without_offers_or_needs_gets_only_discipline_neighbours(tmp_path):
    loner = actor("soliste", GOLBEY, PRO_URBAIN, disciplines=["musique"])
    found = suggester(crafted(tmp_path, [loner])).for_actor("soliste", limit=5)
    assert [s.actor for s in found] == ["harmonie", "chorale"]  # harmonie is in Golbey too
    assert all("partage votre discipline : musique" in s.line for s in found)



def test_across_keeps_the_offers_and_needs_that_cross_from_one_commons_to_another(tmp_path):
    engine = suggester(crafted(tmp_path))
    # A regional commons: chorale and harmonie from one local commons, theatre and the far hall
    # from another, and `sans-rapport` from both.
    commons_of = {"chorale": frozenset({"a"}), "harmonie": frozenset({"a"}), "theatre": frozenset({"b"}),
                  "salle-lointaine": frozenset({"b"}), "sans-rapport": frozenset({"a", "b"})}
    found = across(engine, commons_of, limit=5)
    pairs = [(actor, s.actor) for actor, s in found]
    # The chorale seeks a rehearsal room the theatre and the far hall lend (other commons); the
    # harmonie lends one too, but it is of the chorale's commons; each pair is said once.
    assert pairs == [("chorale", "theatre"), ("chorale", "salle-lointaine")]
    assert found[0][1].score > found[1][1].score
