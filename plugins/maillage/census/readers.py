"""Read a listing (CSV, XLSX, ODS, JSON) into a header and text rows, with file-located errors.

Every reader returns the same `Table`: column names and rows of strings numbered as the
person who opened the file would count them (line 1 is the header), so that every message
can name the row. Nothing is guessed silently: an unreadable encoding, a ragged row, a
duplicated or empty column name or an empty file is an error.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located

Row = tuple[int, list[str]]
_DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024
_MAX_PROBLEMS = 20
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


@dataclass(slots=True)
class Table:
    """A listing read from disk: its column names and numbered rows of text."""

    path: str
    header: list[str]
    rows: list[Row]


def read_table(
    path: Path,
    display: str,
    file_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    records_key: str | None = None,
) -> Table:
    """Read any supported listing; `file_format` defaults to the file's extension."""
    kind = (file_format or path.suffix.lower().lstrip(".")).lower()
    if kind in ("csv", "txt", "tsv"):
        return read_csv(path, display, encoding, delimiter)
    if kind in ("xlsx", "xlsm"):
        return read_xlsx(path, display, sheet)
    if kind == "ods":
        return read_ods(path, display, sheet)
    if kind == "json":
        return read_json(path, display, records_key)
    raise CensusError.single(display, msg.UNKNOWN_FORMAT.format(suffix=path.suffix or kind))


