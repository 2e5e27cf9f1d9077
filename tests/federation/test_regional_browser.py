"""The Grand Est commons in Chromium: gathered entries in its listing (filtered by commons of
origin), map, search, territory pages and agenda, each leading to its page at its own commons;
the same company shown once, two harmonies kept apart; a neighbour down shown from its last copy."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from regional_servers import running

sync_api = pytest.importorskip("playwright.sync_api")

ARDENNES, MOSELLE = "Le commun culturel des Ardennes", "Le commun culturel de la Moselle"


@pytest.fixture(scope="module")
def tab(browser: object, region_site) -> Iterator[tuple[object, str]]:
    """A page with JavaScript on the regional site served locally; nothing else is reachable
    (the local commons' addresses are example.org: a link there is followed, never loaded)."""
    context = browser.new_context(locale="fr-FR")
    with running(region_site) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        try:
            yield context.new_page(), base
        finally:
            context.close()


def visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(".maillage-card:not([hidden]) h2 a", "links => links.map(a => a.textContent)")


def test_the_listing_shows_each_actor_once_and_filters_by_commons_of_origin(tab):
    page, base = tab
    page.goto(base + "acteurs/")
    cards = visible_cards(page)
    assert sorted(cards) == ["Big band de Sedan", "Ciné-club de Sedan", "Compagnie La Lune Rousse",
                             "Harmonie municipale", "Harmonie municipale",
                             "Réseau des musiques actuelles du Grand Est", "Théâtre de Thionville"]
    company = page.locator(".maillage-card", has_text="Compagnie La Lune Rousse")
    assert company.locator(".maillage-origin a").all_inner_texts() == [ARDENNES, MOSELLE]
    page.goto(base + "acteurs/?origine=moselle")
    assert sorted(visible_cards(page)) == ["Ciné-club de Sedan", "Compagnie La Lune Rousse", "Harmonie municipale",
                                           "Réseau des musiques actuelles du Grand Est", "Théâtre de Thionville"]
    # A gathered actor's card leads to its page at its own commons.
    with page.expect_request("https://moselle.example.org/acteurs/theatre-de-thionville/"):
        page.get_by_role("link", name="Théâtre de Thionville").click()


def test_the_map_places_actors_of_both_commons(tab):
    page, base = tab
    page.goto(base + "carte/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() >= 3  # Sedan, Metz–Thionville, Strasbourg
    sedan = page.locator('section[data-commune="08409"]')
    assert sedan.locator("li").count() == 5
    assert "Commun d'origine : " + MOSELLE in sedan.locator("li", has_text="Ciné-club de Sedan").inner_text()


def test_search_finds_a_gathered_entry_and_leads_to_its_commons(tab):
    page, base = tab
    page.goto(base + "recherche/?q=Thionville")
    result = page.locator("li", has_text="Théâtre de Thionville").first
    result.wait_for()
    assert f"(Acteur, {MOSELLE})" in result.inner_text()
    assert result.locator("a").get_attribute("href") == "https://moselle.example.org/acteurs/theatre-de-thionville/"


def test_territory_pages_and_agenda_gather_both_departements(tab):
    page, base = tab
    page.goto(base + "territoires/grand-est-44/")
    text = page.locator("article").inner_text()
    assert "Ardennes" in text and "Moselle" in text
    page.goto(base + "territoires/sedan-08409/")
    assert page.get_by_role("link", name="Ciné-club de Sedan").get_attribute("href") == (
        "https://moselle.example.org/acteurs/cine-club-de-sedan/")
    page.goto(base + "rencontres/agenda/")
    coming = page.locator("#agenda-a-venir + ol li, #agenda-a-venir ~ ol li").all_inner_texts()
    titles = [line for line in coming if "Sedan" in line or "Metz" in line]
    assert "Scène ouverte à Sedan" in titles[0] and "Répétition partagée à Metz" in titles[1]
    assert ARDENNES in titles[0] and MOSELLE in titles[1]


def test_a_commons_down_is_named_and_shown_from_its_last_copy(browser, degraded_site):
    context = browser.new_context(locale="fr-FR")
    try:
        with running(degraded_site) as server:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/communs-locaux/")
            warning = page.locator(".admonition.warning").inner_text()
            assert "le serveur répond 503" in warning and "La dernière bonne copie, lue le" in warning
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/acteurs/")
            assert "Big band de Sedan" in visible_cards(page)
    finally:
        context.close()


REGIONAL_PAGES = ("acteurs/", "carte/", "communs-locaux/", "acteurs/reseau-des-musiques-actuelles/",
                  "territoires/sedan-08409/", "rencontres/agenda/", "job-blender-day/")


def test_axe_finds_no_violation_on_the_regional_pages(tab):
    axe = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")
    page, base = tab
    found = {}
    for path in REGIONAL_PAGES:
        page.goto(base + path)
        if path == "carte/":
            page.wait_for_selector(".leaflet-marker-icon")
        page.evaluate(axe)  # through the debugging protocol: the site's CSP refuses inline scripts
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                      for v in result["violations"]]
        if violations:
            found[path] = violations
    assert found == {}


def test_the_regional_pages_are_valid_html(region_site):
    vnu = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not vnu.is_file():
        pytest.skip("npm package vnu-jar not installed")
    files = [str(region_site / path / "index.html") for path in REGIONAL_PAGES]
    run = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(run.stderr or run.stdout)
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    assert errors == []
