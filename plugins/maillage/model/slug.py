"""The one slug function: entry ids, file names and URLs all come from here."""

from __future__ import annotations

import re
import unicodedata

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
