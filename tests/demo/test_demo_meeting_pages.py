"""The demo's meeting pages in a real browser: agenda, suggestions, pairings, cooperation dashboard
and facilitators, reached by following links as a visitor would, with the demo's own names and
counts (a demo check: the features themselves are specified on crafted commons in tests/meet)."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from maillage.meet.agenda import agenda

sync_api = pytest.importorskip("playwright.sync_api")



@pytest.fixture(scope="module")
def demo_site(built_site: Path) -> Path:
    """The demo commons built strictly: the session's one build (tests/conftest.py)."""
    return built_site


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(demo_site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def tab(base_url: str, browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


def follow(link: sync_api.Locator) -> None:
    """Click a link as a visitor would, then wait for its page: Playwright's click does not wait
    for the navigation it starts, so reading the page at once could read the one being left."""
    page = link.page
    target = urllib.parse.urljoin(page.url, link.get_attribute("href"))
    link.click()
    page.wait_for_url(target)


def listed(section: sync_api.Locator) -> list[str]:
    """The titles of a section's rencontres, in the order shown."""
    return section.locator("ol > li > a").all_inner_texts()


def test_agenda_lists_upcoming_in_date_order_and_links_calendars(tab, base_url, demo_commons) -> None:
    tab.goto(base_url)
    follow(tab.get_by_role("link", name="Agenda").first)
    assert tab.get_by_role("heading", level=1).inner_text() == "Agenda des rencontres"
    plan = agenda(demo_commons, datetime.now(UTC))
    upcoming = tab.locator("section", has=tab.get_by_role("heading", name=f"À venir ({len(plan.upcoming)})"))
    assert listed(upcoming) == [m.entry.title for m in plan.upcoming]  # soonest first, wherever it is
    past = tab.locator("section", has=tab.get_by_role("heading", name=f"Passées ({len(plan.past)})"))
    assert listed(past) == [m.entry.title for m in plan.past]
    assert tab.locator("[data-maillage-asof]").is_hidden()  # the script has made the list again
    # Every territory's calendar is one disclosure away.
    tab.get_by_text("Les agendas des").click()
    href = tab.get_by_role("link", name="agenda iCalendar de CA d'Epinal").get_attribute("href")
    response = tab.request.get(tab.url + href)
    assert response.ok and Calendar.from_ical(response.body()).walk("VEVENT")
    follow(tab.get_by_role("link", name="Voyage partagé à Bussang"))
    calendar = tab.get_by_role("link", name="Ajouter à mon agenda")
    ics = tab.request.get(tab.url + calendar.get_attribute("href"))
    events = Calendar.from_ical(ics.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Voyage partagé à Bussang"]


@pytest.mark.parametrize("offset", [timedelta(days=1), timedelta(days=400)])
def test_agenda_is_made_again_at_the_visitors_time(browser, base_url, demo_commons, offset) -> None:
    """A page built long ago never shows a past rencontre as coming: the browser splits again."""
    later = datetime.now(UTC) + offset
    plan = agenda(demo_commons, later)
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(later)
        page.goto(base_url + "rencontres/agenda/")
        upcoming = page.locator("[data-maillage-agenda=a-venir]")
        past = page.locator("[data-maillage-agenda=passees]")
        assert listed(upcoming) == [m.entry.title for m in plan.upcoming]
        assert listed(past) == [m.entry.title for m in plan.past]
        assert upcoming.get_by_role("heading").inner_text() == f"À venir ({len(plan.upcoming)})"
        assert past.get_by_role("heading").inner_text() == f"Passées ({len(plan.past)})"
        assert upcoming.get_by_text("Aucune rencontre à venir.").is_visible() is (not plan.upcoming)
    finally:
        context.close()


def test_agenda_without_javascript_says_when_it_was_made(browser, base_url) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "rencontres/agenda/")
        note = page.locator("[data-maillage-asof]")
        assert note.is_visible() and note.inner_text().startswith("Liste établie le ")
    finally:
        context.close()


def test_every_territory_calendar_is_linked_from_its_territory_page(demo_site) -> None:
    calendars = sorted(demo_site.glob("territoires/*/agenda.ics"))
    assert len(calendars) > 5
    for calendar in calendars:
        page = (calendar.parent / "index.html").read_text("utf-8")
        assert f'href="../../territoires/{calendar.parent.name}/agenda.ics" download' in page, calendar
    for page in demo_site.glob("territoires/*/index.html"):
        if "agenda.ics" in page.read_text("utf-8"):
            assert (page.parent / "agenda.ics").is_file(), page


def test_actor_page_suggests_actors_to_meet(tab, base_url) -> None:
    tab.goto(base_url + "acteurs/theatre-de-la-rotonde/")
    section = tab.locator("section", has=tab.get_by_role("heading", name="À rencontrer"))
    items = section.get_by_role("listitem")
    assert items.count() == 5
    first = items.first.inner_text()
    assert first.startswith("Collectif d'habitants Bitola-Champbeauvert : propose un public, que vous recherchez")
    follow(section.get_by_role("link", name="Collectif d'habitants Bitola-Champbeauvert"))
    assert tab.get_by_role("heading", level=1).inner_text() == "Collectif d'habitants Bitola-Champbeauvert"


def test_the_person_without_consent_is_never_suggested(tab, base_url, demo_site) -> None:
    for page in (demo_site / "acteurs").glob("*/index.html"):
        assert "julien-perrin" not in page.read_text("utf-8"), page
    tab.goto(base_url + "acteurs/julien-perrin/")
    assert "À rencontrer" not in tab.content()


def test_job_blender_day_page_shows_pairings(tab, base_url) -> None:
    tab.goto(base_url)
    follow(tab.get_by_role("link", name="Job Blender Day").first)
    assert tab.get_by_role("heading", level=1).inner_text() == "Job Blender Day : journées d'immersion"
    edition = tab.locator("section", has=tab.get_by_role("heading", name="Job Blender Day du printemps 2027"))
    hosts = edition.get_by_role("heading", level=4)
    assert hosts.count() == 4
    lutherie = edition.locator("ul").first.inner_text()
    assert "La Lyre mirecurtienne : univers différents (amateur ↔ professionnel" in lutherie
    assert "tous deux à Mirecourt" in lutherie
    follow(edition.get_by_role("link", name="Job Blender Day du printemps 2027"))
    assert tab.get_by_role("heading", name="Appariements proposés").is_visible()


def test_cooperation_dashboard(tab, base_url) -> None:
    tab.goto(base_url)
    follow(tab.get_by_role("link", name="Coopérations").first)
    # Each facet on its own: the demo's élu·es meet cultural actors in 3 of its 10 projects.
    assert tab.locator("[data-facet=sphere] .maillage-share[data-kind=projets]").inner_text() == (
        "3 projets sur 10 (30 %)")
    assert tab.get_by_role("img", name="Projets et rencontres qui réunissent les deux côtés, par facette").is_visible()
    table = tab.get_by_role("table", name="Acteurs de chaque projet")
    assert table.get_by_role("row").count() == 11
    graph = tab.get_by_role("link", name="Voir le graphe des liens entre acteurs et projets (image SVG)")
    svg = tab.request.get(tab.url + graph.get_attribute("href"))
    assert svg.ok and b"<title id=\"graphe-titre\">Liens entre acteurs et projets</title>" in svg.body()
    assert tab.get_by_role("heading", name="Territoires sans coopération entre univers pour l'instant").is_visible()


def test_facilitators_page_and_facilitation_on_meetups(tab, base_url) -> None:
    tab.goto(base_url)
    follow(tab.get_by_role("link", name="Facilitateur·rices").first)
    section = tab.locator("section", has=tab.get_by_role("heading", name="Coopérative Maillons"))
    assert "Médiateur·rice, Facilitateur·rice" in section.inner_text()
    follow(section.get_by_role("link", name="Speed-meeting des univers à la Filature"))
    facilitation = tab.locator("section", has=tab.get_by_role("heading", name="Facilitation"))
    assert "Coopérative Maillons" in facilitation.inner_text()
