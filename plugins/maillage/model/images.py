"""Pictures of entries (the shared `image` definition): files of the content folder, named by a
path relative to it in a field of format `chemin-image`, next to their alternative text,
credit and licence (`texte_alternatif`, `credit`, `licence`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PICTURE_FORMAT = "chemin-image"
# Formats a browser shows and Pillow decodes; never SVG (a document that can hold scripts).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
FILE, ALT, CREDIT, LICENCE = "fichier", "texte_alternatif", "credit", "licence"

_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def is_picture_path(value: str) -> bool:
    """A relative path inside the content folder (no `..`, no leading `/`) to a picture file."""
    parts = value.split("/")
    return (value.lower().endswith(PICTURE_SUFFIXES) and all(_SEGMENT.fullmatch(p) for p in parts)
            and ".." not in parts)


def picture_field(fields: Mapping[tuple[str, ...], Mapping[str, Any]]) -> tuple[str, ...] | None:
    """The type's picture: the first top-level object with a `chemin-image` file, or None."""
    for path, schema in fields.items():
        if len(path) == 2 and schema.get("format") == PICTURE_FORMAT:
            return path[:1]
    return None
