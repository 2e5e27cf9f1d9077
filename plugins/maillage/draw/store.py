"""Read a draw with its commons, authorities and history; write it back validated.

A draw is two files: `content/tirages/<id>.md` (what people write and read: rules, random
sources, answers, status) and `content/tirages/<id>.json` (what the tool writes: frozen pool,
distribution, time-stamps, result, journal — the schema's `x-fichier-donnees`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.authorities import Authorities, load_authorities
from maillage.draw.errors import DrawError
from maillage.draw.history import History, read_history
from maillage.draw.publish import DRAW_SECTION
from maillage.model import Commons, Document, Entry, load_commons, render_entry, validate_entry, write_atomic
from maillage.model.datafile import data_file_of, render_data_file, split_data
from maillage.model.problems import Severity


@dataclass
class DrawFile:
    """A draw entry, the commons around it, the authorities it trusts and its git history."""

    entry: Entry
    commons: Commons

    @property
    def root(self) -> Path:
        """The commons' folder (the one holding `content/` and `autorites/`)."""
        return self.entry.source.resolve().parent.parent.parent

    @cached_property
    def authorities(self) -> Authorities:
        """drand networks and time-stamping authorities the commons trusts."""
        return load_authorities(self.root)

    @cached_property
    def history(self) -> History:
        """Every commit that touched the entry or its data file."""
        return read_history(self.entry.source, data_file_of(self.entry.source))

    @property
    def data_file(self) -> Path:
        """The data file beside the entry."""
        return data_file_of(self.entry.source)


def load_draw(path: Path) -> DrawFile:
    """The draw entry at `path` (content/tirages/<id>.md) and the commons it belongs to."""
    path = path.resolve()
    if path.suffix != ".md" or not path.is_file():
        raise DrawError(msg.NOT_A_DRAW.format(path=path))
    commons = load_commons(path.parent.parent)
    entry = commons.entries.get(path.stem)
    if entry is not None and entry.type.section != DRAW_SECTION:
        raise DrawError(msg.NOT_A_DRAW.format(path=path))
    own = [
        p
        for p in commons.problems
        if p.severity is Severity.ERROR and Path(p.path).resolve().with_suffix(".md") == path
    ]
    if entry is None or own:
        raise DrawError(msg.ENTRY_INVALID.format(problems="\n".join(p.format() for p in own) or path))
    return DrawFile(entry, commons)


def save_draw(draw: DrawFile, data: dict[str, Any]) -> Entry:
    """Validate the new data with the model's validator, then write the data file and the entry."""
    entry = draw.entry
    # A JSON round trip gives plain, unshared values: the YAML writer would otherwise turn
    # objects reached twice into anchors and aliases, which our loader rightly refuses.
    data = json.loads(json.dumps(data, ensure_ascii=False))
    document = Document(entry.document.path, data, entry.body)
    errors = [p for p in validate_entry(entry.type, document) if p.severity is Severity.ERROR]
    if errors:
        raise DrawError(msg.WRITE_INVALID.format(problems="\n".join(p.format() for p in errors)))
    front, attached = split_data(data, entry.type.data_fields)
    # The data file first: an entry saying "tiré" never points at a data file without its result.
    write_atomic(draw.data_file, render_data_file(attached))
    write_atomic(entry.source, render_entry(front, entry.body))
    written = Document(entry.document.path, data, entry.body)
    written.attached_keys = frozenset(attached)
    draw.entry = Entry(entry.id, entry.type, entry.source, written)
    return draw.entry
