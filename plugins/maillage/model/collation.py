"""French alphabetical order for names: « Épinal » before « Xertigny », « Œuilly » with « Oe ».

The Unicode Collation Algorithm with its default table (pyuca, pure Python) orders letters
first, then accents, then case, as French dictionaries do; Python's own order puts every
accented capital after « Z ». Every list of names a person reads goes through `name_key`.
pyuca is in the extras that show such lists (`site`, `rencontres`, `recensement`), not in the
base install (model + `verifier`, which never sorts names): its tables weigh 8 MB. It is imported on
first use; when it is missing, the error says in French what to install (the command line adds the
extra of the command that needed it).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

MISSING_PYUCA = (
    "l'ordre alphabétique français des noms demande la bibliothèque pyuca, absente de cette "
    'installation de Maillage : installez-la avec pip install "maillage[site]" (ou pip install pyuca)'
)


_Levels = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


class _Collation:
    """pyuca's collator, and a shortcut that gives the very key pyuca gives, about four times
    sooner, for names whose code points each weigh alone (French names: letters, accents as
    combining marks after NFD, digits, punctuation).

    pyuca's key of a name is, level by level (letters, accents, case), the non-zero weights of
    its collation elements in order, the levels separated by a 0. Where no contraction can
    match (a sequence of code points weighed together, as « l· » in Catalan), the elements are
    those of each code point alone, so the key is each code point's weights put together level
    by level. The shortcut is taken only when every code point of the name has an entry of its
    own in pyuca's table and continues no contraction; any other name is keyed by pyuca.
    """

    def __init__(self, collator: Any) -> None:
        self.collator = collator
        # pyuca's table is a trie of code points (its `table.root.children`).
        self._table = collator.table.root.children
        self._continuing = {cp for node in self._table.values() if node.children for cp in _below(node)}
        self._levels: dict[str, _Levels | None] = {}

    def key(self, name: str) -> tuple[int, ...]:
        """pyuca's sort key of `name`."""
        primary: list[int] = []
        secondary: list[int] = []
        tertiary: list[int] = []
        for char in unicodedata.normalize("NFD", name):  # as pyuca does first
            levels = self._levels.get(char, _UNKNOWN)
            if levels is _UNKNOWN:
                levels = self._levels[char] = self._alone(char)
            if levels is None:
                return self.collator.sort_key(name)
            primary += levels[0]
            secondary += levels[1]
            tertiary += levels[2]
        return (*primary, 0, *secondary, 0, *tertiary, 0)

    def _alone(self, char: str) -> _Levels | None:
        """A code point's weights at the three levels, if it always weighs alone."""
        node = self._table.get(ord(char))
        if node is None or not node.value or ord(char) in self._continuing:
            return None  # pyuca computes an implicit weight, or a contraction may match
        elements = node.value
        return (tuple(e[0] for e in elements if e[0]), tuple(e[1] for e in elements if e[1]),
                tuple(e[2] for e in elements if e[2]))


_UNKNOWN = object()


def _below(node: Any) -> set[int]:
    """The code points that follow the first one in the contractions starting at `node`."""
    found: set[int] = set()
    stack = [node]
    while stack:
        for cp, child in (stack.pop().children or {}).items():
            found.add(cp)
            stack.append(child)
    return found


@cache
def _collation() -> _Collation:
    try:
        from pyuca import Collator  # imported here: the base install (verifier, forms) never sorts names
    except ModuleNotFoundError as exc:
        # Still a ModuleNotFoundError naming pyuca: the command line's guard names the extra.
        raise ModuleNotFoundError(MISSING_PYUCA, name="pyuca") from exc
    return _Collation(Collator())


@cache
def name_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in French alphabetical order (cached: names repeat across pages)."""
    return _collation().key(name)
