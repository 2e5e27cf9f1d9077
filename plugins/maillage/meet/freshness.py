"""Freshness: entries nobody has touched for a while, from git history ("mis à jour le").

Dates come from `maillage.model.gitdates.last_modified` (one `git log` for the whole commons).
An entry git does not know yet (a new, uncommitted file) counts as fresh: it was just written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from maillage.meet import texts
from maillage.model import Commons, Entry

DEFAULT_DAYS = 365


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """An entry unchanged since `updated`, `age` days before the reference time."""

    entry: Entry
    updated: datetime
    age: int


def stale_entries(
    commons: Commons, dates: Mapping[Path, datetime], now: datetime, days: int = DEFAULT_DAYS
) -> list[StaleEntry]:
    """Publishable entries last changed more than `days` days before `now`: oldest first, then by id."""
    limit = now - timedelta(days=days)
    result = []
    # The folder is resolved once, not each of thousands of files (entries sit in `<root>/<type>/`).
    root = commons.root.resolve()
    for entry in commons.entries.values():
        updated = dates.get(root / entry.type.folder / entry.source.name) if dates else None
        if updated is None or not entry.publishable or updated >= limit:
            continue
        result.append(StaleEntry(entry, updated, (now - updated).days))
    result.sort(key=lambda s: (s.updated, s.entry.id))
    return result


def _relative(entry: Entry, base: Path) -> str:
    try:
        return entry.source.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return entry.source.as_posix()


def report_text(stale: list[StaleEntry], days: int, base: Path) -> str:
    """One line per stale entry (`path : title — …`), or a line saying all is fresh."""
    if not stale:
        return texts.STALE_NONE.format(days=days)
    return "\n".join(
        texts.STALE_LINE.format(path=_relative(s.entry, base), title=s.entry.title,
                                date=s.updated.date().isoformat(), age=s.age)
        for s in stale
    )


def _cell(text: str) -> str:
    """Contributed text made inert in an issue table: no pipe, markup, HTML or @mention."""
    for character in "|`*_[]<>\\":
        text = text.replace(character, " ")
    # A word joiner after "@" keeps the text readable but stops GitHub from notifying anyone.
    return " ".join(text.replace("@", "@\u2060").split())


def report_markdown(stale: list[StaleEntry], days: int, base: Path) -> str:
    """The body of the reminder issue: an introduction and a table of stale entries."""
    if not stale:
        return texts.STALE_NONE.format(days=days) + "\n"
    lines = [texts.STALE_INTRO.format(days=days), "", texts.STALE_MD_HEADER]
    for s in stale:
        lines.append(texts.STALE_MD_ROW.format(
            title=_cell(s.entry.title), path=_relative(s.entry, base), kind=s.entry.type.singular,
            date=s.updated.date().isoformat(), age=s.age,
        ))
    return "\n".join(lines) + "\n"
