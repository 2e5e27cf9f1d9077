"""CSV and JSON exports: one file of each per entry type, with the schema-derived columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from maillage.exports.fields import Column, columns, row_reader
from maillage.exports.licences import licence_metadata
from maillage.exports.public import PublicCommons
from maillage.exports.urls import site_base
from maillage.model import EntryType

# Why ";" and a BOM: a French coordinator double-clicks the file. Excel in a French locale
# splits columns on the list separator ";" (a "," file opens as a single column) and
# reads a file without BOM as Windows-1252 (accents come out garbled); LibreOffice shows an
# import dialog that detects both. Decimal commas never clash: our numbers are integers.
CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"
LIST_SEPARATOR = " | "
INNER_SEPARATOR = ", "

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets; an apostrophe makes the spreadsheet read it as text (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def compact_json(document: Any) -> str:
    """JSON without indentation: the C encoder, several times faster, and smaller files."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def neutralise(text: str) -> str:
    """Text a spreadsheet will never evaluate as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """How a value is written in a CSV cell."""
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(_plain(v) for v in value))
    return neutralise(_plain(value))


def _plain_list(values: list[Any]) -> str:
    """An inner list (a list inside a list column): its values separated by commas."""
    return INNER_SEPARATOR.join(_plain(v) for v in values)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return _plain_list(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def rows(
    view: PublicCommons, entry_type: EntryType, site_url: str, updated: Mapping[str, datetime]
) -> tuple[list[Column], list[dict[str, Any]]]:
    """The columns and rows of one type, in id order."""
    cols = columns(view.commons.schemas, entry_type)
    read = row_reader(view, site_url, cols)
    return cols, [read(e, updated[e.id]) for e in view.entries(entry_type.folder)]


def write_csv(path: Path, cols: list[Column], records: list[dict[str, Any]]) -> Path:
    """Write one CSV file (header of column names, one line per entry)."""
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([c.name for c in cols])
        for record in records:
            writer.writerow([csv_cell(record[c.name]) for c in cols])
    return path


def write_json(
    path: Path, entry_type: EntryType, site_url: str, cols: list[Column], records: list[dict[str, Any]]
) -> Path:
    """Write one JSON file: metadata, the column names and the entries under `fiches`."""
    document = {
        "type": entry_type.folder,
        "source": site_base(site_url) or None,
        "licence": licence_metadata(),
        "colonnes": [c.name for c in cols],
        "nombre": len(records),
        "fiches": records,
    }
    path.write_text(compact_json(document) + "\n", encoding="utf-8")
    return path
