"""What the public form may show of an entry, and what a submitted edit takes back from the file.

The form service answers anyone. It never shows a reference to an entry that may not be
published (a person without consent: her id is personal too), nor a person's personal fields —
not in a pre-filled form, a preview, a diff or an error. What the form could not show is taken
back from the current file when an edit is submitted (`restore_hidden`), so it is never lost.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from maillage.model import Commons, EntryType
from maillage.model.schemas import FieldPath


def hidden_ids(commons: Commons) -> frozenset[str]:
    """Ids of the entries that may not be published."""
    return frozenset(entry.id for entry in commons.entries.values() if not entry.publishable)


def public_data(data: dict[str, Any], entry_type: EntryType, commons: Commons) -> dict[str, Any]:
    """A copy of entry data without any reference to an entry that may not be published."""
    hidden = hidden_ids(commons)
    copy = deepcopy(data)
    if not hidden:
        return copy
    for pattern, _ in commons.schemas.reference_fields(entry_type):
        if "*" in pattern:
            star = pattern.index("*")
            container = _at(copy, pattern[:star])
            if isinstance(container, list):
                container[:] = [item for item in container if not _refers(item, pattern[star + 1 :], hidden)]
        else:
            parent = _at(copy, pattern[:-1])
            if isinstance(parent, dict) and parent.get(pattern[-1]) in hidden:
                del parent[pattern[-1]]
    return copy


def restore_hidden(data: dict[str, Any], existing: dict[str, Any], entry_type: EntryType, commons: Commons) -> None:
    """Put back, in an edit made from the public form, the references the form could not show,
    each at its place in its list (a single reference only if the edit left the field empty)."""
    hidden = hidden_ids(commons)
    for pattern, _ in commons.schemas.reference_fields(entry_type):
        if "*" in pattern:
            star = pattern.index("*")
            before = _at(existing, pattern[:star])
            if not isinstance(before, list):
                continue
            kept = [(i, item) for i, item in enumerate(before) if _refers(item, pattern[star + 1 :], hidden)]
            if not kept:
                continue
            target = _at(data, pattern[:star])
            if not isinstance(target, list):
                target = []
                _set(data, pattern[:star], target)
            for index, item in kept:
                if item not in target:
                    target.insert(min(index, len(target)), deepcopy(item))
        else:
            value = _at(existing, pattern)
            if value in hidden and _at(data, pattern) in (None, ""):
                _set(data, pattern, value)


def _refers(item: Any, sub: FieldPath, hidden: frozenset[str]) -> bool:
    """Whether a list item holds a hidden id at `sub` (the item itself when `sub` is empty)."""
    if not sub:
        return isinstance(item, str) and item in hidden
    if "*" in sub:
        star = sub.index("*")
        inner = _at(item, sub[:star])
        return isinstance(inner, list) and any(_refers(x, sub[star + 1 :], hidden) for x in inner)
    value = _at(item, sub)
    return isinstance(value, str) and value in hidden


def _at(data: Any, path: FieldPath) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _set(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    for key in path[:-1]:
        child = data.get(key)
        if not isinstance(child, dict):
            child = data[key] = {}
        data = child
    data[path[-1]] = value
