"""In a real browser, contributed text in JSON-LD stays data: no script runs, the JSON parses back."""

from __future__ import annotations

import json
from html import escape

import pytest
from export_fixture import SITE, XSS_NAME, Exported

from maillage.exports.jsonld import entry_jsonld, script_tag

sync_api = pytest.importorskip("playwright.sync_api")

PAYLOADS = [
    XSS_NAME,
    "</script><script>window.__pwned = 1</script>",
    "</SCRIPT ><img src=x onerror='window.__pwned=1'>",
    "<!--<script>",
    "\u2028\u2029</script\u2028>",
]


def test_script_tag_holds_in_chromium(exported: Exported, browser: sync_api.Browser) -> None:
    entry = exported.commons.entries["collectif-balise"]
    base = entry_jsonld(entry, exported.commons, f"{SITE}acteurs/collectif-balise/")
    documents = [{**base, "description": payload} for payload in PAYLOADS]
    tags = "\n".join(script_tag(d) for d in documents)
    head = f"<title>{escape(entry.title)}</title>{tags}"
    page = f'<!DOCTYPE html><html lang="fr"><head>{head}</head><body><p id="fin">fin</p></body></html>'
    tab = browser.new_page()  # the session's Chromium (tests/conftest.py)
    try:
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.set_content(page)
        assert dialogs == []
        assert tab.evaluate("window.__pwned") is None
        scripts = tab.evaluate("Array.from(document.scripts).map(s => [s.type, s.textContent])")
        assert tab.evaluate("document.images.length") == 0
        assert tab.inner_text("#fin") == "fin"
    finally:
        tab.close()
    assert [kind for kind, _ in scripts] == ["application/ld+json"] * len(documents)
    assert [json.loads(text) for _, text in scripts] == documents
