"""Terminal review, spreadsheets through a mapping, persons without consent, provenance merge."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from openpyxl import Workbook

from maillage.cli import main
from maillage.model import load_commons

TOWN_HALL = """\
source: mairie-epinal
licence: usage interne
champs:
  nom: Association
  adresse: Adresse
  code_postal: Code postal
  commune_libelle: Commune
  telephone: Tél.
constantes:
  nature: association
"""


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def _run(runner: CliRunner, *args: str, input: str | None = None) -> str:
    result = runner.invoke(main, ["recensement", *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_spreadsheet_import_terminal_review_and_apply(tmp_path: Path) -> None:
    listing, mapping = tmp_path / "mairie.xlsx", tmp_path / "mairie.yaml"
    mapping.write_text(TOWN_HALL, encoding="utf-8")
    header = ["Association", "Adresse", "Code postal", "Commune", "Tél."]
    rows = [
        ["Chorale du Gai Savoir", "3 rue Jean Jaurès", 88000, "Épinal", "0329000001"],
        ["Chorale Gai Savoir", "", 88190, "GOLBEY", ""],
        ["Les Tréteaux de la Moselle", "8 place des Vosges", 88000, "Épinal", "0329000002"],
        ["Harmonie municipale", "1 rue de la Gare", 88190, "Golbey", "0329000003"],
    ]
    _xlsx(listing, [header, *rows])
    workdir, content = tmp_path / "recensement", tmp_path / "content"
    runner = CliRunner()
    _run(runner, "importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    assert "inchangé" in _run(runner, "importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    commons = ("--contenu", str(content), "--dossier", str(workdir))
    _run(runner, "normaliser", *commons)
    _run(runner, "relier", *commons, "--seuil-fusion", "0.999999", "--seuil-revue", "0.0001")
    pending = yaml.safe_load((workdir / "revue.yaml").read_text("utf-8")) or []
    assert pending
    output = _run(runner, "revoir", *commons, input="n\n" * len(pending))
    assert "Pourquoi ce score" in output and "Nom : " in output
    decisions = yaml.safe_load((workdir / "decisions.yaml").read_text("utf-8")) or []
    assert decisions and all(d["decision"] == "distinct" for d in decisions)
    assert "aucune paire à revoir" in _run(runner, "revoir", *commons)
    _run(runner, "relier", *commons, "--seuil-fusion", "0.999999", "--seuil-revue", "0.0001")
    assert not yaml.safe_load((workdir / "revue.yaml").read_text("utf-8"))
    _run(runner, "appliquer", *commons)
    assert not load_commons(content).errors


def test_persons_get_no_consent_and_stay_unpublished(tmp_path: Path) -> None:
    listing, mapping = tmp_path / "artistes.csv", tmp_path / "artistes.yaml"
    listing.write_text("Nom,CP,Ville\nJeanne Martin,88000,Épinal\n", encoding="utf-8")
    mapping.write_text(
        "source: artistes\nchamps:\n  nom: Nom\n  code_postal: CP\n  commune_libelle: Ville\n"
        "constantes:\n  forme: personne\n  nature: artiste\n",
        encoding="utf-8",
    )
    workdir, content, runner = tmp_path / "w", tmp_path / "content", CliRunner()
    _run(runner, "importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    _run(runner, "normaliser", "--contenu", str(content), "--dossier", str(workdir))
    _run(runner, "relier", "--contenu", str(content), "--dossier", str(workdir))
    assert "sans consentement" in _run(runner, "appliquer", "--contenu", str(content), "--dossier", str(workdir))
    (entry,) = load_commons(content).of_type("acteurs")
    assert entry.is_person and not entry.publishable and "consentement" not in entry.data


def test_bad_listing_through_the_command_line(tmp_path: Path) -> None:
    listing = tmp_path / "rna.csv"
    listing.write_text("id;titre;titre\nW881000123;A;B\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["recensement", "importer", str(listing), "-c", "rna-waldec", "--dossier", str(tmp_path / "w")]
    )
    assert result.exit_code == 1
    assert "rna.csv, ligne 1, colonne « titre » : la colonne « titre » apparaît deux fois" in result.output
    assert "Traceback" not in result.output


def test_merge_keeps_changed_added_and_deleted_fields() -> None:
    from maillage.census.apply import ApplyResult, merge

    record = {"source": "rna-waldec", "fichier": "rna.csv", "ligne": "4", "date_import": "2026-11-25"}
    data = {"nom": "Nom à la main", "site_web": "https://ajout.example"}
    data["provenance"] = {
        "nom": {"source": "rna-waldec", "ligne": 4, "date": "2026-11-01", "valeur": "Ancien nom"},
        "contact.telephone": {"source": "rna-waldec", "ligne": 4, "date": "2026-11-01", "valeur": "03 29 00 00 00"},
        "commune": {"source": "rna-waldec", "ligne": 4, "date": "2026-11-01", "valeur": "88160"},
    }
    data["commune"] = "88160"
    values = {
        "nom": ("Nouveau nom", record),
        "site_web": ("https://liste.example", record),
        "telephone": ("03 29 00 00 00", record),
        "commune": ("88190", record),
    }
    result = ApplyResult()
    assert merge(data, values, result, "x")
    assert data["nom"] == "Nom à la main" and data["site_web"] == "https://ajout.example"
    assert "contact" not in data  # deleted by hand: not written back
    assert data["commune"] == "88190" and data["provenance"]["commune"]["valeur"] == "88190"
    assert {path for _, path in result.protected} == {"nom", "site_web", "contact.telephone"}
