"""Reading listings and their mappings: every problem is a French error naming file, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from maillage.census.errors import CensusError
from maillage.census.mapping import load_mapping, resolve_mapping, suggest_column
from maillage.census.readers import Table, open_table


def _read(path: Path, **kwargs) -> tuple[Table, list]:
    with open_table(path, path.name, **kwargs) as table:
        rows = list(table.rows)
        table.problems.raise_if_any("… et {count} autres")
        return table, rows


def _error(path: Path, **kwargs) -> str:
    with pytest.raises(CensusError) as caught:
        _read(path, **kwargs)
    return "\n".join(p.format() for p in caught.value.problems)


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_csv_semicolons_and_windows_1252_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    lines = ["Théâtre de l'Œuf;Épinal", "Fête de la musique à Gérardmer;Gérardmer", "Comité des fêtes;Éloyes"]
    path.write_bytes(("Nom;Commune\n" + "\n".join(lines * 5) + "\n").encode("cp1252"))
    table, rows = _read(path)
    assert table.header == ["Nom", "Commune"]
    assert rows[0] == (2, ["Théâtre de l'Œuf", "Épinal"])


def test_declared_encoding_that_is_wrong_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes("Nom;Commune\nA;B\nThéâtre;Épinal\n".encode("cp1252"))
    message = _error(path, encoding="utf-8")
    assert "liste.csv, ligne 3" in message and "n'est pas en utf-8" in message


def test_ragged_row_empty_file_and_duplicated_header(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom,Commune\nA,B\nC,D,E\n", encoding="utf-8")
    assert "liste.csv, ligne 3 : la ligne a 3 colonnes alors que l'en-tête en a 2" in _error(path)
    path.write_text("", encoding="utf-8")
    assert "liste.csv : le fichier est vide" in _error(path)
    path.write_text("Nom;Commune;Nom\nA;B;C\n", encoding="utf-8")
    assert "ligne 1, colonne « Nom » : la colonne « Nom » apparaît deux fois" in _error(path)


def test_title_rows_above_the_header_are_found_and_skipped(tmp_path: Path) -> None:
    # A federation's export: a title, a date, a blank line, then the header the mapping names.
    title = [["Fédération des foyers ruraux — adhérents"], ["au 1er septembre 2026"], []]
    rows = [["Nom de la structure", "Ville"], ["Foyer rural", "Yutz"]]
    path = _xlsx(tmp_path / "adherents.xlsx", [*title, *rows])
    table, data = _read(path, expected=["Nom de la structure", "Ville"])
    assert (table.header, table.header_row, table.skipped_above) == (["Nom de la structure", "Ville"], 4, 2)
    assert data == [(5, ["Foyer rural", "Yutz"])]
    csv_path = tmp_path / "adherents.csv"
    csv_path.write_text("Liste des adhérents\n\nNom de la structure;Ville\nFoyer rural;Yutz\n", encoding="utf-8")
    table, data = _read(csv_path, expected=["Nom de la structure", "Ville"])
    assert table.header_row == 3 and data == [(4, ["Foyer rural", "Yutz"])]
    # Or the row is named, by the mapping (`ligne_entete`) or the command (--ligne-entete).
    assert _read(csv_path, header_row=3)[0].header == ["Nom de la structure", "Ville"]
    assert "la ligne d'en-tête 9 indiquée est vide ou absente" in _error(csv_path, header_row=9)


def test_spreadsheet_codes_keep_their_text_ods_and_json(tmp_path: Path) -> None:
    import pandas as pd

    path = _xlsx(tmp_path / "mairie.xlsx", [["Association", "Code postal"], ["Chorale", 88000]])
    assert _read(path)[1] == [(2, ["Chorale", "88000"])]
    path = tmp_path / "mairie.ods"
    pd.DataFrame({"Association": ["Chorale"], "CP": ["88000"]}).to_excel(path, engine="odf", index=False)
    assert _read(path)[1] == [(2, ["Chorale", "88000"])]
    data = tmp_path / "commun.json"
    actors = [{"nom": "Chorale", "identifiants": {"siret": "35600000000048"}, "disciplines": ["musique", "danse"]}]
    data.write_text(json.dumps({"acteurs": actors}), encoding="utf-8")
    table, rows = _read(data)
    assert table.header == ["nom", "identifiants.siret", "disciplines"]
    assert rows == [(1, ["Chorale", "35600000000048", "musique;danse"])]


def test_missing_columns_suggest_the_right_one_and_optional_columns_may_lack(tmp_path: Path) -> None:
    mapping_path = tmp_path / "m.yaml"
    mapping_path.write_text(
        "source: essai\nchamps:\n  nom: Nom\n  code_postal: Code postal\n  telephone: Tel\n  site_web: Site\n"
        "facultatives: [Site]\n",
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_path)
    header = ["Nom", "CP", "Code INSEE", "Tél.", "Courriel"]
    with pytest.raises(CensusError) as caught:
        mapping.check_columns(header, "liste.csv", 1)
    messages = [p.format() for p in caught.value.problems]
    # « Tél. » is « Tel » without accent and point; « CP » is « Code postal » by its initials
    # (« Code INSEE », which only looks like it, is not suggested); the optional « Site » is not asked for.
    assert any("colonne « Tel »" in m and "vouliez-vous dire « Tél. »" in m for m in messages)
    assert any("colonne « Code postal »" in m and "vouliez-vous dire « CP »" in m for m in messages)
    assert not any("« Site »" in m for m in messages)
    assert "facultatives" in caught.value.advice and "--tolerant" not in caught.value.advice
    assert suggest_column("Ville", ["Nom", "VILLE "]) == "VILLE "


def test_mapping_errors(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("source: essai\nchamps:\n  prenom: Nom\n", encoding="utf-8")
    with pytest.raises(CensusError, match="champ inconnu « prenom »"):
        load_mapping(path)
    path.write_text(
        "source: essai\nchamps:\n  nom: Nom\nconstantes:\n  univers.economie: gratuit\n  nature: guilde\n",
        encoding="utf-8",
    )
    with pytest.raises(CensusError) as caught:
        load_mapping(path)
    text = "\n".join(p.format() for p in caught.value.problems)
    assert "valeur(s) gratuit inconnue(s) pour ce champ (valeurs possibles : lucratif, non_lucratif)" in text
    assert "guilde" in text
    with pytest.raises(CensusError) as unknown:
        resolve_mapping("rna")
    message = unknown.value.problems[0].format()
    assert "correspondance inconnue « rna »" in message and "rna-waldec, sirene" in message
