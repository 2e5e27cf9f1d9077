"""Everything generated from the schemas for contributors: issue forms and the field reference.

`maillage tickets generer` writes these files; `maillage tickets verifier` (and a test)
fails when a committed copy no longer matches the schemas.
"""

from __future__ import annotations

from pathlib import Path

from maillage.issueforms.reference import field_reference, replace_reference
from maillage.issueforms.templates import TEMPLATE_DIR, render_templates
from maillage.model import SchemaSet, schemas_for
from maillage.model.settings import load_settings

CONTRIBUTING = Path("CONTRIBUTING.md")


class MissingMarkers(Exception):
    """CONTRIBUTING.md lacks the markers around the generated field reference."""


def generated_files(root: Path, schemas: SchemaSet | None = None) -> dict[Path, str]:
    """Expected text of every generated file under a repository root (from its own schemas, for
    its declared territory)."""
    schemas = schemas or schemas_for(root)
    scope = load_settings(root).scope
    files = {root / TEMPLATE_DIR / name: text for name, text in render_templates(schemas, scope).items()}
    contributing = root / CONTRIBUTING
    current = contributing.read_text("utf-8") if contributing.is_file() else ""
    updated = replace_reference(current, field_reference(schemas))
    if updated is None:
        raise MissingMarkers(str(contributing))
    files[contributing] = updated
    return files


def stale_files(root: Path, schemas: SchemaSet | None = None) -> list[Path]:
    """Generated files that are missing or differ from what the schemas give."""
    return [
        path
        for path, text in generated_files(root, schemas).items()
        if not path.is_file() or path.read_text("utf-8") != text
    ]


def write_generated(root: Path, schemas: SchemaSet | None = None) -> list[Path]:
    """Write every generated file that changed; return those written."""
    written = []
    for path, text in generated_files(root, schemas).items():
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8", newline="\n")
            written.append(path)
    return written
