"""Every page template passes axe-core (no violation of any impact, on a desktop and on a phone)
and the Nu Html Checker, on the demo and on a small commons that is not the demo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import Served, Tab
from site_pages import html_file, template_pages

from maillage.model import Commons, load_commons

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_IMPACTS = {"minor", "moderate", "serious", "critical"}  # every one
# A phone-sized window: Material moves the navigation into a drawer and the search box shrinks.
PHONE = {"width": 375, "height": 740}


def settle(tab: Tab, path: str) -> None:
    """Wait until what the scripts add to a page is there (search results, map markers)."""
    if path.startswith("recherche/?"):
        tab.page.wait_for_selector(".maillage-results li")
    if path == "carte/":
        tab.page.wait_for_selector(".leaflet-marker-icon")


def serious_violations(tab: Tab) -> list[str]:
    """axe-core's violations on the open page (any impact), one line per rule."""
    # Evaluated by the browser's debugging protocol: the site's Content-Security-Policy refuses
    # an inline <script> (`add_script_tag`), and rightly so.
    tab.page.evaluate(AXE.read_text("utf-8"))
    result = tab.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def audit(tab: Tab, base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    """The violations of each page that has some."""
    found = {}
    for label, path in pages.items():
        tab.open(base + path)
        settle(tab, path)
        violations = serious_violations(tab)
        if violations:
            found[f"{label} ({path})"] = violations
    return found


def test_axe_finds_no_violation_on_any_template(tab: Tab, gated: Served) -> None:
    pages = template_pages(gated.commons, gated.site)
    assert len(pages) >= 22
    assert audit(tab, gated.base, pages) == {}


def test_axe_finds_no_violation_on_any_template_on_a_phone(browser: object, gated: Served) -> None:
    pages = template_pages(gated.commons, gated.site)
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        assert audit(Tab(context.new_page()), gated.base, pages) == {}
    finally:
        context.close()


def test_the_audit_does_catch_violations(tab: Tab, demo_server: str) -> None:
    """The check is not vacuous: a page made worse on purpose fails it."""
    tab.open(demo_server)
    tab.page.evaluate(
        """() => {
          const img = document.createElement('img');
          img.src = 'assets/maillage/vendor/leaflet/images/marker-icon.png';
          document.querySelector('article').appendChild(img);
          document.querySelector('#maillage-q').labels.forEach(l => l.remove());
        }"""
    )
    found = " ".join(serious_violations(tab))
    assert "image-alt" in found and "label" in found


def vnu_errors(files: list[Path]) -> dict[Path, list[str]]:
    """The Nu Html Checker's errors on `files` (one run of the JVM), by file; clean files left out."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)
    messages = [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    if run.returncode != 0 and not messages:
        pytest.fail(f"vnu failed: {run.stderr[-2000:]}")
    errors: dict[Path, list[str]] = {}
    for message in messages:
        path = Path(urlsplit(message.get("url", "")).path)
        errors.setdefault(path, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


# Material's original toggle markup, with both of its errors: proves the checker's verdict counts.
_INVALID_PAGE = (
    '<!doctype html><html lang="fr"><head><title>t</title></head><body>'
    '<input type="checkbox" autocomplete="off" id="x"><label for="y">z</label></body></html>'
)


@pytest.mark.skipif(not VNU.is_file(), reason="npm package vnu-jar not installed")
def test_nu_html_checker_finds_no_error_on_any_template(
    built_site: Path, demo_commons: Commons, finistere_site: Path, tmp_path: Path
) -> None:
    """One run of the checker over the demo's and the Finistère commons' templates."""
    finistere = load_commons(finistere_site.parent / "content")
    files = [site / html_file(path) for commons, site in ((demo_commons, built_site), (finistere, finistere_site))
             for path in dict.fromkeys(template_pages(commons, site).values())]
    files += [built_site / "404.html", finistere_site / "404.html"]
    assert len(files) >= 44 and all(f.is_file() for f in files)
    sentinel = tmp_path / "invalide.html"
    sentinel.write_text(_INVALID_PAGE, "utf-8")
    errors = vnu_errors([*files, sentinel])
    caught = " ".join(errors.pop(sentinel.resolve(), []))
    assert "autocomplete" in caught and "label" in caught
    assert {str(path): found for path, found in errors.items()} == {}
