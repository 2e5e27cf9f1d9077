"""The census fields: what a mapping can fill, and which actor-entry field each one becomes.

The univers facets and the allowed values of every enumerated field are read from the actor
schema, the single source of truth: a facet added to the schema is a field mappings can set.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from maillage.model import EntryType, default_schemas

ACTORS = "acteurs"  # the folder of the entries a census writes
# Census field → dotted path in an actor entry ("" = used to link and locate, never written).
ENTRY_PATHS = {
    "nom": "nom",
    "sigle": "",
    "forme": "forme",
    "nature": "nature",
    "disciplines": "disciplines",
    "resume": "resume",
    "adresse": "contact.adresse",
    "code_postal": "",
    "commune": "commune",
    "commune_libelle": "",
    "telephone": "contact.telephone",
    "courriel": "contact.courriel",
    "site_web": "site_web",
    "siren": "identifiants.siren",
    "siret": "identifiants.siret",
    "rna": "identifiants.rna",
    "latitude": "",
    "longitude": "",
}
UNIVERS = "univers"


def actor_type() -> EntryType:
    """The type of the entries a census writes, as the shipped schemas declare it."""
    return default_schemas().by_folder[ACTORS]


@cache
def _schema_fields() -> dict[str, dict[str, Any]]:
    return {".".join(path): schema for path, schema in default_schemas().fields(actor_type())}


@cache
def univers_fields() -> tuple[str, ...]:
    """`univers.<facet>` for each facet of the schema's univers."""
    return tuple(path for path in _schema_fields() if path.startswith(UNIVERS + ".") and path.count(".") == 1)


@cache
def fields() -> tuple[str, ...]:
    """Every census field a mapping can fill, in record-column order."""
    return (*ENTRY_PATHS, *univers_fields())


def entry_path(field: str) -> str:
    """The actor-entry field a census field fills ("" for fields only used to link)."""
    return ENTRY_PATHS.get(field, field if field in univers_fields() else "")


def allowed_values(field: str) -> list[str] | None:
    """The schema's values for an enumerated field (items of a list field), or None."""
    path = entry_path(field)
    schemas = _schema_fields()
    schema = schemas.get(f"{path}.*") or schemas.get(path) or {}
    return schema.get("enum")


def is_inferred(field: str) -> bool:
    """Fields a mapping infers from what the source is (never stated by the actor itself)."""
    return field in univers_fields()
