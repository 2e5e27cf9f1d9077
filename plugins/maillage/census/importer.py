"""`recensement importer`: read a listing through its mapping, check it, keep every row untouched.

Nothing is stored unless the whole listing is readable; invalid identifiers stop the import
too, unless the caller is tolerant, in which case the invalid values are set aside and
reported (never silently dropped).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from maillage.census import messages as msg
from maillage.census import normalise as norm
from maillage.census.errors import CensusError, Located
from maillage.census.mapping import Mapping
from maillage.census.readers import read_table
from maillage.census.workdir import Workdir
from maillage.model import write_atomic

# Fields whose invalid values stop an import (an identifier that is wrong is a wrong listing).
_STRICT = {
    "siren": (norm.siren, msg.BAD_SIREN),
    "siret": (norm.siret, msg.BAD_SIRET),
    "rna": (norm.rna, msg.BAD_RNA),
    "commune": (norm.insee_code, msg.BAD_COMMUNE),
}
# Fields whose invalid values are only reported (contact details are often sloppy).
_LENIENT = {
    "courriel": (norm.email, msg.BAD_EMAIL),
    "telephone": (norm.phone, msg.BAD_PHONE),
}


@dataclass
class ImportResult:
    """What an import did."""

    source: str
    file: str
    rows: int = 0
    filtered: int = 0
    unchanged: bool = False
    date: str = ""
    warnings: list[Located] = field(default_factory=list)


def checksum(*paths: Path) -> str:
    """SHA-256 of files' contents, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def import_listing(
    path: Path, mapping: Mapping, mapping_path: Path, workdir: Workdir, today: date, tolerant: bool = False
) -> ImportResult:
    """Import one listing into the working directory; unchanged file and mapping: nothing happens."""
    display = str(path)
    result = ImportResult(mapping.source, display)
    signature = checksum(path, mapping_path)
    previous = workdir.read_meta(mapping.source)
    if previous and previous.get("empreinte") == signature and workdir.source_rows(mapping.source).exists():
        result.unchanged, result.date = True, previous["date_import"]
        return result
    table = read_table(
        path, display, mapping.file_format, mapping.encoding, mapping.delimiter, mapping.sheet, mapping.records_key
    )
    mapping.check_columns(table)
    errors: list[Located] = []
    lines: list[str] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:
        row = dict(zip(table.header, values, strict=True))
        if not mapping.keeps(row):
            result.filtered += 1
            continue
        key = mapping.record_key(row, number)
        if key in seen:
            errors.append(
                Located(display, msg.DUPLICATE_KEY.format(key=key, first=seen[key]), number, "+".join(mapping.key))
            )
            continue
        seen[key] = number
        fields = mapping.extract(row)
        errors.extend(_check(fields, mapping, display, number, _STRICT))
        result.warnings.extend(_check(fields, mapping, display, number, _LENIENT))
        lines.append(json.dumps({"ligne": number, "cle": key, "brut": row, "champs": fields}, ensure_ascii=False))
        result.rows += 1
    if errors and not tolerant:
        raise CensusError(errors)
    result.warnings[:0] = errors
    result.date = today.isoformat()
    meta = {
        "source": mapping.source,
        "fichier": path.name,
        "empreinte": signature,
        "date_import": result.date,
        "licence": mapping.licence,
        "correspondance": str(mapping_path),
        "priorite": mapping.priority,
        "colonnes": table.header,
        "lignes": result.rows,
        "ecartees": result.filtered,
    }
    write_atomic(workdir.source_rows(mapping.source), "\n".join(lines) + ("\n" if lines else ""))
    write_atomic(workdir.source_meta(mapping.source), json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return result


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
