"""The commune values a change adds or modifies, read against a git revision (`verifier --depuis`).

A bare code cannot be judged alone (88160 is Épinal's INSEE code and Le Thillot's postal code):
wherever a person reviews a change, each new or changed commune is shown by name. This module
finds them for the entries of a commons that differ from a revision of its git repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from maillage.model import Commons
from maillage.model.commune_fields import CommuneChange, commune_changes
from maillage.model.load import Document, parse_document
from maillage.model.problems import EntryError
from maillage.model.schemas import SchemaSet
from maillage.model.types import EntryType


class RevisionError(ValueError):
    """The revision cannot be read (not a git repository, unknown revision); French message."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def changes_since(commons: Commons, revision: str) -> dict[str, list[CommuneChange]]:
    """Displayed entry path → the commune values it adds or modifies since `revision`."""
    content = commons.root.resolve()
    top = _git(content, "rev-parse", "--show-toplevel")
    if top.returncode:
        raise RevisionError(f"{content} n'est pas dans un dépôt git : impossible de comparer avec « {revision} »")
    root = Path(top.stdout.decode().strip())
    diff = _git(root, "diff", "--name-only", "-z", revision, "--", str(content))
    if diff.returncode:
        raise RevisionError(f"révision git inconnue : « {revision} »")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", str(content))
    names = (diff.stdout + b"\0" + untracked.stdout).decode("utf-8", "replace").split("\0")
    changed = {(root / name).resolve() for name in names if name}
    result: dict[str, list[CommuneChange]] = {}
    for entry in commons.entries.values():
        path = entry.source.resolve()
        if path not in changed:
            continue
        before = _git(root, "show", f"{revision}:{path.relative_to(root).as_posix()}")
        old = before.stdout if before.returncode == 0 else None
        found = changes_from(entry.type, old, entry.document, commons.schemas)
        if found:
            result[entry.document.path] = found
    return result


def changes_from(
    entry_type: EntryType, old_file: bytes | None, document: Document, schemas: SchemaSet
) -> list[CommuneChange]:
    """The commune values of `document` that are new since the file `old_file` (None: a new entry)."""
    old_data = None
    if old_file is not None:
        try:
            old_data = parse_document(old_file, document.path).data
        except EntryError:
            old_data = None  # unreadable before: every commune value counts as new
    return commune_changes(entry_type, old_data, document, schemas)
