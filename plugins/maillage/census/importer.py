"""`recensement importer`: read a listing through its mapping, check it, keep every row untouched.

Each imported file is one part of its source (the RNA is published as one file per
département: each file adds up, with its own provenance); importing a file again replaces only
its own part. Rows are streamed from the file to the working folder, so a national listing
imports in little memory. Nothing is stored unless the whole file is readable; invalid
identifiers stop the import too, unless the caller is tolerant, in which case the invalid values
are set aside and reported (never silently dropped).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from maillage.census import messages as msg
from maillage.census import normalise as norm
from maillage.census.errors import CensusError, Located, Problems
from maillage.census.mapping import Mapping
from maillage.census.readers import open_table
from maillage.census.workdir import Workdir, part_name
from maillage.model.write import atomic_file

# Fields whose invalid values stop an import (an identifier that is wrong is a wrong listing).
_STRICT = {
    "siren": (norm.siren, msg.BAD_SIREN),
    "siret": (norm.siret, msg.BAD_SIRET),
    "rna": (norm.rna, msg.BAD_RNA),
}
# Fields whose invalid values are only reported (contact details are often sloppy).
_LENIENT = {
    "courriel": (norm.email, msg.BAD_EMAIL),
    "telephone": (norm.phone, msg.BAD_PHONE),
}
_CHUNK = 1 << 20
# Keep the warnings of a huge sloppy listing readable: the first ones, then a count.
_MAX_WARNINGS = 50


@dataclass
class ImportResult:
    """What an import did."""

    source: str
    part: str
    file: str
    rows: int = 0
    filtered: int = 0
    unchanged: bool = False
    date: str = ""
    header_row: int = 1
    warnings: list[Located] = field(default_factory=list)
    more_warnings: int = 0


def checksum(*paths: Path) -> str:
    """SHA-256 of files' contents, in order, read in chunks."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def import_listing(
    path: Path,
    mapping: Mapping,
    mapping_path: Path,
    workdir: Workdir,
    today: date,
    tolerant: bool = False,
    header_row: int | None = None,
) -> ImportResult:
    """Import one file into the working directory; the same file and mapping again: nothing happens."""
    display = str(path)
    part = part_name(path)
    result = ImportResult(mapping.source, part, display)
    signature = checksum(path, mapping_path)
    previous = workdir.read_meta(mapping.source, part)
    if previous and previous.get("empreinte") == signature and workdir.part_rows(mapping.source, part).exists():
        result.unchanged, result.date = True, previous["date_import"]
        return result
    errors = Problems()
    with (
        open_table(
            path,
            display,
            mapping.file_format,
            mapping.encoding,
            mapping.delimiter,
            mapping.sheet,
            mapping.records_key,
            header_row or mapping.header_row,
            mapping.expected_columns(),
        ) as table,
        atomic_file(workdir.part_rows(mapping.source, part)) as out,
    ):
        result.header_row = table.header_row
        if table.skipped_above:
            result.warnings.append(
                Located(display, msg.TITLE_ROWS_SKIPPED.format(count=table.skipped_above, row=table.header_row))
            )
        mapping.check_columns(table.header, display, table.header_row)
        seen: dict[str, int] = {}
        for number, values in table.rows:
            row = dict(zip(table.header, values, strict=True))
            if not mapping.keeps(row):
                result.filtered += 1
                continue
            key = mapping.record_key(row)
            if key is not None:
                if key in seen:
                    where = "+".join(mapping.key)
                    errors.add(Located(display, msg.DUPLICATE_KEY.format(key=key, first=seen[key]), number, where))
                    continue
                seen[key] = number
            fields = mapping.extract(row)
            errors.extend(_check(fields, mapping, display, number, _STRICT))
            _warn(result, _check(fields, mapping, display, number, _LENIENT))
            record_id = key if key is not None else f"{part}:{number}"
            stored = {"ligne": number, "cle": record_id, "brut": row, "champs": fields}
            out.write(json.dumps(stored, ensure_ascii=False) + "\n")
            result.rows += 1
        table.problems.raise_if_any(msg.TOO_MANY_PROBLEMS)
        if not tolerant:
            errors.raise_if_any(msg.TOO_MANY_PROBLEMS, msg.TOLERANT_HINT)
        elif errors:
            result.warnings[:0] = errors.items
            result.more_warnings += errors.more
        if result.rows == 0 and not result.filtered:
            raise CensusError.single(display, msg.NO_DATA_ROWS)
    result.date = today.isoformat()
    meta = {
        "source": mapping.source,
        "partie": part,
        "fichier": path.name,
        "empreinte": signature,
        "date_import": result.date,
        "ordre": workdir.next_order(),
        "licence": mapping.licence,
        "correspondance": str(mapping_path),
        "priorite": mapping.priority,
        "ligne_entete": table.header_row,
        "colonnes": table.header,
        "lignes": result.rows,
        "ecartees": result.filtered,
    }
    workdir.write_meta(mapping.source, part, meta)
    return result


def _warn(result: ImportResult, problems: list[Located]) -> None:
    for problem in problems:
        if len(result.warnings) < _MAX_WARNINGS:
            result.warnings.append(problem)
        else:
            result.more_warnings += 1


def _check(fields: dict[str, str], mapping: Mapping, display: str, number: int, rules: dict) -> list[Located]:  # type: ignore[type-arg]
    """Problems of one row's fields; invalid values are removed from `fields`."""
    problems = []
    for name, (parse, message) in rules.items():
        value = fields.get(name)
        if value and parse(value) is None:
            column = "+".join(mapping.fields.get(name, (name,)))
            problems.append(Located(display, message.format(value=value), number, column))
            del fields[name]
    return problems
