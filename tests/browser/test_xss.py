"""Every line of the XSS corpora, in every text field and body of every type: nothing runs.

Checked twice: statically on every built HTML file (only the site's own scripts, no event
handler, no dangerous URL or tag), and in Chromium, where dialogs and script sinks are hooked
before any page script runs, events are fired at the content, and the live DOM is audited —
on every sixth hostile entry page of each type (together: every payload in a body of each
type), every hostile editorial page, the listings, territory pages, the map with its popups, the
data page and the search results (header panel and results page). The browser ignores the site's
Content-Security-Policy here: the sanitizer must hold on its own (the policy is tested apart).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import Tab
from markup_audit import audit_site
from xss_commons import BODY_SPAN, HostileCommons, payloads, text_fields

from maillage.model import default_schemas, read_document

# Runs before any script of the page: every way for a payload to show it ran leaves a trace.
HOOKS = """
(() => {
  const seen = [];
  Object.defineProperty(window, "__xss", { value: seen, writable: false, configurable: false });
  const note = (what, args) => seen.push(what + "(" + Array.from(args).map(String).join(", ").slice(0, 80) + ")");
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function () { note(name, arguments); };
  }
  for (const name of ["write", "writeln"]) {
    const original = Document.prototype[name];
    Document.prototype[name] = function () {
      note("document." + name, arguments);
      return original.apply(this, arguments);
    };
  }
  const originalEval = window.eval;
  window.eval = function (code) {
    // Playwright's own `evaluate` goes through eval from its utility script: not the page's doing.
    if (!String(new Error().stack).includes("UtilityScript.")) { note("eval", arguments); }
    return originalEval(code);
  };
  for (const name of ["setTimeout", "setInterval"]) {
    const original = window[name];
    window[name] = function (handler) {
      if (typeof handler === "string") { note(name + "(string)", arguments); }
      return original.apply(this, arguments);
    };
  }
})();
"""

# Fire the events payloads listen to at everything in the content, then audit the live DOM
# (which includes what the site's scripts added: search results, map popups, filters).
PROVOKE_AND_AUDIT = """
() => {
  document.addEventListener("click", (event) => event.preventDefault(), true);
  // Not the map's own widgets: Leaflet reads coordinates from real pointer events.
  const content = document.querySelectorAll("#contenu *:not(.leaflet-container, .leaflet-container *)");
  for (const element of content) {
    for (const type of ["mouseover", "mouseenter", "focus", "click", "toggle", "animationstart"]) {
      element.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }
  const findings = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];
  for (const element of document.querySelectorAll("*")) {
    if (["IFRAME", "FRAME", "OBJECT", "EMBED", "BASE"].includes(element.tagName)) {
      findings.push("<" + element.tagName.toLowerCase() + ">");
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) { findings.push(element.tagName + "[" + name + "]"); }
      if (urlAttributes.includes(name)) {
        let scheme = "";
        try { scheme = new URL(attribute.value, document.baseURI).protocol; } catch (error) { continue; }
        if (["javascript:", "vbscript:", "data:"].includes(scheme)) {
          findings.push(element.tagName + "[" + name + "=" + attribute.value.slice(0, 60) + "]");
        }
      }
    }
  }
  for (const script of document.scripts) {
    if (script.src && new URL(script.src).origin !== location.origin) { findings.push("script " + script.src); }
  }
  return { fired: Array.from(window.__xss), findings: findings };
}
"""


def test_every_payload_is_in_every_text_field_of_every_type(hostile_build: tuple[HostileCommons, Path]) -> None:
    """The fixture does what it claims: the corpora, whole, in each field (or refused by the schema)."""
    hostile, _ = hostile_build
    lines = set(payloads())
    assert len(lines) >= 100
    for entry_type in default_schemas().types:
        fields = hostile.fields[entry_type.folder]
        assert any(not f.is_address for f in fields), entry_type.folder
        # Left out only inside an object the demo lacks and that needs more than a date (a token).
        assert len(fields) >= len(text_fields(entry_type)) - 3, entry_type.folder
        for text_field in fields:
            key = (entry_type.folder, ".".join(text_field.path))
            placed, refused = hostile.placed.get(key, set()), hostile.refused.get(key, set())
            if text_field.is_address:
                assert len(placed) == len(lines), key  # as the end of an address
            else:
                assert placed | refused == lines, key
                # Refused only when longer than the field allows (or outside its pattern): the schema keeps them out.
                assert not any(text_field.fits(text) for text in refused), key
        assert len(hostile.entries[entry_type.folder]) == len(lines)
    # Editorial pages too: every payload in one of them, at the root and in a sub-folder.
    assert {text for texts in hostile.editorial.values() for text in texts} == lines
    assert {path.count("/") for path in hostile.editorial} == {1, 3}


def test_no_script_handler_or_dangerous_url_in_any_built_page(hostile_build: tuple[HostileCommons, Path]) -> None:
    hostile, site = hostile_build
    pages = list(site.rglob("*.html"))
    assert len(pages) > sum(len(ids) for ids in hostile.entries.values())
    assert audit_site(site, "http://127.0.0.1:8000/") == {}


def test_the_static_audit_does_catch_each_kind_of_injection(tmp_path: Path) -> None:
    """The audit is not vacuous: each rule fires on a page that breaks it."""
    (tmp_path / "404.html").write_text("<html><body><script>var theme = 1</script></body></html>", "utf-8")
    bad = {
        "a.html": '<a href=" &#106;ava&#x09;script:alert(1)">x</a>',
        "b.html": "<img src=x onerror=alert(1)>",
        "c.html": "<script>alert(1)</script>",
        "d.html": '<script src="https://ha.ckers.org/xss.js"></script>',
        "e.html": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "f.html": '<iframe src="https://example.org"></iframe>',
        "g.html": '<svg><a xlink:href="data:text/html;base64,PHNjcmlwdD4=">x</a></svg>',
        "h.html": '<script type="application/ld+json">{"name": "</script><script>alert(1)//"}</script>',
        "i.html": '<form action="https://example.org"><button formaction="vbscript:x">x</button></form>',
        "j.html": '<div style="background:url(\'javascript:alert(1)\')">x</div><base href="https://example.org">',
    }
    for name, html in bad.items():
        (tmp_path / name).write_text(f"<html><body>{html}<script>var theme = 1</script></body></html>", "utf-8")
    findings = audit_site(tmp_path, "http://127.0.0.1:8000/")
    assert sorted(findings) == sorted(bad)
    assert "404.html" not in findings


@pytest.fixture(scope="module")
def guarded(browser: object) -> Iterator[Tab]:
    """A page whose hooks (`HOOKS`) are installed before every document's own scripts (the site's
    Content-Security-Policy is bypassed: what is tested here is that nothing needs it)."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    context.add_init_script(HOOKS)
    try:
        yield Tab(context.new_page())
    finally:
        context.close()


