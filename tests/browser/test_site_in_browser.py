"""The demo site in Chromium: search, listing filters in the URL, the map, no console error, no JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import Tab
from site_pages import template_pages

from maillage.model import Commons, Entry
from maillage.site import urls


def published(commons: Commons, folder: str) -> list[Entry]:
    return [e for e in commons.of_type(folder) if e.publishable]


def titled(commons: Commons, word: str) -> list[Entry]:
    """Published entries whose title holds `word` (case-insensitive)."""
    return [e for e in commons.entries.values() if e.publishable and word in e.title.lower()]


def result_paths(tab: Tab, selector: str) -> list[str]:
    """The site paths (`acteurs/x/`) the search results link to."""
    hrefs = tab.page.eval_on_selector_all(f"{selector} .maillage-results a", "links => links.map(a => a.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


@pytest.mark.parametrize(("query", "word"), [("théâtres", "théâtre"), ("expositions", "exposition")])
def test_header_search_finds_plurals_with_accents(
    tab: Tab, demo_server: str, demo_commons: Commons, query: str, word: str
) -> None:
    expected = titled(demo_commons, word)
    assert expected, f"the demo should have an entry titled with {word!r}"
    visit = tab.open(demo_server + "acteurs/")
    box = tab.page.locator("#maillage-q")
    box.click()
    box.press_sequentially(query, delay=20)
    tab.page.wait_for_selector("[data-maillage-search-results]:not([hidden]) .maillage-results li")
    found = result_paths(tab, ".maillage-search__results")
    for entry in expected:
        assert urls.entry_url(entry) in found, (query, found)
    # Escape closes the panel and keeps the keyboard focus in the box.
    box.press("Escape")
    assert tab.page.locator(".maillage-search__results").is_hidden()
    assert tab.page.evaluate("document.activeElement.id") == "maillage-q"
    assert visit.errors() == []


def test_search_results_page_reads_the_query_from_the_url(tab: Tab, demo_server: str, demo_commons: Commons) -> None:
    visit = tab.open(demo_server + "recherche/?q=th%C3%A9%C3%A2tres")
    tab.page.wait_for_selector(".maillage-results li")
    found = result_paths(tab, "[data-maillage-search-results]")
    assert all(urls.entry_url(e) in found for e in titled(demo_commons, "théâtre"))
    assert tab.page.input_value("#recherche-q") == "théâtres"
    assert tab.page.locator("[data-maillage-search-nojs]").is_hidden()
    assert visit.errors() == []


def visible_entries(tab: Tab) -> list[str]:
    """Ids of the entries a listing currently shows."""
    return tab.page.eval_on_selector_all(
        "[data-maillage-items] > li:not([hidden]) h2 > a",
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())",
    )


def test_listing_filters_narrow_the_list_and_live_in_the_url(tab: Tab, demo_server: str, demo_commons: Commons) -> None:
    actors = published(demo_commons, "acteurs")
    expected = sorted(
        e.id
        for e in actors
        if e.data.get("nature") == "association"
        and e.data.get("univers", {}).get("pratique") == "amateur"
        and e.data.get("univers", {}).get("milieu") == "rural"
    )
    assert 0 < len(expected) < len(actors)
    visit = tab.open(demo_server + "acteurs/")
    assert len(visible_entries(tab)) == len(actors)
    tab.page.click("[data-maillage-filters] > summary")  # the filters are a panel, closed at first
    for facet, value in (("nature", "association"), ("pratique", "amateur"), ("milieu", "rural")):
        tab.page.check(f'fieldset[data-facet="{facet}"] input[value="{value}"]')
    assert sorted(visible_entries(tab)) == expected
    total = tab.page.inner_text("[data-maillage-total]")
    assert total == f"{len(expected)} acteurs sur {len(actors)}"
    query = parse_qs(urlsplit(tab.page.url).query)
    assert query == {"nature": ["association"], "pratique": ["amateur"], "milieu": ["rural"]}
    # Counts next to each value say what choosing it would show with the other filters kept.
    count = tab.page.inner_text('fieldset[data-facet="nature"] [data-count="association"]')
    assert count == f"({len(expected)})"

    shared = tab.page.url
    tab.open(shared)  # a person opening the shared link
    assert sorted(visible_entries(tab)) == expected
    assert tab.page.inner_text("[data-maillage-total]") == total
    assert tab.page.is_checked('fieldset[data-facet="milieu"] input[value="rural"]')

    tab.page.click("[data-maillage-filters] > summary")
    tab.page.click("button[type=reset]")
    shown = "document.querySelectorAll('[data-maillage-items] > li:not([hidden])').length"
    # A function, not an expression: the site's Content-Security-Policy forbids the page's `eval`.
    tab.page.wait_for_function(f"() => {shown} === {len(actors)}")
    assert urlsplit(tab.page.url).query == ""
    assert visit.errors() == []


def test_listing_opened_from_a_link_with_a_select_filter(tab: Tab, demo_server: str, demo_commons: Commons) -> None:
    actors = published(demo_commons, "acteurs")
    expected = sorted(
        e.id for e in actors if "musique" in e.data.get("disciplines", []) and e.data.get("echelle") == "commune"
    )
    assert 0 < len(expected) < len(actors)
    visit = tab.open(demo_server + "acteurs/?discipline=musique&echelle=commune")
    tab.page.click("[data-maillage-filters] > summary")
    assert tab.page.input_value("select[name=discipline]") == "musique"
    assert sorted(visible_entries(tab)) == expected
    tab.page.select_option("select[name=discipline]", "")
    assert len(visible_entries(tab)) == sum(1 for e in actors if e.data.get("echelle") == "commune")
    assert parse_qs(urlsplit(tab.page.url).query) == {"echelle": ["commune"]}
    assert visit.errors() == []


def map_markers(tab: Tab) -> dict[str, int]:
    """Markers on the map: the entries the markers hold (one per commune and kind, its count in a
    badge when more than one), clusters and the entries they hold."""
    return tab.page.evaluate(
        """() => {
          const icons = Array.from(document.querySelectorAll('.leaflet-marker-icon'));
          const clusters = icons.filter(i => i.classList.contains('marker-cluster'));
          const badge = i => i.querySelector('.maillage-marker-count');
          return {
            markers: icons.filter(i => !clusters.includes(i))
              .reduce((n, i) => n + (badge(i) ? parseInt(badge(i).textContent, 10) : 1), 0),
            clusters: clusters.length,
            in_clusters: clusters.reduce((n, c) => n + parseInt(c.textContent, 10), 0),
            focusable: icons.filter(i => i.tabIndex >= 0).length,
            total: icons.length,
          };
        }"""
    )


def test_map_shows_every_located_entry_as_keyboard_focusable_markers(tab: Tab, demo_server: str) -> None:
    visit = tab.open(demo_server + "carte/")
    tab.page.wait_for_selector(".leaflet-marker-icon")
    listed = tab.page.locator("section[data-lat] li").count()
    counted = map_markers(tab)
    assert counted["total"] > 0
    assert counted["markers"] + counted["in_clusters"] == listed
    assert counted["focusable"] == counted["total"]
    if counted["clusters"]:
        assert tab.page.get_by_role("button", name=re.compile(r"^\d+ fiches ici, Entrée pour zoomer$")).count() > 0
    # With the keyboard alone: Enter on a cluster zooms into it, Enter on a marker opens its popup.
    for _ in range(20):
        tab.page.focus(".leaflet-marker-icon")
        tab.page.keyboard.press("Enter")
        if tab.page.locator(".leaflet-popup-content a").count():
            break
        tab.page.wait_for_timeout(400)  # the zoom animation
    popup = tab.page.locator(".leaflet-popup-content a")
    assert popup.count() >= 1
    # What the keyboard reaches is named in French.
    assert tab.page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Fermer"
    assert tab.page.get_by_role("button", name="Zoomer", exact=True).count() == 1
    assert tab.page.get_by_role("button", name="Dézoomer", exact=True).count() == 1
    assert re.search(r"/(acteurs|rencontres|ressources)/[a-z0-9-]+/$", popup.first.get_attribute("href"))
    assert visit.errors() == []
    # Tiles are the only third-party requests, and they are blocked: the test runs offline.
    assert any(urlsplit(url).hostname == "tile.openstreetmap.org" for url in visit.third_party)
    assert visit.unexpected_requests() == []


def test_every_template_loads_without_console_error_or_third_party_asset(
    tab: Tab, demo_server: str, demo_commons: Commons, built_site: Path
) -> None:
    problems = {}
    for label, path in template_pages(demo_commons, built_site).items():
        # Pages whose scripts fetch after loading (map tiles, search index) are given time to.
        wait = "networkidle" if path.startswith(("carte/", "recherche/")) else "load"
        visit = tab.open(demo_server + path, wait_until=wait)
        if visit.errors() or visit.unexpected_requests() or visit.dialogs:
            problems[label] = (visit.errors(), visit.unexpected_requests(), visit.dialogs)
    assert problems == {}


@pytest.fixture
def no_js(browser: object) -> Iterator[Tab]:
    """A page in a context where JavaScript is off."""
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


def test_pages_work_without_javascript(no_js: Tab, demo_server: str, demo_commons: Commons, built_site: Path) -> None:
    actors = published(demo_commons, "acteurs")
    no_js.open(demo_server + "acteurs/")
    assert no_js.page.locator("[data-maillage-facets]").is_hidden()  # filters need the script
    assert len(visible_entries(no_js)) == len(actors)
    assert all(no_js.page.locator("[data-maillage-items] > li").nth(i).is_visible() for i in range(len(actors)))

    # Following a link of the listing leads to the entry, whose relations are links too.
    no_js.page.click(f'[data-maillage-items] a[href$="/{actors[0].id}/"]')
    assert no_js.page.inner_text("h1") == actors[0].title
    related = no_js.page.locator(".maillage-relations a, .maillage-area a")
    assert related.count() > 0
    related.first.click()
    assert no_js.page.locator("h1").is_visible()

    pages = template_pages(demo_commons, built_site)
    no_js.open(demo_server + pages["territoire (departement)"])
    assert no_js.page.locator("article section li a").count() > 0

    no_js.open(demo_server + "carte/")
    assert no_js.page.locator("[data-maillage-map]").is_hidden()
    listed = no_js.page.locator("section[data-lat] li a")
    assert listed.count() >= len(actors)
    assert listed.first.is_visible()

    # The header search box submits to the results page, which offers the listings instead.
    no_js.open(demo_server)
    no_js.page.fill("#maillage-q", "théâtre")
    no_js.page.press("#maillage-q", "Enter")
    no_js.page.wait_for_url("**/recherche/?q=*")
    hint = no_js.page.locator("[data-maillage-search-nojs]")
    assert hint.is_visible() and hint.locator("a").count() >= 5
