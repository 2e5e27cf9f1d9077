"""Last-modified dates come from one pass over git history."""

from __future__ import annotations

import os
from pathlib import Path

import git

from maillage.model.gitdates import last_modified


def commit(repo: git.Repo, path: Path, text: str, when: str) -> None:
    path.write_text(text, "utf-8")
    repo.index.add([str(path)])
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    with repo.git.custom_environment(**env):
        repo.git.commit("-m", f"edit {path.name}", "--quiet", env={**os.environ, **env})


def test_last_commit_date_of_each_file(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    content = tmp_path / "content"
    content.mkdir()
    first, second = content / "a.md", content / "b.md"
    commit(repo, first, "a", "2026-01-02T10:00:00+00:00")
    commit(repo, second, "b", "2026-02-03T10:00:00+00:00")
    commit(repo, first, "a2", "2026-03-04T10:00:00+00:00")
    dates = last_modified(content)
    assert dates[first.resolve()].date().isoformat() == "2026-03-04"
    assert dates[second.resolve()].date().isoformat() == "2026-02-03"


def test_outside_git_there_are_no_dates(tmp_path: Path) -> None:
    assert last_modified(tmp_path) == {}
