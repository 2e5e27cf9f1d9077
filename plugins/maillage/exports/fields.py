"""The flat columns of each entry type, derived from the schemas: one derivation for CSV, JSON
and the data page.

A column is a leaf field of the schema, named by its dotted path without list markers
(`univers.pratique`, `acteurs.acteur` for the actor of each item of `acteurs`). A field
inside a list is "many": its values form a list with one value per item, None where an
item lacks it, so that the columns of one list stay aligned (joined by " | " in CSV). A
field inside a list inside a list (a draw's group members) gives a list of lists. Next to a
reference column comes a `_url` column; next to a commune code, a `_nom` column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from maillage.exports import texts
from maillage.exports.public import PublicCommons
from maillage.exports.urls import page_url
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
    depth: int = 0  # how many lists the field sits in: 0 one value, 1 a list, 2 a list of lists
    path: FieldPath = ()
    reference: str | None = None  # target folder of a reference column
    base: str | None = None  # the column a derived column is computed from
    labels: Mapping[str, str] = field(default_factory=dict)  # enum code -> French label

    @property
    def many(self) -> bool:
        """Whether the column holds a list."""
        return self.depth > 0


def columns(schemas: SchemaSet, entry_type: EntryType) -> list[Column]:
    """The exported columns of an entry type, in schema order (computed once per schema set)."""
    return list(_columns(schemas, entry_type))


@cache
def _columns(schemas: SchemaSet, entry_type: EntryType) -> tuple[Column, ...]:
    fields = schemas.field_index(entry_type)
    hidden = schemas.hidden_fields(entry_type, "donnees")
    result = [
        Column("id", texts.ID_TITLE, texts.ID_DESCRIPTION, Kind.TEXT, Source.ID),
        Column("url", texts.URL_TITLE, texts.URL_DESCRIPTION, Kind.URL, Source.PAGE_URL),
    ]
    for path in fields:
        if any(path[: len(h)] == h for h in hidden) or not _is_leaf(path, fields):
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
    names = [c.name for c in result]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:  # a schema change made two fields flatten to one name: rows would lose data
        raise ValueError(f"{entry_type.schema}: columns with the same name: {', '.join(clashes)}")
    return tuple(result)


def _is_leaf(path: FieldPath, fields: Mapping[FieldPath, Any]) -> bool:
    size = len(path)
    return not any(len(other) > size and other[:size] == path for other in fields)


def _field_column(path: FieldPath, fields: Mapping[FieldPath, dict[str, Any]]) -> Column:
    schema = fields[path]
    titles: list[str] = []
    for end in range(1, len(path) + 1):
        # An item's own title names its generic type ("Identifiant de fiche"): the list says more.
        title = None if path[end - 1] == "*" else fields.get(path[:end], {}).get("title")
        if isinstance(title, str) and title not in titles:
            titles.append(title)
    description = schema.get("description")
    if path[-1] == "*":
        description = fields.get(path[:-1], {}).get("description") or description
    name = ".".join(p for p in path if p != "*")
    labels = schema.get("x-libelles") or {str(v): "" for v in schema.get("enum", [])}
    reference = _reference(schema)
    return Column(
        name=name,
        title=" — ".join(titles) or name,
        description=description or "",
        kind=Kind.REFERENCE if reference else _kind(schema),
        depth=path.count("*"),
        path=path,
        reference=reference,
        labels=labels,
    )


def _reference(schema: Mapping[str, Any]) -> str | None:
    """The folder a field refers to, also when the reference is one branch of an `anyOf` (or null)."""
    if "x-reference" in schema:
        return schema["x-reference"]
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        if isinstance(branch, dict) and "x-reference" in branch:
            return branch["x-reference"]
    return None


def _derived(column: Column, source: Source) -> Column:
    if source is Source.REFERENCE_URL:
        title = texts.REFERENCE_URL_TITLE.format(title=column.title)
        description = texts.REFERENCE_URL_DESCRIPTION.format(name=column.name)
        return Column(f"{column.name}_url", title, description, Kind.URL, source, column.depth, base=column.name)
    title = texts.COMMUNE_NAME_TITLE.format(title=column.title)
    description = texts.COMMUNE_NAME_DESCRIPTION.format(name=column.name)
    return Column(f"{column.name}_nom", title, description, Kind.TEXT, source, column.depth, base=column.name)


_STRING_FORMATS = {"date": Kind.DATE, "date-time": Kind.DATE_TIME, "uri": Kind.URL, "email": Kind.EMAIL}
_TYPES = {"integer": Kind.INTEGER, "number": Kind.NUMBER, "boolean": Kind.BOOLEAN}


def _kind(schema: Mapping[str, Any]) -> Kind:
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


def _map(value: Any, depth: int, function: Callable[[Any], Any]) -> Any:
    """Apply a function to every value of a (nested) list of `depth` levels."""
    if depth == 0:
        return function(value)
    return [_map(item, depth - 1, function) for item in value] if isinstance(value, list) else []


Reader = Callable[[Entry, datetime], dict[str, Any]]
_Cell = Callable[[Entry, dict[str, Any], datetime, dict[str, Any]], Any]


def row_reader(view: PublicCommons, site_url: str, cols: list[Column]) -> Reader:
    """How to read an entry's exported values by column name (JSON-ready types, lists for "many"
    columns), given its update time. How each column is read is decided once for all the entries
    of a type: a table reads every column of thousands of entries."""
    cells = [(column.name, _cell(column, view, site_url, cols)) for column in cols]

    def read(entry: Entry, updated: datetime) -> dict[str, Any]:
        data = view.data(entry)
        result: dict[str, Any] = {}
        for name, cell in cells:
            result[name] = cell(entry, data, updated, result)
        return result

    return read


def _cell(column: Column, view: PublicCommons, site_url: str, cols: list[Column]) -> _Cell:
    """How one column's value is read from (entry, public data, update time, the row so far:
    a derived column comes after its base)."""
    if column.source is Source.FIELD:
        value = _value_reader(column.path)
        if column.many:  # lists stay lists
            return lambda entry, data, updated, done: [] if (v := value(data)) is None else v
        return lambda entry, data, updated, done: value(data)
    if column.source is Source.ID:
        return lambda entry, data, updated, done: entry.id
    if column.source is Source.PAGE_URL:
        return lambda entry, data, updated, done: page_url(site_url, entry)
    if column.source is Source.BODY:
        return lambda entry, data, updated, done: entry.body.strip() or None
    if column.source is Source.UPDATED:
        return lambda entry, data, updated, done: updated.isoformat(timespec="seconds")
    base = next(c for c in cols if c.name == column.base)
    derive = _reference_url(view, site_url, base) if column.source is Source.REFERENCE_URL else _commune_name
    depth = column.depth
    return lambda entry, data, updated, done: _map(done[base.name], depth, derive)


def _value_reader(pattern: FieldPath) -> Callable[[Any], Any]:
    """How to read the value at a field pattern: one value (or None), or per `*` a list with one
    element per item (empty when there is no list). The pattern is split at its `*` once, not at
    every read."""
    if "*" not in pattern:
        return lambda data: _plain_value(data, pattern)
    keys, items = pattern[: pattern.index("*")], _value_reader(pattern[pattern.index("*") + 1 :])

    def read(data: Any) -> Any:
        for key in keys:
            if not isinstance(data, dict):
                return None
            data = data.get(key)
        return [items(item) for item in data] if isinstance(data, list) else []

    return read


def _plain_value(data: Any, keys: FieldPath) -> Any:
    """The value at plain keys (None when one is missing)."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _reference_url(view: PublicCommons, site_url: str, base: Column) -> Callable[[Any], str | None]:
    def url(entry_id: Any) -> str | None:
        target = view.target(entry_id, base.reference or "")
        return page_url(site_url, target) if target else None

    return url


def _commune_name(code: Any) -> str | None:
    commune = territory().commune(code) if isinstance(code, str) else None
    return commune.name if commune else None
