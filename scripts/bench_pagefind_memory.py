#!/usr/bin/env python3
"""Peak memory of Pagefind's indexer over a built site, fed the ways Pagefind allows.

Modes (each in its own `pagefind --service` process, started by Pagefind's Python API):
  html      every indexed page (those with `data-pagefind-body`) given whole, one after the other,
            with `add_html_file`, then `write_files`;
  records   each page's indexed text only (its `data-pagefind-body` region without the
            `data-pagefind-ignore` parts) as a custom record (`add_custom_record`);
  half0, half1
            the same records for every second page (from the first or the second): one of two
            indexes of half the site each.
Prints the indexer's peak RSS (VmHWM) once every page is added and once the index is written.
The CLI as the build runs it is measured with `/usr/bin/time -f %M pagefind --site SITE`.

Needs Pagefind's Python API, which the project does not depend on (the build runs the CLI):
`.venv/bin/pip install pagefind==1.5.2` (the version of `pagefind_bin`).

Usage: python scripts/bench_pagefind_memory.py SITE MODE OUTPUT
(SITE: a site built by `scripts/bench_site.py --keep DIR`, e.g. DIR/15000/site.)
"""

from __future__ import annotations

import asyncio
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

# Elements without an end tag: they must not change the depth the parser counts.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text Pagefind separates from the next one's.
BLOCKS = {"p", "div", "li", "dd", "dt", "h1", "h2", "h3", "td", "section", "ul", "dl"}


class IndexedText(HTMLParser):
    """The text Pagefind indexes on a page: its `data-pagefind-body` region, less the
    `data-pagefind-ignore` elements; `title` is the region's first h1."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.body_at: int | None = None
        self.body_done = False
        self.ignore_at: int | None = None
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.depth += 1
        names = {name for name, _ in attrs}
        if self.body_at is None and "data-pagefind-body" in names:
            self.body_at = self.depth
        elif self.inside and self.ignore_at is None and "data-pagefind-ignore" in names:
            self.ignore_at = self.depth
        if tag == "h1" and self.inside and not self.title:
            self.in_title = True
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.ignore_at == self.depth:
            self.ignore_at = None
        if self.body_at == self.depth:
            self.body_done = True
        if tag == "h1" and self.in_title:
            self.in_title = False
            self.title = " ".join("".join(self.title_parts).split())
        self.depth -= 1

    @property
    def inside(self) -> bool:
        return self.body_at is not None and not self.body_done

    def handle_data(self, data: str) -> None:
        if self.inside and self.ignore_at is None:
            self.parts.append(data)
            if self.in_title:
                self.title_parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def peak_rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def _without_polling_delay() -> None:
    """Pagefind's Python API (1.5.2) sleeps 0.1 s before reading each answer of its service:
    0.1 s a page, 25 minutes at 15,000 pages. The sleep is dropped for this measurement; the
    service, which holds the memory, is untouched."""
    import pagefind.service as service

    real_sleep = asyncio.sleep

    class _Asyncio:
        def __getattr__(self, name: str) -> object:
            return getattr(asyncio, name)

        @staticmethod
        async def sleep(delay: float, *args: object, **kwargs: object) -> None:
            await real_sleep(0)

    service.asyncio = _Asyncio()  # type: ignore[assignment]


async def measure(site: Path, mode: str, output: Path) -> str:
    from pagefind.index import PagefindIndex

    _without_polling_delay()
    pages = [p for p in sorted(site.rglob("index.html")) if "data-pagefind-body" in p.read_text("utf-8")]
    if mode in ("half0", "half1"):
        pages = pages[int(mode[-1])::2]
    start = time.perf_counter()
    index = await PagefindIndex(config={"output_path": str(output.resolve())})._start()
    assert index._service is not None
    pid = index._service._backend.pid
    words, pending = 0, []
    for path in pages:
        html = path.read_text("utf-8")
        url = f"/{path.parent.relative_to(site).as_posix()}/"
        if mode == "html":
            pending.append(index.add_html_file(content=html, url=url))
        else:
            parser = IndexedText()
            parser.feed(html)
            text = parser.text()
            words += len(text.split())
            pending.append(index.add_custom_record(url=url, content=text, language="fr",
                                                   meta={"title": parser.title}))
        if len(pending) >= 200:
            await asyncio.gather(*pending)
            pending = []
    await asyncio.gather(*pending)
    added = peak_rss_mb(pid)
    await index.write_files()
    written = peak_rss_mb(pid)
    await index._service.close()
    counted = f", {words:,} words" if words else ""
    return (f"{mode}: {len(pages):,} pages{counted}; indexer peak RSS {added} MB once every page is added, "
            f"{written} MB once the index is written; {time.perf_counter() - start:.1f} s")


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[2] not in ("html", "records", "half0", "half1"):
        sys.exit(__doc__)
    print(asyncio.run(measure(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))))


if __name__ == "__main__":
    main()
