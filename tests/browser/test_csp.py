"""The site's Content-Security-Policy in Chromium: every template works under it with no violation,
and it does stop what the sanitizer would have let through (an inline script, a foreign script)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Tab
from site_pages import template_pages

from maillage.model import Commons

# Runs before the page's scripts: every violation the browser reports is kept.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.effectiveDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


@pytest.fixture(scope="module")
def watched(browser: object) -> Iterator[Tab]:
    """A tab that records Content-Security-Policy violations (the policy is enforced)."""
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


def violations(tab: Tab) -> list[str]:
    return tab.page.evaluate("() => window.__violations")


def test_every_template_works_under_the_policy_without_violation(
    watched: Tab, demo_server: str, demo_commons: Commons, built_site: Path
) -> None:
    problems = {}
    pages = template_pages(demo_commons, built_site)
    assert "navigation : recensement/" in pages
    for label, path in pages.items():
        wait = "networkidle" if path.startswith(("carte/", "recherche/")) else "load"
        visit = watched.open(demo_server + path, wait_until=wait)
        if path.startswith("carte/"):
            watched.page.wait_for_selector(".leaflet-marker-icon")  # Leaflet runs, tiles are allowed
        if path.startswith("recherche/"):
            watched.page.wait_for_selector(".maillage-results li")  # Pagefind's WebAssembly runs
        found = violations(watched) + visit.errors()
        if found:
            problems[label] = found
    assert problems == {}

    # The header search and the listing filters, which build markup from script.
    visit = watched.open(demo_server + "acteurs/")
    watched.page.locator("#maillage-q").press_sequentially("musique", delay=10)
    watched.page.wait_for_selector(".maillage-search__results:not([hidden]) .maillage-results li")
    watched.page.locator("#maillage-q").press("Escape")
    watched.page.click("[data-maillage-filters] > summary")  # the filters are a panel, closed at first
    watched.page.locator('fieldset[data-facet="milieu"] input[value="rural"]').check()
    assert "milieu=rural" in watched.page.url
    assert violations(watched) == [] and visit.errors() == []


def test_the_policy_blocks_an_injected_inline_script_and_a_foreign_one(watched: Tab, demo_server: str) -> None:
    """Not vacuous: markup that slipped past the sanitizer still would not run."""
    watched.open(demo_server)
    watched.page.evaluate(
        """() => {
          window.__ran = [];
          const inline = document.createElement("script");
          inline.textContent = "window.__ran.push('inline')";
          document.body.appendChild(inline);
          const handler = document.createElement("div");
          handler.setAttribute("onclick", "window.__ran.push('handler')");
          document.body.appendChild(handler);
          handler.click();
          const foreign = document.createElement("script");
          foreign.src = "https://evil.example/x.js";
          document.body.appendChild(foreign);
        }"""
    )
    watched.page.wait_for_function("() => window.__violations.length >= 3")
    assert watched.page.evaluate("() => window.__ran") == []
    directives = sorted(v.split()[0] for v in violations(watched))
    assert directives == ["script-src-attr", "script-src-elem", "script-src-elem"]
