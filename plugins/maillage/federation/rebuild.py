"""A local commons' exported rows turned back into entries of the regional commons.

The JSON export of a type flattens each entry into the columns `maillage.exports.fields`
derives from the schemas (`acteurs.acteur` holds the actor of each item of `acteurs`, aligned
with `acteurs.role`). The same columns, derived from the regional schemas, put the values back
where they were: the entry's front matter, as its commons published it. Fields no export
carries (`x-masque: donnees`) are left out, except a constant the schema requires
(`schema_version`). The picture is left out too: its file lives with the local commons.

Each entry gets a regional id (`<key>-<id>`, the key naming its commons), its references are
renamed the same way, and it is validated against the regional schemas with the model's
validator; a row that does not make a valid entry is named in a French warning and skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from maillage.exports.fields import Column, Source, columns
from maillage.exports.manifest import schema_version
from maillage.federation import texts
from maillage.federation.fetch import Copy
from maillage.model import Document, Entry, EntryType, Origin, SchemaSet, Severity, is_slug, validate_entry
from maillage.model.dates import parse_moment
from maillage.model.schemas import FieldPath
from maillage.model.slug import MAX_SLUG_LENGTH

ID_SEPARATOR = "-"
BAD_RECORDS_NAMED = 5  # per commons and type; the others are counted


@dataclass
class Rebuilt:
    """The entries of one local commons, their update times, and what could not be rebuilt."""

    entries: list[Entry] = field(default_factory=list)
    updated: dict[str, datetime] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def regional_id(key: str, local_id: str) -> str:
    """The id of a local commons' entry here: `<key>-<id>` (a slug, as references must be),
    shortened with a digest when too long."""
    joined = f"{key}{ID_SEPARATOR}{local_id}"
    if len(joined) <= MAX_SLUG_LENGTH:
        return joined
    digest = hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]
    return joined[: MAX_SLUG_LENGTH - len(digest) - 1].rstrip("-") + "-" + digest


def rebuild(copy: Copy, key: str, schemas: SchemaSet, cache: Path) -> Rebuilt:
    """Every entry a local commons publishes, as entries of this commons' schemas."""
    result = Rebuilt()
    for entry_type in schemas.types:
        described = copy.manifest["types"].get(entry_type.folder)
        if described is None or described["fichier"] not in copy.files:
            continue
        ours = schema_version(schemas, entry_type)
        theirs = described.get("version_schema")
        if theirs != ours:
            result.warnings.append(texts.SCHEMA_VERSION.format(
                name=copy.name, plural=entry_type.plural, theirs=theirs, ours=ours))
            continue
        _rebuild_type(copy, key, schemas, entry_type, cache / described["fichier"], result)
    for folder in sorted(set(copy.manifest["types"]) - set(schemas.by_folder)):
        result.warnings.append(texts.UNKNOWN_TYPE.format(name=copy.name, folder=folder))
    return result


