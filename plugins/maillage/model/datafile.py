"""Data files: the bulky, tool-written part of an entry, in a JSON file next to its Markdown file.

A schema lists in `x-fichier-donnees` the top-level fields that live in `<id>.json` beside
`<id>.md` (a draw's frozen pool, distribution, result and log: megabytes for 20,000
volunteers). The loader merges them into the entry's data, so that validation, references and
every adapter see one entry, while the hand-written front matter keeps its size cap.

The file is read with the standard JSON parser (fast), refusing duplicate keys, NaN and
unknown fields; positions are computed only when a problem must be located.
"""

from __future__ import annotations

import json
import os
from itertools import islice
from pathlib import Path
from typing import Any

from maillage.model import messages as msg
from maillage.model.load import Document, escaped_controls, read_regular
from maillage.model.problems import EntryError, Problem

SUFFIX = ".json"
# Generous: 20,000 volunteers take about 2 MB; the cap only stops runaway files.
MAX_DATA_FILE_BYTES = 64 * 1024 * 1024


def data_file_of(entry_path: Path) -> Path:
    """The data file beside an entry file (`x.md` → `x.json`)."""
    return entry_path.with_suffix(SUFFIX)


def attach(document: Document, entry_path: Path, fields: tuple[str, ...]) -> list[Problem]:
    """Merge the entry's data file (if any) into `document.data`; the problems it has.

    `fields` are the top-level fields the schema keeps in the data file; any other key is
    refused, and so is a field written both in the front matter and in the data file.
    """
    path = data_file_of(entry_path)
    if not fields or not os.path.lexists(path):
        return []
    shown = str(Path(document.path).with_suffix(SUFFIX))
    try:
        raw = read_regular(path, shown, MAX_DATA_FILE_BYTES, msg.DATA_FILE_TOO_LARGE)
    except EntryError as exc:
        return exc.problems
    try:
        values = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        return [Problem(shown, 1, 1, msg.NOT_UTF8.format(byte=raw[exc.start]))]
    except json.JSONDecodeError as exc:
        return [Problem(shown, exc.lineno, exc.colno, msg.DATA_FILE_SYNTAX.format(reason=exc.msg))]
    except (ValueError, RecursionError) as exc:
        return [Problem(shown, 1, 1, msg.DATA_FILE_SYNTAX.format(reason=exc))]
    if not isinstance(values, dict):
        return [Problem(shown, 1, 1, msg.DATA_FILE_NOT_OBJECT)]
    problems = []
    for key in list(values):
        if key not in fields:
            problems.append(
                Problem(shown, 1, 1, msg.DATA_FILE_UNKNOWN_FIELD.format(field=key, allowed=", ".join(fields)), key)
            )
            del values[key]
        elif key in document.data:
            line, column = document.position((key,))
            problems.append(
                Problem(document.path, line, column, msg.DATA_FILE_FIELD_TWICE.format(field=key, file=shown), key)
            )
            del values[key]
    # Escapes in JSON strings (`\u001b`, `\u202e`) are checked like those of the front matter.
    problems += islice(escaped_controls(values, (), {}, shown), 20)
    document.data.update(values)
    document.attached_path = shown
    document.attached_source = path
    document.attached_keys = frozenset(values)
    return problems


def render_data_file(values: dict[str, Any]) -> str:
    """JSON text of a data file: sorted keys, one value per line (readable diffs), UTF-8."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def split_data(data: dict[str, Any], fields: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An entry's data as (front matter, data file) according to the schema's data-file fields."""
    front = {k: v for k, v in data.items() if k not in fields}
    attached = {k: v for k, v in data.items() if k in fields}
    return front, attached


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(msg.DATA_FILE_DUPLICATE_KEY.format(key=key))
        result[key] = value
    return result


def _no_constant(name: str) -> None:
    raise ValueError(msg.DATA_FILE_CONSTANT.format(name=name))
