"""`maillage verifier`: every problem as `path:line:column: message`, a count, exit status 1 on errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from maillage.cli import main
from maillage.model import load_commons
from maillage.model.batch import load_files

ROOT = Path(__file__).resolve().parents[2]


def test_check_prints_located_problems_and_fails(write, content, actor, monkeypatch):
    write("acteurs", "un.md", actor(echelle="pays"))
    write("acteurs", "deux.md", actor(nom='"Deux"'))
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["verifier", "content"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("content/acteurs/un.md:7:1: « echelle » : valeur « pays » inconnue")
    assert lines[-1] == "2 fiche(s) vérifiée(s) : 1 erreur(s), 0 avertissement(s)."


def test_check_succeeds_on_a_clean_commons(write, content, valid_actor, monkeypatch):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["verifier"])
    assert result.exit_code == 0
    assert result.output.strip() == "1 fiche(s) vérifiée(s) : aucun problème."


def test_check_on_files_reports_only_those_files(write, content, actor, monkeypatch):
    write("acteurs", "un.md", actor(echelle="pays"))
    bad = write("acteurs", "deux.md", actor(echelle="monde"))
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["verifier", "--format", "json", str(bad.relative_to(content.parent))])
    assert result.exit_code == 1
    [problem] = json.loads(result.output)
    assert problem["path"] == "content/acteurs/deux.md"
    assert problem["field"] == "echelle"


def test_warnings_do_not_fail_the_check(write, content, actor, monkeypatch):
    write("acteurs", "artiste.md", actor(forme="personne", nature="artiste"))
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["verifier"])
    assert result.exit_code == 0
    assert ":4:1: avertissement : fiche d'une personne sans consentement" in result.output


def test_the_installed_command_runs(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "maillage.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "maillage" in completed.stdout


def test_parallel_and_serial_loading_agree(write, content, actor, monkeypatch):
    for i in range(30):
        write("acteurs", f"a{i}.md", actor(echelle="pays" if i % 7 == 0 else "commune"))
    serial = load_commons(content)
    monkeypatch.setattr("maillage.model.batch.PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr("maillage.model.batch.threading.active_count", lambda: 1)
    parallel = load_commons(content)
    assert [p.format() for p in parallel.problems] == [p.format() for p in serial.problems]
    assert parallel.entries.keys() == serial.entries.keys()
    assert load_files([], serial.schemas) == []


def test_both_validation_engines_agree_on_invalid_entries(write, content, actor):
    variants = [
        {"echelle": "pays"}, {"commune": '"99999"'}, {"nom": '""'}, {"site_web": "ftp//x"},
        {"identifiants": '{siret: "1"}'}, {"univers": "{pratique: pro}"}, {"disciplines": "[theatre, theatre]"},
        {"contact": '{courriel: "pas-un-courriel"}'}, {"consentement": "{publication: true}"},
    ]
    for i, fields in enumerate(variants):
        write("acteurs", f"v{i}.md", actor(**fields))
    commons = load_commons(content)
    for entry_id in (f"v{i}" for i in range(len(variants))):
        entry = commons.entries[entry_id]
        fast_valid = commons.schemas.fast["acteur"].is_valid(entry.data)
        slow_valid = commons.schemas.validators["acteur"].is_valid(entry.data)
        assert fast_valid is slow_valid is False, entry_id


def test_click_speaks_french_too():
    runner = CliRunner()
    help_text = runner.invoke(main, ["verifier", "--help"]).output
    assert help_text.startswith("Utilisation :")
    assert "Affiche cette aide et quitte." in help_text
    wrong = runner.invoke(main, ["verifier", "--format", "x"])
    assert wrong.exit_code == 2
    assert "Erreur : Valeur invalide pour '--format'" in wrong.output
