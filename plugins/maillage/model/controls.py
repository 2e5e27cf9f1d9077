"""Invisible characters that change what a reader sees: refused in entries, shown in terminals.

Contributed text reaches maintainers' terminals (`maillage contributions voir`, `verifier`) and
every published file. Some characters act instead of showing:
- C0 and C1 controls and DEL: ESC starts terminal sequences (move the cursor, erase lines, set
  the window title, hyperlinks), `\\r` goes back to the start of the line and hides what came
  before, NUL cuts strings in C programs (one reached a CSV export, written as a YAML escape);
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
  the text a reviewer reads ("Trojan Source");
- the line separators U+0085, U+2028 and U+2029: YAML, browsers and editors disagree on whether
  they end a line, so a value does not read the same everywhere.

Tabs and line feeds are ordinary text. Left-to-right and right-to-left marks (U+200E, U+200F,
U+061C) are kept: languages written right to left need them and they reorder nothing around them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# In a single line of terminal output, line feeds and tabs are shown too.
_FORBIDDEN_ON_ONE_LINE = re.compile(_FORBIDDEN.pattern[:-1] + r"\n\t]")
_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF", "\x1b": "ESC", "\r": "CR",
    "\n": "LF", "\t": "TAB", "\x7f": "DEL", "\x85": "NEL", "\x9b": "CSI",
    "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR",
}


def name_of(character: str) -> str:
    """A readable name: `ESC (U+001B)`, `RIGHT-TO-LEFT OVERRIDE (U+202E)`."""
    name = _NAMES.get(character) or unicodedata.name(character, "") or "caractère de contrôle"
    return f"{name} (U+{ord(character):04X})"


def forbidden(text: str) -> Iterator[tuple[int, str]]:
    """Position and character of every forbidden character in `text`."""
    for match in _FORBIDDEN.finditer(text):
        yield match.start(), match.group()


def visible(text: str, one_line: bool = False) -> str:
    """`text` for a terminal: each invisible character above shown as `⟨U+001B⟩`, so nothing a
    contributor wrote can move the cursor, rewrite a line or reorder what follows. With
    `one_line`, line feeds and tabs too (a list keeps one line per item)."""
    pattern = _FORBIDDEN_ON_ONE_LINE if one_line else _FORBIDDEN
    return pattern.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)


def json_text(value: object) -> str:
    """JSON for a terminal: the same data, every invisible character above as a `\\uXXXX` escape."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return _FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
