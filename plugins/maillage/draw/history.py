"""When the commitments were published: the first git commit whose entry file contains them.

The commitments protect the draw only if they were public before the randomness existed.
A commit date is written by whoever commits, so this is a consistency check, not a proof;
the proof is the date the forge received the push (visible on the forge).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from git import InvalidGitRepositoryError, NoSuchPathError, Repo
from git.exc import GitCommandError


@dataclass(frozen=True, slots=True)
class Publication:
    """Whether the entry is tracked by git and, if its commitments were committed, when first."""

    tracked: bool
    date: datetime | None = None


def first_published(path: Path, marker: str) -> Publication:
    """The first commit adding `marker` (a commitment fingerprint) to the entry file."""
    try:
        repo = Repo(path.resolve().parent, search_parent_directories=True)
        relative = path.resolve().relative_to(Path(repo.working_tree_dir or "").resolve())
        if not repo.head.is_valid():  # a repository without any commit yet
            return Publication(tracked=True)
        lines = repo.git.log("--format=%cI", "-S", marker, "--", str(relative)).splitlines()
    except (InvalidGitRepositoryError, NoSuchPathError, GitCommandError, ValueError):
        return Publication(tracked=False)
    return Publication(tracked=True, date=datetime.fromisoformat(lines[-1]) if lines else None)
