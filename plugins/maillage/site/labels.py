"""French labels of fields and values, read from the schemas (`title`, `x-libelles`)."""

from __future__ import annotations

from typing import Any

from maillage.model import ENTRY_TYPES, EntryType, SchemaSet

FieldPath = tuple[str, ...]


class Labels:
    """Resolved field schemas of every type, indexed by path, built once per build."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas
        self._fields: dict[str, dict[FieldPath, dict[str, Any]]] = {
            t.folder: dict(schemas.fields(t)) for t in ENTRY_TYPES
        }

    def field(self, entry_type: EntryType, path: FieldPath) -> dict[str, Any]:
        """The resolved schema of a field (`{}` if unknown)."""
        return self._fields[entry_type.folder].get(path, {})

    def fields(self, entry_type: EntryType) -> dict[FieldPath, dict[str, Any]]:
        """Every field of a type, by path, depth first in schema order."""
        return self._fields[entry_type.folder]

    def title(self, entry_type: EntryType, path: FieldPath) -> str:
        """A field's French title; falls back to its key."""
        return self.field(entry_type, path).get("title") or path[-1].replace("_", " ").capitalize()

    def value(self, entry_type: EntryType, path: FieldPath, value: object) -> str:
        """The French label of an enum value (also for items of a list field)."""
        schema = self.field(entry_type, path)
        if schema.get("type") == "array":
            schema = self.field(entry_type, (*path, "*"))
        labels = schema.get("x-libelles", {})
        return labels.get(value, str(value)) if isinstance(value, str) else str(value)

    def choices(self, entry_type: EntryType, path: FieldPath) -> dict[str, str]:
        """Every value of an enum field (or list of enums) with its label, in schema order."""
        schema = self.field(entry_type, path)
        if schema.get("type") == "array":
            schema = self.field(entry_type, (*path, "*"))
        labels = schema.get("x-libelles", {})
        return {value: labels.get(value, value) for value in schema.get("enum", [])}
