"""Read a draw entry with its commons, and write it back validated, keeping its Markdown body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.model import Commons, Document, Entry, load_commons, render_entry, validate_entry, write_atomic
from maillage.model.problems import Severity


def load_draw(path: Path) -> tuple[Entry, Commons]:
    """The draw entry at `path` (content/tirages/<id>.md) and the commons it belongs to."""
    path = path.resolve()
    if path.parent.name != "tirages" or path.suffix != ".md" or not path.is_file():
        raise DrawError(msg.NOT_A_DRAW.format(path=path))
    commons = load_commons(path.parent.parent)
    entry = commons.entries.get(path.stem)
    if entry is None or entry.type.folder != "tirages":
        problems = [p.format() for p in commons.problems if Path(p.path).resolve() == path]
        raise DrawError(msg.ENTRY_INVALID.format(problems="\n".join(problems) or path))
    own = [p for p in commons.problems if p.severity is Severity.ERROR and Path(p.path).resolve() == path]
    if own:
        raise DrawError(msg.ENTRY_INVALID.format(problems="\n".join(p.format() for p in own)))
    return entry, commons


def save_draw(entry: Entry, data: dict[str, Any]) -> Entry:
    """Validate the new data with the model's validator, then write the entry atomically."""
    # A JSON round trip gives plain, unshared values: the YAML writer would otherwise turn
    # objects reached twice into anchors and aliases, which our loader rightly refuses.
    data = json.loads(json.dumps(data, ensure_ascii=False))
    document = Document(entry.document.path, data, entry.body)
    errors = [p for p in validate_entry(entry.type, document) if p.severity is Severity.ERROR]
    if errors:
        raise DrawError(msg.WRITE_INVALID.format(problems="\n".join(p.format() for p in errors)))
    write_atomic(entry.source, render_entry(data, entry.body))
    return Entry(entry.id, entry.type, entry.source, document)
