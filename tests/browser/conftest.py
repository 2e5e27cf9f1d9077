"""Fixtures of the browser tests: built sites served over HTTP, one Chromium for the session.

- `built_site`, `demo_commons`, `site_builder` come from tests/conftest.py (shared with the
  site tests, so a full run builds the demo site once).
- `demo_server` (session, str): base URL of the demo site served on 127.0.0.1.
- `finistere_server` (session, str): the small Finistère commons (tests/site/fixtures/finistere).
- `gated` (session, parametrized): the demo, then the Finistère commons, each as a `Served`
  (base URL, commons, built site): the quality gates run on a commons that is not the demo too.
- `browser` (session): Debian's Chromium driven by Playwright (tests/conftest.py).
- `tab` (session): one `Tab` (a page that records errors) in one context with JavaScript.
- `hostile_build`, `hostile_server` (session): the XSS corpora in every field, built and served.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests run with --import-mode=importlib: make the helper modules of this folder importable.
sys.path.insert(0, str(Path(__file__).parent))

from browsing import Served, Tab, serve
from xss_commons import HostileCommons, write_hostile_commons

from maillage.model import load_commons

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_server(built_site: Path) -> Iterator[str]:
    """The demo site served over HTTP on a free local port; yields its base URL."""
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def finistere_server(finistere_site: Path) -> Iterator[str]:
    """The Finistère commons (tests/conftest.py) served over HTTP; yields its base URL."""
    with serve(finistere_site) as base:
        yield base


@pytest.fixture(scope="session", params=["demo", "finistere"])
def gated(request: pytest.FixtureRequest) -> Served:
    """The demo, then a small commons of another département (29, 6 entries, no repository)."""
    if request.param == "demo":
        return Served(request.getfixturevalue("demo_server"), request.getfixturevalue("demo_commons"),
                      request.getfixturevalue("built_site"))
    site = request.getfixturevalue("finistere_site")
    return Served(request.getfixturevalue("finistere_server"), load_commons(site.parent / "content"), site)


@pytest.fixture(scope="session")
def tab(browser: object) -> Iterator[Tab]:
    """A page with JavaScript, shared by the tests (each test navigates where it needs)."""
    context = browser.new_context(locale="fr-FR")
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


@pytest.fixture(scope="session")
def hostile_build(
    tmp_path_factory: pytest.TempPathFactory, demo_commons: object, site_builder: object
) -> tuple[HostileCommons, Path]:
    """Every XSS payload in every text field and body of every type (see xss_commons), built."""
    directory = tmp_path_factory.mktemp("xss")
    hostile = write_hostile_commons(demo_commons, ROOT / "content", directory / "content")
    # Git dates are off: the copied content is not a repository. Listings of 50 cards a page: the
    # rest of each listing's cards are built by the script from `fiches.json` (test_xss.py).
    site = site_builder(directory / "content", directory, {"git_dates": False, "taille_page_liste": 50})
    return hostile, site


@pytest.fixture(scope="session")
def hostile_server(hostile_build: tuple[HostileCommons, Path]) -> Iterator[str]:
    """The hostile site served over HTTP on a free local port; yields its base URL."""
    with serve(hostile_build[1]) as base:
        yield base
