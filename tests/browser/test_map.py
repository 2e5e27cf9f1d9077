"""The map as a map, on a commons of La Réunion built for the test, tiles blocked (offline):
markers by kind with a legend, filters, the territory drawn from the shipped outlines, a count of
what cannot be placed and why, popups the keyboard enters and Escape closes, axe clean."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Tab, serve
from PIL import Image
from test_accessibility import AXE, PHONE

from maillage.model import render_entry

ACTORS = {
    # id: (commune, univers, disciplines)
    "kabar-des-hauts": ("97416", {"pratique": "amateur", "milieu": "rural"}, ["musique"]),  # Saint-Pierre
    "theatre-du-grand-marche": ("97411", {"pratique": "professionnel", "milieu": "urbain"}, ["theatre"]),  # Saint-Denis
    "maloya-du-sud": ("97416", {"pratique": "professionnel"}, ["musique"]),
    # Miquelon-Langlade (Saint-Pierre-et-Miquelon): the source has no outline, hence no position.
    "cie-miquelonnaise": ("97501", {"pratique": "amateur"}, ["theatre"]),
}
MEETUP = {
    "schema_version": 1, "titre": "Veillée kabar à Saint-Pierre", "type": "sortie_spectacle",
    "debut": "2026-12-12T19:00:00+04:00", "fin": "2026-12-12T23:00:00+04:00", "fuseau": "Indian/Reunion",
    "lieu": {"nom": "Case communale", "commune": "97416"}, "echelle": "commune", "hote": "kabar-des-hauts",
}
RESOURCE = {
    "schema_version": 1, "titre": "Sono du kabar", "genre": "materiel_technique", "preteur": "kabar-des-hauts",
    "conditions": "gratuit", "commune": "97416", "echelle": "intercommunalite", "disciplines": ["musique"],
}
FILL = (0xFB, 0xFA, 0xF4)  # the territory under the tiles (assets/map.js)


@pytest.fixture(scope="module")
def reunion(site_builder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("reunion")
    content = directory / "content"
    for folder in ("acteurs", "rencontres", "ressources"):
        (content / folder).mkdir(parents=True)
    for entry_id, (commune, univers, disciplines) in ACTORS.items():
        data = {"schema_version": 1, "nom": entry_id.replace("-", " ").capitalize(), "forme": "organisation",
                "nature": "association", "commune": commune, "echelle": "commune", "univers": univers,
                "disciplines": disciplines}
        (content / "acteurs" / f"{entry_id}.md").write_text(render_entry(data, "Présentation."), "utf-8")
    (content / "rencontres" / "veillee-kabar.md").write_text(render_entry(MEETUP, "Soirée."), "utf-8")
    (content / "ressources" / "sono-du-kabar.md").write_text(render_entry(RESOURCE, "Sono."), "utf-8")
    options = {"git_dates": False, "territoire": {"departements": ["974"]}}  # searched: Tab passes the search box
    site = site_builder(content, directory, options)
    with serve(site) as base:
        yield base


def open_map(tab: Tab, base: str) -> None:
    tab.open(base + "carte/")
    tab.page.wait_for_selector(".leaflet-marker-icon")
    tab.page.wait_for_selector(".leaflet-maillage-fond-pane path")  # the outlines, fetched


def markers(tab: Tab) -> list[dict]:
    """Each marker: its accessible name, count badge and symbol path."""
    return tab.page.eval_on_selector_all(
        ".maillage-marker-icon",
        """icons => icons.map(i => ({
            name: i.querySelector('.maillage-sr-only').textContent,
            badge: (i.querySelector('.maillage-marker-count') || {}).textContent || null,
            path: i.querySelector('path').getAttribute('d'),
        }))""",
    )


def test_one_marker_per_commune_and_kind_with_the_legend_s_symbols(tab: Tab, reunion: str) -> None:
    open_map(tab, reunion)
    legend = tab.page.locator("fieldset.maillage-map-legend")
    names = [t.strip() for t in legend.locator("label").all_inner_texts()]
    assert names == ["Acteurs (4)", "Rencontres (1)", "Ressources (1)"]
    symbols = legend.locator("path").evaluate_all("paths => paths.map(p => p.getAttribute('d'))")
    assert len(set(symbols)) == 3  # told apart by shape, not by colour alone
    # Saint-Pierre has two actors (one marker), a rencontre and a ressource, at the same point: the
    # cluster opens them (zoom, then spread) when clicked.
    expected = {"Saint-Pierre : 2 acteurs", "Saint-Pierre : 1 rencontre", "Saint-Pierre : 1 ressource"}
    for _ in range(12):
        found = {m["name"]: m for m in markers(tab)}
        if expected <= set(found):
            break
        tab.page.locator(".marker-cluster").first.click()
        tab.page.wait_for_timeout(500)
    assert expected <= set(found)
    assert found["Saint-Pierre : 2 acteurs"]["badge"] == "2"
    assert found["Saint-Pierre : 1 rencontre"]["badge"] is None
    kinds = ["Saint-Pierre : 2 acteurs", "Saint-Pierre : 1 rencontre", "Saint-Pierre : 1 ressource"]
    assert [found[name]["path"] for name in kinds] == symbols


def test_without_tiles_the_territory_is_drawn_not_a_grey_box(tab: Tab, reunion: str) -> None:
    open_map(tab, reunion)
    tab.page.wait_for_selector(".maillage-map--sans-fond")
    assert tab.visit.third_party and tab.visit.unexpected_requests() == []  # tiles asked for, blocked
    notice = tab.page.locator("[data-maillage-map-notice]")
    assert notice.is_visible() and "géographie officielle" in notice.inner_text()
    # The island and its five intercommunalities, from the outlines shipped with Maillage.
    assert tab.page.locator(".leaflet-maillage-fond-pane path").count() == 1 + 5
    shot = Image.open(io.BytesIO(tab.page.locator("[data-maillage-map]").screenshot())).convert("RGB")
    pixels = list(shot.getdata())
    share = sum(1 for p in pixels if p == FILL) / len(pixels)
    assert share > 0.15, share  # the territory covers a good part of the map
    assert tab.visit.errors() == []


def test_what_cannot_be_placed_is_counted_with_the_reason(tab: Tab, reunion: str) -> None:
    open_map(tab, reunion)
    unplaced = tab.page.locator("#hors-carte")
    assert unplaced.inner_text().startswith("1 fiche sur 6 n'est pas sur la carte")
    assert "ne donne pas de position pour sa commune (Miquelon-Langlade" in unplaced.inner_text()
    unplaced.get_by_role("link", name="Miquelon-Langlade").click()
    assert tab.page.url.endswith("#commune-97501")
    assert tab.page.locator("[data-maillage-map-count]").inner_text() == "6 fiches, dont 5 sur la carte."


def test_filters_by_kind_and_facet_narrow_markers_list_and_count(tab: Tab, reunion: str) -> None:
    open_map(tab, reunion)
    status = tab.page.locator("[data-maillage-map-count]")
    tab.page.get_by_label("Rencontres (1)").uncheck()
    assert status.inner_text() == "5 fiches sur 6, dont 4 sur la carte."
    assert tab.page.get_by_role("link", name="Veillée kabar à Saint-Pierre").is_hidden()
    tab.page.get_by_text("Filtrer par").click()
    tab.page.get_by_label("Disciplines").select_option("theatre")
    assert status.inner_text() == "2 fiches sur 6, dont 1 sur la carte."
    visible = tab.page.locator("section[data-commune]:visible h3").all_inner_texts()
    assert visible == ["Miquelon-Langlade (1)", "Saint-Denis (1)"]
    # The disciplines of actors and ressources are one filter; univers facets are grouped.
    tab.page.get_by_label("Disciplines").select_option("musique")
    assert status.inner_text() == "3 fiches sur 6."  # two actors and the sono, all on the map
    assert tab.page.locator("fieldset", has_text="Univers").get_by_label("Pratique").is_visible()
    tab.page.get_by_role("button", name="Tout montrer").click()
    assert status.inner_text() == "6 fiches, dont 5 sur la carte."
    assert tab.visit.errors() == []


def test_keyboard_only_enters_a_popup_and_escape_gives_the_focus_back(tab: Tab, reunion: str) -> None:
    open_map(tab, reunion)
    page = tab.page
    page.locator("body").focus()
    for _ in range(80):  # Tab through the page until a marker has the focus, as a person would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('maillage-marker-icon')"):
            break
    else:
        pytest.fail("no marker reached with the Tab key")
    focused = "document.activeElement.querySelector('.maillage-sr-only').textContent"
    marker = page.evaluate(focused)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=marker)
    dialog.wait_for()
    # Focus moves in just after the popup opens (map.js defers it by one task): wait for it.
    page.wait_for_function("() => document.activeElement.classList.contains('maillage-popup-title')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")  # after Leaflet's fade
    assert page.evaluate(focused) == marker  # back on its marker
    page.keyboard.press(" ")  # a button opens with Space too
    dialog.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('maillage-popup-title')")
    close = page.get_by_role("button", name="Fermer")
    close.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="detached")
    assert page.evaluate(focused) == marker
    assert tab.visit.errors() == []


def all_violations(tab: Tab) -> list[str]:
    """axe-core's violations of any impact on the open page."""
    tab.page.evaluate(AXE.read_text("utf-8"))
    result = tab.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["bureau", "telephone"])
