"""Bad input: every problem is a French error naming file, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from maillage.census.errors import CensusError
from maillage.census.mapping import load_mapping
from maillage.census.readers import read_table


def _error(path: Path, **kwargs) -> str:
    with pytest.raises(CensusError) as caught:
        read_table(path, path.name, **kwargs)
    return "\n".join(p.format() for p in caught.value.problems)


def test_csv_semicolons_and_latin1_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    lines = ["Théâtre de l'Œuf;Épinal", "Fête de la musique à Gérardmer;Gérardmer", "Comité des fêtes;Éloyes"]
    path.write_bytes(("Nom;Commune\n" + "\n".join(lines * 5) + "\n").encode("cp1252"))
    table = read_table(path, "liste.csv")
    assert table.header == ["Nom", "Commune"]
    assert table.rows[0] == (2, ["Théâtre de l'Œuf", "Épinal"])


def test_declared_encoding_that_is_wrong_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes("Nom;Commune\nA;B\nThéâtre;Épinal\n".encode("cp1252"))
    message = _error(path, encoding="utf-8")
    assert "liste.csv, ligne 3" in message and "n'est pas en utf-8" in message


def test_ragged_row(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom,Commune\nA,B\nC,D,E\n", encoding="utf-8")
    assert "liste.csv, ligne 3 : la ligne a 3 colonnes alors que l'en-tête en a 2" in _error(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")
    assert "vide.csv : le fichier est vide" in _error(path)


def test_duplicated_header(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Commune;Nom\nA;B;C\n", encoding="utf-8")
    assert "ligne 1, colonne « Nom » : la colonne « Nom » apparaît deux fois" in _error(path)


def test_xlsx_codes_keep_their_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Association", "Code postal"])
    sheet.append(["Chorale", 88000])
    path = tmp_path / "mairie.xlsx"
    workbook.save(path)
    assert read_table(path, "mairie.xlsx").rows == [(2, ["Chorale", "88000"])]


def test_ods_and_json(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "mairie.ods"
    pd.DataFrame({"Association": ["Chorale"], "CP": ["88000"]}).to_excel(path, engine="odf", index=False)
    assert read_table(path, "mairie.ods").rows == [(2, ["Chorale", "88000"])]
    data = tmp_path / "commun.json"
    data.write_text(json.dumps({"acteurs": [{"nom": "Chorale", "cp": "88000"}]}), encoding="utf-8")
    assert read_table(data, "commun.json").rows == [(1, ["Chorale", "88000"])]


def test_mapping_naming_a_missing_column(tmp_path: Path) -> None:
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom;Ville\nA;B\n", encoding="utf-8")
    mapping_path = tmp_path / "m.yaml"
    mapping_path.write_text("source: essai\nchamps:\n  nom: Nom\n  commune_libelle: Vile\n", encoding="utf-8")
    mapping = load_mapping(mapping_path)
    with pytest.raises(CensusError) as caught:
        mapping.check_columns(read_table(listing, "liste.csv"))
    message = caught.value.problems[0].format()
    assert "colonne « Vile »" in message and "vouliez-vous dire « Ville »" in message


def test_mapping_with_unknown_field(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("source: essai\nchamps:\n  prenom: Nom\n", encoding="utf-8")
    with pytest.raises(CensusError, match="champ inconnu « prenom »"):
        load_mapping(path)


def test_json_export_of_another_commons_is_flattened(tmp_path: Path) -> None:
    data = tmp_path / "commun.json"
    actors = [{"nom": "Chorale", "identifiants": {"siret": "35600000000048"}, "disciplines": ["musique", "danse"]}]
    data.write_text(json.dumps(actors), encoding="utf-8")
    table = read_table(data, "commun.json")
    assert table.header == ["nom", "identifiants.siret", "disciplines"]
    assert table.rows == [(1, ["Chorale", "35600000000048", "musique;danse"])]
