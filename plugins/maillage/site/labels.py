"""French labels of fields and values, read from the schemas (`title`, `x-libelles`)."""

from __future__ import annotations

from typing import Any

from maillage.model import Entry, EntryType, SchemaSet, field_values

FieldPath = tuple[str, ...]


class Labels:
    """Resolved field schemas of every type, indexed by path, built once per build."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    def field(self, entry_type: EntryType, path: FieldPath) -> dict[str, Any]:
        """The resolved schema of a field (`{}` if unknown)."""
        return self.schemas.field_index(entry_type).get(path, {})

    def fields(self, entry_type: EntryType) -> dict[FieldPath, dict[str, Any]]:
        """Every field of a type, by path, depth first in schema order."""
        return self.schemas.field_index(entry_type)

    def title(self, entry_type: EntryType, path: FieldPath) -> str:
        """A field's French title (a list's title for its items); falls back to its key."""
        while path and path[-1] == "*":
            path = path[:-1]
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

    def tags(self, entry: Entry) -> list[str]:
        """The labels of the entry's `x-etiquettes` values, in schema order."""
        return [self.value(entry.type, path, value) for path in entry.type.tags
                for value in field_values(entry.data, path) if isinstance(value, str)]
