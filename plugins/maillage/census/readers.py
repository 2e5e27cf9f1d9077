"""Read a listing (CSV, XLSX, ODS, JSON) as a header and a stream of text rows, with located errors.

Every reader gives the same `Table`: column names and rows of strings numbered as the person
who opened the file would count them, so that every message can name the row. CSV and XLSX
rows are streamed (a national listing of a million rows never sits in memory); ODS and JSON
documents are read whole.

Spreadsheets often carry a title, a date or a logo above the real header: the header is the
first row naming the columns the mapping expects (or the row the mapping or the command names),
and the rows above it are reported, never silently dropped. Nothing else is guessed silently:
an unreadable encoding, a ragged row, a duplicated or empty column name or an empty file is an
error; errors met while streaming are gathered in `Table.problems` for the caller to raise once
the stream is read (the importer stores nothing then).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located, Problems

Row = tuple[int, list[str]]
_DELIMITERS = ";,\t|"
_SNIFF_BYTES = 256 * 1024
_CHUNK = 1 << 20
# How far down a title row may push the header.
_HEADER_SEARCH_ROWS = 30
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


@dataclass
class Table:
    """A listing being read: its column names, the row holding them, and its data rows."""

    path: str
    header: list[str]
    header_row: int
    rows: Iterator[Row]
    skipped_above: int = 0  # non-empty rows above the header (titles)
    problems: Problems = field(default_factory=Problems)


@contextmanager
def open_table(
    path: Path,
    display: str,
    file_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    records_key: str | None = None,
    header_row: int | None = None,
    expected: Sequence[str] = (),
) -> Iterator[Table]:
    """Open any supported listing; `file_format` defaults to the file's extension.

    `expected` names the columns the mapping needs (to find the header under title rows and
    to choose a CSV delimiter); `header_row` forces the header's row number.
    """
    kind = (file_format or path.suffix.lower().lstrip(".")).lower()
    if kind in ("csv", "txt", "tsv"):
        with _csv_table(path, display, encoding, delimiter, header_row, expected) as table:
            yield table
    elif kind in ("xlsx", "xlsm"):
        with _xlsx_table(path, display, sheet, header_row, expected) as table:
            yield table
    elif kind == "ods":
        yield _ods_table(path, display, sheet, header_row, expected)
    elif kind == "json":
        yield read_json(path, display, records_key)
    else:
        raise CensusError.single(display, msg.UNKNOWN_FORMAT.format(suffix=path.suffix or kind))


def detect_encoding(path: Path, display: str, encoding: str | None) -> str:
    """The declared encoding, else UTF-8 or Windows-1252 if the whole file is, else charset-normalizer's guess."""
    if encoding and encoding.lower() not in ("auto", "automatique"):
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise CensusError.single(display, msg.ENCODING_UNKNOWN) from exc
        return encoding
    # French listings are UTF-8, or Windows-1252 when a spreadsheet exported them: each is tried
    # on the whole file before guessing (a guess from a sample picks Celtic or Central European
    # code pages for a few accented letters and a « N° »).
    for candidate, name in (("utf-8", "utf-8-sig"), ("cp1252", "cp1252")):
        if _decodes(path, candidate):
            return name
    with path.open("rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    guesses = list(from_bytes(sample))
    if not guesses:
        raise CensusError.single(display, msg.ENCODING_UNKNOWN)
    # French spreadsheets export in Windows-1252; short samples often fit Central European
    # code pages equally well, so among near-equal candidates the Western one wins.
    best = guesses[0]
    western = next((g for g in guesses if g.encoding in _WESTERN and g.chaos <= best.chaos + 0.05), None)
    return (western or best).encoding


def _decodes(path: Path, encoding: str) -> bool:
    """True when the whole file decodes in `encoding` (read in chunks)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def sniff_delimiter(lines: list[str], expected: Sequence[str] = ()) -> str:
    """The delimiter of the first lines of a CSV file.

    The one that splits a line into the most expected column names wins; without expected
    names (or none found), the one giving the most lines the same non-zero number of fields.
    """
    def named(delimiter: str) -> int:
        rows = csv.reader(lines, delimiter=delimiter)
        wanted = set(expected)
        return max((len(wanted & {v.strip() for v in row}) for row in rows), default=0)

    def regular(delimiter: str) -> int:
        counts = [line.count(delimiter) for line in lines if line.strip()]
        frequent = max((c for c in set(counts) if c), key=counts.count, default=0)
        return counts.count(frequent) if frequent else 0

    if expected:
        best = max(_DELIMITERS, key=named)
        if named(best):
            return best
    return max(_DELIMITERS, key=regular)


@contextmanager
def _csv_table(
    path: Path,
    display: str,
    encoding: str | None,
    delimiter: str | None,
    header_row: int | None,
    expected: Sequence[str],
) -> Iterator[Table]:
    if path.stat().st_size == 0:
        raise CensusError.single(display, msg.EMPTY_FILE)
    chosen = detect_encoding(path, display, encoding)
    if not delimiter or delimiter == "auto":
        with path.open("rb") as raw:
            # Only to choose the delimiter: a wrong byte is reported, with its line, by the reading below.
            sample = raw.read(_SNIFF_BYTES).decode(chosen, errors="replace")
        delimiter = sniff_delimiter(sample.splitlines()[: 2 * _HEADER_SEARCH_ROWS], expected)
    with path.open("r", encoding=chosen, newline="") as handle:
        problems = Problems()
        numbered = _csv_rows(path, handle, display, delimiter, chosen, problems)
        yield _streamed_table(display, numbered, header_row, expected, problems)


def _encoding_error(display: str, encoding: str, exc: UnicodeDecodeError, row: int) -> CensusError:
    return CensusError.single(display, msg.ENCODING_WRONG.format(encoding=encoding, byte=exc.object[exc.start]), row)


def _csv_rows(
    path: Path, handle: io.TextIOBase, display: str, delimiter: str, encoding: str, problems: Problems
) -> Iterator[Row]:
    """Numbered rows of a CSV stream; a syntax or encoding error ends the stream with a problem."""
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    start = 1
    try:
        for values in reader:
            if start == 1 and values:
                values[0] = values[0].removeprefix("\ufeff")
            yield start, values
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(Located(display, msg.CSV_SYNTAX.format(reason=exc), start))
    except UnicodeDecodeError:
        line, byte = _first_bad_byte(path, encoding)
        problems.add(Located(display, msg.ENCODING_WRONG.format(encoding=encoding, byte=byte), line))


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, int]:
    """The line and value of the first byte `encoding` cannot decode (text files decode by chunks,
    so the row being read when the error surfaces is not always the wrong one)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                position = max(exc.start - len(exc.object) + len(chunk), 0)
                return lines + chunk[:position].count(b"\n"), chunk[position]
            lines += chunk.count(b"\n")
    return lines, 0


@contextmanager
def _xlsx_table(
    path: Path, display: str, sheet: str | None, header_row: int | None, expected: Sequence[str]
) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise CensusError.single(display, msg.SPREADSHEET_UNREADABLE.format(reason=exc)) from exc
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except KeyError as exc:
            message = msg.SHEET_UNKNOWN.format(sheet=sheet, sheets=", ".join(workbook.sheetnames))
            raise CensusError.single(display, message) from exc
        numbered = (
            (index, [_cell_text(v) for v in values])
            for index, values in enumerate(worksheet.iter_rows(values_only=True), 1)
        )
        problems = Problems()
        yield _streamed_table(display, numbered, header_row, expected, problems, spreadsheet=True)
    finally:
        workbook.close()


def _ods_table(path: Path, display: str, sheet: str | None, header_row: int | None, expected: Sequence[str]) -> Table:
    """An OpenDocument spreadsheet, read whole through pandas' odf engine."""
    import pandas as pd

    try:
        frame = pd.read_excel(path, engine="odf", header=None, sheet_name=sheet or 0, dtype=object)
    except Exception as exc:  # odfpy and pandas raise many kinds for a damaged file
        raise CensusError.single(display, msg.SPREADSHEET_UNREADABLE.format(reason=exc)) from exc
    rows = enumerate(frame.itertuples(index=False), 1)
    numbered = ((index, [_cell_text(v) for v in values]) for index, values in rows)
    return _streamed_table(display, numbered, header_row, expected, Problems(), spreadsheet=True)


def _streamed_table(
    display: str,
    numbered: Iterator[Row],
    header_row: int | None,
    expected: Sequence[str],
    problems: Problems,
    spreadsheet: bool = False,
) -> Table:
    """Find the header among the first rows, then stream the data rows below it."""
    nonblank = (row for row in numbered if any(v.strip() for v in row[1]))
    head: list[Row] = []
    for row in nonblank:
        head.append(row)
        if len(head) >= _HEADER_SEARCH_ROWS or (header_row is not None and row[0] >= header_row):
            break
    if not head:
        problems.raise_if_any(msg.TOO_MANY_PROBLEMS)
        raise CensusError.single(display, msg.EMPTY_FILE)
    index = _header_index(display, head, header_row, expected)
    number, header = head[index]
    if spreadsheet:
        # Spreadsheets report empty cells to the right of the data.
        width = len(header)
        while width and not header[width - 1].strip():
            width -= 1
        header = header[:width]
    header = [name.strip() for name in header]
    header_problems = list(_header_problems(display, number, header))
    if header_problems:
        raise CensusError(header_problems)
    rows = _checked_rows(display, len(header), (*head[index + 1 :],), nonblank, problems, spreadsheet)
    return Table(display, header, number, rows, skipped_above=index, problems=problems)


def _header_index(display: str, head: list[Row], header_row: int | None, expected: Sequence[str]) -> int:
    """Which of the first rows is the header."""
    if header_row is not None:
        for index, (number, _) in enumerate(head):
            if number == header_row:
                return index
        raise CensusError.single(display, msg.HEADER_ROW_EMPTY.format(row=header_row), header_row)
    wanted = set(expected)
    scores = [len(wanted & {v.strip() for v in values}) for _, values in head]
    best = max(scores)
    return scores.index(best) if best else 0


def _checked_rows(
    display: str,
    width: int,
    buffered: tuple[Row, ...],
    rest: Iterator[Row],
    problems: Problems,
    spreadsheet: bool,
) -> Iterator[Row]:
    """Data rows of the header's width, stripped; ragged rows become problems."""
    for number, values in _chain(buffered, rest):
        if spreadsheet:
            extra = [i for i, v in enumerate(values[width:], width + 1) if v]
            if extra:
                problems.add(Located(display, msg.RAGGED_ROW.format(found=extra[-1], expected=width), number))
                continue
            values = values[:width] + [""] * (width - len(values))
        elif len(values) != width:
            problems.add(Located(display, msg.RAGGED_ROW.format(found=len(values), expected=width), number))
            continue
        yield number, [v.strip() for v in values]


def _chain(first: Iterable[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def read_json(path: Path, display: str, records_key: str | None = None) -> Table:
    """A JSON list of objects (or an object holding one under `records_key`)."""
    data = path.read_bytes()
    if not data.strip():
        raise CensusError.single(display, msg.EMPTY_FILE)
    encoding = detect_encoding(path, display, None)
    try:
        document = json.loads(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise _encoding_error(display, encoding, exc, 1) from exc
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
    rows = iter([(index, [flat.get(name, "") for name in names]) for index, flat in enumerate(flat_records, 1)])
    return Table(display, names, 0, rows)


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


def _header_problems(display: str, row: int, header: Sequence[str]) -> Iterable[Located]:
    seen: dict[str, int] = {}
    for index, name in enumerate(header, 1):
        if not name:
            yield Located(display, msg.EMPTY_HEADER.format(index=index), row)
        elif name in seen:
            yield Located(display, msg.DUPLICATE_HEADER.format(name=name, first=seen[name], second=index), row, name)
        else:
            seen[name] = index