def inspect(tab: Tab, url: str) -> dict[str, list[str]]:
    """Open a page, provoke its content, and return what fired or was found (empty when clean)."""
    visit = tab.open(url)
    report = tab.page.evaluate(PROVOKE_AND_AUDIT)
    problems = {
        "fired": report["fired"],
        "findings": report["findings"],
        "dialogs": visit.dialogs,
        "third-party requests": visit.unexpected_requests(),
        "page errors": visit.page_errors,
    }
    return {key: value for key, value in problems.items() if value}


def test_hooks_do_see_a_script_that_runs(guarded: Tab, hostile_server: str) -> None:
    """The browser check is not vacuous: a payload that did run would be reported."""
    guarded.open(hostile_server)
    # Injected from a timer, as the page's own code would run (not from Playwright's call stack).
    guarded.page.evaluate(
        """() => setTimeout(() => {
          const script = document.createElement("script");
          script.textContent = 'alert(1); eval("document.write(2)"); setTimeout("3")';
          document.body.appendChild(script);
          document.body.setAttribute("onclick", "x");
        }, 0)"""
    )
    guarded.page.wait_for_function("window.__xss.length >= 4")
    report = guarded.page.evaluate(PROVOKE_AND_AUDIT)
    assert report["fired"] == ["alert(1)", "eval(document.write(2))", "document.write(2)", "setTimeout(string)(3)"]
    assert "BODY[onclick]" in report["findings"]


def test_no_payload_runs_on_entry_pages(
    guarded: Tab, hostile_server: str, hostile_build: tuple[HostileCommons, Path]
) -> None:
    hostile, _ = hostile_build
    pages = list(hostile.sample_pages())  # every payload in a body of each type (all are audited statically)
    assert len(pages) >= len(default_schemas().types) * len(hostile.payloads) // BODY_SPAN
    problems = {}
    titles = {" ".join(line.split()) for line in hostile.payloads}
    shown = 0
    for path in pages:
        found = inspect(guarded, hostile_server + path)
        if found:
            problems[path] = found
        # The payloads are on the page, as text: the title is a payload, character for character.
        shown += " ".join(guarded.page.inner_text("#contenu h1").split()) in titles
    assert problems == {}
    assert shown >= len(pages) * 0.9


def test_no_payload_runs_where_testimonies_are_quoted(
    guarded: Tab, hostile_server: str, hostile_build: tuple[HostileCommons, Path]
) -> None:
    """A testimony is quoted in full on the page of the rencontre it is about: every hostile
    testimony (every payload as its title, words and signature) is quoted on one page, as text."""
    hostile, _ = hostile_build
    kinds = [t for t in default_schemas().types if t.testimony is not None]
    assert kinds
    for kind in kinds:
        first = hostile.content / kind.folder / f"{hostile.entries[kind.folder][0]}.md"
        about = read_document(first).data[kind.testimony.target[0]]
        path = f"{kind.testimony.folder}/{about}/"
        assert inspect(guarded, hostile_server + path) == {}
        quoted = guarded.page.locator(".maillage-testimonies .maillage-quote").count()
        assert quoted >= len(hostile.payloads), path


