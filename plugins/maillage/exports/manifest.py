"""The manifest of a commons' open data (`donnees/commun.json`): what a regional commons reads first.

A local commons publishes its open data; a regional (or national) one gathers it (see
`maillage.federation`). The manifest says which format the files follow (`version`, checked by
the reader, which names the versions it reads), who publishes them (`nom`, the site's name, and
`site`, its address), for which territory, which schema version each type follows, and the
SHA-256 and size of every file, so that a reader can tell a complete, consistent copy from one
caught halfway through a publication, and a regional draw can commit to the files it read.

Format versions: 1, the per-type files without a manifest (Maillage 0.1.0); 2, with it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from maillage import __version__
from maillage.exports.tabular import compact_json
from maillage.exports.urls import site_base
from maillage.model import EntryType, SchemaSet

FORMAT = "maillage-donnees"
FORMAT_VERSION = 2
MANIFEST_NAME = "commun.json"
SCHEMA_VERSION_FIELD = ("schema_version",)


def schema_version(schemas: SchemaSet, entry_type: EntryType) -> int | None:
    """The version a type's entries declare (`schema_version`'s constant), if the schema has one."""
    value = schemas.field_index(entry_type).get(SCHEMA_VERSION_FIELD, {}).get("const")
    return value if isinstance(value, int) else None


def schema_digest(schemas: SchemaSet, entry_type: EntryType) -> str:
    """SHA-256 of a type's schema and the shared definitions it may use: equal digests, same schema."""
    shared = {name: raw for name, raw in sorted(schemas.raw.items()) if name not in schemas.validators}
    document = {"type": schemas.for_type(entry_type), "communs": shared}
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(
    schemas: SchemaSet, files: list[Path], site_url: str, site_name: str, territory: str | None
) -> dict[str, Any]:
    """The manifest of the data files written in one folder."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "nom": site_name,
        "site": site_base(site_url) or None,
        "territoire": territory,
        "logiciel": f"maillage {__version__}",
        "types": {
            t.folder: {"fichier": f"{t.folder}.json", "version_schema": schema_version(schemas, t),
                       "schema": schema_digest(schemas, t)}
            for t in schemas.types
        },
        "fichiers": {
            path.name: {"sha256": file_digest(path), "octets": path.stat().st_size} for path in sorted(files)
        },
    }


def write_manifest(
    folder: Path, schemas: SchemaSet, files: list[Path], site_url: str, site_name: str, territory: str | None
) -> Path:
    """Write `commun.json` beside the files it describes (written last: it vouches for them)."""
    path = folder / MANIFEST_NAME
    document = manifest(schemas, [f for f in files if f.parent == folder], site_url, site_name, territory)
    path.write_text(compact_json(document) + "\n", encoding="utf-8")
    return path
