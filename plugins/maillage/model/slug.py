"""The one slug function: entry ids, file names and URLs all come from here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80

# Letters that Unicode decomposition does not reduce to ASCII.
_TRANSLITERATION = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "Ł": "l"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Make a URL- and file-safe id from any text: `"Théâtre de l'Œuf"` → `theatre-de-l-oeuf`.

    The result only ever contains `a-z`, `0-9` and single inner hyphens, so it can never
    contain `..`, a slash or a backslash, whatever the input.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    # Drop accents (combining marks); every other non-ASCII character becomes a separator,
    # so lookalikes of "/" or "." can only ever produce a hyphen.
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = _NON_ALNUM.sub("-", bare).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def is_slug(text: str) -> bool:
    """True when `text` is already a valid id (what `slugify` would produce)."""
    return len(text) <= MAX_SLUG_LENGTH and SLUG_PATTERN.fullmatch(text) is not None


def unique_slug(text: str, taken: Collection[str], fallback: str = "fiche") -> str:
    """A new id made from `text` by `slugify`, suffixed `-2`, `-3`… until it is not in `taken`.

    Every path that creates entries (issue forms, the web form, the census) names files with this.
    """
    slug = slugify(text) or slugify(fallback) or "fiche"
    if slug not in taken:
        return slug
    for number in range(2, len(taken) + 3):
        suffix = f"-{number}"
        candidate = slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: more candidates than taken ids")
