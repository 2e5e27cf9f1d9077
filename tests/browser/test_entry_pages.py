"""Entry pages put the key facts first: on a phone, an actor's place, offers and « Contacter », a
rencontre's date, place and buttons are where the visitor lands, not screens below (the contact
used to be 3.7 phone screens down, behind the picture and every field)."""

from __future__ import annotations

from browsing import Tab
from test_accessibility import PHONE

from maillage.model import Commons

# Where the key facts block and its buttons end, in CSS pixels from the top of the page.
FACTS = """() => {
  const facts = document.querySelector('.maillage-facts');
  const bottom = (selector) => {
    const el = facts.querySelector(selector);
    return el ? el.getBoundingClientRect().bottom : 0;
  };
  return {starts: facts.getBoundingClientRect().top, dl: bottom('dl'), buttons: bottom('.maillage-actions')};
}"""


def test_on_a_phone_the_key_facts_come_before_the_picture_and_the_fields(
    browser: object, demo_server: str, demo_commons: Commons
) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    screen = PHONE["height"]
    late = {}
    try:
        tab = Tab(context.new_page())
        for folder in ("acteurs", "rencontres"):
            for entry in demo_commons.of_type(folder):
                if not entry.publishable:
                    continue
                tab.open(f"{demo_server}{folder}/{entry.id}/")
                where = tab.page.evaluate(FACTS)
                # The facts start on the first screen, the buttons follow within a quarter screen more.
                if where["starts"] > screen * 0.75 or where["buttons"] > screen * 1.25:
                    late[entry.id] = where
                if folder == "rencontres":  # date and place on the first screen
                    assert where["dl"] <= screen, entry.id
        pictured = tab.open(f"{demo_server}acteurs/compagnie-du-fil-tendu/")
        assert pictured.errors() == []
        order = tab.page.evaluate(
            "() => document.querySelector('.maillage-facts').compareDocumentPosition("
            "document.querySelector('.maillage-picture')) & Node.DOCUMENT_POSITION_FOLLOWING")
        assert order  # the picture comes after the facts
    finally:
        context.close()
    assert late == {}
