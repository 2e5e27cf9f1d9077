"""French alphabetical order for names: « Épinal » before « Xertigny », « Œuilly » with « Oe ».

The Unicode Collation Algorithm with its default table (pyuca, pure Python) orders letters
first, then accents, then case, as French dictionaries do; Python's own order puts every
accented capital after « Z ». Every list of names a person reads goes through `name_key`.
pyuca is in the extras that show such lists (`site`, `recensement`); it is imported on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _collator() -> Any:
    from pyuca import Collator  # imported here: the base install (verifier, forms) never sorts names

    return Collator()


@cache
def name_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in French alphabetical order (cached: names repeat across pages)."""
    return _collator().sort_key(name)
