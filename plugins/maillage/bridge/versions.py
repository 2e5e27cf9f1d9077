"""The version an edit form was built from, carried (signed) by the form itself.

An edit form posts the whole entry. Without knowing what it started from, the service cannot
tell a field the contributor changed from one that changed in the commons since the form was
opened, and sending it would silently undo those changes. The form carries its base — the public
data and text it showed, with a digest of the entry — sealed by the service, so no state is kept
between requests and the service restarts freely.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

from maillage.bridge import messages as msg
from maillage.bridge.abuse import Stamps
from maillage.model import Entry, EntryError, parse_document, render_entry
from maillage.model.merge import MISSING, three_way

BASE_FIELD = "_base"
# A conflict is settled by a choice per field: `_conflit.<field>` is `mienne` or `actuelle`
# (dotted names; `texte` is the body).
CONFLICT_PREFIX = "_conflit."
CHOICE_MINE = "mienne"
CHOICE_CURRENT = "actuelle"
_NAME = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
MAX_BASE_BYTES = 2 * 1024 * 1024  # decompressed: an entry file is at most 256 KiB


@dataclass(frozen=True)
class Base:
    """What an edit form showed: the entry's digest then, its public data and text."""

    digest: str
    data: dict[str, Any]
    body: str


def digest(entry: Entry) -> str:
    """A fingerprint of an entry's content (its data and text, not the file's layout)."""
    canonical = json.dumps([entry.data, entry.body], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal_base(stamps: Stamps, base: Base) -> str:
    """The value of the form's `_base` field."""
    payload = json.dumps([base.digest, base.data, base.body], ensure_ascii=False, default=str)
    return stamps.seal(zlib.compress(payload.encode("utf-8"), 6))


def open_base(stamps: Stamps, sealed: str) -> Base | None:
    """The base a form carried, or None if absent, forged or damaged."""
    packed = stamps.unseal(sealed) if sealed else None
    if packed is None:
        return None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_BASE_BYTES)
        if inflater.unconsumed_tail:
            return None
        found, data, body = json.loads(raw.decode("utf-8"))
    except (zlib.error, ValueError, UnicodeDecodeError, TypeError):
        return None
    if not (isinstance(found, str) and isinstance(data, dict) and isinstance(body, str)):
        return None
    return Base(found, data, body)


def conflict_name(path: tuple[str, ...]) -> str:
    """The form name of a conflicting field: its dotted path."""
    return ".".join(path)


def conflict_path(name: str) -> tuple[str, ...] | None:
    """The path of a posted conflict name (None if it is not a field name)."""
    return tuple(name.split(".")) if _NAME.fullmatch(name) else None


@dataclass(frozen=True)
class Carried:
    """A proposal as the worker sends it: its file, and the fields it conflicts on ("" if none)."""

    text: str
    conflict: str
    rebased: bool


def carry_onto_current(file_text: str, base_text: str, current_text: str | None, unordered: frozenset) -> Carried:
    """An edit built on `base_text`, carried onto the entry as it is now (`current_text`).

    The contributor settled every conflict with the version the service showed; but the entry may
    change again before the worker makes the proposal (a forge that was down, a maintainer merging
    meanwhile). Then the edit is merged field by field: a clean merge is proposed (and said so);
    fields both sides changed are proposed as the contributor wrote them, with the three values
    for the maintainer to choose — never a silent revert.
    """
    if current_text is None or not base_text:
        return Carried(file_text, "", False)
    try:
        base, mine, now = (_content(text) for text in (base_text, file_text, current_text))
    except EntryError:
        return Carried(file_text, "", False)
    if now == base:
        return Carried(file_text, "", False)
    merged, conflicts = three_way(base, mine, now, unordered)
    if not conflicts:
        body = merged.pop(_BODY_KEY, "")
        return Carried(render_entry(merged, body if isinstance(body, str) else ""), "", True)
    lines = [
        msg.CONFLICT_LINE.format(
            field="texte" if c.path == (_BODY_KEY,) else ".".join(c.path),
            base=_short(c.base), mine=_short(c.mine), theirs=_short(c.theirs),
        )
        for c in conflicts
    ]
    return Carried(file_text, "\n".join(lines), True)


_BODY_KEY = "\0texte"


def _content(text: str) -> dict[str, Any]:
    document = parse_document(text.encode("utf-8"), "proposition.md")
    return {**document.data, _BODY_KEY: document.body.strip("\n")}


def _short(value: Any, limit: int = 200) -> str:
    """A value as an inline code span of the request's Markdown (contributed text stays inert)."""
    shown = "(absent)" if value is MISSING else json.dumps(value, ensure_ascii=False, default=str)
    cut = "" if len(shown) <= limit else msg.CUT_MARK.format(count=len(shown) - limit)
    shown = shown[:limit]
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    return f"{fence} {shown} {fence}{cut}"
