"""Shared builds of the site, for the site tests and the browser tests alike.

They live at the root of the tests so that pytest scopes them to the whole session: a full
run builds the demo site once, whichever folders use it.

Fixtures:
- `built_site` (session, Path): the demo commons of this repository (`mkdocs.yml`,
  `content/`) built ONCE with `--strict`, Pagefind index and open data included, into a
  temporary directory. Serve it with any static server (e.g. `python -m http.server -d`);
  the site's links are relative, so it works from any port and path.
- `demo_commons` (session): the demo commons as loaded by the model (to know what to expect).
- `site_builder` (session): builds another content folder with the project's configuration.
- `browser` (session): one headless Chromium (Debian's) driven by Playwright for every suite:
  Playwright's sync API cannot be started twice at once in one process.
- `finistere_site` (session, Path): a commons that starts, in another département (Finistère, 29):
  three actors, two rencontres (one past, one to come), one tool; built with its territory and a
  web form.
- `paged_site` (session, Path): the Finistère commons again, one card per listing page
  (`taille_page_liste: 1`): its three actors are on `acteurs/`, `acteurs/page/2/`, `acteurs/page/3/`.
- `hostile_site` (session, Path): a small commons full of hostile values (XSS attempts in
  titles, summaries, URLs, bodies and long text fields; a person without consent; a person
  who refused publication of contact data), built with `--strict`, without Pagefind.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from maillage.model import Commons, load_commons

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "site" / "fixtures"


def build_site(config_file: Path, site_dir: Path, **overrides: object) -> Path:
    """Build a site in-process, strictly, into `site_dir`; return `site_dir`."""
    # Imported here: most test folders never build a site and need not load MkDocs.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True, **overrides)
    build(config)
    return site_dir


def search_index(site: Path) -> dict[str, dict[str, object]]:
    """What Pagefind indexed in a built site, page by page (its fragments: URL, text, filters,
    metadata). Pagefind's file names differ from one run to the next on the same pages; its
    fragments do not."""
    fragments = [gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")
                 for f in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    index = {page["url"]: page for page in map(json.loads, fragments)}
    assert index, f"no page indexed in {site}"
    return index


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per test session (see the module docstring)."""
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def demo_commons() -> Commons:
    """The demo commons, loaded by the model."""
    return load_commons(ROOT / "content")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for `!ENV [NAME, default]`: here, the default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def editorial_nav(nav: list[dict[str, str]], content: Path) -> list[dict[str, str]]:
    """The project's nav without the demo's hand-written pages that `content` lacks
    (generated pages, not files of the demo's content folder, are kept)."""
    demo = ROOT / "content"
    return [item for item in nav
            if all((content / path).is_file() or not (demo / path).is_file() for path in item.values())]


def write_config(
    directory: Path, content: Path, plugin_options: dict[str, object], theme: dict[str, object] | None = None
) -> Path:
    """A mkdocs.yml like the project's, pointing at another content folder (`theme`: options to change)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = str(content)
    config["theme"].update(theme or {})
    config["plugins"] = [{"maillage": plugin_options}]
    config["nav"] = editorial_nav(config["nav"], content)
    path = directory / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


@pytest.fixture(scope="session")
def site_builder() -> Callable[..., Path]:
    """Build a content folder with the project's configuration: `(content, workdir, options[, theme]) -> site`;
    keyword arguments override other settings of mkdocs.yml (`repo_url=…`)."""

    def make(content: Path, workdir: Path, options: dict[str, object], theme: dict[str, object] | None = None,
             **overrides: object) -> Path:
        return build_site(write_config(workdir, content, options, theme), workdir / "site", **overrides)

    return make


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixture commons, built strictly (see the module docstring)."""
    directory = tmp_path_factory.mktemp("hostile")
    content = directory / "content"
    shutil.copytree(FIXTURES / "hostile", content)
    config = write_config(directory, content, {"search_index": False})
    return build_site(config, directory / "site")


@pytest.fixture(scope="session")
def finistere_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small Finistère commons, built strictly (see the module docstring)."""
    directory = tmp_path_factory.mktemp("finistere")
    content = directory / "content"
    shutil.copytree(FIXTURES / "finistere", content)
    options = {"territoire": {"departements": ["29"]}, "git_dates": False,
               "formulaire_url": "https://formulaire.example.org/"}
    return build_site(write_config(directory, content, options), directory / "site")


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Finistère commons with listings of one card a page (see the module docstring)."""
    directory = tmp_path_factory.mktemp("paged")
    content = directory / "content"
    shutil.copytree(FIXTURES / "finistere", content)
    options = {"territoire": {"departements": ["29"]}, "git_dates": False, "search_index": False,
               "formulaire_url": "https://formulaire.example.org/", "taille_page_liste": 1}
    return build_site(write_config(directory, content, options), directory / "site")


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