def test_no_payload_runs_on_editorial_pages(
    guarded: Tab, hostile_server: str, hostile_build: tuple[HostileCommons, Path]
) -> None:
    """Markdown files of content/ that are not entries are contributed text too: sanitized like bodies."""
    hostile, site = hostile_build
    problems = {path: found for path in hostile.editorial if (found := inspect(guarded, hostile_server + path))}
    assert problems == {}
    for path in hostile.editorial:
        html = (site / path / "index.html").read_text("utf-8")
        assert "<h1" in html and 'id="__config" type="application/json"' in html, path  # the theme's own
        assert html.count('id="__config"') == 1, path  # no heading took the theme's id
        assert "Page introuvable" not in html and "404" not in guarded.page.title(), path  # no template of theirs


MARKER_POPUPS = """
() => {
  const markers = Array.from(document.querySelectorAll(".leaflet-marker-icon:not(.marker-cluster)"));
  let opened = 0;
  for (const marker of markers) {
    marker.click();
    opened += document.querySelectorAll(".leaflet-popup-content a").length > 0;
  }
  return opened;
}
"""


def test_no_payload_runs_on_listings_territories_map_and_data(guarded: Tab, hostile_server: str) -> None:
    listings = [f"{t.folder}/" for t in default_schemas().types]
    paths = ["", *listings, "territoires/", "territoires/vosges-88/", "donnees/"]
    problems = {path: found for path in paths if (found := inspect(guarded, hostile_server + path))}
    assert problems == {}

    # The map: popups are built from contributed titles when a marker is opened.
    visit = guarded.open(hostile_server + "carte/")
    guarded.page.wait_for_selector(".leaflet-marker-icon")
    assert guarded.page.evaluate(MARKER_POPUPS) > 0
    report = guarded.page.evaluate(PROVOKE_AND_AUDIT)
    assert (report["fired"], report["findings"], visit.dialogs, visit.page_errors) == ([], [], [], [])
    assert visit.unexpected_requests() == []


def test_no_payload_runs_in_cards_the_script_builds(
    guarded: Tab, hostile_server: str, hostile_build: tuple[HostileCommons, Path]
) -> None:
    """A long listing's cards beyond its first page come from `fiches.json`: every hostile title
    is among them, as text, and nothing runs."""
    hostile, _ = hostile_build
    problems, shown = {}, {}
    payload_titles = {" ".join(line.split()) for line in hostile.payloads}
    for folder, ids in hostile.entries.items():
        visit = guarded.open(f"{hostile_server}{folder}/")
        guarded.page.get_by_role("button", name="Tout afficher").click()
        guarded.page.wait_for_selector("[data-maillage-pages][hidden]", state="attached")
        titles = guarded.page.locator("li.maillage-card h2 a").all_text_contents()
        shown[folder] = len(payload_titles & {" ".join(t.split()) for t in titles})
        report = guarded.page.evaluate(PROVOKE_AND_AUDIT)
        found = {"fired": report["fired"], "findings": report["findings"], "dialogs": visit.dialogs,
                 "page errors": visit.page_errors, "cards": [] if len(titles) > len(ids) else [len(titles)]}
        if any(found.values()):
            problems[folder] = {key: value for key, value in found.items() if value}
    assert problems == {}
    # Every payload shown as a title, as text (but one the titles' schema refuses).
    assert all(count >= len(hostile.payloads) - 1 for count in shown.values()), shown


def test_no_payload_runs_in_search_results(guarded: Tab, hostile_server: str) -> None:
    # Pagefind's excerpts quote the contributed text around the match.
    for query in ("INJECTX", "XSS", "alert", "script"):
        visit = guarded.open(f"{hostile_server}recherche/?q={query}")
        guarded.page.wait_for_selector("[data-maillage-search-results] .maillage-results li")
        report = guarded.page.evaluate(PROVOKE_AND_AUDIT)
        assert (report["fired"], report["findings"], visit.dialogs) == ([], [], []), query
        assert guarded.page.locator("[data-maillage-search-results] mark").count() > 0

    guarded.open(hostile_server)
    guarded.page.locator("#maillage-q").press_sequentially("INJECTX", delay=10)
    guarded.page.wait_for_selector(".maillage-search__results:not([hidden]) .maillage-results li")
    report = guarded.page.evaluate(PROVOKE_AND_AUDIT)
    assert (report["fired"], report["findings"], guarded.visit.dialogs) == ([], [], [])
