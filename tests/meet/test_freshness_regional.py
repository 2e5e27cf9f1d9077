"""Freshness from a real git history with controlled dates; regional inclusion of local exports."""

from __future__ import annotations

import functools
import http.server
import threading
from datetime import UTC, datetime
from pathlib import Path

import git
import pytest
from click.testing import CliRunner
from meet_crafted import AMATEUR_RURAL, EPINAL, GOLBEY, PRO_URBAIN, actor, write_commons

from maillage import exports
from maillage.cli import main
from maillage.meet.freshness import report_markdown, stale_entries
from maillage.meet.regional import RegionalError, regional
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


def local_exports(tmp_path: Path, name: str, entries) -> Path:
    commons = write_commons(tmp_path / name / "content", entries)
    exports.write_all(commons, tmp_path / name / "site", f"https://{name}.example.org/")
    return tmp_path / name / "site" / "donnees"


@pytest.fixture
def two_locals(tmp_path):
    shared = dict(identifiants={"siret": "84217305600016"})
    first = local_exports(tmp_path, "epinal", [
        actor("theatre", EPINAL, PRO_URBAIN, nom="Théâtre de la Rotonde", **shared),
        actor("chorale", EPINAL, AMATEUR_RURAL, nom="Chorale À travers chants"),
        actor("cachee", EPINAL, PRO_URBAIN, forme="personne", nature="artiste"),
    ])
    second = local_exports(tmp_path, "golbey", [
        actor("rotonde", EPINAL, PRO_URBAIN, nom="Théâtre Rotonde", **shared),  # same SIRET
        actor("chorale-a-travers-chants", EPINAL, AMATEUR_RURAL, nom="Chorale a travers chants"),  # same name
        actor("harmonie", GOLBEY, AMATEUR_RURAL, nom="Harmonie de Golbey"),
    ])
    return first, second


def test_regional_merges_local_commons_with_their_origins(two_locals):
    result = regional([str(p) for p in two_locals], use_splink=False)
    assert result.method == "identifiants" and "splink" in (result.note or "")
    merged = {a.name: sorted(o.source.label for o in a.origins) for a in result.actors}
    assert merged == {
        "Chorale À travers chants": ["https://epinal.example.org/", "https://golbey.example.org/"],
        "Harmonie de Golbey": ["https://golbey.example.org/"],
        "Théâtre de la Rotonde": ["https://epinal.example.org/", "https://golbey.example.org/"],
    }
    theatre = next(a for a in result.actors if a.name == "Théâtre de la Rotonde")
    assert [o.url for o in theatre.origins] == [
        "https://epinal.example.org/acteurs/theatre/", "https://golbey.example.org/acteurs/rotonde/"]


def test_regional_with_the_census_linkage_over_http(two_locals):
    first, second = two_locals
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(second.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/donnees/"
        result = regional([str(first), url])
    finally:
        server.shutdown()
    assert result.method == "splink", result.note
    assert len(result.actors) == 3
    assert {len(a.origins) for a in result.actors if a.name != "Harmonie de Golbey"} == {2}


def test_bad_sources_get_french_messages(tmp_path, two_locals):
    with pytest.raises(RegionalError, match=r"source .*nulle-part : illisible \(acteurs.json"):
        regional([str(tmp_path / "nulle-part")])
    broken = tmp_path / "casse"
    broken.mkdir()
    for folder in ("acteurs", "projets", "rencontres"):
        (broken / f"{folder}.json").write_text('{"type": "autre", "fiches": []}', "utf-8")
    with pytest.raises(RegionalError, match=r"ce n'est pas un export JSON de Maillage \(clé « type »"):
        regional([str(broken)])
    (broken / "acteurs.json").write_text('{"type": "acteurs", "fiches": [{"id": 3}]}', "utf-8")
    for folder in ("projets", "rencontres"):
        (broken / f"{folder}.json").write_text(f'{{"type": "{folder}", "fiches": []}}', "utf-8")
    result = regional([str(broken)], use_splink=False)
    assert result.actors == [] and "fiche n° 1 invalide" in result.sources[0].problems[0]
