"""A long listing in the browser: without JavaScript its numbered pages reach every entry; with
it, a filter on the first page finds an entry of the third (the cards come from `fiches.json`),
with the right counts and chips. Accessible (axe, Nu Html Checker) and no wider than a phone.

On the Finistère commons with one card a page (`paged_site`): « Bagad de Kemper-Izel » (Quimper)
on `acteurs/`, « Élise Le Goff » (Douarnenez) on page 2, « Théâtre du Pays de Morlaix » on page 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Tab, serve
from test_accessibility import VNU, serious_violations, vnu_errors

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

ACTORS = ["Bagad de Kemper-Izel", "Élise Le Goff", "Théâtre du Pays de Morlaix"]
MORLAIX = "29151"
# Assertions wait for their condition (never for a time); this is only their limit on a loaded machine.
WAIT = 30_000
PAGE_WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"

# The shown card built by the script, and the server's card on page `path`, as their elements'
# names, `data-*` attributes and leaf texts (whitespace between elements set aside).
SAME_CARD = """async (path) => {
  const shape = (li) => [li, ...li.querySelectorAll("*")].map((e) => e.tagName
    + [...e.attributes].filter((a) => a.name.startsWith("data-")).map((a) => `[${a.name}=${a.value}]`).join("")
    + (e.children.length ? "" : ":" + e.textContent.trim().replace(/\\s+/g, " "))).join("|");
  const html = await (await fetch(path)).text();
  const served = new DOMParser().parseFromString(html, "text/html").querySelector("li.maillage-card");
  return [shape(document.querySelector("li.maillage-card:not([hidden])")), shape(served)];
}"""


@pytest.fixture(scope="module")
def paged_server(paged_site: Path) -> Iterator[str]:
    with serve(paged_site) as base:
        yield base


def new_tab(browser: object, **options: object) -> Iterator[Tab]:
    context = browser.new_context(locale="fr-FR", **options)
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


@pytest.fixture(scope="module")
def scripted(browser: object) -> Iterator[Tab]:
    yield from new_tab(browser)


@pytest.fixture(scope="module")
def without_script(browser: object) -> Iterator[Tab]:
    yield from new_tab(browser, java_script_enabled=False)


@pytest.fixture(scope="module")
def phone(browser: object) -> Iterator[Tab]:
    yield from new_tab(browser, viewport={"width": 320, "height": 640})


def cards(tab: Tab) -> object:
    return tab.page.locator("[data-maillage-items] > li.maillage-card:visible h2")


def test_without_javascript_the_numbered_pages_reach_every_entry(without_script: Tab, paged_server: str) -> None:
    tab, seen = without_script, []
    tab.open(paged_server + "acteurs/")
    for number in (1, 2, 3):
        nav = tab.page.get_by_role("navigation", name="Pages de la liste des acteurs")
        expect(nav.locator("[aria-current=page]")).to_have_text(str(number), timeout=WAIT)
        seen += tab.page.locator("li.maillage-card h2").all_inner_texts()
        following = nav.get_by_role("link", name="Page suivante")
        if number < 3:
            following.click()
            tab.page.wait_for_url(re.compile(rf"acteurs/page/{number + 1}/$"))
        else:
            assert following.count() == 0
    assert seen == ACTORS
    assert tab.visit.errors() == []


def test_a_filter_on_the_first_page_finds_an_entry_of_the_third(scripted: Tab, paged_server: str) -> None:
    tab = scripted
    tab.open(paged_server + "acteurs/")
    total = tab.page.locator("[data-maillage-total]")
    expect(total).to_have_text("1 sur 3 acteurs", timeout=WAIT)
    expect(cards(tab)).to_have_text([ACTORS[0]], timeout=WAIT)
    # Counts written at build time are over every actor, before any data is loaded.
    tab.page.locator("summary", has_text="Filtrer les acteurs").click()
    morlaix = tab.page.locator(f"input[name=commune][value='{MORLAIX}']")
    expect(tab.page.locator("[data-facet=nature] [data-count=association]")).to_have_text("(1)", timeout=WAIT)
    morlaix.check()
    expect(total).to_have_text("1 acteur sur 3", timeout=WAIT)
    expect(cards(tab)).to_have_text([ACTORS[2]], timeout=WAIT)
    expect(tab.page.locator("[data-maillage-pages]")).to_be_hidden(timeout=WAIT)
    # The counts now say what each other value would show, over all three actors.
    expect(tab.page.locator("[data-facet=nature] [data-count=association]")).to_have_text("(0)", timeout=WAIT)
    expect(tab.page.locator(f"[data-facet=commune] [data-count='{MORLAIX}']")).to_have_text("(1)", timeout=WAIT)
    assert tab.page.url.endswith(f"acteurs/?commune={MORLAIX}")
    # The card built from the data is the server's card (page 3's): same elements, text, data.
    card = tab.page.locator("li.maillage-card:visible")
    link = card.get_by_role("link", name=ACTORS[2])
    expect(link).to_have_attribute("href", re.compile(r"acteurs/theatre-du-pays-de-morlaix/$"), timeout=WAIT)
    built, served = tab.page.evaluate(SAME_CARD, "page/3/")
    assert built == served and "H2|A:Théâtre du Pays de Morlaix" in built
    # The chip removes the filter: all three, and focus stays on the count.
    chip = tab.page.get_by_role("button", name="Retirer le filtre « Commune : Morlaix »")
    chip.click()
    expect(total).to_have_text("3 acteurs", timeout=WAIT)
    expect(cards(tab)).to_have_text(ACTORS, timeout=WAIT)
    expect(total).to_be_focused(timeout=WAIT)
    assert tab.visit.errors() == []


def test_a_filtered_address_opens_filtered(scripted: Tab, paged_server: str) -> None:
    scripted.open(paged_server + f"acteurs/page/2/?commune={MORLAIX}")
    expect(scripted.page.locator("[data-maillage-total]")).to_have_text("1 acteur sur 3", timeout=WAIT)
    expect(cards(scripted)).to_have_text([ACTORS[2]], timeout=WAIT)
    assert scripted.visit.errors() == []


def test_show_all_brings_every_card_and_hides_the_pages(scripted: Tab, paged_server: str) -> None:
    scripted.open(paged_server + "acteurs/page/3/")
    scripted.page.get_by_role("button", name="Tout afficher").click()
    expect(scripted.page.locator("[data-maillage-total]")).to_have_text("3 acteurs", timeout=WAIT)
    expect(cards(scripted)).to_have_text(ACTORS, timeout=WAIT)
    # The first card, with its picture, is the first page's card.
    built, served = scripted.page.evaluate(SAME_CARD, "../../")
    assert built == served and "|PICTURE|SOURCE:|IMG:|H2|A:Bagad de Kemper-Izel" in built
    image = scripted.page.locator("li.maillage-card img").first
    expect(image).to_have_attribute("srcset", re.compile(r"-320\.jpg 320w, .*-800\.jpg 800w$"), timeout=WAIT)
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True, timeout=WAIT)
    assert image.evaluate("img => img.naturalWidth") > 0
    expect(scripted.page.locator("[data-maillage-pages]")).to_be_hidden(timeout=WAIT)
    expect(scripted.page.get_by_role("button", name="Tout afficher")).to_be_hidden(timeout=WAIT)
    assert scripted.visit.errors() == []


def test_paged_listings_pass_axe_before_and_after_all_cards_are_loaded(scripted: Tab, paged_server: str) -> None:
    found = {}
    for path in ("acteurs/", "acteurs/page/2/", "rencontres/page/2/"):
        scripted.open(paged_server + path)
        found[path] = serious_violations(scripted)
        scripted.page.get_by_role("button", name="Tout afficher").click()
        expect(scripted.page.locator("[data-maillage-pages]")).to_be_hidden(timeout=WAIT)
        found[path + " (tout)"] = serious_violations(scripted)
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.skipif(not VNU.is_file(), reason="npm package vnu-jar not installed")
def test_paged_listings_are_valid_html(paged_site: Path) -> None:
    paths = ("acteurs", "acteurs/page/2", "acteurs/page/3", "rencontres/page/2")
    files = [paged_site / path / "index.html" for path in paths]
    assert {str(path): errors for path, errors in vnu_errors(files).items()} == {}


def test_no_paged_listing_scrolls_sideways_on_a_320_px_screen(phone: Tab, paged_server: str) -> None:
    wide = {}
    for path in ("acteurs/", "acteurs/page/2/", "acteurs/page/3/"):
        phone.open(paged_server + path)
        if (width := phone.page.evaluate(PAGE_WIDTH)) > 320:
            wide[path] = width
    phone.page.get_by_role("button", name="Tout afficher").click()
    expect(cards(phone)).to_have_count(3, timeout=WAIT)
    if (width := phone.page.evaluate(PAGE_WIDTH)) > 320:
        wide["acteurs/page/3/ (tout)"] = width
    assert wide == {}
