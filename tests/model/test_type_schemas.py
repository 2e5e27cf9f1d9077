"""Entry types come from the schemas: their `x-…` keys, defaults, documentation and errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from maillage.cli import main
from maillage.model import SchemaDefinitionError, default_schemas, load_commons, load_schemas, schemas_for
from maillage.model.schemas import schemas_dir
from maillage.model.types import FIELD_KEYS, TYPE_KEYS

SCHEMAS = schemas_dir()
README = SCHEMAS / "LISEZMOI.md"


def documented_keys() -> set[str]:
    return set(re.findall(r"^### (x-[a-z-]+)$", README.read_text("utf-8"), re.M))


def test_every_key_maillage_reads_is_documented_and_nothing_else() -> None:
    assert documented_keys() == TYPE_KEYS | FIELD_KEYS


def test_the_shipped_schemas_use_only_known_keys() -> None:
    used = set()
    for path in SCHEMAS.glob("*.schema.json"):
        used |= set(re.findall(r'"(x-[a-z-]+)"', path.read_text("utf-8")))
    assert used <= TYPE_KEYS | FIELD_KEYS


def test_the_shipped_schemas_name_no_place_of_the_demo() -> None:
    """Their titles and descriptions are every commons' form help: nothing of the Vosges demo — its
    names, a code in 88 (département, INSEE, postal), or its telephone area 03 29."""
    demo = re.compile(r"Vosges|[ÉE]pinal|(?<![\w.,-])88\d{0,3}(?![\w.,-])|\b03[ .]?29\b")
    for path in SCHEMAS.glob("*.schema.json"):
        texts = re.findall(r'"(?:title|description|x-[a-z-]+)": "([^"]*)"', path.read_text("utf-8"))
        assert not [text for text in texts if demo.search(text)], path.name


def test_types_are_the_object_schemas_in_declared_order() -> None:
    types = default_schemas().types
    assert [t.folder for t in types][:2] == ["acteurs", "outils"]
    assert "communs" not in {t.schema for t in types}
    assert all(t is default_schemas().by_folder[t.folder] for t in types)


def copy_schemas(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def write_schema(folder: Path, name: str, schema: dict) -> None:
    (folder / f"{name}.schema.json").write_text(json.dumps(schema, ensure_ascii=False), "utf-8")


MINIMAL = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Atelier",
    "type": "object",
    "required": ["schema_version", "titre"],
    "properties": {
        "schema_version": {"$ref": "communs.schema.json#/$defs/schema_version"},
        "titre": {"title": "Titre", "$ref": "communs.schema.json#/$defs/texte_court"},
        "genre": {"title": "Genre", "type": "string", "enum": ["bois", "metal"]},
        "commune": {"$ref": "communs.schema.json#/$defs/commune"},
    },
}


def test_a_schema_without_keys_gets_every_default(tmp_path: Path) -> None:
    folder = copy_schemas(tmp_path)
    write_schema(folder, "atelier", MINIMAL)
    atelier = load_schemas(folder).by_folder["ateliers"]
    assert (atelier.singular, atelier.plural, atelier.article) == ("atelier", "ateliers", "un")
    assert atelier.title_field == "titre"
    assert atelier.place == ("commune",)
    assert atelier.facets == (("genre", ("genre",)),)
    assert atelier.preview == (("genre",),)
    assert atelier.listing and not atelier.on_map and atelier.calendar is None
    assert atelier.reserved_ids == {"index"}
    assert atelier.schema_org.type == "Thing"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"x-facette": {}}, "« x-facette » : clé inconnue"),
        ({"x-facettes": {"genre": "sorte"}}, "le champ « sorte » n'existe pas"),
        ({"x-facettes": {"titre": "titre"}}, "la facette « titre »"),
        ({"x-commune": "genre"}, "« genre » n'est pas un code INSEE"),
        ({"x-dossier": "Mes Ateliers"}, "« Mes Ateliers » n'est pas un nom de dossier valide"),
        ({"x-dossier": "acteurs"}, "le dossier « acteurs » est déjà celui des fiches de acteur"),
        ({"x-carte": "oui"}, "« x-carte » : valeur de la mauvaise forme"),
        ({"x-calendrier": {"fin": "titre"}}, "« x-calendrier » : valeur de la mauvaise forme"),
        ({"properties": MINIMAL["properties"] | {"site": {"type": "string", "format": "uri", "x-bouton": ""}}},
         "« site: x-bouton » : valeur de la mauvaise forme"),
    ],
)
def test_a_bad_key_is_a_french_error_naming_file_and_key(tmp_path: Path, keys: dict, expected: str) -> None:
    folder = copy_schemas(tmp_path)
    write_schema(folder, "atelier", MINIMAL | keys)
    with pytest.raises(SchemaDefinitionError, match=re.escape(expected)) as caught:
        load_schemas(folder)
    assert str(caught.value).startswith(("atelier.schema.json : ", "acteur.schema.json : "))


def test_a_reference_to_an_unknown_folder_is_refused(tmp_path: Path) -> None:
    folder = copy_schemas(tmp_path)
    properties = MINIMAL["properties"] | {"hote": {"$ref": "communs.schema.json#/$defs/identifiant_fiche",
                                                   "x-reference": "hotes"}}
    write_schema(folder, "atelier", MINIMAL | {"properties": properties})
    with pytest.raises(SchemaDefinitionError, match="x-reference vers « hotes »"):
        load_schemas(folder)


def test_a_commons_with_its_own_schemas_is_checked_against_them(tmp_path: Path) -> None:
    folder = copy_schemas(tmp_path)
    write_schema(folder, "atelier", MINIMAL)
    (tmp_path / "content" / "ateliers").mkdir(parents=True)
    (tmp_path / "content" / "ateliers" / "forge.md").write_text(
        '---\nschema_version: 1\ntitre: La forge\ngenre: pierre\ncommune: "08105"\n---\n', "utf-8"
    )
    assert schemas_for(tmp_path) is schemas_for(tmp_path)  # loaded once
    commons = load_commons(tmp_path / "content")
    assert [p.message for p in commons.errors] == [
        "« genre » : valeur « pierre » inconnue ; valeurs possibles : bois, metal"
    ]


def test_the_check_command_reports_a_bad_schema_without_traceback(tmp_path: Path) -> None:
    folder = copy_schemas(tmp_path)
    write_schema(folder, "atelier", MINIMAL | {"x-titre": "nom"})
    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(main, ["check", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert "atelier.schema.json : « x-titre » : aucun champ « titre » ou « nom »" in result.output
    assert "Traceback" not in result.output
