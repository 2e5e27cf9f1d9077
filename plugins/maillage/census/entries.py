"""The published commons as a source: its actor entries take part in the linkage.

Each actor entry becomes a record `fiche:<id>` (never merged with another entry: the commons is
already free of duplicates); a listing record matching it enriches the entry instead of
creating a new one. The entries the census wrote and the coordinator since deleted are
remembered (`decisions.yaml`), so that no later run recreates them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from maillage.census.fields import ACTORS, ENTRY_PATHS
from maillage.census.link import ENTRY_SOURCE
from maillage.census.records import normalise_fields, uid
from maillage.model import Commons, Entry

if TYPE_CHECKING:
    from maillage.model.territory import Scope


def entry_uid(entry_id: str) -> str:
    """The record uid of an entry of the commons."""
    return uid(ENTRY_SOURCE, entry_id)


def _value(data: dict[str, Any], dotted: str) -> str:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return ""
        node = node.get(part)
    return node if isinstance(node, str) else ""


def entry_record(entry: Entry, content: Path, scope: Scope | None = None) -> dict[str, Any]:
    """An actor entry in the census's record shape."""
    values = {name: _value(entry.data, path) for name, path in ENTRY_PATHS.items() if path}
    record = normalise_fields(values, scope)
    try:
        where = str(entry.source.relative_to(content.parent))
    except ValueError:
        where = str(entry.source)
    record.update(
        uid=entry_uid(entry.id),
        source=ENTRY_SOURCE,
        record_id=entry.id,
        fichier=where,
        ligne=1,
        priorite=0,
        date_import="",
        licence="",
    )
    return record


def entry_records(commons: Commons, content: Path, scope: Scope | None = None) -> list[dict[str, Any]]:
    """Every actor entry of the commons as a record, in id order."""
    actors = sorted(commons.of_type(ACTORS), key=lambda e: e.id)
    return [entry_record(entry, content, scope) for entry in actors]
