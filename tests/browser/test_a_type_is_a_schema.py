"""A type is a schema: a throwaway type added to a commons' own `schemas/`, and nothing else,
is checked, built, mapped, exported, searched and proposed through both forms like the others.

The commons is in the Ardennes (08), far from the demo, with one actor and three entries of a
type no code knows: « atelier partagé », declared with only a few `x-…` keys (its folder,
facets, preview, schema.org type… come from the defaults).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import git
import pytest
import yaml
from browsing import Tab, serve
from click.testing import CliRunner
from starlette.testclient import TestClient

from maillage.cli import main
from maillage.model import load_commons, render_entry, schemas_for

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bridge"))
sys.path.insert(0, str(ROOT / "tests" / "contributing"))

from bridge_helpers import SECRET, TOKEN, submit, write_config  # noqa: E402
from github_format import render_issue_body  # noqa: E402

ATELIER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Atelier partagé",
    "description": "Un atelier ouvert où l'on répare, coud ou bricole ensemble.",
    "x-nom": {"singulier": "atelier partagé", "pluriel": "ateliers partagés"},
    "x-calendrier": {"debut": "debut", "fin": "fin"},
    "x-carte": True,
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "titre", "genre", "commune", "echelle"],
    "properties": {
        "schema_version": {"$ref": "communs.schema.json#/$defs/schema_version"},
        "titre": {"title": "Titre", "$ref": "communs.schema.json#/$defs/texte_court"},
        "resume": {"$ref": "communs.schema.json#/$defs/resume"},
        "genre": {
            "title": "Genre d'atelier",
            "type": "string",
            "enum": ["mecanique", "couture"],
            "x-libelles": {"mecanique": "Mécanique", "couture": "Couture"},
        },
        "debut": {"$ref": "communs.schema.json#/$defs/date_heure", "title": "Début"},
        "fin": {"$ref": "communs.schema.json#/$defs/date_heure", "title": "Fin"},
        "commune": {"$ref": "communs.schema.json#/$defs/commune"},
        "echelle": {"$ref": "communs.schema.json#/$defs/echelle"},
        "participation": {"title": "Participation (euros)", "type": "number", "minimum": 0},
        "animateur": {
            "title": "Animé par",
            "$ref": "communs.schema.json#/$defs/identifiant_fiche",
            "x-reference": "acteurs",
        },
    },
}
ACTOR = {
    "schema_version": 1, "nom": "La Forge de Sedan", "forme": "organisation", "nature": "association",
    "commune": "08409", "echelle": "commune",
}
ATELIERS = {
    "reparation-de-velos-a-charleville": {
        "schema_version": 1, "titre": "Réparation de vélos à Charleville", "genre": "mecanique",
        "resume": "Chambres à air, freins et dérailleurs : on apprend à réparer son vélo.",
        "debut": "2031-05-17T14:00:00+02:00", "fin": "2031-05-17T18:00:00+02:00",
        "commune": "08105", "echelle": "intercommunalite", "participation": 2.5, "animateur": "la-forge-de-sedan",
    },
    "retouches-et-ourlets": {
        "schema_version": 1, "titre": "Retouches et ourlets", "genre": "couture",
        "debut": "2020-02-01T10:00:00+01:00", "commune": "08409", "echelle": "commune",
        "animateur": "la-forge-de-sedan",
    },
}


@pytest.fixture(scope="module")
def commons_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A commons repository with its own schemas: the shipped ones plus `atelier.schema.json`."""
    root = tmp_path_factory.mktemp("ateliers") / "commun"
    shutil.copytree(ROOT / "schemas", root / "schemas", ignore=shutil.ignore_patterns("*.md"))
    (root / "schemas" / "atelier.schema.json").write_text(json.dumps(ATELIER_SCHEMA, ensure_ascii=False), "utf-8")
    (root / "content" / "acteurs").mkdir(parents=True)
    (root / "content" / "acteurs" / "la-forge-de-sedan.md").write_text(render_entry(ACTOR, "Un garage associatif."))
    (root / "content" / "ateliers").mkdir()
    for entry_id, data in ATELIERS.items():
        (root / "content" / "ateliers" / f"{entry_id}.md").write_text(render_entry(data, "On vient comme on est."))
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    repo.git.add("schemas", "content")
    repo.index.commit("Commun des ateliers")
    return root


