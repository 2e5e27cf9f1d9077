"""The reflection period as coordinators live it: every path from the run to a closed draw.

Who is drawn depends on the seed (and so on the software's fingerprint): each test picks its
actors from the result rather than assuming it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from draw_fixture import T0, Commons, actor, cli, data_of, drawn, members, mixed_actors, ok

from maillage.model import render_entry, write_atomic

ONLY_TWO_AMATEURS = mixed_actors(amateurs=2, pros=6)  # one amateur per group, none in the reserve


def seated(path: Path, prefix: str) -> list[str]:
    return [m for m in members(path) if m.startswith(prefix)]


def reserve(path: Path) -> list[str]:
    return data_of(path)["resultat"]["reserve"]


def test_a_decline_frees_the_place_at_once_for_the_next_reserve_with_its_own_deadline(commons: Commons) -> None:
    path = drawn(commons)
    leaving = seated(path, "p-")[0]
    commons.clock.advance(days=2)
    result = ok(cli("refuser", str(path), leaving, "--par", "courriel du 4 mars"))
    change = data_of(path)["resultat"]["remplacements"][-1]
    assert change["sortant"] == leaving and change["motif"] == "desistement"
    arriving = change["entrant"]
    assert arriving == reserve(path)[0] or arriving in reserve(path)
    assert "qui a jusqu'au 19 mars à 12 h 01 pour répondre" in result.output  # decline + 15 days, Paris time
    status = ok(cli("etat", str(path))).output
    assert re.search(r"\(\w-\d\d\) — en attente, délai jusqu'au 19 mars à 12 h 01", status)
    assert "Amateur" in status and "(a-" in status  # people by name
    event = data_of(path)["journal"][-1]
    assert event["details"]["transmise_par"] == "courriel du 4 mars"
    ok(cli("verifier", str(path)))


def test_when_no_reserve_keeps_the_quota_the_place_is_vacant_and_a_relaxed_quota_fills_it(commons: Commons) -> None:
    path = drawn(commons, ONLY_TWO_AMATEURS)
    leaving = seated(path, "a-")[0]
    commons.clock.advance(days=1)
    result = ok(cli("refuser", str(path), leaving))
    assert "place vacante : aucune des 2 personne(s) restante(s) de la réserve ne garde les quotas" in result.output
    assert "« Pratique : Amateur — au moins 1 par groupe » (2 personne(s))" in result.output
    status = ok(cli("etat", str(path))).output
    assert "quota non respecté : Pratique : Amateur — au moins 1 par groupe" in status
    assert "maillage tirage assouplir" in status and "1. Pratique : Amateur — au moins 1 par groupe" in status
    assert data_of(path)["resultat"]["places_vacantes"][0]["groupe"] in (1, 2)
    commons.clock.advance(hours=3)
    relaxed = ok(cli("assouplir", str(path), "--quota", "1", "--min-par-groupe", "0", "--motif", "plus d'amateur"))
    assert "place vacante pourvue par" in relaxed.output
    data = data_of(path)
    assert data["resultat"]["places_vacantes"] == []
    assert data["resultat"]["quotas"] == [{"categorie": {"champ": "pratique", "valeur": "amateur"}}]
    assert data["journal"][-1]["evenement"] == "assouplissement"
    assert data["journal"][-1]["details"]["motif"] == "plus d'amateur"
    ok(cli("verifier", str(path)))
    tighter = cli("assouplir", str(path), "--quota", "1", "--min-par-groupe", "2", "--motif", "non")
    assert tighter.exit_code == 1


def test_an_exhausted_reserve_is_said_and_the_draw_closes_with_its_vacancy(commons: Commons) -> None:
    path = drawn(commons, mixed_actors(amateurs=2, pros=4))  # six volunteers, six places
    leaving = seated(path, "p-")[0]
    commons.clock.advance(days=1)
    assert "réserve épuisée : plus personne à appeler" in ok(cli("refuser", str(path), leaving)).output
    for member in members(path):
        ok(cli("confirmer", str(path), member))
    assert data_of(path)["statut"] == "tire"  # a vacancy keeps the draw open
    ok(cli("clore", str(path), "--motif", "les groupes démarrent à cinq"))
    data = data_of(path)
    assert data["statut"] == "clos"
    assert data["resultat"]["cloture"]["motif"] == "les groupes démarrent à cinq"
    assert len(data["resultat"]["places_vacantes"]) == 1
    ok(cli("verifier", str(path)))
    after = cli("confirmer", str(path), members(path)[0])
    assert after.exit_code == 1
    assert "ce tirage est clos depuis le" in after.output


def test_a_complementary_draw_among_late_volunteers_fills_a_vacant_place(commons: Commons) -> None:
    path = drawn(commons, ONLY_TWO_AMATEURS)
    commons.clock.advance(days=1)
    ok(cli("refuser", str(path), seated(path, "a-")[0]))
    nobody = cli("annoncer-complement", str(path))
    assert nobody.exit_code == 1
    assert "aucun volontaire arrivé depuis les engagements" in nobody.output
    late = actor("amateur", "rural", nom="Chorale des Ardennes")
    write_atomic(commons.root / "content" / "acteurs" / "chorale.md", render_entry(late, "Arrivée après le tirage."))
    announced = ok(cli("annoncer-complement", str(path)))
    assert "parmi 1 volontaire(s) arrivé(s) depuis les engagements" in announced.output
    commons.commit("Tirage complémentaire annoncé")
    round_number = data_of(path)["resultat"]["complements"][0]["ronde"]
    commons.clock.at(commons.authorities.round_time(round_number) + timedelta(minutes=1))
    filled = ok(cli("tirer-complement", str(path)))
    assert "Chorale des Ardennes (chorale)" in filled.output
    data = data_of(path)
    assert "chorale" in [m for g in data["resultat"]["groupes"] for m in g["membres"]]
    assert data["resultat"]["complements"][0]["ordre"] == ["chorale"]
    commons.commit("Tirage complémentaire")
    ok(cli("verifier", str(path)))


def test_someone_who_confirmed_can_withdraw_later(commons: Commons) -> None:
    path = drawn(commons)
    person = seated(path, "p-")[0]
    commons.clock.advance(days=1)
    ok(cli("confirmer", str(path), person))
    commons.clock.advance(days=30)  # long after the reflection period
    result = ok(cli("refuser", str(path), person))
    assert "retrait après confirmation" in result.output
    assert data_of(path)["resultat"]["remplacements"][-1]["motif"] == "retrait"
    again = cli("refuser", str(path), person)
    assert again.exit_code == 1
    ok(cli("verifier", str(path)))


def test_silences_are_replaced_after_their_deadline_and_a_late_confirmation_refused(commons: Commons) -> None:
    path = drawn(commons)
    silent = members(path)
    commons.clock.advance(days=10)
    early = cli("remplacer", str(path))
    assert early.exit_code == 1
    assert "aucune place à pourvoir" in early.output
    commons.clock.advance(days=6)  # run + 16 days
    late = cli("confirmer", str(path), silent[0])
    assert late.exit_code == 1
    assert "après la fin du délai de réflexion" in late.output
    assert "délai dépassé sans réponse pour 6 personne(s)" in ok(cli("etat", str(path))).output
    ok(cli("remplacer", str(path)))
    data = data_of(path)
    assert {r["sortant"] for r in data["resultat"]["remplacements"]} == set(silent)
    assert all(r["motif"] == "silence" for r in data["resultat"]["remplacements"])
    ok(cli("verifier", str(path)))


def test_everyone_confirmed_closes_the_draw(commons: Commons) -> None:
    path = drawn(commons)
    commons.clock.advance(days=1)
    for member in members(path):
        result = ok(cli("confirmer", str(path), member))
    assert "le tirage est clos" in result.output
    assert data_of(path)["statut"] == "clos"
    ok(cli("verifier", str(path)))


def test_a_group_left_without_a_professional_is_flagged(commons: Commons) -> None:
    path = drawn(commons, mixed_actors(amateurs=6, pros=1))
    status = ok(cli("etat", str(path))).output
    assert "groupe sans professionnel" in status
    assert commons.clock.now() > T0
