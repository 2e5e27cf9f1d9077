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

from functools import cache
from typing import Any

MISSING_PYUCA = (
    "l'ordre alphabétique français des noms demande la bibliothèque pyuca, absente de cette "
    'installation de Maillage : installez-la avec pip install "maillage[site]" (ou pip install pyuca)'
)


@cache
def _collator() -> Any:
    try:
        from pyuca import Collator  # imported here: the base install (verifier, forms) never sorts names
    except ModuleNotFoundError as exc:
        # Still a ModuleNotFoundError naming pyuca: the command line's guard names the extra.
        raise ModuleNotFoundError(MISSING_PYUCA, name="pyuca") from exc
    return Collator()


@cache
def name_key(name: str) -> tuple[int, ...]:
    """The sort key of a name in French alphabetical order (cached: names repeat across pages)."""
    return _collator().sort_key(name)