@pytest.fixture(scope="module")
def site(commons_root: Path) -> Path:
    """The commons built strictly, with search index and open data."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = {
        "site_name": "Ateliers des Ardennes",
        "site_url": "https://ateliers.example.org/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "fr", "font": False, "palette": {"primary": "teal"}},
        "plugins": [{"maillage": {"git_dates": False, "territoire": {"departements": ["08"]}}}],
    }
    (commons_root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    site_dir = commons_root.parent / "site"
    build(load_config(config_file=str(commons_root / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    return site_dir


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_the_type_comes_from_the_commons_schemas_with_defaults(commons_root: Path) -> None:
    atelier = schemas_for(commons_root).by_folder["ateliers"]  # folder: the file name and "s"
    assert (atelier.title_field, atelier.place, atelier.facets) == ("titre", ("commune",), (("genre", ("genre",)),))
    assert atelier.schema_org.type == "Thing" and atelier.on_map and atelier.calendar is not None


def test_verifier_checks_it_and_names_file_line_and_field(commons_root: Path) -> None:
    content = commons_root / "content"
    ok = CliRunner().invoke(main, ["verifier", str(content)])
    assert ok.exit_code == 0, ok.output
    bad = content / "ateliers" / "soudure.md"
    bad.write_text(render_entry({**ATELIERS["retouches-et-ourlets"], "titre": "Soudure", "genre": "soudure"}))
    try:
        result = CliRunner().invoke(main, ["verifier", str(content)])
    finally:
        bad.unlink()
    assert result.exit_code == 1
    assert re.search(r"ateliers/soudure\.md:4:\d+: « genre » : valeur « soudure » inconnue", result.output)


def test_listing_entry_and_territory_pages(site: Path) -> None:
    listing = page(site, "ateliers")
    assert "Ateliers partagés" in listing
    assert 'name="genre" value="mecanique"' in listing and "Mécanique" in listing  # a default facet
    assert 'name="quand" value="a_venir"' in listing  # a type with a calendar
    assert "<p>Mécanique · Charleville-Mézières · rayonne sur" in listing  # the card: first facet, place
    assert "<p>17 mai 2031 <strong" in listing  # and the start date
    entry = page(site, "ateliers/reparation-de-velos-a-charleville")
    assert "Atelier partagé" in entry and "Animé par" in entry and "../../acteurs/la-forge-de-sedan/" in entry
    assert '"@type":"Thing"' in entry and '<span data-pagefind-meta="type">Atelier partagé</span>' in entry
    actor = page(site, "acteurs/la-forge-de-sedan")
    assert "Ateliers partagés à venir" in actor and "Ateliers partagés passés" in actor
    charleville = page(site, "territoires/charleville-mezieres-08105")
    assert "Ateliers partagés (1)" in charleville and "Réparation de vélos à Charleville" in charleville


def test_the_map_and_the_exports(site: Path) -> None:
    carte = page(site, "carte")
    assert "Carte des acteurs, des rencontres, des ressources et des ateliers partagés" in carte
    assert 'data-kind-label="atelier partagé"' in carte
    data = site / "donnees"
    rows = list(csv.DictReader((data / "ateliers.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert {r["id"]: r["genre"] for r in rows} == {"reparation-de-velos-a-charleville": "mecanique",
                                                  "retouches-et-ourlets": "couture"}
    records = json.loads((data / "ateliers.json").read_text("utf-8"))["fiches"]
    assert records[0]["participation"] == 2.5
    points = json.loads((data / "ateliers.geojson").read_text("utf-8"))["features"]
    assert {p["properties"]["commune_nom"] for p in points} == {"Charleville-Mézières", "Sedan"}
    calendar = (data / "ateliers.ics").read_text("utf-8")
    assert calendar.count("BEGIN:VEVENT") == 2 and "Ateliers des Ardennes : ateliers partagés" in calendar
    data_page = page(site, "donnees")
    assert "ateliers.csv" in data_page and "Champs des fichiers « ateliers partagés »" in data_page


def test_search_finds_it(server: str, browser: object) -> None:
    tab = Tab(browser.new_page())
    try:
        visit = tab.open(server + "recherche/?q=v%C3%A9los")
        tab.page.wait_for_selector(".maillage-results li")
        links = tab.page.eval_on_selector_all(".maillage-results a", "links => links.map(a => a.href)")
        assert any(link.endswith("/ateliers/reparation-de-velos-a-charleville/") for link in links)
        assert visit.errors() == []
    finally:
        tab.page.close()


def test_the_web_form_proposes_one(commons_root: Path, tmp_path: Path) -> None:
    from maillage.bridge.app import create_app
    from maillage.bridge.config import load_config

    config = load_config(write_config(tmp_path, commons_root), {"MAILLAGE_BRIDGE_SECRET": SECRET,
                                                                 "MAILLAGE_FORGE_TOKEN": TOKEN})
    app = create_app(config, run_worker=False)
    with TestClient(app, base_url="http://testserver") as client:
        home = client.get("/").text
        assert 'href="/proposer/ateliers">Proposer un atelier partagé</a>' in home
        fields = {"titre": "Tricot du jeudi", "genre": "couture", "commune": "08409", "echelle": "commune",
                  "participation": "1,5", "animateur": "la-forge-de-sedan"}
        preview = submit(client, "/proposer/ateliers", fields, action="apercu")
        assert preview.status_code == 200 and "participation: 1.5" in preview.text
        sent = submit(client, "/proposer/ateliers", fields, follow_redirects=False)
        assert sent.status_code == 303
        submission = app.bridge.queue.by_token(sent.headers["location"].split("/")[-1].split("?")[0])
        assert submission.folder == "ateliers" and submission.entry_id == "tricot-du-jeudi"


def test_the_issue_form_proposes_one(commons_root: Path, tmp_path: Path) -> None:
    from maillage.issueforms.build import build_entry_from_issue
    from maillage.issueforms.generate import generated_files

    schemas = schemas_for(commons_root)
    (commons_root / "CONTRIBUTING.md").write_text("<!-- debut de la reference des champs : générée par « maillage "
                                                  "tickets generer », ne pas modifier à la main -->\n"
                                                  "<!-- fin de la reference des champs -->\n", "utf-8")
    files = generated_files(commons_root)
    template = yaml.safe_load(files[commons_root / ".github" / "ISSUE_TEMPLATE" / "atelier.yml"])
    assert template["labels"] == ["nouvelle-fiche", "fiche:ateliers"]
    assert "### Atelier partagé (`content/ateliers/`)" in files[commons_root / "CONTRIBUTING.md"]
    content = tmp_path / "content"
    shutil.copytree(commons_root / "content", content)
    answers = {"titre": "Vannerie d'osier", "genre": "Couture", "commune": "Sedan", "echelle": "Commune",
               "participation": "3", "texte": "Apportez vos ciseaux."}
    body = render_issue_body(template, answers)
    outcome = build_entry_from_issue(schemas.by_folder["ateliers"], body, template, content, issue_number=4,
                                     schemas=schemas)
    assert outcome.ok, outcome.problems
    assert outcome.path == content / "ateliers" / "vannerie-d-osier.md"
    written = load_commons(content, schemas).entries["vannerie-d-osier"]
    assert (written.data["commune"], written.data["participation"]) == ("08409", 3)
