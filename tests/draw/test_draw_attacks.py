"""Attacks on a draw, reproduced step by step, and what catches each one.

- grinding: publish honestly, then after the drand round re-prepare backdated with a round
  already known to select the wanted person;
- a forged or absent time-stamp token;
- a wrong drand value, a valid signature for another round;
- a tampered tool whose distribution keeps the minimum but favours one type;
- a journal rewritten by re-running the commands on an older version;
- dice chosen after the drand round.
"""

from __future__ import annotations

import base64
import os
from datetime import timedelta
from typing import Any

import pytest
from draw_fixture import T0, Commons, actor, cli, data_of, drawn, edit, members, mixed_actors, ok, prepared
from fake_authorities import LocalTSA, build_response, make_certificates

from maillage.draw import fairness, protocol
from maillage.draw.canonical import canonical_json
from maillage.draw.clock import format_datetime
from maillage.draw.distribution import Distribution
from maillage.draw.drand import Beacon, Network
from maillage.draw.history import History
from maillage.draw.pool import Pool
from maillage.draw.randomness import seed
from maillage.draw.selection import select
from maillage.draw.store import load_draw, save_draw
from maillage.draw.verify import commitments_digest


def failure(path: Any) -> str:
    result = cli("verifier", str(path))
    assert result.exit_code == 1, result.output
    return result.output


def test_backdated_re_prepare_with_a_ground_round_is_caught(commons: Commons) -> None:
    """The issue's reproduction: honest commitments for a future round; after it, try already
    published rounds until one selects the wanted person; re-prepare backdated; commit; run."""
    path = prepared(commons)  # honest, published and pushed at T0 for a round at T0+2h
    wanted = "a-03"
    commons.clock.at(T0 + timedelta(days=3))  # long after the announced round
    draw = load_draw(path)
    draw.__dict__["history"] = History(available=False)  # the organiser's own tool skips that check
    key = commons.authorities.drand.key
    network = Network.from_info(key.info(), "test")

    def selects(round_number: int, when: Any) -> tuple[bool, dict[str, Any]]:
        data = dict(draw.entry.data, statut="brouillon")
        data = {k: v for k, v in data.items() if k not in ("engagements", "journal", "horodatages")}
        data["alea"] = {"drand": {"chaine": network.chain_hash, "ronde": round_number}}
        data.pop("horodatage", None)
        draw.entry.document.data.clear()
        draw.entry.document.data.update(data)
        outcome = protocol.prepare(draw, when)
        drand = dict(
            outcome.data["alea"]["drand"], valeur=Beacon(round_number, key.beacon(round_number)["signature"]).randomness
        )
        engaged = outcome.data["engagements"]
        chosen = select(
            seed(commitments_digest(engaged), {"drand": drand}),
            Pool.from_frozen(engaged),
            Distribution.from_data(engaged["tirages_possibles"], Pool.from_frozen(engaged).type_sizes()),
        )
        return any(wanted in g for g in chosen.groups), outcome.data

    # The CLI refuses to backdate the commitments.
    refused = cli("preparer", str(path), "--maintenant", format_datetime(T0 + timedelta(days=1)))
    assert refused.exit_code == 1
    assert "remonte à plus de 5 minutes" in refused.output
    # So the organiser bypasses it: grind through published rounds, backdating each time.
    for tries, past_round in enumerate(range(commons.authorities.round_after(T0 + timedelta(days=1)), 10**9), start=1):
        backdate = network.round_time(past_round) - timedelta(minutes=1)
        hit, data = selects(past_round, backdate)
        if hit:
            break
        assert tries < 40
    save_draw(draw, data)
    os.environ["GIT_COMMITTER_DATE"] = format_datetime(backdate)
    try:
        commons.commit("Engagements (corrigés)")
    finally:
        del os.environ["GIT_COMMITTER_DATE"]
    commons.clock.at(network.round_time(past_round) + timedelta(minutes=2))
    ok(cli("tirer", str(path)))
    assert any(wanted in g["membres"] for g in data_of(path)["resultat"]["groupes"])
    output = failure(path)
    assert "ce tirage a été préparé une première fois avec d'autres engagements" in output
    assert "pas de jeton d'horodatage : que les engagements aient existé AVANT l'aléa repose sur la confiance" in output
    # And preparing twice is refused by the tool itself.
    again = cli("preparer", str(path))
    assert again.exit_code == 1


def test_commitments_time_stamped_after_the_round_are_caught(commons: Commons) -> None:
    path = prepared(commons)
    token_time = T0 + timedelta(hours=3)  # after the drand round: an authority honest about the time

    def late_token(data: dict[str, Any]) -> None:
        digest = bytes.fromhex(commitments_digest(data["engagements"]))
        der = build_response(commons.authorities.tsa.certificates, digest, None, token_time, 99)
        data["horodatages"]["engagements"] |= {
            "jeton": base64.b64encode(der).decode(),
            "date": format_datetime(token_time),
        }

    edit(path, late_token)
    assert "ils ont pu être choisis en connaissant le résultat" in failure(path)


