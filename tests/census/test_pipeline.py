"""The whole census on small synthetic listings: import, normalise, real splink, review, apply, report."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from maillage.census.errors import CensusError
from maillage.census.importer import import_listing
from maillage.census.mapping import load_mapping, resolve_mapping
from maillage.cli import main
from maillage.model import load_commons, read_document

SHIPPED = {"rna": "rna-waldec", "sirene": "sirene", "basilic": "basilic"}


def _import_all(listings: Path, workdir: Path, runner: CliRunner, day: str = "2026-11-25") -> None:
    for layout in ("rna", "sirene", "basilic", "federation", "mairie"):
        mapping = SHIPPED.get(layout) or str(listings / f"{layout}.yaml")
        result = runner.invoke(
            main,
            [
                "recensement",
                "importer",
                str(listings / f"{layout}.csv"),
                "-c",
                mapping,
                "--maintenant",
                day,
                "--dossier",
                str(workdir),
            ],
        )
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def linked(listings_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("recensement")
    workdir, runner = root / "recensement", CliRunner()
    _import_all(listings_dir, workdir, runner)
    assert runner.invoke(main, ["recensement", "normaliser", "--dossier", str(workdir)]).exit_code == 0
    result = runner.invoke(main, ["recensement", "relier", "--dossier", str(workdir)])
    assert result.exit_code == 0, result.output
    return root, workdir


def test_link_writes_clusters_matching_the_truth(linked: tuple[Path, Path], listings_dir: Path) -> None:
    import csv

    _, workdir = linked
    truth = {(r["source"], r["record_id"]): r["actor_id"] for r in csv.DictReader((listings_dir / "verite.csv").open())}
    rows = list(csv.DictReader((workdir / "clusters.csv").open()))
    assert list(rows[0]) == ["source", "record_id", "cluster_id", "match_probability"]
    by_cluster: dict[str, set[str]] = {}
    for row in rows:
        by_cluster.setdefault(row["cluster_id"], set()).add(truth[(row["source"], row["record_id"])])
    mixed = sum(1 for actors in by_cluster.values() if len(actors) > 1)
    assert mixed <= len(by_cluster) * 0.01
    assert len(by_cluster) < len(rows) * 0.8  # identifiers and splink did merge


def test_review_file_explains_and_distinct_decisions_are_remembered(linked: tuple[Path, Path]) -> None:
    _, workdir = linked
    runner = CliRunner()
    pending = yaml.safe_load((workdir / "revue.yaml").read_text("utf-8"))
    assert pending, "the synthetic noise leaves some pairs for review"
    assert any("Nom :" in line for line in pending[0]["pourquoi"])
    pending[0]["decision"] = "distinct"
    filled = workdir / "rempli.yaml"
    filled.write_text(yaml.safe_dump(pending, allow_unicode=True), encoding="utf-8")
    review = ["recensement", "revoir", "--fichier", str(filled), "--dossier", str(workdir)]
    assert runner.invoke(main, review).exit_code == 0
    assert runner.invoke(main, ["recensement", "relier", "--dossier", str(workdir)]).exit_code == 0
    again = yaml.safe_load((workdir / "revue.yaml").read_text("utf-8")) or []
    asked = {tuple(sorted((p["a"], p["b"]))) for p in again}
    assert tuple(sorted((pending[0]["a"], pending[0]["b"]))) not in asked
    bad = workdir / "mauvais.yaml"
    bad.write_text(
        yaml.safe_dump(
            [{**again[0], "decision": "peut-être"}] if again else [{"a": "x", "b": "y", "decision": "peut-être"}]
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["recensement", "revoir", "--fichier", str(bad), "--dossier", str(workdir)])
    assert result.exit_code == 1 and "décision invalide" in result.output


def test_apply_is_idempotent_and_protects_hand_edits(linked: tuple[Path, Path], tmp_path: Path) -> None:
    _, workdir = linked
    runner = CliRunner()
    content = tmp_path / "content"
    first = runner.invoke(main, ["recensement", "appliquer", "--contenu", str(content), "--dossier", str(workdir)])
    assert first.exit_code == 0, first.output
    commons = load_commons(content)
    assert not commons.errors
    files = sorted((content / "acteurs").glob("*.md"))
    before = {p: p.read_text("utf-8") for p in files}
    second = runner.invoke(main, ["recensement", "appliquer", "--contenu", str(content), "--dossier", str(workdir)])
    assert "0 fiches créées, 0 mises à jour" in second.output
    assert {p: p.read_text("utf-8") for p in files} == before
    edited = files[0]
    edited.write_text(
        before[edited].replace(f"nom: {read_document(edited, 'x').data['nom']}\n", "nom: Nom choisi à la main\n", 1),
        encoding="utf-8",
    )
    third = runner.invoke(main, ["recensement", "appliquer", "--contenu", str(content), "--dossier", str(workdir)])
    assert third.exit_code == 0
    assert read_document(edited, "x").data["nom"] == "Nom choisi à la main"


def test_updated_listing_changes_only_what_changed(listings_dir: Path, tmp_path: Path) -> None:
    listings = tmp_path / "listes"
    shutil.copytree(listings_dir, listings)
    workdir, content, runner = tmp_path / "recensement", tmp_path / "content", CliRunner()
    _import_all(listings, workdir, runner)
    for step in (["normaliser"], ["relier"], ["appliquer", "--contenu", str(content)]):
        assert runner.invoke(main, ["recensement", *step, "--dossier", str(workdir)]).exit_code == 0
    before = {p.name: p.read_text("utf-8") for p in (content / "acteurs").glob("*.md")}
    # The place's kind changes in the updated listing (the name, commune and address do not).
    lines = (listings / "basilic.csv").read_text("utf-8").splitlines()
    header, first = lines[0].split(";"), lines[1].split(";")
    kind = header.index("Type équipement ou lieu")
    first[kind] = "Archives" if first[kind] != "Archives" else "Cinéma"
    lines[1] = ";".join(first)
    (listings / "basilic.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = ["recensement", "importer", str(listings / "basilic.csv"), "-c", "basilic", "--maintenant", "2026-12-01"]
    assert runner.invoke(main, [*command, "--dossier", str(workdir)]).exit_code == 0
    for step in (["normaliser"], ["relier"]):
        assert runner.invoke(main, ["recensement", *step, "--dossier", str(workdir)]).exit_code == 0
    applied = runner.invoke(main, ["recensement", "appliquer", "--contenu", str(content), "--dossier", str(workdir)])
    assert "0 fiches créées, 1 mises à jour" in applied.output
    after = {p.name: p.read_text("utf-8") for p in (content / "acteurs").glob("*.md")}
    changed = [name for name in after if after[name] != before.get(name)]
    assert len(changed) == 1
    assert "date: '2026-12-01'" in after[changed[0]]


def test_invalid_identifier_stops_import_and_nothing_is_written(tmp_path: Path) -> None:
    listing = tmp_path / "rna.csv"
    mapping_path = resolve_mapping("rna-waldec")
    columns = load_mapping(mapping_path)
    header = (
        "id;siret;titre;titre_court;objet;objet_social1;objet_social2;adrs_numvoie;adrs_repetition;"
        "adrs_typevoie;adrs_libvoie;adrs_codepostal;adrs_codeinsee;adrs_libcommune;siteweb;position"
    )
    listing.write_text(
        header + "\nW881000123;12345678901234;CHORALE;;;006040;;1;;RUE;X;88000;88160;EPINAL;;A\n", encoding="utf-8"
    )
    from maillage.census.workdir import Workdir

    with pytest.raises(CensusError) as caught:
        import_listing(listing, columns, mapping_path, Workdir(tmp_path / "w"), date(2026, 11, 25))
    assert "rna.csv, ligne 2, colonne « siret » : SIRET invalide" in caught.value.problems[0].format()
    assert not (tmp_path / "w").exists()


def test_report_page_has_map_and_white_zones(linked: tuple[Path, Path], tmp_path: Path) -> None:
    _, workdir = linked
    runner = CliRunner()
    content = tmp_path / "content"
    apply = ["recensement", "appliquer", "--contenu", str(content), "--dossier", str(workdir)]
    assert runner.invoke(main, apply).exit_code == 0
    page = tmp_path / "recensement.md"
    report = ["recensement", "rapport", "--contenu", str(content), "--sortie", str(page)]
    assert runner.invoke(main, report).exit_code == 0
    text = page.read_text("utf-8")
    assert "<svg" in text and "zones blanches" in text and "<title>Épinal" in text


def test_spark_backend(linked: tuple[Path, Path]) -> None:
    pytest.importorskip("pyspark", reason="le moteur Spark demande l'extra « spark » (pyspark)")
    _, workdir = linked
    duckdb_clusters = (workdir / "clusters.csv").read_text("utf-8")
    result = CliRunner().invoke(main, ["recensement", "relier", "--moteur", "spark", "--dossier", str(workdir)])
    assert result.exit_code == 0, result.output
    spark_clusters = (workdir / "clusters.csv").read_text("utf-8")
    # Same records, same identifiers, same comparisons: Spark finds the same actors.
    assert len(spark_clusters.splitlines()) == len(duckdb_clusters.splitlines()) > 1
