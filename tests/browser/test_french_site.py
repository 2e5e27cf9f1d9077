"""What issue 16 checked in the built HTML, seen in the browser as a visitor sees it: the
contributing buttons, the French 404 page, names in French order, the words of the filters and
territory pages, and pictures on a phone."""

from __future__ import annotations

import re

from browsing import Tab
from test_accessibility import PHONE

from maillage.model.collation import name_key

FORM = "https://formulaire.example.org/proposer/"


def test_the_contributing_buttons_are_shown_and_lead_to_the_web_form(tab: Tab, finistere_server: str) -> None:
    # The form service is another site: its answer is an empty 204, so the browser stays on the
    # page (an aborted navigation would still be under way when the page is opened again).
    tab.page.route(FORM + "**", lambda route: route.fulfill(status=204))
    tab.open(finistere_server + "contribuer/")
    buttons = tab.page.locator(".maillage-contribute .md-button")
    assert buttons.all_inner_texts() == ["Proposer un acteur", "Raconter une expérience", "Proposer une rencontre"]
    for index, folder in enumerate(["acteurs", "experiences", "rencontres"]):
        button = buttons.nth(index)
        assert button.is_visible() and button.bounding_box()["y"] < 800  # on the first screen
        # The click's navigation is caught on its way out.
        with tab.page.expect_request(lambda request: request.url.startswith(FORM)) as leaving:
            button.click()
        assert leaving.value.url == FORM + folder and leaving.value.is_navigation_request()
    tab.page.unroute(FORM + "**")


def test_an_unknown_address_gets_the_french_404_page(tab: Tab, finistere_server: str) -> None:
    address = finistere_server + "acteurs/une-fiche-renommee/"
    with tab.page.expect_response(address) as answer:
        visit = tab.open(address)
    assert answer.value.status == 404
    assert tab.page.locator("html").get_attribute("lang") == "fr"
    assert tab.page.locator("h1").inner_text() == "Page introuvable"
    assert tab.page.get_by_label("Chercher ce que vous cherchiez").is_visible()
    assert tab.page.get_by_role("link", name="Acteurs", exact=True).last.is_visible()
    assert visit.page_errors == []
    tab.page.get_by_role("link", name="Retour à l'accueil").click()
    tab.page.wait_for_url(finistere_server)
    assert tab.page.locator("h1").first.is_visible()


def test_names_are_shown_in_french_alphabetical_order(tab: Tab, demo_server: str) -> None:
    tab.open(demo_server + "acteurs/")
    names = tab.page.locator(".maillage-card h2 a").all_inner_texts()
    assert names == sorted(names, key=name_key) and len(names) > 20
    # « Écran » among the E (Python's order puts every accented capital after Z).
    assert names.index("Duo Brindille") < names.index("Écran des Hautes-Vosges") < names.index(
        "Fédération vosgienne des pratiques amateurs")
    tab.open(demo_server + "territoires/")
    communes = tab.page.locator("#echelle-commune ~ ul").first.locator("a").all_inner_texts()
    assert communes == sorted(communes, key=name_key)
    assert communes.index("Domrémy-la-Pucelle") < communes.index("Épinal") < communes.index("Fraize")
    assert communes[-1] == "Xertigny"


def test_filters_and_territory_pages_speak_french(tab: Tab, demo_server: str) -> None:
    tab.open(demo_server + "acteurs/")
    tab.page.locator("summary", has_text="Filtrer les acteurs").click()
    commune = tab.page.get_by_label("Commune", exact=True)
    assert commune.is_visible()
    assert commune.locator("option").first.inner_text() == "Toutes les communes"  # feminine noun
    tab.open(demo_server + "territoires/epinal-88160/")
    # The code says what it is (a bare 88160 reads like a postal code); shown in capitals by the CSS.
    assert "COMMUNE — CODE INSEE 88160" in tab.page.locator("article").inner_text()
    assert "code INSEE 88160" in tab.page.locator("article").text_content()


def test_a_picture_on_a_phone_has_its_text_and_a_small_file(browser: object, demo_server: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        tab = Tab(context.new_page())
        tab.open(demo_server + "acteurs/atelier-de-lutherie-grandjean/")
        picture = tab.page.locator("article figure img")
        picture.scroll_into_view_if_needed()
        tab.page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
        assert picture.get_attribute("alt") == "Un violon en cours de fabrication posé sur l'établi, vu de dessus"
        chosen = picture.evaluate("(img) => img.currentSrc")
        width = int(re.search(r"-(\d+)\.webp$", chosen).group(1))  # the WebP source, not the JPEG fallback
        assert width <= 640  # 90 % of a 375 px screen: never the 1,000 px file
        assert picture.bounding_box()["width"] <= PHONE["width"]
    finally:
        context.close()
