"""`maillage rencontres region`: what a regional build would read, said without building it, and
a maintainer's `doublons.yaml` splitting a merge and joining what the linkage kept apart."""

from __future__ import annotations

import json
import shutil
import sys

from click.testing import CliRunner

from maillage.cli import main

ARDENNES, MOSELLE = "Le commun culturel des Ardennes", "Le commun culturel de la Moselle"


def region(root, *args: str):
    return CliRunner().invoke(main, ["rencontres", "region", "--contenu", str(root / "content"), *args])


def groups(result) -> dict[str, list[str]]:
    report = json.loads(result.stdout)
    return {g["titre"]: [o["commun"] for o in g["origines"]] for g in report["doublons"]}


def test_the_report_names_each_local_commons_its_format_and_the_entries_shown_once(local_servers):
    result = region(local_servers.grand_est)
    assert result.exit_code == 0, result.output
    assert "Formats de données lus : 2." in result.stdout
    assert f"{ARDENNES} (clé « ardennes », format 2) : à jour (lu le " in result.stdout
    assert "Compagnie La Lune Rousse (acteur) — " + f"{ARDENNES}, {MOSELLE}" in result.stdout
    report = json.loads(region(local_servers.grand_est, "--format", "json").stdout)
    assert [(c["cle"], c["nom"], c["format"], c["etat"]) for c in report["communs"]] == [
        ("ardennes", ARDENNES, 2, "à jour"), ("moselle", MOSELLE, 2, "à jour")]
    assert report["communs"][1]["fiches"]["acteurs"] == 5
    network = next(g for g in report["doublons"] if g["titre"] == "Réseau des musiques actuelles du Grand Est")
    assert network["ici"] and "SIREN" in network["motif"]


def test_doublons_yaml_splits_a_merge_and_joins_two_entries(local_servers, tmp_path):
    root = tmp_path / "grand-est"
    shutil.copytree(local_servers.grand_est, root, ignore=shutil.ignore_patterns("site", ".cache", ".git"))
    before = groups(region(root, "--format", "json"))
    assert before["Compagnie La Lune Rousse"] == [ARDENNES, MOSELLE]
    assert "Harmonie municipale" not in before
    (root / "doublons.yaml").write_text(
        "separer:\n"
        "  - [https://ardennes.example.org/acteurs/compagnie-la-lune-rousse/,"
        " https://moselle.example.org/acteurs/la-lune-rousse]\n"
        "joindre:\n"
        "  - [https://ardennes.example.org/acteurs/harmonie-municipale/, moselle-harmonie-municipale]\n",
        "utf-8")
    after = groups(region(root, "--format", "json"))
    assert "Compagnie La Lune Rousse" not in after
    assert after["Harmonie municipale"] == [ARDENNES, MOSELLE]


def test_a_mistake_in_doublons_yaml_is_named_with_its_line(local_servers, tmp_path):
    root = tmp_path / "grand-est"
    shutil.copytree(local_servers.grand_est, root, ignore=shutil.ignore_patterns("site", ".cache", ".git"))
    (root / "doublons.yaml").write_text(
        "joindre:\n  - [https://ardennes.example.org/acteurs/inconnu/, moselle-harmonie-municipale]\n"
        "  - seul\nfusionner: []\n", "utf-8")
    result = region(root)
    assert result.exit_code == 0
    assert "doublons.yaml, ligne 2 : « https://ardennes.example.org/acteurs/inconnu/ » ne désigne aucun acteur" in (
        result.stderr)
    assert "doublons.yaml, ligne 3 : une paire de fiches est attendue" in result.stderr
    assert "doublons.yaml, ligne 4 : « fusionner » inconnu" in result.stderr
    assert "Traceback" not in result.output


def test_a_format_this_commons_does_not_read_is_named_and_nothing_shown(local_servers, tmp_path):
    data = tmp_path / "futur" / "donnees"
    shutil.copytree(local_servers.moselle / "site" / "donnees", data)
    manifest = json.loads((data / "commun.json").read_text("utf-8"))
    (data / "commun.json").write_text(json.dumps({**manifest, "version": 3}), "utf-8")
    result = region(tmp_path / "vide", str(data))
    assert result.exit_code == 0, result.output
    assert "format de données 3 : ce commun lit le format 2" in result.stderr
    assert "Aucune copie antérieure : ses fiches ne sont pas affichées." in result.stderr


