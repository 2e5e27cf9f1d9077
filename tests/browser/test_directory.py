"""Listings read as a directory: the cards come first, the filters are a panel, the count and the
active filters stay where the visitor is, facets that cannot narrow anything are left out."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from browsing import Tab, serve
from playwright.sync_api import expect
from test_accessibility import PHONE

from maillage.model import Commons

ROOT = Path(__file__).resolve().parents[2]


def first_card_top(tab: Tab) -> float:
    """How far down the page the first result starts, in CSS pixels."""
    return tab.page.evaluate("() => document.querySelector('[data-maillage-items] > li').getBoundingClientRect().top")


def test_the_first_result_is_on_the_first_screen(browser: object, demo_server: str) -> None:
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        context = browser.new_context(locale="fr-FR", viewport=viewport)
        try:
            tab = Tab(context.new_page())
            for listing in ("acteurs/", "outils/", "rencontres/"):
                tab.open(demo_server + listing)
                assert first_card_top(tab) < viewport["height"] * 0.75, (listing, viewport)
        finally:
            context.close()


def test_the_first_paint_needs_no_script(built_site: Path, demo_commons: Commons) -> None:
    """The cards are in the HTML: a visitor sees them before (and without) any script."""
    html = (built_site / "acteurs" / "index.html").read_text("utf-8")
    actors = [e for e in demo_commons.of_type("acteurs") if e.publishable]
    assert html.count('<li class="maillage-card"') == len(actors)
    card = html[html.index('<li class="maillage-card"'):]
    card = card[:card.index("</li>\n")]
    assert "<h2><a href=" in card and 'class="maillage-tags"' in card  # name, kind and place, univers


def test_ticking_a_box_shows_the_count_and_a_chip_where_the_visitor_is(
    browser: object, demo_server: str, demo_commons: Commons
) -> None:
    actors = [e for e in demo_commons.of_type("acteurs") if e.publishable]
    rural = sum(1 for e in actors if e.data.get("univers", {}).get("milieu") == "rural")
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        tab = Tab(context.new_page())
        visit = tab.open(demo_server + "acteurs/")
        total = tab.page.locator("[data-maillage-total]")
        assert total.get_attribute("role") == "status"  # announced by screen readers
        tab.page.click("[data-maillage-filters] > summary")
        box = tab.page.locator('fieldset[data-facet="milieu"] input[value="rural"]')
        box.scroll_into_view_if_needed()
        box.check()
        assert total.inner_text() == f"{rural} acteurs sur {len(actors)}"
        assert in_viewport(tab, "[data-maillage-total]")  # the count follows the visitor down the panel
        chip = tab.page.locator("[data-maillage-chips] button", has_text="Milieu : Rural")
        assert in_viewport(tab, "[data-maillage-chips] button")
        assert chip.get_attribute("aria-label") == "Retirer le filtre « Milieu : Rural »"
        chip.click()
        assert total.inner_text() == f"{len(actors)} acteurs"
        assert not box.is_checked()
        assert tab.page.locator("[data-maillage-chips]").is_hidden()
        assert tab.page.evaluate("() => document.activeElement.hasAttribute('data-maillage-total')")
        assert visit.errors() == []
    finally:
        context.close()


def in_viewport(tab: Tab, selector: str) -> bool:
    return tab.page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }", selector)


def test_facets_that_cannot_narrow_a_small_listing_are_left_out(finistere_site: Path) -> None:
    html = (finistere_site / "acteurs" / "index.html").read_text("utf-8")
    facets = set(re.findall(r'data-facet="([a-z_]+)"', html))
    # Three actors: "milieu" has two values (kept); "sphere" has one (left out); 15 disciplines,
    # 3 present, as many boxes as actors (kept), communes: 3 (kept).
    assert "milieu" in facets and "pratique" in facets
    assert "sphere" not in facets and "structure" not in facets and "departement" not in facets
    tools = (finistere_site / "outils" / "index.html").read_text("utf-8")
    assert "data-maillage-filters" not in tools  # one tool: nothing to filter
    assert tools.count('<li class="maillage-card"') == 1


def test_an_empty_listing_asks_for_the_first_entry(finistere_site: Path, built_site: Path) -> None:
    projects = (finistere_site / "projets" / "index.html").read_text("utf-8")
    assert ('<p class="maillage-empty">Aucun projet pour l\'instant. '
            '<a href="../contribuer/">Proposer le premier</a>.</p>') in projects
    resources = (finistere_site / "ressources" / "index.html").read_text("utf-8")
    assert "Aucune ressource pour l'instant." in resources and "Proposer la première" in resources
    assert "data-maillage-total" not in projects  # no « 0 projet » above it
    assert "maillage-empty" not in (built_site / "projets" / "index.html").read_text("utf-8")


def test_a_past_rencontre_says_so_even_on_a_page_built_before(
    tab: Tab, finistere_server: str, finistere_site: Path
) -> None:
    html = (finistere_site / "rencontres" / "index.html").read_text("utf-8")
    assert html.count("data-maillage-past") == 2
    tab.open(finistere_server + "rencontres/")
    badges = tab.page.locator("[data-maillage-past]")
    assert [badges.nth(i).is_visible() for i in range(2)] == [False, True]  # 2031, then 2026
    # The same page read in 2032: the script, not the build, says the event is over.
    tab.page.clock.install(time="2032-01-01T00:00:00+01:00")
    tab.page.reload()
    assert [badges.nth(i).is_visible() for i in range(2)] == [True, True]


def test_a_wide_code_block_on_a_phone_is_reachable_by_keyboard(browser: object, finistere_server: str) -> None:
    """A command in a page scrolls sideways on a phone: the keyboard reaches it, axe finds nothing."""
    from test_accessibility import serious_violations

    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    try:
        tab = Tab(context.new_page())
        tab.open(finistere_server + "contribuer/")
        code = tab.page.locator("pre > code")
        assert code.evaluate("c => c.scrollWidth > c.clientWidth")
        assert code.get_attribute("tabindex") == "0"
        assert code.get_attribute("aria-label") == "Code « Modifier les fichiers » (défilement horizontal)"
        assert serious_violations(tab) == []
    finally:
        context.close()


def test_counts_past_a_thousand_are_written_the_french_way(
    browser: object, site_builder, tmp_path: Path
) -> None:
    """« 1 001 acteurs », with the narrow no-break space, in the HTML and once the script counts."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from synthetic_commons import generate

    content = tmp_path / "content"
    generate(content, actors=1001, others=0, departement="29")
    options = {"territoire": {"departements": ["29"]}, "git_dates": False, "search_index": False}
    site = site_builder(content, tmp_path, options)
    html = (site / "acteurs" / "index.html").read_text("utf-8")
    # Past `taille_page_liste` (300 by default): the first page's cards out of all.
    assert ">300 sur 1\u202f001 acteurs</p>" in html
    context = browser.new_context(locale="fr-FR")
    try:
        with serve(site) as base:
            tab = Tab(context.new_page())
            tab.open(base + "acteurs/")
            total = tab.page.locator("[data-maillage-total]")
            assert total.inner_text() == "300 sur 1\u202f001 acteurs"
            tab.page.click("[data-maillage-filters] > summary")
            tab.page.locator('fieldset[data-facet="milieu"] input[value="rural"]').check()
            # The script counts once every card has come (`fiches.json`): waited for, not timed.
            expect(total).to_have_text(re.compile(r"\d+ acteurs? sur 1\u202f001"), timeout=30_000)
    finally:
        context.close()
