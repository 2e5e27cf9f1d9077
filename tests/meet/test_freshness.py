"""Freshness from a real git history with controlled dates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import git
import pytest
from click.testing import CliRunner
from meet_crafted import AMATEUR_RURAL, EPINAL, GOLBEY, PRO_URBAIN, actor, write_commons

from maillage.cli import main
from maillage.meet.freshness import report_markdown, stale_entries
from maillage.model.gitdates import last_modified

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def commit(repo: git.Repo, paths: list[Path], when: str, message: str) -> None:
    when = when + " +0000"
    repo.index.add([str(p) for p in paths])
    repo.index.commit(message, author_date=when, commit_date=when)


@pytest.fixture
def history(tmp_path):
    """A repository where `ancienne` was last changed in 2024, `recente` in 2026, `nouvelle` never."""
    content = tmp_path / "content"
    commons = write_commons(content, [
        actor("ancienne", EPINAL, AMATEUR_RURAL, nom="Ancienne | @quelqu_un <b>"),
        actor("recente", GOLBEY, PRO_URBAIN),
        actor("cachee", EPINAL, PRO_URBAIN, forme="personne", nature="artiste"),
    ])
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.org")
    files = {e.id: e.source for e in commons.entries.values()}
    commit(repo, list(files.values()), "2024-01-10T10:00:00", "Premières fiches")
    files["recente"].write_text(files["recente"].read_text("utf-8") + "\nMise à jour.\n", "utf-8")
    commit(repo, [files["recente"]], "2026-06-01T10:00:00", "Mise à jour")
    write_commons(content, [actor("nouvelle", EPINAL, PRO_URBAIN)])  # not committed
    return tmp_path, content


def test_stale_entries_come_from_git_dates(history):
    from maillage.model import load_commons

    _root, content = history
    commons = load_commons(content)
    stale = stale_entries(commons, last_modified(content), NOW, days=365)
    assert [(s.entry.id, s.updated.date().isoformat(), s.age) for s in stale] == [("ancienne", "2024-01-10", 1049)]
    assert stale_entries(commons, last_modified(content), NOW, days=2000) == []
    assert [s.entry.id for s in stale_entries(commons, last_modified(content), NOW, days=100)] == [
        "ancienne", "recente"]  # never the hidden person, never the uncommitted file


def test_markdown_report_is_inert_for_github(history):
    from maillage.model import load_commons

    root, content = history
    stale = stale_entries(load_commons(content), last_modified(content), NOW, days=365)
    text = report_markdown(stale, 365, root)
    row = next(line for line in text.splitlines() if "ancienne.md" in line)
    assert row == "| Ancienne @\u2060quelqu un b | `content/acteurs/ancienne.md` | acteur | 2024-01-10 | 1049 |"


def test_fraicheur_command(history, monkeypatch):
    root, _content = history
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["rencontres", "fraicheur", "--contenu", "content", "--jours", "365",
                                       "--format", "markdown", "--maintenant", "2026-11-25T00:00:00+00:00"])
    assert result.exit_code == 0, result.output
    assert "`content/acteurs/ancienne.md`" in result.output and "recente" not in result.output
    result = CliRunner().invoke(main, ["rencontres", "fraicheur", "--contenu", "content", "--jours", "3000",
                                       "--maintenant", "2026-11-25T00:00:00+00:00"])
    assert result.output.strip() == "Aucune fiche n'a plus de 3000 jours : tout est à jour."
