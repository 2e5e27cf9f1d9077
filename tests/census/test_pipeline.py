"""The census as a coordinator runs it, on small synthetic listings of the Vosges, with real splink.

import → normalise → link → review → apply, through the command line; what each step leaves in
the working folder and in the commons.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from census_helpers import commons_root, run, truth
from click.testing import CliRunner

from maillage.census.errors import CensusError
from maillage.census.importer import import_listing
from maillage.census.mapping import load_mapping, resolve_mapping
from maillage.census.workdir import Workdir
from maillage.cli import main
from maillage.model import load_commons, read_document, render_entry


def _commons(root: Path) -> tuple[str, str]:
    return "--contenu", str(root / "content")


def _clusters(workdir: Path) -> list[dict[str, str]]:
    with (workdir / "clusters.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _records(workdir: Path) -> dict[str, dict[str, str]]:
    with (workdir / "enregistrements.csv").open(encoding="utf-8") as handle:
        return {row["uid"]: row for row in csv.DictReader(handle)}


def _actors(root: Path) -> dict[str, dict]:
    return {e.id: e.data for e in load_commons(root / "content").of_type("acteurs")}


def test_clusters_match_the_truth_and_link_is_deterministic(census_copy, listings_dir: Path) -> None:
    root, workdir, _ = census_copy
    run("relier", *_commons(root), "--dossier", str(workdir))
    outputs = {name: (workdir / name).read_bytes() for name in ("liens.csv", "clusters.csv", "revue.yaml")}
    records, expected = _records(workdir), truth(listings_dir)
    actors_of: dict[str, set[str]] = {}
    for row in _clusters(workdir):
        record = records[f"{row['source']}:{row['record_id']}"]
        actors_of.setdefault(row["cluster_id"], set()).add(expected[(record["fichier"], record["ligne"])])
    assert sum(1 for actors in actors_of.values() if len(actors) > 1) == 0  # no two actors merged
    assert len(actors_of) < len(records) * 0.7  # identifiers and splink did merge
    # Same inputs, same files, byte for byte, even when the model is trained again.
    run("relier", *_commons(root), "--reentrainer", "--dossier", str(workdir))
    assert {name: (workdir / name).read_bytes() for name in outputs} == outputs


def test_explanations_are_french(census_copy) -> None:
    root, workdir, _ = census_copy
    run("relier", *_commons(root), "--seuil-revue", "0.05", "--dossier", str(workdir))
    text = (workdir / "revue.yaml").read_text("utf-8") + (workdir / "liens.csv").read_text("utf-8")
    assert "Nom : " in text and "Commune : " in text and "Autres cas" in text
    for english in ("Exact match", "Jaro-Winkler distance", "All other comparisons", "CustomComparison", "SELECT"):
        assert english not in text


def test_review_takes_effect_at_once_and_a_filled_file_survives_a_new_link(census_copy) -> None:
    root, workdir, _ = census_copy
    run("relier", *_commons(root), "--seuil-revue", "0.05", "--dossier", str(workdir))
    pending = yaml.safe_load((workdir / "revue.yaml").read_text("utf-8"))
    assert len(pending) >= 2
    same, apart = pending[0], pending[1]
    same["decision"], apart["decision"] = "meme", "distinct"
    filled = root / "revue-remplie.yaml"
    filled.write_text(yaml.safe_dump(pending, allow_unicode=True), "utf-8")
    output = run("revoir", "--fichier", str(filled), *_commons(root), "--dossier", str(workdir))
    assert "2 décisions enregistrées (1 même acteur, 1 acteurs distincts)" in output
    # No new link: apply uses the decisions straight away.
    run("appliquer", *_commons(root), "--dossier", str(workdir))
    assignments = {row["uid"]: row["fiche"] for row in csv.DictReader((workdir / "fiches.csv").open())}
    assert assignments[same["a"]] == assignments[same["b"]]
    assert assignments[apart["a"]] != assignments[apart["b"]]
    # Linking again moves the queue; the filled file still names known records, so it still reads.
    run("relier", *_commons(root), "--seuil-revue", "0.05", "--dossier", str(workdir))
    run("revoir", "--fichier", str(filled), *_commons(root), "--dossier", str(workdir))
    bad = root / "mauvais.yaml"
    bad.write_text(yaml.safe_dump([{"a": "mairie:x:1", "b": same["a"], "decision": "meme"}]), "utf-8")
    result = CliRunner().invoke(main, ["recensement", "revoir", "--fichier", str(bad), "--dossier", str(workdir)])
    assert result.exit_code == 1 and "l'enregistrement mairie:x:1 n'est plus dans le recensement" in result.output


def test_the_commons_is_a_source_and_deleted_entries_stay_deleted(census_copy) -> None:
    root, workdir, _ = census_copy
    records = _records(workdir)
    rna = next(r for r in records.values() if r["source"] == "rna-waldec" and r["commune"])
    # An actor written by hand before the census, under its own name, without identifier.
    hand = root / "content" / "acteurs" / "mon-acteur.md"
    hand.parent.mkdir(parents=True)
    data = {"schema_version": 1, "nom": rna["nom"].upper(), "forme": "organisation", "nature": "association",
            "commune": rna["commune"], "echelle": "commune"}
    hand.write_text(render_entry(data, "Écrit à la main."), "utf-8")
    run("relier", *_commons(root), "--dossier", str(workdir))
    run("revoir", "--rattacher", rna["uid"], "mon-acteur", *_commons(root), "--dossier", str(workdir))
    run("appliquer", *_commons(root), "--dossier", str(workdir))
    actors = _actors(root)
    entry = actors["mon-acteur"]
    assert entry["nom"] == rna["nom"].upper()  # the hand-written name is kept
    assert entry["identifiants"]["rna"] == rna["rna"]  # enriched, with provenance
    assert entry["provenance"]["identifiants.rna"]["fichier"] == "rna.csv"
    assert read_document(hand, "x").body.strip() == "Écrit à la main."
    same_rna = [i for i, a in actors.items() if a.get("identifiants", {}).get("rna") == rna["rna"]]
    assert same_rna == ["mon-acteur"]  # not duplicated
    # The coordinator deletes an entry the census wrote: it is never recreated.
    deleted = next(i for i, a in actors.items() if i != "mon-acteur")
    (root / "content" / "acteurs" / f"{deleted}.md").unlink()
    run("relier", *_commons(root), "--dossier", str(workdir))
    output = run("appliquer", *_commons(root), "--dossier", str(workdir))
    assert "0 fiches créées" in output and deleted in output
    assert not (root / "content" / "acteurs" / f"{deleted}.md").exists()
    decisions = yaml.safe_load((workdir / "decisions.yaml").read_text("utf-8"))
    assert any(d.get("fiche") == deleted and d["decision"] == "supprimee" for d in decisions)


def test_several_files_per_mapping_add_up_and_replace_only_themselves(listings_dir: Path, tmp_path: Path) -> None:
    lines = (listings_dir / "rna.csv").read_text("utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    half = len(rows) // 2
    first, second = tmp_path / "rna_88_a.csv", tmp_path / "rna_88_b.csv"
    first.write_text("\n".join([header, *rows[:half]]) + "\n", "utf-8")
    second.write_text("\n".join([header, *rows[half:]]) + "\n", "utf-8")
    workdir = tmp_path / "recensement"
    for path in (first, second):
        run("importer", str(path), "-c", "rna-waldec", "--dossier", str(workdir))
    run("normaliser", "--dossier", str(workdir))
    records = _records(workdir)
    assert len(records) == len(rows)
    assert {r["fichier"] for r in records.values()} == {"rna_88_a.csv", "rna_88_b.csv"}
    # The first file again, one row shorter: only its own rows change.
    first.write_text("\n".join([header, *rows[: half - 1]]) + "\n", "utf-8")
    run("importer", str(first), "-c", "rna-waldec", "--dossier", str(workdir))
    run("normaliser", "--dossier", str(workdir))
    assert len(_records(workdir)) == len(rows) - 1


def test_commune_names_without_codes_and_corrections(tmp_path: Path) -> None:
    # A town hall's list of the Moselle: names only, as clerks write them.
    root = commons_root(tmp_path / "commun", '"57", "08"')
    listing = tmp_path / "associations.csv"
    listing.write_text(
        "Association;Commune;Téléphone\n"
        "Harmonie municipale de Yutz;YUTZ CEDEX;+33 (0)3 82 56 00 00\n"
        "Ciné-club de Charleville;Charleville-Mez.;03 24 00 00 00\n"
        "Chorale Sainte-Cécile;Longeville;\n",
        "utf-8",
    )
    mapping = tmp_path / "mairie.yaml"
    mapping.write_text(
        "source: mairie\nchamps:\n  nom: Association\n  commune_libelle: Commune\n  telephone: Téléphone\n"
        "constantes:\n  nature: association\n",
        "utf-8",
    )
    workdir = root / "recensement"
    run("importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    output = run("normaliser", *_commons(root), "--dossier", str(workdir))
    assert "1 sans commune reconnue" in output
    assert "associations.csv, ligne 4 : Chorale Sainte-Cécile (commune écrite : Longeville)" in output
    records = _records(workdir)
    assert records["mairie:associations:2"]["commune"] == "57757"
    assert records["mairie:associations:3"]["commune"] == "08105"
    assert records["mairie:associations:2"]["telephone"] == "03 82 56 00 00"
    # The record without commune is kept, listed with candidates, and a correction settles it.
    listed = yaml.safe_load((workdir / "sans-commune.yaml").read_text("utf-8"))
    assert listed[0]["enregistrement"] == "mairie:associations:4" and listed[0]["candidats"]
    listed[0]["commune"] = "Longeville (57740)"
    (workdir / "sans-commune.yaml").write_text(yaml.safe_dump(listed, allow_unicode=True), "utf-8")
    run("corriger", "--fichier", str(workdir / "sans-commune.yaml"), "--dossier", str(workdir))
    run("corriger", "mairie:associations:2", "nom=Harmonie municipale de Yutz (orchestre)", "--dossier", str(workdir))
    assert "0 sans commune reconnue" in run("normaliser", *_commons(root), "--dossier", str(workdir))
    records = _records(workdir)
    assert records["mairie:associations:4"]["commune"] == "57413"
    assert records["mairie:associations:2"]["nom"] == "Harmonie municipale de Yutz (orchestre)"
    # The corrections survive a new import of the same listing.
    run("importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    run("normaliser", *_commons(root), "--dossier", str(workdir))
    assert _records(workdir)["mairie:associations:4"]["commune"] == "57413"


def test_apply_writes_every_valid_entry_and_lists_the_others(tmp_path: Path) -> None:
    root = commons_root(tmp_path / "commun")
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom;CP;Ville\nChorale du Gai Savoir;88000;Épinal\nThéâtre de Nulle-Part;;Atlantide\n", "utf-8")
    mapping = tmp_path / "liste.yaml"
    mapping.write_text("source: liste\nchamps:\n  nom: Nom\n  code_postal: CP\n  commune_libelle: Ville\n", "utf-8")
    workdir = root / "recensement"
    run("importer", str(listing), "-c", str(mapping), "--dossier", str(workdir))
    run("normaliser", *_commons(root), "--dossier", str(workdir))
    run("relier", *_commons(root), "--dossier", str(workdir))
    result = CliRunner().invoke(main, ["recensement", "appliquer", *_commons(root), "--dossier", str(workdir)])
    assert result.exit_code == 0
    assert "1 fiches créées" in result.output
    assert "fiche theatre-de-nulle-part non écrite" in result.output and "« commune »" in result.output
    assert "enregistrement liste:liste:3 (liste.csv, ligne 3)" in result.output
    assert set(_actors(root)) == {"chorale-du-gai-savoir"}


def test_univers_inferred_from_the_source_are_marked_so(census_copy) -> None:
    root, workdir, _ = census_copy
    run("relier", *_commons(root), "--dossier", str(workdir))
    run("appliquer", *_commons(root), "--dossier", str(workdir))
    actors = _actors(root)
    association = next(a for a in actors.values() if a.get("identifiants", {}).get("rna"))
    assert association["univers"]["economie"] == "non_lucratif"
    assert association["provenance"]["univers.economie"]["infere"] is True
    member = next(a for a in actors.values() if a["provenance"].get("univers.pratique"))
    assert member["univers"]["pratique"] == "amateur"  # a federation of amateur practices
    assert member["provenance"]["univers.pratique"]["source"] == "federation"
    assert "infere" not in association["provenance"]["nom"]
    # The coverage report lists, by territory, the actors no person has placed in a univers yet.
    page = root / "couverture.md"
    run("rapport", *_commons(root), "--sortie", str(page))
    section = page.read_text("utf-8").split("## Univers à compléter", 1)[1]
    assert "### Vosges (88) :" in section
    entry_id = next(i for i, a in actors.items() if a is association)
    assert f"(`{entry_id}`)" in section  # only an inferred univers: still to complete


def test_updated_listing_changes_only_what_changed(census_copy) -> None:
    root, workdir, listings = census_copy
    run("relier", *_commons(root), "--dossier", str(workdir))
    run("appliquer", *_commons(root), "--dossier", str(workdir))
    before = {p.name: p.read_text("utf-8") for p in (root / "content" / "acteurs").glob("*.md")}
    # The place's kind changes in the updated listing (the name, commune and address do not).
    lines = (listings / "basilic.csv").read_text("utf-8").splitlines()
    header, first = lines[0].split(";"), lines[1].split(";")
    kind = header.index("Type équipement ou lieu")
    first[kind] = "Archives" if first[kind] != "Archives" else "Cinéma"
    lines[1] = ";".join(first)
    (listings / "basilic.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    basilic = str(listings / "basilic.csv")
    run("importer", basilic, "-c", "basilic", "--maintenant", "2026-12-01", "--dossier", str(workdir))
    run("normaliser", *_commons(root), "--dossier", str(workdir))
    run("relier", *_commons(root), "--dossier", str(workdir))
    applied = run("appliquer", *_commons(root), "--dossier", str(workdir))
    assert "0 fiches créées, 1 mises à jour" in applied
    after = {p.name: p.read_text("utf-8") for p in (root / "content" / "acteurs").glob("*.md")}
    changed = [name for name in after if after[name] != before.get(name)]
    assert len(changed) == 1 and "date: '2026-12-01'" in after[changed[0]]


def test_invalid_identifier_stops_import_and_nothing_is_written(tmp_path: Path) -> None:
    listing = tmp_path / "rna.csv"
    mapping_path = resolve_mapping("rna-waldec")
    header = (
        "id;siret;titre;titre_court;objet;objet_social1;objet_social2;adrs_numvoie;adrs_repetition;"
        "adrs_typevoie;adrs_libvoie;adrs_codepostal;adrs_codeinsee;adrs_libcommune;siteweb;position"
    )
    row = "W881000123;12345678901234;CHORALE;;;006040;;1;;RUE;X;88000;88160;EPINAL;;A"
    listing.write_text(f"{header}\n{row}\n", "utf-8")
    with pytest.raises(CensusError) as caught:
        import_listing(listing, load_mapping(mapping_path), mapping_path, Workdir(tmp_path / "w"), date(2026, 11, 25))
    assert "rna.csv, ligne 2, colonne « siret » : SIRET invalide" in caught.value.problems[0].format()
    assert "--tolerant" in caught.value.advice
    assert not list((tmp_path / "w").rglob("*.json*"))


def test_spark_backend(census_copy) -> None:
    pytest.importorskip("pyspark", reason="le moteur Spark demande l'extra « spark » (pyspark)")
    root, workdir, _ = census_copy
    run("relier", *_commons(root), "--dossier", str(workdir))
    duckdb_clusters = _clusters(workdir)
    run("relier", *_commons(root), "--moteur", "spark", "--dossier", str(workdir))
    # Same records, same identifiers, same comparisons: Spark finds about the same actors.
    spark_clusters = _clusters(workdir)
    assert len(spark_clusters) == len(duckdb_clusters)
    count = len({r["cluster_id"] for r in spark_clusters})
    assert abs(count - len({r["cluster_id"] for r in duckdb_clusters})) <= count * 0.05


def test_spark_backend_missing_is_said_in_french(census_copy, monkeypatch) -> None:
    root, workdir, _ = census_copy
    for module in ("pyspark", "pyspark.sql"):  # the « spark » extra not installed
        monkeypatch.setitem(sys.modules, module, None)
    result = CliRunner().invoke(main, ["recensement", "relier", *_commons(root), "--moteur", "spark",
                                       "--dossier", str(workdir)])
    assert result.exit_code == 1
    assert "le moteur Spark ne démarre pas : pyspark n'est pas installé" in result.output
    assert "pip install 'maillage[spark]'" in result.output and "Traceback" not in result.output
