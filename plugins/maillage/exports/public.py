"""What of the commons may be published: the privacy rules every export goes through.

A person without consent to publication is hidden from every export, and so is every
mention of their id in other entries. A person's personal fields (contact) are kept only
with their consent to publish them. Internal bookkeeping fields (`x-masque: [donnees]`:
census provenance, the record of consent, the format version) are never exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from maillage.model import Commons, Entry
from maillage.model.schemas import FieldPath


@dataclass
class PublicCommons:
    """A read-only view of a commons restricted to what may be published."""

    commons: Commons
    hidden: frozenset[str]
    _data: dict[str, dict[str, Any]] = field(default_factory=dict)

    def entries(self, folder: str) -> list[Entry]:
        """Publishable entries of one type, in id order."""
        return [e for e in self.commons.of_type(folder) if e.id not in self.hidden]

    def all_entries(self) -> list[Entry]:
        """Every publishable entry, in id order."""
        return sorted((e for e in self.commons.entries.values() if e.id not in self.hidden), key=lambda e: e.id)

    def target(self, entry_id: object, folder: str) -> Entry | None:
        """The publishable entry of the expected type an id points to, if any."""
        if not isinstance(entry_id, str) or entry_id in self.hidden:
            return None
        found = self.commons.entries.get(entry_id)
        return found if found is not None and found.type.folder == folder else None

    def data(self, entry: Entry) -> dict[str, Any]:
        """The entry's front matter as it may be published (computed once per entry)."""
        if entry.id in self.hidden:
            raise ValueError(f"entry {entry.id!r} may not be published")
        cached = self._data.get(entry.id)
        if cached is None:
            cached = self._data[entry.id] = _public_data(entry, self)
        return cached


def public_view(commons: Commons) -> PublicCommons:
    """The publishable part of a commons."""
    hidden = frozenset(e.id for e in commons.entries.values() if not e.publishable)
    return PublicCommons(commons, hidden)


def without_fields(data: dict[str, Any], patterns: list[FieldPath]) -> dict[str, Any]:
    """A copy of entry data without what sits at these field patterns."""
    copied = _copy(data)
    for pattern in patterns:
        _delete_at(copied, pattern)
    return copied


def _public_data(entry: Entry, view: PublicCommons) -> dict[str, Any]:
    schemas = view.commons.schemas
    data = _copy(entry.data)
    for pattern in schemas.hidden_fields(entry.type, "donnees"):
        _delete_at(data, pattern)
    if not entry.contact_publishable:
        for pattern in schemas.personal_fields(entry.type):
            _delete_at(data, pattern)
    for pattern, _folder in schemas.reference_fields(entry.type):
        _drop_hidden_references(data, pattern, view.hidden)
    # Then no hidden id may remain anywhere, even in fields without a declared structure
    # (a draw log's details) or references the schema hides in an `anyOf`.
    if view.hidden:
        _scrub(data, view.hidden)
    return data


def _delete_at(value: Any, pattern: FieldPath) -> None:
    """Remove whatever sits at a field pattern (`*` = each list item)."""
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            if not rest:
                value.clear()
            for item in value:
                _delete_at(item, rest)
    elif isinstance(value, dict) and head in value:
        if rest:
            _delete_at(value[head], rest)
        else:
            del value[head]


def _names_hidden(value: Any, keys: FieldPath, hidden: frozenset[str]) -> bool:
    """Whether following plain keys from `value` reaches a hidden id."""
    for key in keys:
        if not isinstance(value, dict):
            return False
        value = value.get(key)
    return isinstance(value, str) and value in hidden


def _drop_hidden_references(value: Any, pattern: FieldPath, hidden: frozenset[str]) -> None:
    """Remove references to hidden entries: the list item that holds one, or the field itself.

    In `acteurs: [{acteur: x, role: porteur}]` the whole item goes, so no role is left
    pointing at nobody (and parallel columns stay aligned).
    """
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            if "*" not in rest:
                value[:] = [item for item in value if not _names_hidden(item, rest, hidden)]
            if rest:
                for item in value:
                    _drop_hidden_references(item, rest, hidden)
    elif isinstance(value, dict) and head in value:
        if rest:
            _drop_hidden_references(value[head], rest, hidden)
        elif isinstance(value[head], str) and value[head] in hidden:
            del value[head]


def _copy(value: Any) -> Any:
    """A copy of plain YAML data (dicts, lists, scalars), never sharing the model's objects."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _scrub(value: Any, hidden: frozenset[str]) -> None:
    """Remove, in place, every string equal to a hidden id (as a list item, a value or a key)."""
    if isinstance(value, dict):
        for key in [k for k, v in value.items() if k in hidden or (isinstance(v, str) and v in hidden)]:
            del value[key]
        for item in value.values():
            _scrub(item, hidden)
    elif isinstance(value, list):
        value[:] = [v for v in value if not (isinstance(v, str) and v in hidden)]
        for item in value:
            _scrub(item, hidden)