def test_a_forged_token_from_an_authority_the_commons_does_not_trust_is_caught(commons: Commons) -> None:
    path = prepared(commons)
    forger = make_certificates("Autorité d'horodatage de test")  # same name, another key

    def forged(data: dict[str, Any]) -> None:
        digest = bytes.fromhex(commitments_digest(data["engagements"]))
        data["horodatages"]["engagements"]["jeton"] = base64.b64encode(
            build_response(forger, digest, None, T0, 7)
        ).decode()

    edit(path, forged)
    assert "le jeton d'horodatage des engagements ne prouve rien" in failure(path)


def test_a_token_of_other_commitments_is_caught(commons: Commons) -> None:
    path = prepared(commons)

    def other(data: dict[str, Any]) -> None:
        der = build_response(commons.authorities.tsa.certificates, b"\x01" * 32, None, T0, 8)
        data["horodatages"]["engagements"]["jeton"] = base64.b64encode(der).decode()

    edit(path, other)
    assert "le jeton horodate une autre empreinte" in failure(path)


def test_without_a_token_verify_says_before_rests_on_trust(commons: Commons) -> None:
    commons.clock.at(T0)
    data = commons.draw_data()
    del data["horodatage"]
    path = commons.write(mixed_actors(), data)
    result = ok(cli("preparer", str(path)))
    assert "pas d'autorité d'horodatage" in result.output
    commons.commit("Engagements")
    result = ok(cli("verifier", str(path)))
    assert "que les engagements aient existé AVANT l'aléa repose sur la confiance" in result.output


def test_an_unreachable_authority_leaves_commitments_to_stamp_before_the_randomness(commons: Commons) -> None:
    commons.clock.at(T0)
    data = commons.draw_data()
    data["horodatage"]["adresse"] = "http://127.0.0.1:9/tsr"
    path = commons.write(mixed_actors(), data)
    result = ok(cli("preparer", str(path)))
    assert "engagements écrits, mais pas horodatés" in result.output
    assert "horodatages" not in data_of(path)

    def reachable(entry: dict[str, Any]) -> None:
        entry["horodatage"]["adresse"] = commons.authorities.tsa.url

    edit(path, reachable)
    commons.clock.advance(minutes=20)
    ok(cli("horodater", str(path)))
    assert data_of(path)["horodatages"]["engagements"]["date"] == "2026-03-02T09:20:00Z"
    commons.commit("Engagements horodatés")
    assert "engagements horodatés le 2026-03-02T09:20:00Z" in ok(cli("verifier", str(path))).output


def test_a_stamp_asked_after_the_randomness_is_refused(commons: Commons) -> None:
    commons.clock.at(T0)
    data = commons.draw_data()
    data["horodatage"]["adresse"] = "http://127.0.0.1:9/tsr"
    path = commons.write(mixed_actors(), data)
    ok(cli("preparer", str(path)))
    edit(path, lambda entry: entry["horodatage"].update(adresse=commons.authorities.tsa.url))
    commons.clock.advance(hours=3)
    result = cli("horodater", str(path))
    assert result.exit_code == 1
    assert "l'horodatage ne prouverait plus rien" in result.output


def test_a_wrong_drand_value_or_another_rounds_signature_is_caught(commons: Commons) -> None:
    path = drawn(commons)
    key = commons.authorities.drand.key
    round_number = data_of(path)["alea"]["drand"]["ronde"]

    edit(path, lambda data: data["alea"]["drand"].update(valeur="1" * 64))
    assert "la valeur drand n'est pas le SHA-256 de la signature" in failure(path)
    other = key.beacon(round_number - 5)
    edit(path, lambda data: data["alea"]["drand"].update(valeur=other["randomness"], signature=other["signature"]))
    output = failure(path)
    assert "ne correspond pas à la ronde" in output