def _rebuild_type(copy: Copy, key: str, schemas: SchemaSet, entry_type: EntryType, source: Path,
                  result: Rebuilt) -> None:
    folder = entry_type.folder
    try:
        document = json.loads(copy.files[f"{folder}.json"].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        document = None
    rows = document.get("fiches") if isinstance(document, dict) and document.get("type") == folder else None
    if not isinstance(rows, list):
        result.warnings.append(texts.BAD_DOCUMENT.format(name=copy.name, folder=folder, plural=entry_type.plural))
        return
    cols = [c for c in columns(schemas, entry_type) if c.source is Source.FIELD]
    constants = _constants(schemas, entry_type)
    references = schemas.reference_fields(entry_type)
    bad: list[str] = []
    for index, row in enumerate(rows, start=1):
        local_id = row.get("id") if isinstance(row, dict) else None
        if not isinstance(local_id, str) or not is_slug(local_id):
            bad.append(texts.BAD_RECORD_SHAPE.format(name=copy.name, folder=folder, index=index))
            continue
        data = {**constants, **unflatten(row, cols)}
        if entry_type.picture is not None:
            data.pop(entry_type.picture[0], None)
        for pattern, _target in references:
            rename_references(data, pattern, lambda target: regional_id(key, target))
        body = row.get("texte") if isinstance(row.get("texte"), str) else ""
        shown = f"{copy.name} : {folder}.json, fiche « {local_id} »"
        parsed = Document(shown, data, body)
        if not schemas.fast[entry_type.schema].is_valid(data):
            errors = [p for p in validate_entry(entry_type, parsed, schemas) if p.severity is Severity.ERROR]
            reason = errors[0].message if errors else "fiche invalide"
            bad.append(texts.BAD_RECORD.format(name=copy.name, folder=folder, id=local_id, reason=reason))
            continue
        origin = Origin(copy.name, key, local_id, _page(row.get("url")) or f"{copy.site}{folder}/{local_id}/")
        entry = Entry(regional_id(key, local_id), entry_type, source, parsed, (origin,), remote=True)
        result.entries.append(entry)
        moment = parse_moment(row.get("mis_a_jour")) if isinstance(row.get("mis_a_jour"), str) else None
        if moment is not None:
            result.updated[entry.id] = moment
        result.counts[folder] = result.counts.get(folder, 0) + 1
    result.warnings += bad[:BAD_RECORDS_NAMED]
    if len(bad) > BAD_RECORDS_NAMED:
        result.warnings.append(texts.MORE_BAD_RECORDS.format(name=copy.name, count=len(bad) - BAD_RECORDS_NAMED))


def _page(url: Any) -> str | None:
    """The page a row names, when it is a web address: a commons that gathers others publishes
    their entries with their page there, so that a commons reading it (a national one reading a
    regional one) still links each entry to the page where it is edited."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _constants(schemas: SchemaSet, entry_type: EntryType) -> dict[str, Any]:
    """Root fields no export carries whose value the schema fixes (`schema_version`)."""
    found = {}
    for path in schemas.hidden_fields(entry_type, "donnees"):
        value = schemas.field_index(entry_type).get(path, {}).get("const")
        if len(path) == 1 and value is not None:
            found[path[0]] = value
    return found


def unflatten(row: dict[str, Any], cols: list[Column]) -> dict[str, Any]:
    """The front matter an exported row was flattened from (`maillage.exports.fields.row`, reversed)."""
    data: dict[str, Any] = {}
    for column in cols:
        value = row.get(column.name)
        if _present(value):
            _place(data, column.path, value)
    return data


def _present(value: Any) -> bool:
    """Whether a column holds anything: a value, or a list with at least one value somewhere."""
    if isinstance(value, list):
        return any(_present(item) for item in value)
    return value is not None


def _place(node: dict[str, Any], path: FieldPath, value: Any) -> None:
    """Put a column's value at its path; `*` spreads a list's values over the items of a list."""
    head, rest = path[0], path[1:]
    if not rest:
        node[head] = value
    elif rest == ("*",):
        node[head] = value  # a list of values: the column holds it whole
    elif rest[0] == "*":
        items = node.setdefault(head, [])
        for index, item_value in enumerate(value if isinstance(value, list) else []):
            while len(items) <= index:
                items.append({})
            if _present(item_value) and isinstance(items[index], dict):
                _place(items[index], rest[1:], item_value)
    else:
        child = node.setdefault(head, {})
        if isinstance(child, dict):
            _place(child, rest, value)


def rename_references(data: Any, pattern: FieldPath, rename: Callable[[str], str]) -> None:
    """Rename, in place, the ids a reference field holds."""
    for container, name in _slots(data, pattern):
        value = container[name]
        if isinstance(value, str) and is_slug(value):
            container[name] = rename(value)


def _slots(value: Any, pattern: FieldPath) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every value a field pattern reaches."""
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            for index in range(len(value)):
                if rest:
                    yield from _slots(value[index], rest)
                else:
                    yield value, index
    elif isinstance(value, dict) and head in value:
        if rest:
            yield from _slots(value[head], rest)
        else:
            yield value, head
