"""A full build writes the open data and calendars in a second process while MkDocs renders the
pages, and renders every second entry page in another; the site is the same, byte for byte, as
when everything runs in one process.

Pagefind's files are compared by what they index (page, text, filters), not byte for byte:
Pagefind itself writes different filter and index file names when run twice on the same folder
(checked with pagefind 1.5.2), whatever our side does."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort
from tests.conftest import ROOT, build_site, search_index, write_config

from maillage.site import halves

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_commons import generate

ALONE = "MAILLAGE_TEST_ALONE"


def ran_alone(request: pytest.FixtureRequest) -> bool:
    """Run this test again in a new interpreter when another thread runs here, and say so.

    The build forks only in a process with no other thread (forking a threaded process can
    deadlock), and the session's browser keeps Playwright's thread alive once a browser test has
    run: in the whole suite the second process would never start. The new interpreter runs the
    same test, on the same real build, with no browser."""
    if threading.active_count() == 1 or os.environ.get(ALONE):
        return False
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
        cwd=ROOT, env={**os.environ, ALONE: "1"}, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return True


def test_a_two_process_build_is_byte_identical_to_a_one_process_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    if ran_alone(request):
        return
    content = tmp_path / "content"
    generate(content, actors=20, others=3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # one "now" for both builds
    # Which process wrote which entry page: the real page function, watched.
    written = tmp_path / "written"
    written.mkdir()
    render = halves._render

    def watched(pages, *args):
        (written / str(os.getpid())).write_text("\n".join(p.file.src_uri for p in pages), "utf-8")
        return render(pages, *args)

    monkeypatch.setattr(halves, "_render", watched)
    sites = {}
    for parallel in (True, False):
        (tmp_path / str(parallel)).mkdir()
        config = write_config(tmp_path / str(parallel), content, {"git_dates": False, "parallel": parallel})
        sites[parallel] = build_site(config, tmp_path / str(parallel) / "site")
    files = {side: sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                          if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/"))
             for side, site in sites.items()}
    assert search_index(sites[True]) == search_index(sites[False])
    assert files[True] == files[False]
    assert any(name.endswith(".ics") for name in files[True]) and "donnees/acteurs.csv" in files[True]
    different = [name for name in files[True]
                 if (sites[True] / name).read_bytes() != (sites[False] / name).read_bytes()]
    assert different == []
    # One other process rendered half of the entry pages (the 2-process build), none in the 1-process one.
    [child] = list(written.iterdir())
    assert child.name != str(os.getpid())
    apart = child.read_text("utf-8").splitlines()
    entries = [path.relative_to(content).as_posix() for path in content.glob("*/*.md")]
    assert len(entries) > 20 and set(apart) <= set(entries) and len(apart) == len(entries) // 2


def test_a_warning_of_the_second_process_is_logged_and_counts_in_strict_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        request: pytest.FixtureRequest) -> None:
    if ran_alone(request):
        return
    content = tmp_path / "content"
    generate(content, actors=12, others=2)
    config = write_config(tmp_path, content, {"git_dates": False})
    parent, build_page, warned = os.getpid(), mkdocs_build._build_page, []

    def warning_apart(page, *args, **kwargs):  # the real page function, warning once in the child
        if os.getpid() != parent and not warned:
            warned.append(page)
            logging.getLogger(mkdocs_build.__name__).warning("écrit à part : %s", page.file.src_uri)
        return build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", warning_apart)
    with pytest.raises(Abort, match="1 warnings in strict mode"):
        build_site(config, tmp_path / "site")
    assert warned == []  # only the second process warned
    assert caplog.text.count("écrit à part : ") == 1
