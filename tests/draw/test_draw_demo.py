"""The demo commons' complete draw, as a visitor and a skeptical citizen find it.

It was played by `scripts/demo_draw.py` (demonstration authorities declared in `autorites/`), one
commit per step: `maillage tirage verifier` checks it from a fresh clone of the repository, and the
standalone script, run on the published `tirage.json`, agrees with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from git import Repo

from maillage.cli import main
from maillage.draw.publish import SCRIPT, verification_files
from maillage.draw.store import load_draw

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path("content/tirages/tirage-de-la-saison-rurale-de-l-ouest-vosgien.md")


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository, whole history included."""
    if Repo(ROOT).git.rev_parse("--is-shallow-repository") == "true":
        pytest.skip("copie partielle (shallow) du dépôt : l'historique du tirage de démonstration n'y est pas")
    target = tmp_path_factory.mktemp("clone") / "maillage"
    Repo.clone_from(str(ROOT), target)
    return target


def test_the_demo_draw_is_complete_and_verifies_from_a_fresh_clone(clone: Path) -> None:
    data = json.loads((clone / DEMO).with_suffix(".json").read_text("utf-8"))
    events = [e["evenement"] for e in data["journal"]]
    assert events[:4] == ["preparation", "horodatage", "des", "tirage"]
    assert "reponse" in events
    assert any(r["motif"] == "desistement" and r["entrant"] for r in data["resultat"]["remplacements"])
    result = CliRunner().invoke(main, ["tirage", "verifier", str(clone / DEMO)])
    assert result.exit_code == 0, result.output
    assert "vérification réussie" in result.output
    assert "par l'autorité « demonstration »" in result.output
    assert "engagements publiés dans le commit" in result.output


def test_the_standalone_script_agrees_with_verify_on_the_demo_draw(tmp_path: Path) -> None:
    draw = load_draw(ROOT / DEMO, with_commons=True)
    (tmp_path / "tirage.json").write_bytes(verification_files(draw.entry, draw.commons)["tirage.json"])
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "tirage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"graine : {draw.entry.data['graine']}" in run.stdout
    seated = [m for g in draw.entry.data["resultat"]["groupes"] for m in g["membres"]]
    assert len(seated) == 6
