"""Read a draw with its commons, authorities and history; write it back validated.

A draw is two files: `content/tirages/<id>.md` (what people write and read: rules, random
sources, answers, status) and `content/tirages/<id>.json` (what the tool writes: frozen pool,
distribution, time-stamps, result, journal — the schema's `x-fichier-donnees`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.authorities import Authorities, load_authorities
from maillage.draw.errors import DrawError
from maillage.draw.history import History, read_history
from maillage.draw.publish import DRAW_SECTION
from maillage.model import (
    Commons,
    Document,
    Entry,
    EntryError,
    default_schemas,
    load_commons,
    read_document,
    render_entry,
    validate_entry,
    write_atomic,
)
from maillage.model.datafile import attach, data_file_of, render_data_file, split_data
from maillage.model.problems import Problem, Severity

ACTORS = "acteurs"  # the folder the draw schema's volunteers refer to (`x-reference`)


@dataclass
class DrawFile:
    """A draw entry, the commons around it (when loaded), the authorities it trusts and its history.

    Most commands need the draw alone: reading 20,000 actor entries is for the commands that
    build a pool (`preparer`, `annoncer-complement`) and for `verifier`'s comparison with today's
    volunteers; names are read one actor at a time otherwise.
    """

    entry: Entry
    loaded: Commons | None = None
    _actors: dict[str, Entry | None] = field(default_factory=dict)

    @property
    def commons(self) -> Commons:
        """The whole commons (loaded on first use)."""
        if self.loaded is None:
            self.loaded = _load_commons_of(self.entry.source)
        return self.loaded

    def actor(self, actor_id: str) -> Entry | None:
        """An actor entry by id (None if absent or unreadable), without loading the whole commons."""
        if self.loaded is not None:
            return self.loaded.entries.get(actor_id)
        if actor_id not in self._actors:
            path = self.entry.source.parent.parent / ACTORS / f"{actor_id}.md"
            if not path.exists() and self.regional:  # a volunteer of a local commons: its frozen copy
                return self.commons.entries.get(actor_id)
            self._actors[actor_id] = _read_alone(path)
        return self._actors[actor_id]

    @cached_property
    def regional(self) -> bool:
        """Whether the draw froze the exports of local commons (a regional draw)."""
        from maillage.federation.frozen import frozen_folder

        return frozen_folder(self.root, self.entry.id).is_dir()

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


def load_draw(path: Path, with_commons: bool = False) -> DrawFile:
    """The draw entry at `path` (content/<draws folder>/<id>.md), and with `with_commons` the
    commons it belongs to (every entry loaded, references checked)."""
    path = path.resolve()
    if path.suffix != ".md" or not path.is_file():
        raise DrawError(msg.NOT_A_DRAW.format(path=path))
    if with_commons:
        commons = _load_commons_of(path)
        entry = commons.entries.get(path.stem)
        own = [p for p in commons.problems if p.severity is Severity.ERROR and _about(p, path)]
    else:
        commons = None
        entry, own = _read_entry(path)
    if entry is not None and entry.type.section != DRAW_SECTION:
        raise DrawError(msg.NOT_A_DRAW.format(path=path))
    if entry is None or own:
        raise DrawError(msg.ENTRY_INVALID.format(problems="\n".join(p.format() for p in own) or path))
    return DrawFile(entry, commons)


def _load_commons_of(path: Path) -> Commons:
    """The commons of a draw; a regional draw's volunteers of local commons come from the copy of
    their exports frozen at its preparation (`maillage.federation.frozen`), never read again."""
    path = path.resolve()
    commons = load_commons(path.parent.parent)
    from maillage.federation import frozen  # on use: only a regional draw reads local commons

    try:
        return frozen.frozen_commons(commons, path.parent.parent.parent, path.stem)
    except frozen.FrozenError as error:
        raise DrawError(str(error)) from None


def freeze_local_commons(draw: DrawFile) -> list[dict[str, Any]]:
    """In a regional commons (`communs_locaux`), read every local commons' exports now and freeze
    them for this draw, whose commons then holds their volunteers; what the commitments record of
    each (none in a local commons)."""
    from maillage.federation import frozen
    from maillage.model.settings import SettingsError

    try:
        if not frozen.is_regional(draw.root):
            return []
        described = frozen.freeze(draw.root, draw.entry.id)
        draw.loaded = frozen.frozen_commons(load_commons(draw.root / "content"), draw.root, draw.entry.id)
    except (frozen.FrozenError, SettingsError) as error:
        raise DrawError(str(error)) from None
    return described


def _about(problem: Problem, path: Path) -> bool:
    return Path(problem.path).resolve().with_suffix(".md") == path


def _read_entry(path: Path) -> tuple[Entry | None, list[Problem]]:
    """One entry read and validated alone (its data file merged; references not checked)."""
    schemas = default_schemas()
    entry_type = schemas.by_folder.get(path.parent.name)
    if entry_type is None:
        return None, []
    shown = os.path.relpath(path)
    try:
        document = read_document(path, shown)
    except EntryError as exc:
        return None, exc.problems
    problems = attach(document, path, entry_type.data_fields) + validate_entry(entry_type, document, schemas)
    return Entry(path.stem, entry_type, path, document), [p for p in problems if p.severity is Severity.ERROR]


def _read_alone(path: Path) -> Entry | None:
    if not path.is_file():
        return None
    entry, problems = _read_entry(path)
    return None if problems else entry


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
