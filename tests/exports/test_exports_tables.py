"""CSV and JSON exports: schema-derived columns, flattening, spreadsheet safety."""

from __future__ import annotations

import csv
import json

from export_fixture import FORMULA, SITE, Exported

from maillage.exports.fields import columns
from maillage.model import default_schemas


def read_csv(exported: Exported, folder: str) -> list[dict[str, str]]:
    raw = exported.file(f"{folder}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    with exported.file(f"{folder}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def read_json(exported: Exported, folder: str) -> dict:
    return json.loads(exported.file(f"{folder}.json").read_text("utf-8"))


def test_every_type_has_csv_and_json_with_the_schema_columns(exported: Exported) -> None:
    for entry_type in default_schemas().types:
        expected = [c.name for c in columns(exported.commons.schemas, entry_type)]
        with exported.file(f"{entry_type.folder}.csv").open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=";"))
        assert header == expected
        document = read_json(exported, entry_type.folder)
        assert document["colonnes"] == expected
        assert all(list(record) == expected for record in document["fiches"])
        assert document["licence"]["nom"].startswith("Licence Ouverte")


def test_columns_follow_the_schema_and_leave_internal_fields_out() -> None:
    from maillage.model import default_schemas

    names = [c.name for c in columns(default_schemas(), default_schemas().by_folder["acteurs"])]
    for name in ("id", "url", "nom", "univers.pratique", "disciplines", "commune", "commune_nom",
                 "contact.courriel", "identifiants.siret", "texte", "mis_a_jour"):
        assert name in names
    assert not [n for n in names if n.split(".")[0] in {"provenance", "consentement", "schema_version"}]
    projects = {c.name: c for c in columns(default_schemas(), default_schemas().by_folder["projets"])}
    assert projects["acteurs.acteur"].many and projects["acteurs.acteur"].reference == "acteurs"
    assert "acteurs.acteur_url" in projects and "tirage_url" in projects
    assert set(projects["statut"].labels) == {"idee", "en_preparation", "en_cours", "termine", "abandonne"}


def test_rows_are_sorted_by_id_and_values_flattened(exported: Exported) -> None:
    actors = read_csv(exported, "acteurs")
    assert [r["id"] for r in actors] == sorted(r["id"] for r in actors)
    company = next(r for r in actors if r["id"] == "compagnie-du-pre")
    assert company["url"] == f"{SITE}acteurs/compagnie-du-pre/"
    assert company["nom"] == "Compagnie du Pré"
    assert company["disciplines"] == "theatre | danse"
    assert company["univers.pratique"] == "professionnel"
    assert company["univers.economie"] == ""
    assert company["commune"] == "88160" and company["commune_nom"] == "Épinal"
    assert company["volontaire_tirage"] == "oui"
    assert company["texte"] == "Une compagnie **itinérante**."
    assert company["mis_a_jour"] == "2026-03-01T10:00:00+00:00"

    record = next(r for r in read_json(exported, "acteurs")["fiches"] if r["id"] == "compagnie-du-pre")
    assert record["disciplines"] == ["theatre", "danse"]
    assert record["volontaire_tirage"] is True
    assert record["univers.milieu"] == "rural"


def test_references_come_with_page_addresses_and_stay_aligned(exported: Exported) -> None:
    project = read_csv(exported, "projets")[0]
    assert project["acteurs.acteur"] == "compagnie-du-pre | paul-public"
    assert project["acteurs.role"] == "porteur | participant"  # the hidden partner's role went with her
    assert project["acteurs.acteur_url"] == f"{SITE}acteurs/compagnie-du-pre/ | {SITE}acteurs/paul-public/"
    assert project["outils_url"] == f"{SITE}outils/porteur-de-parole/"
    record = read_json(exported, "projets")["fiches"][0]
    assert record["acteurs.acteur"] == ["compagnie-du-pre", "paul-public"]
    assert record["tirage"] is None and record["tirage_url"] is None
    meetup = next(r for r in read_csv(exported, "rencontres") if r["id"] == "atelier-ete")
    assert meetup["hote_url"] == f"{SITE}acteurs/compagnie-du-pre/"
    assert meetup["lieu.commune_nom"] == "Gérardmer"


def test_nested_lists_and_free_objects_in_csv(exported: Exported) -> None:
    draw = read_csv(exported, "tirages")[0]
    assert draw["resultat.groupes.membres"] == "compagnie-du-pre"
    assert draw["resultat.groupes.membres_url"] == f"{SITE}acteurs/compagnie-du-pre/"
    assert json.loads(draw["journal.details"]) == {"membres": ["paul-public"]}
    assert draw["alea.des.nombre"] == "3"
    assert draw["vivier.criteres.categories.champ"] == ""
    record = read_json(exported, "tirages")["fiches"][0]
    assert record["vivier.criteres.categories.champ"] == []


def test_formula_injection_is_neutralised_in_csv_only(exported: Exported) -> None:
    fanfare = next(r for r in read_csv(exported, "acteurs") if r["id"] == "fanfare-formule")
    assert fanfare["resume"] == "'" + FORMULA
    assert fanfare["nom"] == "'-Fanfare+"
    assert fanfare["contact.adresse"] == "'@rue des Tambours"
    for row in read_csv(exported, "acteurs"):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    record = next(r for r in read_json(exported, "acteurs")["fiches"] if r["id"] == "fanfare-formule")
    assert record["resume"] == FORMULA


def test_csv_cell_rules() -> None:
    from maillage.exports.tabular import csv_cell

    assert csv_cell(["=1+1", "b"]) == "'=1+1 | b"
    assert csv_cell("\tcmd") == "'\tcmd"
    assert csv_cell(-3) == "'-3"  # no schema allows negatives; a spreadsheet still reads it as text
    assert csv_cell(None) == ""
    assert csv_cell(False) == "non"
    assert csv_cell({"b": 1, "a": [1]}) == '{"a": [1], "b": 1}'
    assert csv_cell([["a", "b"], ["c"]]) == "a, b | c"  # a list of lists (draw groups)
