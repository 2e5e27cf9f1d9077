"""Three-way merge of entry data: an edit built on an older version meets the current one.

An edit is a whole entry (forms post every field), so applying it as it stands would silently undo
whatever changed since the form was opened. `three_way` keeps, field by field, the side that
changed; a field both sides changed differently is a `Conflict` for a person to decide. Groups of
fields (objects) are merged key by key; lists and texts are compared whole; lists of choices
(`unordered`, checkbox lists) are compared as sets, since a form sends them in its own order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<absent>"})()

Path = tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed, differently: its value in the base, in the edit and now."""

    path: Path
    base: Any
    mine: Any
    theirs: Any


def three_way(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], unordered: frozenset[Path] = frozenset()
) -> tuple[dict[str, Any], list[Conflict]]:
    """Merge `mine` (an edit built on `base`) into `theirs` (the current version).

    Returns the merged data (conflicting fields keep `mine`, so that nothing typed is lost) and
    the conflicts, in key order.
    """
    conflicts: list[Conflict] = []
    merged = _merge_objects(base, mine, theirs, (), unordered, conflicts)
    return merged, conflicts


def _merge_objects(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], path: Path,
    unordered: frozenset[Path], conflicts: list[Conflict],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in dict.fromkeys([*theirs, *mine, *base]):
        b, m, t = base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING)
        here = (*path, key)
        if all(isinstance(v, dict) or v is MISSING for v in (b, m, t)) and any(isinstance(v, dict) for v in (m, t)):
            value = _merge_objects(_dict(b), _dict(m), _dict(t), here, unordered, conflicts)
            if value or (m is not MISSING and t is not MISSING):
                merged[key] = value
            continue
        value = _merge_values(b, m, t, here, unordered, conflicts)
        if value is not MISSING:
            merged[key] = value
    return merged


def _merge_values(b: Any, m: Any, t: Any, path: Path, unordered: frozenset[Path], conflicts: list[Conflict]) -> Any:
    same = _same_set if path in unordered else _same
    if same(m, b):
        return t  # the edit did not touch it: the current value stands
    if same(t, b) or same(m, t):
        return m  # only the edit changed it (or both the same way)
    conflicts.append(Conflict(path, b, m, t))
    return m


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _same(a: Any, b: Any) -> bool:
    return a == b


def _same_set(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(repr, a)) == sorted(map(repr, b))
    return a == b
