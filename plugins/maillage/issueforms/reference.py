"""The field reference of CONTRIBUTING.md, generated from the schemas between two markers."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.forms import FormField, form_fields
from maillage.model import SchemaSet, default_schemas

BEGIN = (
    "<!-- debut de la reference des champs : générée par « maillage tickets generer », "
    "ne pas modifier à la main -->"
)
END = "<!-- fin de la reference des champs -->"

_KIND_HINTS = {
    "text": "texte",
    "commune": "code INSEE ; dans les formulaires, le nom de la commune suffit",
    "textarea": "texte (plusieurs lignes possibles)",
    "integer": "nombre entier",
    "number": "nombre (décimales avec une virgule ou un point)",
    "boolean": "`true` ou `false`",
    "date": "date AAAA-MM-JJ",
    "datetime": "date et heure avec fuseau, AAAA-MM-JJTHH:MM:SS+01:00",
    "url": "adresse web",
    "email": "adresse électronique",
    "select": "une valeur",
    "checkboxes": "liste de valeurs",
    "reference": "identifiant d'une fiche « {folder} »",
    "references": "liste d'identifiants de fiches « {folder} »",
    "lines": "liste de textes",
    "repeat": "liste d'éléments, chacun avec les champs ci-dessous",
}


def field_reference(schemas: SchemaSet | None = None) -> str:
    """The Markdown field reference of every entry type, markers included."""
    schemas = schemas or default_schemas()
    parts = [BEGIN, ""]
    for entry_type in schemas.types:
        schema = schemas.for_type(entry_type)
        parts += [
            f"### {schema.get('title', entry_type.singular)} (`content/{entry_type.folder}/`)",
            "",
            schema.get("description", ""),
            "",
            "| Champ | Clé | Obligatoire | Ce qu'il faut écrire |",
            "|---|---|---|---|",
            *(_row(field, key, required) for field, key, required in _rows(form_fields(entry_type, schemas))),
            "",
        ]
    parts.append(END)
    return "\n".join(parts)


def replace_reference(document: str, reference: str) -> str | None:
    """The document with its reference section replaced, or None if the markers are missing."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        return None
    return document[:start] + reference + document[end + len(END) :]


def _rows(
    fields: list[FormField], prefix: str = "", label_prefix: str = "", parents_required: bool = True
) -> Iterator[tuple[FormField, str, bool]]:
    for field in fields:
        key = prefix + field.path[-1]
        required = field.required and parents_required
        if field.kind == "group":
            yield from _rows(list(field.children), key + ".", f"{label_prefix}{field.label} — ", required)
            continue
        yield field, key, required
        if field.kind == "repeat":
            yield from _rows(list(field.children), key + "[].", f"{label_prefix}{field.label} — ", False)


def _row(field: FormField, key: str, required: bool) -> str:
    hint = _KIND_HINTS[field.kind].format(folder=field.reference_folder or "")
    if field.max_length:
        hint += f", {field.max_length} caractères au plus"
    text = " ".join(part for part in (field.help, f"*{hint}*") if part)
    if field.choices:
        text += " Valeurs : " + ", ".join(f"`{value}` ({label})" for value, label in field.choices) + "."
    if field.personal:
        text += " Donnée personnelle : publiée pour une personne seulement avec son accord."
    cells = (field.label, f"`{key}`", "oui" if required else "", text)
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
