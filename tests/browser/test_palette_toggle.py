"""A commons that offers a light/dark toggle (a list of palettes, as Material documents) keeps it
working under the site's Content-Security-Policy: Material's inline palette script is served as a
file, so the scheme a visitor chose is applied again on the next page, with no violation."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from browsing import Tab, serve
from test_csp import RECORD_VIOLATIONS

ROOT = Path(__file__).resolve().parents[2]

TOGGLE = [
    {"scheme": "default", "primary": "indigo", "toggle": {"icon": "material/weather-night", "name": "Mode sombre"}},
    {"scheme": "slate", "primary": "indigo", "toggle": {"icon": "material/weather-sunny", "name": "Mode clair"}},
]


def test_the_light_dark_toggle_works_under_the_policy(
    browser: object, site_builder: Callable[..., Path], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "petit-commun", content)
    site = site_builder(content, tmp_path, {"search_index": False, "git_dates": False}, {"palette": TOGGLE})
    for page in site.rglob("*.html"):
        assert "__md_get(\"__palette\")" not in page.read_text("utf-8"), page  # no inline copy left
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        tab = Tab(context.new_page())
        with serve(site) as base:
            visit = tab.open(base + "acteurs/")
            assert tab.page.get_attribute("body", "data-md-color-scheme") == "default"
            tab.page.click('label[title="Mode sombre"]')
            assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
            visit_next = tab.open(base + "carte/")  # the stored choice is applied by the served script
            assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
            assert tab.page.evaluate("() => window.__violations") == []
            assert visit.errors() == [] and visit_next.errors() == []
    finally:
        context.close()
