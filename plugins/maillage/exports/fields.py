"""The flat columns of each entry type, derived from the schemas: one derivation for CSV, JSON
and the data page.

A column is a leaf field of the schema, named by its dotted path without list markers
(`univers.pratique`, `acteurs.acteur` for the actor of each item of `acteurs`). A field
inside a list is "many": its values form a list (joined by " | " in CSV). Next to a
reference column comes a `_url` column; next to a commune code, a `_nom` column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from maillage.exports import texts
from maillage.exports.public import INTERNAL_FIELDS, PublicCommons
from maillage.exports.urls import entry_url
from maillage.model import Entry, EntryType, SchemaSet
from maillage.model.schemas import FieldPath
from maillage.model.territory import territory


class Kind(StrEnum):
    """What a column holds, which decides how it is written and documented."""

    TEXT = "texte"
    INTEGER = "entier"
    NUMBER = "nombre"
    BOOLEAN = "booleen"
    DATE = "date"
    DATE_TIME = "date_heure"
    URL = "url"
    EMAIL = "courriel"
    COMMUNE = "commune"
    CODE = "code"
    REFERENCE = "reference"
    JSON = "json"


class Source(StrEnum):
    """Where a column's values come from."""

    FIELD = "champ"  # a schema field, read at `path`
    ID = "id"
    PAGE_URL = "url"
    REFERENCE_URL = "url_reference"  # page addresses of the column named in `base`
    COMMUNE_NAME = "nom_commune"  # names of the communes coded in the column named in `base`
    BODY = "texte"
    UPDATED = "mis_a_jour"


@dataclass(frozen=True)
class Column:
    """One exported column of an entry type."""

    name: str
    title: str
    description: str
    kind: Kind
    source: Source = Source.FIELD
    many: bool = False
    path: FieldPath = ()
    reference: str | None = None  # target folder of a reference column
    base: str | None = None  # the column a derived column is computed from
    labels: Mapping[str, str] = field(default_factory=dict)  # enum code -> French label


def columns(schemas: SchemaSet, entry_type: EntryType) -> list[Column]:
    """The exported columns of an entry type, in schema order (computed once per schema set)."""
    return list(_columns(schemas, entry_type))


@cache
def _columns(schemas: SchemaSet, entry_type: EntryType) -> tuple[Column, ...]:
    fields = dict(schemas.fields(entry_type))
    result = [
        Column("id", texts.ID_TITLE, texts.ID_DESCRIPTION, Kind.TEXT, Source.ID),
        Column("url", texts.URL_TITLE, texts.URL_DESCRIPTION, Kind.URL, Source.PAGE_URL),
    ]
    for path in fields:
        if path[0] in INTERNAL_FIELDS or not _is_leaf(path, fields):
            continue
        column = _field_column(path, fields)
        result.append(column)
        if column.kind is Kind.REFERENCE:
            result.append(_derived(column, Source.REFERENCE_URL))
        elif column.kind is Kind.COMMUNE:
            result.append(_derived(column, Source.COMMUNE_NAME))
    result += [
        Column("texte", texts.TEXT_TITLE, texts.TEXT_DESCRIPTION, Kind.TEXT, Source.BODY),
        Column("mis_a_jour", texts.UPDATED_TITLE, texts.UPDATED_DESCRIPTION, Kind.DATE_TIME, Source.UPDATED),
    ]
    return tuple(result)


def _is_leaf(path: FieldPath, fields: Mapping[FieldPath, Any]) -> bool:
    size = len(path)
    return not any(len(other) > size and other[:size] == path for other in fields)


def _field_column(path: FieldPath, fields: Mapping[FieldPath, dict[str, Any]]) -> Column:
    schema = fields[path]
    titles: list[str] = []
    for end in range(1, len(path) + 1):
        title = fields.get(path[:end], {}).get("title")
        if isinstance(title, str) and title not in titles:
            titles.append(title)
    description = schema.get("description")
    if not description and path[-1] == "*":
        description = fields.get(path[:-1], {}).get("description")
    name = ".".join(p for p in path if p != "*")
    labels = schema.get("x-libelles") or {str(v): "" for v in schema.get("enum", [])}
    return Column(
        name=name,
        title=" — ".join(titles) or name,
        description=description or "",
        kind=_kind(schema),
        many="*" in path,
        path=path,
        reference=schema.get("x-reference"),
        labels=labels,
    )


def _derived(column: Column, source: Source) -> Column:
    if source is Source.REFERENCE_URL:
        title = texts.REFERENCE_URL_TITLE.format(title=column.title)
        description = texts.REFERENCE_URL_DESCRIPTION.format(name=column.name)
        return Column(f"{column.name}_url", title, description, Kind.URL, source, column.many, base=column.name)
    title = texts.COMMUNE_NAME_TITLE.format(title=column.title)
    description = texts.COMMUNE_NAME_DESCRIPTION.format(name=column.name)
    return Column(f"{column.name}_nom", title, description, Kind.TEXT, source, column.many, base=column.name)


_STRING_FORMATS = {"date": Kind.DATE, "date-time": Kind.DATE_TIME, "uri": Kind.URL, "email": Kind.EMAIL}
_TYPES = {"integer": Kind.INTEGER, "number": Kind.NUMBER, "boolean": Kind.BOOLEAN}


def _kind(schema: Mapping[str, Any]) -> Kind:
    if "x-reference" in schema:
        return Kind.REFERENCE
    if schema.get("format") == "commune-insee":
        return Kind.COMMUNE
    if "enum" in schema:
        return Kind.CODE
    kind = schema.get("type")
    if kind == "string":
        return _STRING_FORMATS.get(schema.get("format", ""), Kind.TEXT)
    if kind in _TYPES:
        return _TYPES[kind]
    return Kind.JSON


def values_at(data: Any, pattern: FieldPath) -> Iterator[Any]:
    """Every value at a field pattern (`*` = each list item); nothing where data has another shape."""
    if not pattern:
        yield data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for item in data:
                yield from values_at(item, rest)
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest)


def row(
    entry: Entry, view: PublicCommons, site_url: str, updated: datetime, cols: list[Column]
) -> dict[str, Any]:
    """An entry's exported values by column name: JSON-ready types, lists for "many" columns."""
    data = view.data(entry)
    result: dict[str, Any] = {}
    for column in cols:
        if column.source is Source.FIELD:
            found = list(values_at(data, column.path))
            result[column.name] = found if column.many else (found[0] if found else None)
        elif column.source is Source.ID:
            result[column.name] = entry.id
        elif column.source is Source.PAGE_URL:
            result[column.name] = entry_url(site_url, entry.type.folder, entry.id)
        elif column.source is Source.BODY:
            result[column.name] = entry.body.strip() or None
        elif column.source is Source.UPDATED:
            result[column.name] = updated.isoformat(timespec="seconds")
        else:
            base = next(c for c in cols if c.name == column.base)
            derive = _reference_url(view, site_url, base) if column.source is Source.REFERENCE_URL else _commune_name
            value = result[base.name]
            result[column.name] = [derive(v) for v in value] if column.many else derive(value)
    return result


def _reference_url(view: PublicCommons, site_url: str, base: Column) -> Callable[[Any], str | None]:
    def url(entry_id: Any) -> str | None:
        target = view.target(entry_id, base.reference or "")
        return entry_url(site_url, target.type.folder, target.id) if target else None

    return url


def _commune_name(code: Any) -> str | None:
    commune = territory().commune(code) if isinstance(code, str) else None
    return commune.name if commune else None