def test_without_local_commons_the_command_says_how_to_declare_them(tmp_path):
    (tmp_path / "content").mkdir()
    result = region(tmp_path)
    assert result.exit_code != 0
    assert "aucun commun local : déclarez-les dans mkdocs.yml" in result.output
    assert "Traceback" not in result.output


def test_a_commons_reading_the_regional_one_links_each_entry_to_its_local_page(region_site, tmp_path):
    # A national commons reading the Grand Est open data: a gathered entry keeps its page at its
    # local commons; the region's own entry, its page at the region.
    from maillage.federation import gather
    from maillage.model import Commons, default_schemas
    from maillage.model.settings import settings_from_options

    (tmp_path / "content").mkdir()
    settings = settings_from_options({"communs_locaux": [{"adresse": str(region_site / "donnees"), "cle": "ge"}]})
    national = gather(Commons(tmp_path / "content", default_schemas()), tmp_path, settings)
    entries = national.commons.entries
    big_band = entries["ge-ardennes-big-band-de-sedan"].origins
    assert [(o.commons, o.url) for o in big_band] == [
        ("Le commun culturel du Grand Est", "https://ardennes.example.org/acteurs/big-band-de-sedan/")]
    assert entries["ge-reseau-des-musiques-actuelles"].origins[0].url == (
        "https://grand-est.example.org/acteurs/reseau-des-musiques-actuelles/")


def test_a_commons_served_from_an_ip_address_is_known_by_its_territory_not_its_host(local_servers, tmp_path):
    import regional_commons as R

    root = R.start(tmp_path, "grand-est", "--region", "Grand Est", {})
    ardennes, moselle = local_servers.servers["ardennes"].data_url, local_servers.servers["moselle"].data_url
    assert "127.0.0.1" in ardennes
    # The Moselle commons listed twice (by IP and by `localhost`): two commons declaring the same
    # territory get `moselle` then `moselle-2`, in declaration order.
    R.declare_local_commons(root, [ardennes, moselle, moselle.replace("127.0.0.1", "localhost")])
    report = json.loads(region(root, "--format", "json").stdout)
    assert [(c["cle"], c["nom"]) for c in report["communs"]] == [
        ("ardennes", ARDENNES), ("moselle", MOSELLE), ("moselle-2", MOSELLE)]
    text = region(root).stdout
    assert f"{MOSELLE} (clé « moselle », format 2)" in text and "127-0-0-1" not in text


def with_linkage_engine(local_servers, tmp_path, engine: str):
    """A copy of the Grand Est commons whose `mkdocs.yml` says where its actors are linked."""
    root = tmp_path / "grand-est"
    shutil.copytree(local_servers.grand_est, root, ignore=shutil.ignore_patterns("site", ".cache", ".git"))
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      territoire:\n", f"      liaison:\n        moteur: {engine}\n"
                                   "      territoire:\n", 1), "utf-8")
    return root


def test_the_linkage_engine_is_chosen_in_mkdocs_yml_and_a_missing_spark_is_said_in_french(
        local_servers, tmp_path, monkeypatch):
    root = with_linkage_engine(local_servers, tmp_path, "spark")
    # Without pyspark (the « spark » extra not installed), the actors are linked with DuckDB, and
    # the report says why; nothing else changes.
    for module in ("pyspark", "pyspark.sql"):  # even when an earlier test loaded them
        monkeypatch.setitem(sys.modules, module, None)
    result = region(root, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert any("moteur de liaison « spark »" in w and "pyspark n'est pas installé" in w
               and "pip install 'maillage[spark]'" in w for w in report["avertissements"]), report["avertissements"]
    assert groups(result)["Compagnie La Lune Rousse"] == [ARDENNES, MOSELLE]


def test_an_unknown_linkage_engine_is_named_with_its_line(local_servers, tmp_path):
    root = with_linkage_engine(local_servers, tmp_path, "postgres")
    result = region(root)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((root / "mkdocs.yml").read_text("utf-8").splitlines(), 1)
                if text.strip() == "moteur: postgres")
    assert f"mkdocs.yml, ligne {line}" in result.output
    assert "moteur « postgres » inconnu : « duckdb » (par défaut) ou « spark »" in result.output
    assert "Traceback" not in result.output
