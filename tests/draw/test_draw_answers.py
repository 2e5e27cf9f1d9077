"""Answers that reach a draw through a pull request or the web form, before the journal holds them.

`verify` accepts a valid one with a note and refuses the others naming file, line and field;
`inscribe` (and every later command) appends them to the hash-chained journal without
rewriting it; `record_answer_data` builds the web form's pull request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from draw_fixture import (
    AFTER_DEADLINE,
    DRAND_VALUE,
    RUN_DATE,
    Builder,
    cli,
    data_of,
    drawn,
    edit,
    members,
    prepared,
)
from git import Actor, Repo

from maillage.draw.errors import DrawError
from maillage.draw.page import render_section
from maillage.draw.protocol import record_answer_data
from maillage.draw.store import load_draw, save_draw
from maillage.model import read_document

WITHIN = "2026-01-12T09:00:00Z"
WHO = Actor("Maillage", "tirage@example.org")


def add_answer(actor: str, answer: str, date: str) -> Any:
    """The edit a pull request makes: one more item at the end of `reponses`."""

    def change(data: dict[str, Any]) -> None:
        data["reponses"].append({"acteur": actor, "reponse": answer, "date": date})

    return change


def commit(repo: Repo, message: str, date: str) -> None:
    repo.index.add([str(p) for p in Path(repo.working_tree_dir or "").rglob("*.md")])
    stamp = f"{int(datetime.fromisoformat(date).timestamp())} +0000"  # git's own date format
    repo.index.commit(message, author=WHO, committer=WHO, author_date=stamp, commit_date=stamp)


def reserve_of(path: Path) -> list[str]:
    return data_of(path)["resultat"]["reserve"]


def test_answer_from_a_pull_request_is_accepted_inscribed_and_a_tampered_one_refused(make_draw: Builder) -> None:
    path = prepared(make_draw)
    repo = Repo.init(path.parent.parent, initial_branch="main")
    commit(repo, "Engagements du tirage", "2026-01-10T10:30:00Z")
    drawn = cli("tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE)
    assert drawn.exit_code == 0
    commit(repo, "Tirage", "2026-01-10T13:05:00Z")
    first, second = members(path)[:2]
    assert cli("confirmer", str(path), second, "--maintenant", "2026-01-11T09:00:00Z").exit_code == 0
    commit(repo, "Confirmation", "2026-01-11T09:05:00Z")

    # The pull request: a branch whose one commit adds an answer to `reponses`, then merged.
    branch = repo.create_head("reponse-du-premier")
    branch.checkout()
    edit(path, add_answer(first, "confirme", WITHIN))
    commit(repo, f"Réponse de {first}", "2026-01-12T09:05:00Z")
    repo.heads.main.checkout()
    repo.git.merge("--no-ff", "-m", "Fusion de la réponse", "reponse-du-premier")
    assert [r["acteur"] for r in data_of(path)["reponses"]] == [second, first]

    result = cli("verifier", str(path))
    assert result.exit_code == 0, result.output
    assert f"réponse pas encore inscrite au journal : « {first} » confirme le {WITHIN}" in result.output
    assert "pas encore inscrite au journal" in cli("etat", str(path)).output

    journal_before = data_of(path)["journal"]
    result = cli("inscrire", str(path), "--maintenant", "2026-01-12T10:00:00Z")
    assert result.exit_code == 0, result.output
    assert f"inscrite au journal : « {first} » confirme le {WITHIN}" in result.output
    data = data_of(path)
    assert data["journal"][: len(journal_before)] == journal_before  # extended, never rewritten
    last = data["journal"][-1]
    assert (last["evenement"], last["date"]) == ("reponse", WITHIN)
    assert last["details"]["acteur"] == first and last["details"]["inscrite_le"] == "2026-01-12T10:00:00Z"
    result = cli("verifier", str(path))
    assert result.exit_code == 0, result.output
    assert "pas encore inscrite" not in result.output
    assert cli("inscrire", str(path)).exit_code == 1  # nothing left to inscribe
    commit(repo, "Inscription au journal", "2026-01-12T10:05:00Z")

    # A later pull request turns the journaled confirmation into a withdrawal.
    def turn(data: dict[str, Any]) -> None:
        data["reponses"][1]["reponse"] = "decline"

    edit(path, turn)
    commit(repo, "Réponse changée", "2026-01-13T09:00:00Z")
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "reponse: decline" in text)
    assert f"tirage-essai.md:{line}:" in result.output
    assert f"réponse n° 2, champ « reponse » : « {first} » a déjà répondu « confirme »" in result.output
    assert "une réponse ne peut pas être changée" in result.output


def _unknown(path: Path) -> tuple[str, str, str]:
    # The model's own check of references refuses it first, with file and line too.
    return "inconnu", WITHIN, "aucune fiche « inconnu » n'existe"


def _not_drawn(path: Path) -> tuple[str, str, str]:
    reserve = reserve_of(path)[0]
    return reserve, WITHIN, f"« {reserve} » n'occupe aucune place dans les groupes de ce tirage"


def _late(path: Path) -> tuple[str, str, str]:
    return members(path)[0], AFTER_DEADLINE, "après la fin de son délai de réflexion (2026-01-25T13:00:00Z)"


def _future(path: Path) -> tuple[str, str, str]:
    return members(path)[0], "2099-01-01T00:00:00Z", "est datée du 2099-01-01T00:00:00Z, dans le futur"


def _before_run(path: Path) -> tuple[str, str, str]:
    return members(path)[0], "2026-01-10T12:00:00Z", "datée d'avant sa désignation (2026-01-10T13:00:00Z)"


def _bad_date(path: Path) -> tuple[str, str, str]:
    return members(path)[0], "le 12 janvier", "« le 12 janvier » n'est pas une date et heure valide"


@pytest.mark.parametrize(
    ("case", "field"),
    [
        (_unknown, "acteur"),
        (_not_drawn, "acteur"),
        (_late, "date"),
        (_future, "date"),
        (_before_run, "date"),
        (_bad_date, "date"),
    ],
)
def test_invalid_answer_from_a_pull_request_is_refused_with_file_line_and_field(
    make_draw: Builder, case: Any, field: str
) -> None:
    path = drawn(make_draw)
    actor, date, expected = case(path)
    edit(path, add_answer(actor, "confirme", date))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert expected in result.output
    located = (f"réponse n° 1, champ « {field} »", f"« reponses.0.{field} »")  # the draw's or the model's
    assert any(text in result.output for text in located)
    line, column = read_document(path).position(("reponses", 0, field))
    assert f"tirage-essai.md:{line}:{column}: " in result.output
    before = path.read_text()
    assert cli("inscrire", str(path)).exit_code == 1
    assert path.read_text() == before


def test_two_pending_answers_from_the_same_person_are_refused(make_draw: Builder) -> None:
    path = drawn(make_draw)
    first = members(path)[0]
    edit(path, add_answer(first, "decline", "2026-01-13T09:00:00Z"))
    edit(path, add_answer(first, "confirme", WITHIN))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    # In date order the confirmation comes first: the withdrawal, second, is the one refused.
    assert f"réponse n° 1, champ « acteur » : « {first} » a déjà répondu (« confirme »)" in result.output


def test_commands_inscribe_pending_answers_first_in_date_order(make_draw: Builder) -> None:
    path = drawn(make_draw)
    seated = members(path)
    edit(path, add_answer(seated[0], "confirme", "2026-01-13T09:00:00Z"))
    edit(path, add_answer(seated[1], "decline", WITHIN))
    result = cli("confirmer", str(path), seated[2], "--maintenant", "2026-01-14T09:00:00Z")
    assert result.exit_code == 0, result.output
    answers = [(e["details"]["acteur"], e["date"]) for e in data_of(path)["journal"][2:]]
    assert answers == [(seated[1], WITHIN), (seated[0], "2026-01-13T09:00:00Z"), (seated[2], "2026-01-14T09:00:00Z")]
    # A replacement after the deadline counts the confirmation that came by pull request.
    edit(path, add_answer(seated[3], "confirme", "2026-01-20T09:00:00Z"))
    result = cli("remplacer", str(path), "--maintenant", AFTER_DEADLINE)
    assert result.exit_code == 0, result.output
    leaving = {r["sortant"] for r in data_of(path)["resultat"]["remplacements"]}
    assert leaving == {seated[1], *seated[4:]}
    assert cli("verifier", str(path)).exit_code == 0


def test_pending_answer_dated_before_a_journaled_replacement_is_refused(make_draw: Builder) -> None:
    path = drawn(make_draw)
    seated = members(path)
    assert cli("remplacer", str(path), "--maintenant", AFTER_DEADLINE).exit_code == 0  # everyone silent
    arriving = next(r["entrant"] for r in data_of(path)["resultat"]["remplacements"] if r["entrant"])
    edit(path, add_answer(seated[0], "confirme", "2026-01-20T09:00:00Z"))
    result = cli("verifier", str(path))
    assert result.exit_code == 1
    assert "avant les remplacements du 2026-01-26T14:00:00Z déjà inscrits au journal" in result.output
    # A reserve called in at the replacement may answer after it.
    edit(path, lambda data: data["reponses"].pop())
    edit(path, add_answer(arriving, "confirme", "2026-01-27T09:00:00Z"))
    result = cli("verifier", str(path))
    assert result.exit_code == 0, result.output
    assert f"« {arriving} » confirme le 2026-01-27T09:00:00Z" in result.output


def test_record_answer_data_adds_a_pending_answer_for_the_web_form(make_draw: Builder) -> None:
    path = drawn(make_draw)
    entry, _ = load_draw(path)
    original = data_of(path)
    first = members(path)[0]
    data = record_answer_data(entry.data, first, "decline", datetime(2026, 1, 12, 10, tzinfo=UTC))
    assert entry.data == original  # the input is left as it was
    assert data["reponses"] == [{"acteur": first, "reponse": "decline", "date": "2026-01-12T10:00:00Z"}]
    assert data["journal"] == original["journal"]
    save_draw(entry, data)  # what the pull request carries
    result = cli("verifier", str(path))
    assert result.exit_code == 0, result.output
    assert f"« {first} » se désiste le 2026-01-12T10:00:00Z" in result.output
    entry, commons = load_draw(path)
    assert "s&#39;est désisté·e (réponse reçue, pas encore inscrite au journal)" in str(render_section(entry, commons))
    assert cli("inscrire", str(path)).exit_code == 0
    entry, commons = load_draw(path)
    assert "pas encore inscrite" not in str(render_section(entry, commons))


@pytest.mark.parametrize(
    ("who", "answer", "when", "field", "expected"),
    [
        ("reserve", "confirme", WITHIN, "reponses.0.acteur", "n'occupe aucune place"),
        ("member", "confirme", AFTER_DEADLINE, "reponses.0.date", "après la fin de son délai de réflexion"),
        ("member", "confirme", "2099-01-01T00:00:00Z", "reponses.0.date", "dans le futur"),
        ("member", "peut-etre", WITHIN, "reponse", "réponse « peut-etre » inconnue"),
        ("answered", "decline", WITHIN, "reponses.1.reponse", "une réponse ne peut pas être changée"),
    ],
)
def test_record_answer_data_refuses_what_verify_refuses(
    make_draw: Builder, who: str, answer: str, when: str, field: str, expected: str
) -> None:
    path = drawn(make_draw)
    actor = {"reserve": reserve_of(path)[0], "member": members(path)[0], "answered": members(path)[1]}[who]
    if who == "answered":
        assert cli("confirmer", str(path), actor, "--maintenant", "2026-01-11T09:00:00Z").exit_code == 0
    with pytest.raises(DrawError) as refused:
        record_answer_data(data_of(path), actor, answer, datetime.fromisoformat(when))
    assert expected in refused.value.message
    assert refused.value.field == field


def test_record_answer_data_refuses_a_draw_not_run_or_edited(make_draw: Builder) -> None:
    path = prepared(make_draw)
    with pytest.raises(DrawError, match="ce tirage n'a pas encore eu lieu"):
        record_answer_data(data_of(path), "a-01", "confirme", datetime(2026, 1, 12, tzinfo=UTC))
    path = drawn(make_draw)
    data = data_of(path)
    data["resultat"]["reserve"].reverse()
    with pytest.raises(DrawError, match="la liste de réserve diffère du recalcul"):
        record_answer_data(data, members(path)[0], "confirme", datetime(2026, 1, 12, tzinfo=UTC))
