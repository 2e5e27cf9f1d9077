#!/usr/bin/env python3
"""Report the HTML size of the entry pages of a built site: distribution, per type, and where
the bytes go (head, header, navigation, table of contents, the entry itself, JSON-LD, footer,
Material's configuration script, scripts).

Usage: python scripts/page_sizes.py SITE [--contenu content] [--seuil 15000]
SITE is the output of `mkdocs build` (e.g. `mkdocs build -d /tmp/site`) of the commons whose
entries are in `--contenu`; each entry's page is `<dossier>/<id>/index.html` (entries without a
page, such as unpublished ones, are skipped).
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path

from maillage.model.commons import load_commons
from maillage.model.numbers import french_count

# Parts of a page, each found by a pattern over the whole HTML (first match; absent = 0 bytes).
PARTS = {
    "head": r"<head>.*?</head>",
    "header": r"<header\b.*?</header>",
    "nav": r'<div class="md-sidebar md-sidebar--primary".*?</nav>\s*</div>\s*</div>\s*</div>',
    "toc": r'<div class="md-sidebar md-sidebar--secondary".*?</nav>\s*</div>\s*</div>\s*</div>',
    "article": r"<article\b.*?</article>",
    "json-ld": r'<script type="application/ld\+json">.*?</script>',
    "footer": r"<footer\b.*?</footer>",
    "config": r'<script id="__config".*?</script>',
}


def octets(size: float) -> str:
    """A size in bytes as a French reader writes it (« 12 150 »)."""
    return french_count(round(size))


def entry_pages(site: Path, content: Path) -> dict[str, list[Path]]:
    """The built page of each entry of `content`, by type folder."""
    pages: dict[str, list[Path]] = {}
    for entry in load_commons(content).entries.values():
        page = site / entry.type.folder / entry.id / "index.html"
        if page.is_file():
            pages.setdefault(entry.type.folder, []).append(page)
    return pages


def parts(html: str) -> dict[str, int]:
    """Bytes of each part of one page (UTF-8)."""
    sizes = {}
    for name, pattern in PARTS.items():
        found = re.search(pattern, html, re.S)
        sizes[name] = len(found.group(0).encode()) if found else 0
    return sizes


def report(site: Path, content: Path, threshold: int) -> str:
    pages = entry_pages(site, content)
    every = [page for group in pages.values() for page in group]
    if not every:
        return f"Aucune page de fiche sous {site}."
    sizes = sorted(page.stat().st_size for page in every)
    deciles = statistics.quantiles(sizes, n=10, method="inclusive") if len(sizes) > 1 else sizes * 9
    lines = [
        f"{len(sizes)} pages de fiche : médiane {octets(statistics.median(sizes))} o, "
        f"min {octets(sizes[0])} o, 1er décile {octets(deciles[0])} o, "
        f"9e décile {octets(deciles[-1])} o, max {octets(sizes[-1])} o ; "
        f"{sum(size > threshold for size in sizes)} au-dessus de {octets(threshold)} o",
    ]
    for folder, group in pages.items():
        if group:
            median = statistics.median(page.stat().st_size for page in group)
            lines.append(f"  {folder}: {len(group)} pages, médiane {octets(median)} o")
    measured = [parts(page.read_text(encoding="utf-8")) for page in every]
    lines.append("Médiane de chaque partie : " + ", ".join(
        f"{name} {octets(statistics.median(m[name] for m in measured))} o" for name in PARTS))
    lines.append("Les plus lourdes : " + ", ".join(
        f"{page.relative_to(site).parent} {octets(page.stat().st_size)} o"
        for page in sorted(every, key=lambda p: -p.stat().st_size)[:5]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--contenu", type=Path, default=Path("content"))
    parser.add_argument("--seuil", type=int, default=15000)
    args = parser.parse_args()
    print(report(args.site, args.contenu, args.seuil))


if __name__ == "__main__":
    main()