def decode(data: bytes, display: str, encoding: str | None) -> str:
    """Bytes to text: the declared encoding, else UTF-8, else what charset-normalizer finds."""
    if encoding and encoding.lower() not in ("auto", "automatique"):
        return _decode_strict(data, display, encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    guesses = list(from_bytes(data[: 4 * _SNIFF_BYTES]))
    if not guesses:
        raise CensusError.single(display, msg.ENCODING_UNKNOWN)
    # French spreadsheets export in Windows-1252; short samples often fit Central European
    # code pages equally well, so among near-equal candidates the Western one wins.
    best = guesses[0]
    western = next((g for g in guesses if g.encoding in _WESTERN and g.chaos <= best.chaos + 0.05), None)
    return _decode_strict(data, display, (western or best).encoding)


def _decode_strict(data: bytes, display: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise CensusError.single(
            display, msg.ENCODING_WRONG.format(encoding=encoding, byte=data[exc.start]), row
        ) from exc
    except LookupError as exc:
        raise CensusError.single(display, msg.ENCODING_UNKNOWN) from exc
    return text.removeprefix("\ufeff")


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample; on doubt, the most frequent candidate of the header line."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(_DELIMITERS, key=first.count)


def read_csv(path: Path, display: str, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """A CSV listing, delimiter sniffed and encoding detected unless given."""
    data = path.read_bytes()
    if not data.strip():
        raise CensusError.single(display, msg.EMPTY_FILE)
    text = decode(data, display, encoding)
    if not delimiter or delimiter == "auto":
        delimiter = sniff_delimiter(text[:_SNIFF_BYTES])
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    numbered: list[Row] = []
    start = 1
    try:
        for values in reader:
            numbered.append((start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CensusError.single(display, msg.CSV_SYNTAX.format(reason=exc), start) from exc
    numbered = [(n, values) for n, values in numbered if any(v.strip() for v in values)]
    return _table(display, numbered)


def read_xlsx(path: Path, display: str, sheet: str | None = None) -> Table:
    """The first (or named) sheet of an XLSX workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise CensusError.single(display, msg.SPREADSHEET_UNREADABLE.format(reason=exc)) from exc
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = [
            (index, [_cell_text(v) for v in values])
            for index, values in enumerate(worksheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()
    return _spreadsheet_table(display, rows)


def read_ods(path: Path, display: str, sheet: str | None = None) -> Table:
    """The first (or named) sheet of an OpenDocument spreadsheet (through pandas' odf engine)."""
    import pandas as pd

    try:
        frame = pd.read_excel(path, engine="odf", header=None, sheet_name=sheet or 0, dtype=object)
    except Exception as exc:  # odfpy and pandas raise many kinds for a damaged file
        raise CensusError.single(display, msg.SPREADSHEET_UNREADABLE.format(reason=exc)) from exc
    rows = [(index, [_cell_text(v) for v in values]) for index, values in enumerate(frame.itertuples(index=False), 1)]
    return _spreadsheet_table(display, rows)


def read_json(path: Path, display: str, records_key: str | None = None) -> Table:
    """A JSON list of objects (or an object holding one under `records_key`)."""
    data = path.read_bytes()
    if not data.strip():
        raise CensusError.single(display, msg.EMPTY_FILE)
    try:
        document = json.loads(decode(data, display, None))
    except json.JSONDecodeError as exc:
        raise CensusError.single(
            display, msg.JSON_SYNTAX.format(reason=exc.msg, line=exc.lineno, column=exc.colno), exc.lineno
        ) from exc
    records = _json_records(document, records_key)
    if records is None:
        raise CensusError.single(display, msg.JSON_NOT_RECORDS.format(key=records_key or "…"))
    if not records:
        raise CensusError.single(display, msg.NO_DATA_ROWS)
    header: dict[str, None] = {}
    flat_records = []
    for index, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise CensusError.single(display, msg.JSON_RECORD_NOT_OBJECT.format(index=index), index)
        flat = _flatten(record)
        header.update(dict.fromkeys(flat))
        flat_records.append(flat)
    names = list(header)
    rows = [(index, [flat.get(name, "") for name in names]) for index, flat in enumerate(flat_records, 1)]
    return Table(display, names, rows)


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted columns (`identifiants.siret`), as another commons exports them;
    lists of plain values become `;`-separated text."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            flat[name] = ";".join(_json_text(v) for v in value)
        else:
            flat[name] = _json_text(value)
    return flat


def _json_records(document: Any, key: str | None) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if key is not None:
            found = document.get(key)
            return found if isinstance(found, list) else None
        lists = [v for v in document.values() if isinstance(v, list)]
        return lists[0] if len(lists) == 1 else None
    return None


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return _cell_text(value)
    return json.dumps(value, ensure_ascii=False)


def _cell_text(value: Any) -> str:
    """Spreadsheet cell to text; integral numbers lose their `.0` (codes typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _spreadsheet_table(display: str, rows: list[Row]) -> Table:
    """Drop blank rows and the empty columns spreadsheets report to the right of the data."""
    rows = [(n, values) for n, values in rows if any(values)]
    if not rows:
        raise CensusError.single(display, msg.EMPTY_FILE)
    header_row, header = rows[0]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    problems: list[Located] = []
    trimmed: list[Row] = [(header_row, header[:width])]
    for number, values in rows[1:]:
        extra = [i for i, v in enumerate(values[width:], width + 1) if v]
        if extra:
            problems.append(Located(display, msg.RAGGED_ROW.format(found=extra[-1], expected=width), number))
        trimmed.append((number, values[:width] + [""] * (width - len(values))))
    _raise(problems)
    return _table(display, trimmed)


def _table(display: str, rows: list[Row]) -> Table:
    """Check the header and row widths, then build the table."""
    if not rows:
        raise CensusError.single(display, msg.EMPTY_FILE)
    header_row, header = rows[0]
    header = [name.strip() for name in header]
    problems = list(_header_problems(display, header_row, header))
    for number, values in rows[1:]:
        if len(values) != len(header):
            problems.append(Located(display, msg.RAGGED_ROW.format(found=len(values), expected=len(header)), number))
    _raise(problems)
    if len(rows) == 1:
        raise CensusError.single(display, msg.NO_DATA_ROWS)
    return Table(display, header, [(n, [v.strip() for v in values]) for n, values in rows[1:]])


def _header_problems(display: str, row: int, header: Sequence[str]) -> Iterable[Located]:
    seen: dict[str, int] = {}
    for index, name in enumerate(header, 1):
        if not name:
            yield Located(display, msg.EMPTY_HEADER.format(index=index), row)
        elif name in seen:
            yield Located(display, msg.DUPLICATE_HEADER.format(name=name, first=seen[name], second=index), row, name)
        else:
            seen[name] = index


def _raise(problems: list[Located]) -> None:
    if not problems:
        return
    if len(problems) > _MAX_PROBLEMS:
        rest = len(problems) - _MAX_PROBLEMS
        problems = [*problems[:_MAX_PROBLEMS], Located(problems[0].path, msg.TOO_MANY_PROBLEMS.format(count=rest))]
    raise CensusError(problems)
