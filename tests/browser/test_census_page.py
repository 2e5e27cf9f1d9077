"""The census page on a phone: the territory at a glance (map, tables), not a paragraph of the
hundreds of communes that have no actor yet — those wait behind a disclosure."""

from __future__ import annotations

from browsing import Tab
from test_accessibility import PHONE


def test_the_communes_without_actor_wait_behind_a_disclosure(browser: object, demo_server: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        tab = Tab(context.new_page())
        visit = tab.open(demo_server + "recensement/")
        disclosure = tab.page.locator("details", has=tab.page.locator("summary", has_text="Voir les"))
        assert disclosure.count() == 1
        names = disclosure.locator("p")
        assert names.text_content().count(",") > 400  # the demo's département: hundreds of white zones
        assert not names.is_visible()
        tab.page.locator("summary", has_text="Voir les").click()
        assert names.is_visible()
        assert visit.errors() == []
    finally:
        context.close()
