"""Issue forms and the CONTRIBUTING field reference are generated from the schemas and kept in sync."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from maillage.cli import main
from maillage.issueforms.elements import issue_elements
from maillage.issueforms.generate import generated_files, stale_files
from maillage.issueforms.reference import BEGIN, END
from maillage.issueforms.templates import TEMPLATE_DIR
from maillage.model import default_schemas

ROOT = Path(__file__).parents[2]


def copy_repository(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    shutil.copytree(ROOT / TEMPLATE_DIR, root / TEMPLATE_DIR)
    shutil.copy(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")  # the commons' territory gives the examples
    return root


def test_committed_files_are_up_to_date() -> None:
    assert stale_files(ROOT) == [], "lancez « maillage tickets generer »"


def test_regenerating_into_a_fresh_directory_gives_the_committed_files(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    shutil.rmtree(root / TEMPLATE_DIR)
    result = CliRunner().invoke(main, ["tickets", "generer", "--depot", str(root)])
    assert result.exit_code == 0, result.output
    for name in sorted(p.name for p in (ROOT / TEMPLATE_DIR).glob("*.yml")):
        assert (root / TEMPLATE_DIR / name).read_text("utf-8") == (ROOT / TEMPLATE_DIR / name).read_text("utf-8")


def test_a_stale_template_or_reference_is_detected(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["tickets", "verifier", "--depot", str(root)]).exit_code == 0
    template = root / TEMPLATE_DIR / "outil.yml"
    template.write_text(template.read_text("utf-8").replace("label: Titre", "label: Nom de l'outil"), "utf-8")
    contributing = root / "CONTRIBUTING.md"
    contributing.write_text(contributing.read_text("utf-8").replace("| Nom | `nom` |", "| Nom | `name` |"), "utf-8")
    result = runner.invoke(main, ["tickets", "verifier", "--depot", str(root)])
    assert result.exit_code == 1
    assert "outil.yml n'est pas à jour : lancez « maillage tickets generer »" in result.output
    assert "CONTRIBUTING.md n'est pas à jour" in result.output
    assert stale_files(root) == [template, contributing]


def test_missing_markers_are_a_clear_error(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    (root / "CONTRIBUTING.md").write_text("# Contribuer\n", "utf-8")
    result = CliRunner().invoke(main, ["tickets", "verifier", "--depot", str(root)])
    assert result.exit_code == 1
    assert "marqueurs de la référence des champs introuvables" in result.output


def test_one_form_per_entry_type_with_labels_and_blank_issues_disabled() -> None:
    names = {p.name for p in (ROOT / TEMPLATE_DIR).glob("*.yml")}
    assert names == {f"{t.schema}.yml" for t in default_schemas().types} | {"config.yml"}
    config = yaml.safe_load((ROOT / TEMPLATE_DIR / "config.yml").read_text("utf-8"))
    assert config == {"blank_issues_enabled": False}
    for entry_type in default_schemas().types:
        form = yaml.safe_load((ROOT / TEMPLATE_DIR / f"{entry_type.schema}.yml").read_text("utf-8"))
        assert form["labels"] == ["nouvelle-fiche", f"fiche:{entry_type.folder}"]
        labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
        ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
        assert len(set(labels)) == len(labels), "GitHub refuses duplicate labels"
        assert len(set(ids)) == len(ids)
        # The body last, except for a testimony: its words are a field of its own.
        assert (labels[-1] == "Texte de la fiche") == (entry_type.testimony is None)


def test_form_elements_follow_the_schema_kinds() -> None:
    elements = {e.id: e for e in issue_elements(default_schemas().by_folder["acteurs"])}
    assert elements["nom"].type == "input" and elements["nom"].required
    assert elements["nature"].type == "dropdown" and not elements["nature"].multiple
    assert elements["disciplines"].type == "dropdown" and elements["disciplines"].multiple
    assert elements["volontaire_tirage"].type == "checkboxes"
    assert elements["consentement"].options == (
        "Accepte la publication de sa fiche",
        "Accepte la publication de ses coordonnées",
    )
    assert elements["univers-pratique"].label == "Univers — Pratique"
    assert elements["texte"].type == "textarea"
    projet = {e.id: e for e in issue_elements(default_schemas().by_folder["projets"])}
    assert projet["acteurs"].type == "textarea" and projet["acteurs"].required
    assert "Acteur ; Rôle (porteur, partenaire, facilitateur, financeur, participant)" in projet["acteurs"].description
    tirage = {e.id: e for e in issue_elements(default_schemas().by_folder["tirages"])}
    assert "engagements" not in tirage and "graine" not in tirage
    # A field required inside an optional group is optional in the flat form.
    assert not tirage["alea-drand-chaine"].required
    assert tirage["groupes-nombre"].required


def test_the_field_reference_covers_every_type_and_field() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    reference = text[text.index(BEGIN) : text.index(END)]
    for entry_type in default_schemas().types:
        assert f"(`content/{entry_type.folder}/`)" in reference
    for key in ("`contact.courriel`", "`acteurs[].role`", "`quotas[].categorie.champ`", "`alea.des.temoins`"):
        assert key in reference
    assert "Donnée personnelle" in reference
    assert generated_files(ROOT)[ROOT / "CONTRIBUTING.md"] == text


def test_the_commune_question_gives_an_example_from_the_commons_territory(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace('departements: ["88"]', 'departements: ["08"]'), "utf-8")
    result = CliRunner().invoke(main, ["tickets", "generer", "--depot", str(root)])
    assert result.exit_code == 0, result.output
    actor_form = (root / TEMPLATE_DIR / "acteur.yml").read_text("utf-8")
    assert "par exemple « Charleville-Mézières » ou « Charleville-Mézières (08000) »" in actor_form
    assert "Épinal" not in actor_form and "88160" not in actor_form
