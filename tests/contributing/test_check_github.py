"""`maillage verifier --format github`: workflow commands with escaped contributor text, French summary."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from maillage.cli import main
from maillage.issueforms.annotations import escape_data, escape_property, step_summary, workflow_command
from maillage.model import Problem, Severity


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% sûr\r\nligne: a, b") == "100%25 sûr%0D%0Aligne: a, b"
    assert escape_property("content/a:b,c%.md") == "content/a%3Ab%2Cc%25.md"


def test_a_problem_becomes_one_command_line() -> None:
    problem = Problem("content/acteurs/a,b.md", 4, 7, "« nom » : « x\n::error::pwned » 50%")
    assert workflow_command(problem) == (
        "::error file=content/acteurs/a%2Cb.md,line=4,col=7,title=Fiche invalide::"
        "« nom » : « x%0A::error::pwned » 50%25"
    )
    warning = Problem("content/acteurs/p.md", 1, 1, "attention", severity=Severity.WARNING)
    assert workflow_command(warning).startswith(
        "::warning file=content/acteurs/p.md,line=1,col=1,title=Avertissement::"
    )


def test_summary_is_french_markdown_with_inert_contributor_text() -> None:
    problems = [Problem("content/acteurs/a.md", 3, 1, "« nom » : « <img src=x> | @team »")]
    summary = step_summary(problems, 12)
    assert summary.startswith(
        "## Vérification des fiches\n\n12 fiche(s) vérifiée(s) : **1 erreur(s)**, 0 avertissement(s)."
    )
    assert "| content/acteurs/a.md | 3 | erreur | « nom » : « &lt;img src=x&gt; \\| @\u200bteam » |" in summary
    assert "<img" not in summary
    assert (
        step_summary([], 5)
        == "## Vérification des fiches\n\n5 fiche(s) vérifiée(s) : aucun problème. :white_check_mark:\n"
    )


def test_check_command_in_github_format(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "content" / "acteurs"
    folder.mkdir(parents=True)
    (folder / "mauvais.md").write_text(
        '---\nschema_version: 1\nnom: "50% : a,b"\nforme: organisation\nnature: "50%,licorne"\n'
        'commune: "88160"\nechelle: commune\n---\n',
        "utf-8",
    )
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["verifier", "--format", "github", "content"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        "::error file=content/acteurs/mauvais.md,line=5,col=1,title=Fiche invalide::"
        "« nature » : valeur « 50%25,licorne » inconnue ; valeurs possibles : structure_culturelle, association, "
        "entreprise, collectivite, elu, institution, artiste, collectif_habitants, federation, autre"
    ]
    text = summary.read_text("utf-8")
    assert "1 fiche(s) vérifiée(s) : **1 erreur(s)**" in text
    assert "| content/acteurs/mauvais.md | 5 | erreur |" in text


def test_check_github_without_summary_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["verifier", "--format", "github", "content"])
    assert result.exit_code == 0
    assert result.output == ""


def test_at_most_fifty_annotations_per_file_then_a_count() -> None:
    """One file with thousands of problems must not bury every other file's annotations."""
    from maillage.issueforms.annotations import MAX_ANNOTATIONS_PER_FILE, report_github

    noisy = [Problem("content/acteurs/bruit.md", n, 1, f"problème {n}") for n in range(1, 15_001)]
    other = [Problem("content/outils/autre.md", 2, 1, "un seul problème")]
    commands = report_github(noisy + other, 2)
    noisy_commands = [c for c in commands if "file=content/acteurs/bruit.md" in c]
    assert MAX_ANNOTATIONS_PER_FILE == 50
    assert len(noisy_commands) == 51
    assert noisy_commands[-1] == (
        "::error file=content/acteurs/bruit.md,title=Problèmes non affichés::14950 autre(s) problème(s) dans ce "
        "fichier ne sont pas annotés ici : « maillage verifier content/acteurs/bruit.md » les montre tous"
    )
    assert any("file=content/outils/autre.md" in c for c in commands)