def test_axe_finds_nothing_with_filters_and_a_popup_open(browser: object, reunion: str, viewport: dict | None) -> None:
    context = browser.new_context(locale="fr-FR", **({"viewport": viewport} if viewport else {}))
    try:
        tab = Tab(context.new_page())
        open_map(tab, reunion)
        tab.page.get_by_text("Filtrer par").click()
        tab.page.locator(".maillage-marker-icon").first.focus()
        tab.page.keyboard.press("Enter")
        tab.page.get_by_role("dialog").wait_for()
        # Leaflet fades popups in: contrast is measured once the popup is fully there.
        # (A function, not a text: the site's Content-Security-Policy forbids evaluating text.)
        tab.page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
        assert all_violations(tab) == []
    finally:
        context.close()


def test_without_javascript_the_list_is_the_map(browser: object, reunion: str) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(reunion + "carte/")
        assert page.locator("[data-maillage-map]").is_hidden()
        assert page.locator("[data-maillage-map-tools]").is_hidden()  # filters need the script
        assert page.locator("section[data-commune] li a").count() == 6
        assert page.locator("#hors-carte").is_visible()
    finally:
        context.close()


def test_outlines_are_a_file_beside_the_page(reunion: str, tmp_path: Path) -> None:
    """The page stays light: the outlines are fetched (and cached), not inlined."""
    import json
    import urllib.request

    with urllib.request.urlopen(reunion + "carte/contours.json") as response:
        layers = json.load(response)
    assert [f["properties"]["nom"] for f in layers["territoire"]["features"]] == ["La Réunion"]
    assert len(layers["subdivisions"]["features"]) == 5  # its intercommunalities
    with urllib.request.urlopen(reunion + "carte/") as response:
        assert b"MultiPolygon" not in response.read()
