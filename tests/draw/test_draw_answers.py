"""Answers that reach a draw through a pull request or the web form, before the journal holds them.

`verifier` accepts a valid one with a note and refuses the others naming file, line and field;
`inscrire` (and every later command) journals them with who sent them and the commit that
brought them; `record_answer_data` builds the web form's pull request, sender required.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from draw_fixture import Commons, cli, data_of, drawn, edit, members, ok, prepared
from git import Actor

from maillage.draw.clock import format_datetime
from maillage.draw.errors import DrawError
from maillage.draw.protocol import record_answer_data
from maillage.draw.store import load_draw
from maillage.model import read_document

CONTRIBUTOR = Actor("Camille Leroy", "camille@example.org")


def add_answer(actor: str, answer: str, date: str, sent_by: str | None = None) -> Any:
    """The edit a pull request makes: one more item at the end of `reponses`."""

    def change(data: dict[str, Any]) -> None:
        item = {"acteur": actor, "reponse": answer, "date": date}
        data["reponses"].append(item | ({"transmise_par": sent_by} if sent_by else {}))

    return change


def test_an_answer_from_a_pull_request_is_journaled_with_who_sent_it_and_its_commit(commons: Commons) -> None:
    path = drawn(commons)
    first = members(path)[0]
    commons.clock.advance(days=1)
    answered = format_datetime(commons.clock.now())
    branch = commons.repo.create_head("reponse")
    branch.checkout()
    edit(path, add_answer(first, "confirme", answered, "Camille Leroy, présidente, par le formulaire"))
    commons.repo.git.add("-A")
    brought = commons.repo.index.commit(f"Réponse de {first}", author=CONTRIBUTOR, committer=CONTRIBUTOR)
    commons.repo.heads.main.checkout()
    commons.repo.git.merge("--no-ff", "-m", "Fusion de la réponse", "reponse")
    result = ok(cli("verifier", str(path)))
    assert f"réponse pas encore inscrite au journal : « {first} » confirme le {answered}" in result.output
    assert "pas encore inscrite au journal" in ok(cli("etat", str(path))).output
    commons.clock.advance(hours=1)
    inscribed = ok(cli("inscrire", str(path)))
    assert "(transmise par Camille Leroy, présidente, par le formulaire)" in inscribed.output
    details = data_of(path)["journal"][-1]["details"]
    assert details["apportee_par"] == {"commit": brought.hexsha, "auteur": "Camille Leroy <camille@example.org>"}
    assert details["transmise_par"] == "Camille Leroy, présidente, par le formulaire"
    commons.commit("Réponse inscrite")
    ok(cli("verifier", str(path)))


def _not_drawn(path: Path, when: str) -> tuple[str, str, str]:
    return data_of(path)["resultat"]["reserve"][0], when, "n'occupe aucune place dans les groupes"


def _late(path: Path, when: str) -> tuple[str, str, str]:
    late = format_datetime(_run_date(path) + timedelta(days=16))
    return members(path)[0], late, "après la fin de son délai de réflexion"


def _future(path: Path, when: str) -> tuple[str, str, str]:
    return members(path)[0], "2099-01-01T00:00:00Z", "dans le futur"


def _before_run(path: Path, when: str) -> tuple[str, str, str]:
    return members(path)[0], format_datetime(_run_date(path) - timedelta(hours=1)), "datée d'avant sa désignation"


def _run_date(path: Path) -> Any:
    from maillage.draw.clock import parse_datetime

    return parse_datetime(data_of(path)["resultat"]["date"], "date")


@pytest.mark.parametrize(
    ("case", "field"), [(_not_drawn, "acteur"), (_late, "date"), (_future, "date"), (_before_run, "acteur")]
)
def test_an_invalid_answer_from_a_pull_request_is_refused_naming_file_line_and_field(
    commons: Commons, case: Any, field: str
) -> None:
    path = drawn(commons)
    commons.clock.advance(days=20)
    actor, date, expected = case(path, format_datetime(commons.clock.now()))
    edit(path, add_answer(actor, "confirme", date))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert expected in result.output
    line, column = read_document(path).position(("reponses", 0, field))
    assert f"tirage-essai.md:{line}:{column}: " in result.output
    before = path.read_text()
    assert cli("inscrire", str(path)).exit_code == 1
    assert path.read_text() == before


def test_a_pending_answer_dated_before_a_journaled_replacement_is_refused(commons: Commons) -> None:
    path = drawn(commons)
    seated = members(path)
    commons.clock.advance(days=1)
    before = format_datetime(commons.clock.now())
    commons.clock.advance(hours=2)
    ok(cli("refuser", str(path), seated[0]))  # frees a place at once: seats changed
    edit(path, add_answer(seated[1], "confirme", before))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert "déjà inscrits au journal" in result.output


def test_record_answer_data_adds_a_pending_answer_and_needs_its_sender(commons: Commons) -> None:
    path = drawn(commons)
    draw = load_draw(path)
    first = members(path)[0]
    commons.clock.advance(days=1)
    with pytest.raises(DrawError, match="doit dire qui l'a envoyée"):
        record_answer_data(draw.entry.data, first, "decline", commons.clock.now(), " ", authorities=draw.authorities)
    data = record_answer_data(
        draw.entry.data,
        first,
        "decline",
        commons.clock.now(),
        "Formulaire en ligne, suivi 7f3a",
        authorities=draw.authorities,
    )
    assert data["reponses"][-1]["transmise_par"] == "Formulaire en ligne, suivi 7f3a"
    assert data["journal"] == draw.entry.data["journal"]
    with pytest.raises(DrawError, match="n'occupe aucune place"):
        record_answer_data(
            draw.entry.data,
            data["resultat"]["reserve"][0],
            "confirme",
            commons.clock.now(),
            "x",
            authorities=draw.authorities,
        )


def test_record_answer_data_refuses_a_draw_not_run(commons: Commons) -> None:
    path = prepared(commons)
    with pytest.raises(DrawError, match="n'attend pas de réponse"):
        record_answer_data(data_of(path), "a-01", "confirme", commons.clock.now(), "x")


def test_an_answer_added_to_the_entry_must_say_who_sent_it(commons: Commons) -> None:
    path = drawn(commons)
    commons.clock.advance(days=1)
    edit(path, add_answer(members(path)[0], "confirme", format_datetime(commons.clock.now())))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert "ne dit pas qui l'a transmise" in result.output
    line, _ = read_document(path).position(("reponses", 0))
    assert f"tirage-essai.md:{line}:" in result.output
