"""The data page: every export, every schema field, the licences, and inert schema text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import markdown

from maillage.exports import data_page_markdown
from maillage.exports.datapage import escape
from maillage.exports.fields import columns
from maillage.model import default_schemas, load_schemas
from maillage.model.schemas import schemas_dir


def render(page: str) -> str:
    return markdown.markdown(page, extensions=["tables"])


def test_every_field_of_every_schema_is_documented() -> None:
    schemas = default_schemas()
    page = data_page_markdown(schemas)
    for entry_type in default_schemas().types:
        assert f"« {entry_type.plural} »" in page
        for column in columns(schemas, entry_type):
            assert f"| `{column.name}` |" in page, (entry_type.folder, column.name)
        internal = schemas.hidden_fields(entry_type, "donnees")
        for path, schema in schemas.fields(entry_type):
            if any(path[: len(h)] == h for h in internal):
                continue
            name = ".".join(p for p in path if p != "*")
            assert re.search(rf"`{re.escape(name)}[`._]", page), (entry_type.folder, name)
            for code, label in (schema.get("x-libelles") or {}).items():
                assert f"`{code}` : {escape(label)}" in page


def test_files_licences_and_csv_rules_are_stated() -> None:
    page = data_page_markdown(default_schemas(), "https://exemple.fr/commun")
    for name in ("acteurs.csv", "outils.json", "acteurs.geojson", "rencontres.ics"):
        assert f"[{name}](https://exemple.fr/commun/donnees/{name})" in page
    assert "[flux.atom](https://exemple.fr/commun/flux.atom)" in page
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    assert "Code officiel géographique 2026" in page
    assert "apostrophe" in page and "« = », « + », « - », « @ »" in page
    assert "point-virgule" in page
    relative = data_page_markdown(default_schemas())
    assert "[acteurs.csv](acteurs.csv)" in relative and "[flux.atom](../flux.atom)" in relative


def test_page_renders_to_tables_with_one_row_per_column() -> None:
    schemas = default_schemas()
    html = render(data_page_markdown(schemas))
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert len(tables) == len(default_schemas().types)
    for table, entry_type in zip(tables, default_schemas().types, strict=True):
        body_rows = re.findall(r"<tr>\s*<td>.*?</tr>", table, flags=re.S)
        assert len(body_rows) == len(columns(schemas, entry_type))
        assert all(row.count("<td>") == 5 for row in body_rows)


def test_schema_text_cannot_inject_markup(tmp_path: Path) -> None:
    directory = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), directory)
    path = directory / "outil.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"]["titre"]["title"] = "Titre <script>alert(1)</script> | *gras* [lien](javascript:x)"
    schema["properties"]["categorie"]["x-libelles"]["jeu"] = "Jeu <img src=x onerror=alert(1)> | `code`"
    path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
    schemas = load_schemas(directory)
    html = render(data_page_markdown(schemas))
    assert "<script" not in html and "<img" not in html and "<em>gras" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html or "&#60;script&#62;" in html
    table = re.findall(r"<table>.*?</table>", html, flags=re.S)[1]
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", table, flags=re.S)
    assert len(rows) == len(columns(schemas, default_schemas().by_folder["outils"]))
    assert all(row.count("<td>") == 5 for row in rows)  # the "|" did not split a cell
