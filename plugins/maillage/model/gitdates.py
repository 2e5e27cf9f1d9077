""""Mis à jour le" and "publié le" dates of entry files, from git history, in ONE pass over `git log`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import git

if TYPE_CHECKING:
    from maillage.model.commons import Commons

_MARK = "\x00"


@dataclass(frozen=True)
class FileDates:
    """When each file of a folder was last changed and first committed (absolute paths)."""

    updated: dict[Path, datetime] = field(default_factory=dict)
    created: dict[Path, datetime] = field(default_factory=dict)


def file_dates(content_dir: Path) -> FileDates:
    """The commit dates of every file under `content_dir`; empty outside git.

    `git log --name-only` lists commits newest first, so the first date seen for a path is its
    last modification and the last date seen its first commit. A single subprocess, whatever
    the number of files.
    """
    try:
        repo = git.Repo(content_dir, search_parent_directories=True)
        root = Path(repo.working_tree_dir or content_dir).resolve()
        output = repo.git.log(
            "--format=" + "%x00%ct", "--name-only", "--no-renames", "--", str(content_dir.resolve())
        )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return FileDates()
    dates = FileDates()
    current: datetime | None = None
    for line in output.splitlines():
        if line.startswith(_MARK):
            current = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and current is not None:
            path = root / line
            dates.updated.setdefault(path, current)
            dates.created[path] = current
    return dates


def last_modified(content_dir: Path) -> dict[Path, datetime]:
    """Last commit date of every file under `content_dir` (absolute paths); empty outside git."""
    return file_dates(content_dir).updated


def by_entry(commons: Commons, dates: Mapping[Path, datetime]) -> dict[str, datetime]:
    """File dates keyed by entry id (the entries git knows), for the exports and calendars: the
    same dates as the entry pages' "Mis à jour le"."""
    # The content folder is resolved once: resolving 15,000 paths costs seconds.
    root = commons.root.resolve()
    found = ((e.id, dates.get(root / e.type.folder / e.source.name)) for e in commons.entries.values())
    return {entry_id: moment for entry_id, moment in found if moment is not None}
