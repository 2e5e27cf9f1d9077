"""Screenshots of every page template of a built site, on a desktop and on a phone.

Anyone can look at what visitors see without clicking through the site:

    .venv/bin/mkdocs build --strict            # or any built commons
    .venv/bin/python scripts/screenshots.py --site site --sortie captures

writes `captures/<bureau|telephone>-<page>.png` (full page, Debian's Chromium through
Playwright) for the home page, each listing, one entry of each type (the richest), the territory
pages, the map, search results, the data page and every page of the navigation — the same pages
as the accessibility tests. `--site` may be any built commons (`maillage nouveau` ones too):
the pages are found in the built site, not in the demo's content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browsing import serve  # noqa: E402
from site_pages import template_pages  # noqa: E402

from maillage.model import load_commons  # noqa: E402

WIDTHS = {"bureau": {"width": 1280, "height": 800}, "telephone": {"width": 375, "height": 740}}
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def file_name(label: str) -> str:
    """`fiche acteur` → `fiche-acteur`; `navigation : rencontres/agenda/` → `navigation-rencontres-agenda`."""
    kept = "".join(c if c.isalnum() else "-" for c in label.lower())
    return "-".join(part for part in kept.split("-") if part)


def capture(site: Path, content: Path, out: Path, only: set[str], full_page: bool) -> list[Path]:
    """Screenshot every template page of `site` at both widths; return the files written."""
    from playwright.sync_api import sync_playwright

    pages = template_pages(load_commons(content), site)
    if only:
        pages = {label: path for label, path in pages.items() if file_name(label) in only}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        for device, viewport in WIDTHS.items():
            context = browser.new_context(locale="fr-FR", viewport=viewport)
            # Offline, as the tests: tiles and any other third-party request fail quietly.
            context.route("**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url
                          else route.continue_())
            page = context.new_page()
            for label, path in pages.items():
                page.goto(base + path, wait_until="load")
                page.wait_for_timeout(400)  # let the scripts fill results, counts and markers
                target = out / f"{device}-{file_name(label)}.png"
                page.screenshot(path=str(target), full_page=full_page)
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--contenu", type=Path, default=ROOT / "content", help="its content folder")
    parser.add_argument("--sortie", type=Path, default=ROOT / "captures", help="where to write the PNG files")
    parser.add_argument("--page", action="append", default=[], help="only this page (file name without device)")
    parser.add_argument("--ecran", action="store_true", help="the first screen only, not the whole page")
    args = parser.parse_args()
    for path in capture(args.site, args.contenu, args.sortie, set(args.page), not args.ecran):
        print(path)


if __name__ == "__main__":
    main()