def test_a_tampered_tool_that_keeps_the_minimum_but_favours_one_type_is_caught(
    commons: Commons, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six élu·es (at most one per group), three rural volunteers, three others; two groups of
    three. Fair: élu·es 1/3 (the quota allows no more), everyone else 2/3. The tampered tool keeps
    the minimum at 1/3 but seats the three rural volunteers every time, the others 1 time in 3."""
    actors = {
        f"elue-{i}": actor("amateur", nom=f"Élue {i}", univers={"pratique": "amateur", "sphere": "elus"})
        for i in range(1, 7)
    }
    actors |= {f"rural-{i}": actor("amateur", "rural", nom=f"Rural {i}") for i in range(1, 4)}
    actors |= {f"autre-{i}": actor("amateur", nom=f"Autre {i}") for i in range(1, 4)}
    quotas = [
        {"categorie": {"champ": "sphere", "valeur": "elus"}, "max_par_groupe": 1},
        {"categorie": {"champ": "milieu", "valeur": "rural"}},
    ]
    honest = fairness.compute_distribution

    def favouring(pool: Pool, rules: Any) -> tuple[Distribution, float]:
        fair, optimum = honest(pool, rules)
        index = {kind: t for t, kind in enumerate(pool.types)}
        other, rural, elus = index[frozenset()], index[frozenset({"milieu=rural"})], index[frozenset({"sphere=elus"})]

        def plan(counts: dict[int, int]) -> tuple[int, ...]:
            return tuple(counts.get(t, 0) for t in range(len(pool.types)))

        panel = tuple(sorted([plan({rural: 2, elus: 1}), plan({rural: 1, other: 1, elus: 1})]))
        return Distribution((panel,), (10**9,), fair.sizes), optimum

    monkeypatch.setattr(fairness, "compute_distribution", favouring)
    path = prepared(commons, actors, quotas=quotas)
    monkeypatch.undo()
    shown = sorted(t["probabilite"] for t in data_of(path)["engagements"]["types"])
    assert shown == ["0.333333", "0.333333", "1.000000"]  # the minimum is the fair one
    output = failure(path)
    assert "la distribution n'est pas la plus équitable (leximin)" in output
    assert "(Milieu : Rural) : 1.000000 engagée, 0.666667 recalculée" in output
    assert "(aucune catégorie de quota) : 0.333333 engagée, 0.666667 recalculée" in output


def test_a_journal_rewritten_from_an_older_version_is_caught(commons: Commons) -> None:
    """The issue's reproduction: a committed confirmation turned into a decline by re-running
    the commands on the version before it."""
    path = drawn(commons)
    seated = members(path)[0]
    before_entry, before_data = path.read_text(), path.with_suffix(".json").read_text()
    commons.clock.advance(hours=2)
    ok(cli("confirmer", str(path), seated))
    commons.commit("Confirmation")
    path.write_text(before_entry)
    path.with_suffix(".json").write_text(before_data)
    commons.clock.advance(hours=1)
    ok(cli("refuser", str(path), seated))
    commons.commit("Désistement")
    assert "l'historique du tirage a été réécrit" in failure(path)


def test_dice_must_be_recorded_with_witnesses_before_the_drand_round(commons: Commons) -> None:
    path = prepared(commons)
    round_number = data_of(path)["alea"]["drand"]["ronde"]
    commons.clock.at(commons.authorities.round_time(round_number) + timedelta(seconds=30))
    late = cli("des", str(path), "6,6,6", "--temoin", "Quelqu'un")
    assert late.exit_code == 1
    assert "les dés devaient être inscrits avant" in late.output
    without = cli("tirer", str(path))
    assert without.exit_code == 1
    assert "inscrivez-les avec leurs témoins" in without.output


def test_dice_recorded_after_the_round_by_hand_are_caught(commons: Commons) -> None:
    path = drawn(commons)
    round_number = data_of(path)["alea"]["drand"]["ronde"]
    late = format_datetime(commons.authorities.round_time(round_number) + timedelta(minutes=1))

    def move(data: dict[str, Any]) -> None:
        event = next(e for e in data["journal"] if e["evenement"] == "des")
        event["date"] = late

    edit(path, move)
    output = failure(path)
    assert "l'événement n° 3 du journal (« des ») a été modifié" in output
    assert "les dés sont inscrits le" in output


def test_the_run_needs_published_commitments_or_the_coordinators_word(commons: Commons) -> None:
    commons.clock.at(T0)
    path = commons.write(
        mixed_actors(),
        commons.draw_data(
            alea={
                "drand": {
                    "chaine": commons.authorities.chain,
                    "ronde": commons.authorities.round_after(T0 + timedelta(hours=1)),
                }
            }
        ),
    )
    ok(cli("preparer", str(path)))
    commons.clock.advance(hours=1, minutes=2)
    unpublished = cli("tirer", str(path))
    assert unpublished.exit_code == 1
    assert "les engagements ne sont dans aucun commit" in unpublished.output
    commons.commit("Engagements", push=False)
    unpushed = cli("tirer", str(path))
    assert unpushed.exit_code == 1
    assert "aucune branche distante ne le contient" in unpushed.output
    ok(cli("tirer", str(path), "--publication", "affiché en mairie de Charleville le 2 mars à 10 h"))
    commons.commit("Tirage")
    assert "selon le coordinateur : « affiché en mairie" in ok(cli("verifier", str(path))).output


def test_prepare_refuses_a_date_in_the_future(commons: Commons) -> None:
    commons.clock.at(T0)
    path = commons.write(mixed_actors())
    result = cli("preparer", str(path), "--maintenant", format_datetime(T0 + timedelta(hours=1)))
    assert result.exit_code == 1
    assert "dans le futur" in result.output


def test_the_commitments_digest_is_what_the_authority_stamped(commons: Commons) -> None:
    path = prepared(commons)
    data = data_of(path)
    from hashlib import sha256

    assert data["horodatages"]["engagements"]["empreinte"] == sha256(canonical_json(data["engagements"])).hexdigest()
    assert isinstance(commons.authorities.tsa, LocalTSA)
