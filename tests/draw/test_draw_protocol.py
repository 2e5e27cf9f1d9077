"""The protocol through the `maillage tirage` commands: prepare, run, answer, replace, verify.

Each bad input is refused with a French message and leaves the entry unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from draw_fixture import (
    AFTER_DEADLINE,
    COMMITTED,
    DRAND_VALUE,
    RUN_DATE,
    Builder,
    actor,
    cli,
    data_of,
    draw_data,
    drawn,
    edit,
    members,
    mixed_actors,
    prepared,
)
from git import Actor, Repo


def test_prepare_writes_commitments_pool_and_probabilities(make_draw: Builder) -> None:
    path = prepared(make_draw)
    data = data_of(path)
    assert data["statut"] == "prepare"
    assert set(data["engagements"]) >= {"vivier", "regles", "distribution", "logiciel", "date", "tirages_possibles"}
    assert len(data["engagements"]["volontaires"]) == 10
    # 2 groups of 3 with one amateur each: 2 of 4 amateurs... and the 6 seats over 10 people.
    assert {t["probabilite"] for t in data["engagements"]["types"]} == {"0.600000"}
    assert data["journal"][0]["evenement"] == "preparation"
    assert "Le texte du tirage reste tel quel." in path.read_text()
    assert cli("verifier", str(path)).exit_code == 0


def test_persons_without_consent_are_left_out_of_the_pool(make_draw: Builder) -> None:
    actors = mixed_actors() | {"jeanne": actor("amateur", forme="personne", nom="Jeanne")}
    path = make_draw(actors)
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 0, result.output
    assert "1 personne(s) volontaire(s) sans consentement de publication écartée(s)" in result.output
    assert "jeanne" not in [v["acteur"] for v in data_of(path)["engagements"]["volontaires"]]


def test_run_draws_groups_that_meet_the_quotas_and_orders_a_reserve(make_draw: Builder) -> None:
    path = drawn(make_draw)
    data = data_of(path)
    assert data["statut"] == "tire"
    groups = data["resultat"]["groupes"]
    assert [len(g["membres"]) for g in groups] == [3, 3]
    assert all(any(m.startswith("a-") for m in g["membres"]) for g in groups)
    assert sorted(members(path) + data["resultat"]["reserve"]) == sorted(mixed_actors())
    assert data["alea"]["des"]["resultat"] == "3,5,1"
    result = cli("verifier", str(path))
    assert result.exit_code == 0, result.output
    assert "vérification réussie" in result.output


def test_same_inputs_give_the_same_groups(make_draw: Builder) -> None:
    first = drawn(make_draw)
    again = make_draw(mixed_actors(), draw_data(), folder="copie")
    cli("preparer", str(again), "--maintenant", COMMITTED)
    cli("tirer", str(again), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE)
    assert data_of(again)["resultat"] == data_of(first)["resultat"]
    other = make_draw(mixed_actors(), draw_data(), folder="autre-aleas")
    cli("preparer", str(other), "--maintenant", COMMITTED)
    cli("tirer", str(other), "--drand-valeur", DRAND_VALUE, "--des", "3,5,2", "--maintenant", RUN_DATE)
    assert data_of(other)["graine"] != data_of(first)["graine"]


def test_answers_and_replacement_after_the_deadline_keep_the_quotas(make_draw: Builder) -> None:
    path = drawn(make_draw)
    seated = members(path)
    # The seed hashes the software's fingerprint, so who is drawn changes with any edit of the
    # draw's code: pick who leaves so that the reserve can always refill both seats.
    reserve_amateurs = [r for r in data_of(path)["resultat"]["reserve"] if r.startswith("a-")]
    pros = [m for m in seated if m.startswith("p-")]
    leaving = next(m for m in seated if m.startswith("a-")) if len(reserve_amateurs) >= 2 else pros[0]
    silent = next(m for m in reversed(pros) if m != leaving)
    assert cli("refuser", str(path), leaving, "--maintenant", "2026-01-12T09:00:00Z").exit_code == 0
    for member in seated:
        if member not in (leaving, silent):
            assert cli("confirmer", str(path), member, "--maintenant", "2026-01-15T09:00:00Z").exit_code == 0
    early = cli("remplacer", str(path), "--maintenant", "2026-01-20T09:00:00Z")
    assert early.exit_code == 1
    assert "le délai de réflexion court jusqu'au 2026-01-25T13:00:00Z" in early.output
    result = cli("remplacer", str(path), "--maintenant", AFTER_DEADLINE)
    assert result.exit_code == 0, result.output
    data = data_of(path)
    reasons = {r["sortant"]: r["motif"] for r in data["resultat"]["remplacements"]}
    assert reasons == {leaving: "desistement", silent: "silence"}
    for group in data["resultat"]["groupes"]:
        assert len(group["membres"]) == 3
        assert any(m.startswith("a-") for m in group["membres"])
    assert [e["evenement"] for e in data["journal"]][-1] == "remplacement"
    assert cli("verifier", str(path)).exit_code == 0


def test_confirmation_after_the_deadline_is_refused(make_draw: Builder) -> None:
    path = drawn(make_draw)
    before = path.read_text()
    result = cli("confirmer", str(path), members(path)[0], "--maintenant", AFTER_DEADLINE)
    assert result.exit_code == 1
    assert "après la fin du délai de réflexion (2026-01-25T13:00:00Z)" in result.output
    assert path.read_text() == before


def test_all_confirmed_closes_the_draw(make_draw: Builder) -> None:
    path = drawn(make_draw)
    for member in members(path):
        result = cli("confirmer", str(path), member, "--maintenant", "2026-01-11T10:00:00Z")
        assert result.exit_code == 0, result.output
    assert data_of(path)["statut"] == "clos"
    assert "le tirage est clos" in result.output
    assert cli("verifier", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--drand-valeur", "pas-hexa", "--des", "3,5,1"], "64 caractères hexadécimaux"),
        (["--drand-valeur", DRAND_VALUE, "--des", "3,5"], "2 dé(s) donné(s), mais le tirage en annonce 3"),
        (["--drand-valeur", DRAND_VALUE], "il manque le résultat des 3 dé(s)"),
        (["--des", "3,5,1"], "il manque la valeur de la ronde drand"),
    ],
)
def test_random_values_in_the_wrong_format_are_refused(make_draw: Builder, options: list[str], expected: str) -> None:
    path = prepared(make_draw)
    result = cli("tirer", str(path), *options, "--maintenant", RUN_DATE)
    assert result.exit_code == 1
    assert expected in result.output
    assert data_of(path)["statut"] == "prepare"


def test_randomness_dated_before_the_commitment_is_refused(make_draw: Builder) -> None:
    alea = draw_data()["alea"]
    alea["drand"]["ronde"] = 1000
    path = make_draw(mixed_actors(), draw_data(alea=alea))
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 1
    assert "la ronde drand 1000 est publiée le 2023-08-23" in result.output
    assert "avant ou au moment de l'engagement" in result.output
    alea = draw_data()["alea"]
    alea["des"]["date"] = "2026-01-09T12:00:00+01:00"
    path = make_draw(mixed_actors(), draw_data(alea=alea), folder="des")
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 1
    assert "les dés sont lancés le 2026-01-09T12:00:00+01:00, avant ou au moment de l'engagement" in result.output


def test_run_dated_before_the_drand_round_is_refused(make_draw: Builder) -> None:
    path = prepared(make_draw)
    too_soon = "2026-01-10T10:30:00Z"
    result = cli("tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", too_soon)
    assert result.exit_code == 1
    assert "ne peut pas connaître sa valeur" in result.output


def test_quotas_that_cannot_be_met_are_refused_at_prepare(make_draw: Builder) -> None:
    quotas = [{"categorie": {"champ": "pratique", "valeur": "amateur"}, "min_par_groupe": 3}]
    path = make_draw(mixed_actors(), draw_data(quotas=quotas))
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 1
    assert "il faut au moins 3 × « Pratique : Amateur » par groupe × 2 groupes = 6" in result.output
    assert "le vivier n'en compte que 4" in result.output
    assert "tirage-essai.md:" in result.output  # file and line of the quotas


def test_pool_smaller_than_the_seats_is_refused(make_draw: Builder) -> None:
    path = make_draw(mixed_actors(), draw_data(groupes={"nombre": 3, "taille": 4}))
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 1
    assert "le vivier compte 10 volontaire(s) pour 12 places" in result.output


def test_listed_actor_who_is_not_a_volunteer_is_refused(make_draw: Builder) -> None:
    actors = mixed_actors() | {"timide": actor("amateur", volontaire_tirage=False)}
    path = make_draw(actors, draw_data(vivier={"liste": ["a-01", "timide"]}))
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 1
    assert "« timide » de la liste du vivier ne peut pas être tiré au sort : il n'est pas volontaire" in result.output


def test_entry_edited_after_the_run_is_refused(make_draw: Builder) -> None:
    path = drawn(make_draw)
    reserve = data_of(path)["resultat"]["reserve"][0]

    def swap(data: dict[str, Any]) -> None:
        data["resultat"]["groupes"][0]["membres"][0] = reserve

    edit(path, swap)
    result = cli("confirmer", str(path), reserve, "--maintenant", "2026-01-11T10:00:00Z")
    assert result.exit_code == 1
    assert "la fiche a été modifiée à la main" in result.output
    assert "les groupes diffèrent du recalcul" in result.output


def _tamper_pool(data: dict[str, Any]) -> None:
    data["engagements"]["volontaires"].pop()


def _tamper_rules(data: dict[str, Any]) -> None:
    data["quotas"][0]["min_par_groupe"] = 2


def _tamper_seed(data: dict[str, Any]) -> None:
    data["graine"] = "0" * 64


def _tamper_drand(data: dict[str, Any]) -> None:
    data["alea"]["drand"]["valeur"] = "1" * 64


def _tamper_result(data: dict[str, Any]) -> None:
    groups = data["resultat"]["groupes"]
    groups[0]["membres"][0], groups[1]["membres"][0] = groups[1]["membres"][0], groups[0]["membres"][0]


def _tamper_reserve(data: dict[str, Any]) -> None:
    data["resultat"]["reserve"].reverse()


def _tamper_log(data: dict[str, Any]) -> None:
    data["journal"][1]["date"] = "2026-01-10T13:30:00Z"


def _tamper_distribution(data: dict[str, Any]) -> None:
    data["engagements"]["tirages_possibles"][0]["poids"] += 1


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_tamper_pool, "le vivier figé dans la fiche a été modifié"),
        (_tamper_rules, "les règles ont changé depuis l'engagement (champs modifiés : quotas)"),
        (_tamper_seed, "la graine est fausse"),
        (_tamper_drand, "la graine est fausse"),
        (_tamper_result, "les groupes diffèrent du recalcul"),
        (_tamper_reserve, "la liste de réserve diffère du recalcul"),
        (_tamper_log, "l'événement n° 2 du journal (« tirage ») a été modifié"),
        (_tamper_distribution, "la distribution a été modifiée"),
    ],
)
def test_verify_detects_tampering(make_draw: Builder, tamper: Any, expected: str) -> None:
    path = drawn(make_draw)
    edit(path, tamper)
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert expected in result.output


def test_verify_detects_an_actor_changed_since_the_commitments(make_draw: Builder) -> None:
    path = drawn(make_draw)
    actor_path = path.parent.parent / "acteurs" / "p-01.md"
    edit(actor_path, lambda data: data["univers"].update(pratique="amateur"))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert "le vivier recalculé à partir des fiches acteurs diffère du vivier figé" in result.output
    assert "catégories changées : p-01" in result.output
    assert cli("verifier", str(path), "--sans-fiches").exit_code == 0


def test_verify_detects_a_removed_log_event(make_draw: Builder) -> None:
    path = drawn(make_draw)
    cli("confirmer", str(path), members(path)[0], "--maintenant", "2026-01-11T10:00:00Z")
    cli("confirmer", str(path), members(path)[1], "--maintenant", "2026-01-11T11:00:00Z")
    edit(path, lambda data: data["journal"].pop(2))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert "le journal est rompu à l'événement n° 3" in result.output


def test_status_shows_who_answered(make_draw: Builder) -> None:
    path = drawn(make_draw)
    first = members(path)[0]
    cli("confirmer", str(path), first, "--maintenant", "2026-01-11T10:00:00Z")
    result = cli("etat", str(path))
    assert result.exit_code == 0
    assert f"{first} — confirme" in result.output
    assert "en attente" in result.output


def test_place_stays_empty_when_no_reserve_keeps_the_quotas(make_draw: Builder) -> None:
    # Two amateurs for two groups that each need one: both are drawn, the reserve has none.
    path = make_draw(mixed_actors(amateurs=2, pros=6), draw_data())
    cli("preparer", str(path), "--maintenant", COMMITTED)
    cli("tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE)
    for member in members(path):
        verb = "decline" if member == "a-01" else "confirm"
        assert cli(verb, str(path), member, "--maintenant", "2026-01-11T10:00:00Z").exit_code == 0
    result = cli("remplacer", str(path), "--maintenant", AFTER_DEADLINE)
    assert result.exit_code == 0, result.output
    assert "personne dans la réserve ne respecte les quotas, place non pourvue" in result.output
    assert data_of(path)["resultat"]["remplacements"][0]["entrant"] is None
    assert cli("verifier", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("commit_date", "expected", "code"),
    [
        ("2026-01-10T10:30:00Z", "engagements publiés dans l'historique git le 2026-01-10T10:30:00Z", 0),
        ("2026-01-10T12:30:00Z", "n'apparaissent dans l'historique git que le 2026-01-10T12:30:00Z", 1),
    ],
)
def test_verify_compares_the_commit_of_the_commitments_with_the_randomness(
    make_draw: Builder, commit_date: str, expected: str, code: int
) -> None:
    path = prepared(make_draw)
    repo = Repo.init(path.parent.parent)
    assert "ne sont dans aucun commit git" in cli("verifier", str(path)).output
    repo.index.add([str(p) for p in path.parent.parent.rglob("*.md")])
    who = Actor("Maillage", "tirage@example.org")
    stamp = f"{int(datetime.fromisoformat(commit_date).timestamp())} +0000"  # git's own date format
    repo.index.commit("Engagements du tirage", author=who, committer=who, author_date=stamp, commit_date=stamp)
    result = cli("tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE)
    assert result.exit_code == 0, result.output
    result = cli("verifier", str(path))
    assert expected in result.output
    assert result.exit_code == code
