"""Territory lookups and writing entries back."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.model import entry_path, parse_document, render_entry, territory


def test_communes_know_their_epci_departement_and_region():
    places = territory().places("88160")
    assert places["commune"].name == "Épinal"
    assert places["intercommunalite"].name == "CA d'Epinal"
    assert places["departement"].name == "Vosges"
    assert places["region"].name == "Grand Est"


def test_vosges_communes_have_a_centroid_inside_the_departement():
    epinal = territory().commune("88160")
    assert 48.1 < epinal.lat < 48.25
    assert 6.4 < epinal.lon < 6.6


def test_postal_codes_and_arrondissements():
    assert "88160" in territory().communes_for_postal_code("88000")
    assert territory().arrondissement("75101") == ("Paris 1er Arrondissement", "75056")


def test_communes_in_a_territory():
    epci = territory().place_at_scale("88160", "intercommunalite")
    inside = territory().communes_in(epci)
    assert "88160" in inside
    assert all(territory().commune(code).epci == epci.code for code in inside)


def test_rendered_entries_read_back_identically():
    data = {
        "schema_version": 1,
        "nom": "L'Œuf: « théâtre »",
        "commune": "01001",
        "resume": "no",
        "horaire": "12:30",
        "date": "2026-03-14",
        "liste": ["yes", "~", "0x10", "05195417083345", "1e3", ".5", "-1"],
        "texte": "ligne 1\nligne 2 --- \n---\n",
        "vide": "",
    }
    text = render_entry(data, "Corps\n")
    assert "'05195417083345'" in text, "digit strings are quoted for YAML 1.2 readers too"
    document = parse_document(text.encode(), "x.md")
    assert document.data == data
    assert document.body.strip() == "Corps"


@pytest.mark.parametrize("entry_id", ["../x", "a/b", "A", "..", "", "x\\y", "/etc/passwd"])
def test_entry_path_refuses_ids_that_could_escape(tmp_path: Path, entry_id: str):
    with pytest.raises(ValueError):
        entry_path(tmp_path, "acteurs", entry_id)


def test_entry_path_refuses_unknown_folders(tmp_path: Path):
    with pytest.raises(ValueError):
        entry_path(tmp_path, "../acteurs", "x")
    assert entry_path(tmp_path, "acteurs", "x") == (tmp_path / "acteurs" / "x.md").resolve()
