"""What axe cannot see, measured in the browser on every page: a visible keyboard focus on every
control (WCAG 2.4.7) and no horizontal scrolling on a 320 px wide screen (WCAG 1.4.10), on the
demo and on a small commons that is not the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import Served, Tab
from site_pages import template_pages
from test_accessibility import settle

NARROWEST = {"width": 320, "height": 640}
# Material hides the page's horizontal overflow (`html { overflow-x: hidden }`): what is wider
# than the screen is cut off rather than scrolled, so the body's width is measured.
PAGE_WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"

# Every element the keyboard reaches, rendered (a control inside a closed panel is not reachable).
FOCUS_AUDIT = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, '
    + 'textarea, summary, [tabindex]:not([tabindex="-1"])';
  const look = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && s.outlineColor !== 'rgba(0, 0, 0, 0)' ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : '';
    return {outline, shadow: s.boxShadow === 'none' ? '' : s.boxShadow};
  };
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const invisible = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') { continue; }
    el.blur();
    const before = look(el);
    el.focus();
    if (document.activeElement !== el) { continue; }
    const after = look(el);
    checked++;
    const shown = after.outline && after.outline !== before.outline || after.shadow && after.shadow !== before.shadow;
    if (!shown) { invisible.push(el.outerHTML.slice(0, 120)); }
    el.blur();
  }
  return {checked, invisible: invisible.slice(0, 8), count: invisible.length};
}"""


def focus_problems(tab: Tab, base: str, pages: dict[str, str]) -> tuple[int, dict[str, dict]]:
    """How many controls were focused, and the pages where some showed no visible focus."""
    checked, found = 0, {}
    for label, path in pages.items():
        tab.open(base + path)
        settle(tab, path)
        # One real key press first: the browser then shows the focus of scripted focus() calls too,
        # as it does for a person who uses the keyboard.
        tab.page.keyboard.press("Tab")
        result = tab.page.evaluate(FOCUS_AUDIT)
        checked += result["checked"]
        if result["count"]:
            found[f"{label} ({path})"] = result
    return checked, found


def test_every_control_shows_a_visible_keyboard_focus(tab: Tab, gated: Served) -> None:
    pages = template_pages(gated.commons, gated.site)
    checked, found = focus_problems(tab, gated.base, pages)
    # Links, filter boxes, search fields, buttons, summaries, map controls: more than the header's
    # and the navigation's on every page.
    assert checked > 15 * len(pages)
    assert found == {}


def test_the_focus_audit_does_catch_an_invisible_focus(tab: Tab, demo_server: str) -> None:
    """The check is not vacuous: a control whose focus ring is removed is reported."""
    tab.open(demo_server + "acteurs/")
    # Through the CSS object model: the site's Content-Security-Policy refuses inline styles.
    tab.page.evaluate("() => document.styleSheets[document.styleSheets.length - 1].insertRule("
                      "'input:focus-visible { outline: none !important; box-shadow: none !important }')")
    tab.page.keyboard.press("Tab")
    result = tab.page.evaluate(FOCUS_AUDIT)
    assert result["count"] > 0 and "checkbox" in " ".join(result["invisible"])


def every_page(site: Path) -> list[str]:
    """The path of every HTML page of a built site (the 404 page included)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return paths


@pytest.fixture(scope="module")
def narrow(browser: object) -> Tab:
    context = browser.new_context(locale="fr-FR", viewport=NARROWEST)
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


def overflowing(tab: Tab, base: str, paths: list[str]) -> dict[str, int]:
    """Pages wider than the screen, with their width in CSS pixels."""
    found = {}
    for path in paths:
        tab.open(base + path)
        settle(tab, path)
        width = tab.page.evaluate(PAGE_WIDTH)
        if width > NARROWEST["width"]:
            found[path] = width
    return found


def test_no_page_scrolls_sideways_on_a_320_px_screen(narrow: Tab, gated: Served) -> None:
    paths = every_page(gated.site)
    assert len(paths) > 30  # the Finistère commons has 37 pages, the demo more than 100
    with_filters = "acteurs/?" + "&".join(f"nature={n}" for n in ("association", "entreprise", "collectivite"))
    assert overflowing(narrow, gated.base, [*paths, with_filters, "recherche/?q=théâtre"]) == {}


def test_the_overflow_check_does_catch_a_wide_page(narrow: Tab, demo_server: str) -> None:
    narrow.open(demo_server)
    narrow.page.evaluate("() => { const wide = document.createElement('div'); wide.textContent = 'large'; "
                         "wide.style.minWidth = '900px'; document.querySelector('article').appendChild(wide); }")
    assert narrow.page.evaluate(PAGE_WIDTH) > NARROWEST["width"]
