"""A draw read by its public: the page section, and the standalone script that checks the
published `tirage.json` with Python's standard library only, agreeing with `maillage tirage verifier`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from draw_fixture import Commons, actor, cli, data_of, drawn, edit, members, mixed_actors, ok

from maillage.draw.page import render_section
from maillage.draw.publish import SCRIPT, verification_files
from maillage.draw.store import load_draw


def eventful(commons: Commons) -> Path:
    """A draw with a decline that leaves a vacancy, a relaxed quota, a confirmation, a closure."""
    path = drawn(commons, mixed_actors(amateurs=2, pros=6) | {"cie": actor("professionnel", nom="<b>Cie</b> & co")})
    commons.clock.advance(days=1)
    ok(cli("refuser", str(path), next(m for m in members(path) if m.startswith("a-")), "--par", "téléphone"))
    commons.clock.advance(hours=2)
    ok(cli("assouplir", str(path), "--quota", "1", "--min-par-groupe", "0", "--motif", "plus d'amateur"))
    commons.clock.advance(hours=2)
    ok(cli("confirmer", str(path), members(path)[0]))
    commons.commit("Réponses")
    return path


def standalone(folder: Path, payload: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """Run the published script as a citizen would, in an isolated Python without site-packages."""
    (folder / "tirage.json").write_text(json.dumps(payload, ensure_ascii=False))
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "tirage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def published(path: Path) -> dict[str, Any]:
    draw = load_draw(path)
    return json.loads(verification_files(draw.entry, draw.commons)["tirage.json"])


def test_the_standalone_script_agrees_with_verify(commons: Commons, tmp_path: Path) -> None:
    path = eventful(commons)
    ok(cli("verifier", str(path)))
    run = standalone(tmp_path, published(path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"graine : {data_of(path)['graine']}" in run.stdout
    assert "signature du jeton vérifiée par openssl" in run.stdout
    assert "vérification réussie" in run.stdout
    assert "NON vérifiée ici" in run.stdout  # it says plainly what it leaves to `maillage tirage verifier`


def _swap_groups(data: dict[str, Any]) -> None:
    groups = data["resultat"]["groupes"]
    groups[0]["membres"][0], groups[1]["membres"][0] = groups[1]["membres"][0], groups[0]["membres"][0]


def _drand_value(data: dict[str, Any]) -> None:
    data["alea"]["drand"]["valeur"] = "1" * 64


def _journal(data: dict[str, Any]) -> None:
    data["journal"][-1]["details"]["reponse"] = "decline"


def _probabilities(data: dict[str, Any]) -> None:
    data["engagements"]["types"][0]["probabilite"] = "0.900000"


def _token(data: dict[str, Any]) -> None:
    data["horodatages"]["engagements"]["jeton"] = data["horodatages"]["engagements"]["jeton"][:-8] + "AAAAAAA="


@pytest.mark.parametrize(
    ("tamper", "script_says"),
    [
        (_swap_groups, "« groupes » diffère du recalcul"),
        (_drand_value, "la valeur drand n'est pas le SHA-256 de la signature publiée"),
        (_journal, "du journal a été modifié"),
        (_probabilities, "les probabilités affichées ne sont pas celles de la distribution"),
        (_token, "jeton"),
    ],
)
def test_a_tampered_draw_fails_both_the_script_and_verify(
    commons: Commons, tmp_path: Path, tamper: Any, script_says: str
) -> None:
    path = eventful(commons)
    payload = published(path)
    tamper(payload["fiche"])
    run = standalone(tmp_path, payload)
    assert run.returncode == 1, run.stdout
    assert script_says in run.stdout
    edit(path, tamper)
    assert cli("verifier", str(path)).exit_code == 1


def test_the_page_shows_the_whole_draw_escaped_with_how_to_check_it(commons: Commons) -> None:
    path = eventful(commons)
    draw = load_draw(path)
    html = str(render_section(draw.entry, draw.commons, now=commons.clock.now()))
    assert "Le tirage au sort" in html and "Vérifier soi-même" in html
    assert 'href="tirage.json"' in html and 'href="verifier_tirage.py"' in html
    assert "horodatée le" in html and "autorité d'horodatage « test »" in html
    assert "ce n'est pas un réseau de la League of Entropy" in html
    assert "Place vacante" not in html  # the relaxed quota filled it
    assert "assoupli en « Pratique : Amateur — sans contrainte »" in html and "plus d&#39;amateur" in html
    assert "a confirmé le" in html and "en attente, délai jusqu&#39;au" in html
    assert "&#34;engagements&#34;" in html or "&quot;engagements&quot;" in html  # the seed's exact input
    assert "<b>Cie</b>" not in html


def test_the_page_flags_vacancies_broken_quotas_and_groups_without_professionals(commons: Commons) -> None:
    path = drawn(commons, mixed_actors(amateurs=2, pros=4))
    commons.clock.advance(days=1)
    ok(cli("refuser", str(path), next(m for m in members(path) if m.startswith("a-"))))
    draw = load_draw(path)
    html = str(render_section(draw.entry, draw.commons, now=commons.clock.now()))
    assert "Place vacante</strong> depuis le" in html
    assert "réserve épuisée" in html
    assert "Quota non respecté</strong> : Pratique : Amateur" in html
