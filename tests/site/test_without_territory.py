"""A commons that declares no territory still builds: the map shows the départements of its entries,
the coverage report describes the départements where its actors are, and an entry the map cannot
place is counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maillage.model import render_entry

ACTORS = {
    "compagnie-de-quimper": "29232",  # Quimper, Finistère
    "chorale-de-papeete": "98735",  # Papeete: no outline in the source, so no position
}


@pytest.fixture(scope="module")
def site(site_builder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sans-territoire")
    content = directory / "content"
    (content / "acteurs").mkdir(parents=True)
    for entry_id, commune in ACTORS.items():
        data = {"schema_version": 1, "nom": entry_id.replace("-", " ").capitalize(), "forme": "organisation",
                "nature": "association", "commune": commune, "echelle": "commune"}
        (content / "acteurs" / f"{entry_id}.md").write_text(render_entry(data, "Présentation."), "utf-8")
    return site_builder(content, directory, {"search_index": False, "git_dates": False})


def test_the_map_shows_the_departements_of_its_entries_and_counts_those_it_cannot_place(site: Path) -> None:
    html = (site / "carte" / "index.html").read_text("utf-8")
    assert '"label":null,"contours":"contours.json"' in html  # no territory of its own
    layers = json.loads((site / "carte" / "contours.json").read_text("utf-8"))
    assert [f["properties"]["nom"] for f in layers["territoire"]["features"]] == ["Finistère"]  # not Papeete's
    assert 'data-commune="29232" data-lat="' in html
    assert 'data-commune="98735" aria-labelledby' in html  # listed, without a position
    assert "<strong>1 fiche sur 2 n'est pas sur la carte</strong>" in html
    assert '<a href="#commune-98735">Papeete</a>' in html


def test_the_coverage_report_describes_the_departements_of_its_actors(site: Path) -> None:
    html = (site / "recensement" / "index.html").read_text("utf-8")
    assert "Finistère (29)</h2>" in html and "Polynésie française (987)</h2>" in html
    assert "Carte des acteurs par commune : Finistère" in html
