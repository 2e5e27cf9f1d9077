""""Mis à jour le" dates of entry files, from git history, in ONE pass over `git log`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import git

_MARK = "\x00"


def last_modified(content_dir: Path) -> dict[Path, datetime]:
    """Last commit date of every file under `content_dir` (absolute paths); empty outside git.

    `git log --name-only` lists commits newest first, so the first date seen for a path is
    its last modification. A single subprocess, whatever the number of files.
    """
    try:
        repo = git.Repo(content_dir, search_parent_directories=True)
        root = Path(repo.working_tree_dir or content_dir).resolve()
        output = repo.git.log(
            "--format=" + "%x00%ct", "--name-only", "--no-renames", "--", str(content_dir.resolve())
        )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return {}
    dates: dict[Path, datetime] = {}
    current: datetime | None = None
    for line in output.splitlines():
        if line.startswith(_MARK):
            current = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and current is not None:
            dates.setdefault(root / line, current)
    return dates
