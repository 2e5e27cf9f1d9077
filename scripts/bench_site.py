#!/usr/bin/env python3
"""Benchmark the site build: Maillage against plain Material for MkDocs, Pagefind included in both.

In one run, on synthetic commons written by scripts/synthetic_commons.py:
  (a) `mkdocs build` with the maillage plugin (entry pages, listings, territories, map,
      open data, Pagefind index) at full size (10,000 acteurs + 1,000 of each other type)
      and at a tenth of it (1,000 + 100), for the linearity ratio;
  (b) `mkdocs build` with plain Material for MkDocs over the same number of simple Markdown
      pages excluded from the nav (`not_in_nav`), followed by `pagefind --site`.
Each build is a separate `mkdocs` process, timed from start to exit both by the wall clock
and in CPU time (user + system of the processes, Pagefind included): on a shared machine
the wall clock also measures the neighbours, the CPU time much less.
Then: the HTML size of entry pages, and the bytes a first search transfers, measured in
Chromium (Playwright) typing a query in the header search box of the full-size site and
summing the bytes on the wire of the responses under /pagefind/ (entry JS, WebAssembly,
metadata, index chunk, fragments of the results shown), served gzip-compressed as any
production static host does.

Usage: python scripts/bench_site.py [--actors 10000] [--others 1000] [--query marionnettes]
                                    [--keep DIR] [--profile]
`--profile` also runs the full-size Maillage build in-process under pyinstrument and
writes the report to DIR/profile.txt.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from pagefind_bin import get_executable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_commons import WORDS, generate

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for `!ENV [NAME, default]`: here, the default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def maillage_config(workdir: Path, content: Path) -> Path:
    """The project's mkdocs.yml pointed at a synthetic content folder."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = str(content)
    (content / "index.md").write_text("# Accueil\n\nCommun synthétique.\n", "utf-8")
    # The demo's hand-written pages (contributing guide, census report) are not in the
    # synthetic commons; generated pages are.
    demo = ROOT / "content"
    config["nav"] = [item for item in config["nav"]
                     if all((content / p).is_file() or not (demo / p).is_file() for p in item.values())]
    path = workdir / "maillage.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def material_config(workdir: Path, pages: int) -> Path:
    """Plain Material over `pages` simple pages, none in the nav, no lunr (Pagefind runs after)."""
    docs = workdir / "plain"
    (docs / "pages").mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n", "utf-8")
    text = " ".join(WORDS[i % len(WORDS)] for i in range(80))
    for i in range(pages):
        (docs / "pages" / f"page-{i:05d}.md").write_text(f"# Page {i}\n\n{text}.\n\n- un\n- deux\n", "utf-8")
    config = {
        "site_name": "Référence",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": str(docs),
        "theme": {"name": "material", "language": "fr", "font": False},
        "plugins": [],
        "not_in_nav": "/pages/",
        "nav": [{"Accueil": "index.md"}],
    }
    path = workdir / "material.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


class Clock:
    """Wall-clock and CPU seconds (user + system of child processes, Pagefind included).

    On a shared machine the wall clock measures the neighbours too; the CPU time does not.
    """

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def run(self, command: list[str]) -> None:
        """Run a command (which must succeed), adding its times."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=_env())
        self.wall += time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_maillage(config: Path, site: Path) -> Clock:
    clock = Clock()
    clock.run([*MKDOCS, "-f", str(config), "-d", str(site)])
    return clock


def build_material(config: Path, site: Path) -> Clock:
    clock = Clock()
    clock.run([*MKDOCS, "-f", str(config), "-d", str(site)])
    clock.run([str(get_executable()), "--site", str(site), "--quiet"])
    return clock


def entry_page_sizes(site: Path) -> dict[str, int]:
    """Median HTML size of the entry pages of each type."""
    sizes = {}
    for folder in ("acteurs", "outils", "projets", "experiences", "rencontres", "tirages"):
        files = sorted((site / folder).glob("*/index.html"))[:200]
        sizes[folder] = int(statistics.median(f.stat().st_size for f in files))
    return sizes


def first_search_bytes(site: Path, query: str) -> tuple[int, int, dict[str, int]]:
    """Bytes under /pagefind/ transferred by typing `query` in the header search box, in Chromium."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loaded: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/", wait_until="load")

            def record(response) -> None:  # type: ignore[no-untyped-def]
                if "/pagefind/" in response.url:  # bytes on the wire (compressed body)
                    size = response.request.sizes()["responseBodySize"]
                    # Requests made by Pagefind's web worker report no size: gzip the body as the server did.
                    loaded[response.url.split("/pagefind/")[1]] = size or len(gzip.compress(response.body()))

            page.on("response", record)
            page.fill("#maillage-q", query)
            page.wait_for_selector("[data-maillage-search-results] li", timeout=60000)
            page.wait_for_timeout(500)
            results = page.locator("[data-maillage-search-results] li").count()
            browser.close()
    finally:
        server.shutdown()
    return sum(loaded.values()), results, loaded


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text (JS, JSON, CSS, HTML) as every production host does.

    Pagefind's own index files are already gzipped and are sent as they are.
    """

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in {".js", ".json", ".css", ".html"} and path.is_file()
        if not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def profile(config: Path, site: Path, report: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    build(load_config(config_file=str(config), site_dir=str(site)))
    profiler.stop()
    report.write_text(profiler.output_text(unicode=True, show_all=False), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--query", default="marionnettes")
    parser.add_argument("--keep", type=Path, help="keep the generated commons and sites in this folder")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        figures = run(workdir, args.actors, args.others, args.query, args.profile)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(figures)


def run(workdir: Path, actors: int, others: int, query: str, with_profile: bool) -> str:
    full, tenth = workdir / "full", workdir / "tenth"
    generate(full / "content", actors, others)
    generate(tenth / "content", actors // 10, others // 10)
    pages = actors + 5 * others
    big = build_maillage(maillage_config(full, full / "content"), full / "site")
    small = build_maillage(maillage_config(tenth, tenth / "content"), tenth / "site")
    reference = build_material(material_config(full, pages), full / "material-site")
    sizes = entry_page_sizes(full / "site")
    search_bytes, results, files = first_search_bytes(full / "site", query)
    if with_profile:
        profile(full / "maillage.yml", workdir / "profile-site", workdir / "profile.txt")
    lines = [f"Synthetic commons: {actors} acteurs + {others} of each other type ({pages} entry pages)"]
    for label, measure in (("wall clock", "wall"), ("CPU time", "cpu")):
        a, b, tenth_time = getattr(big, measure), getattr(reference, measure), getattr(small, measure)
        lines += [
            f"[{label}]",
            f"(a) Maillage build, full size:      {a:7.1f} s",
            f"(b) Material + Pagefind, same size: {b:7.1f} s",
            f"(a)/(b):                            {a / b:7.2f}  (target <= 1.5)",
            f"Maillage at 1/10 size:              {tenth_time:7.1f} s",
            f"Linearity (full / tenth):           {a / tenth_time:7.2f}  (target <= 11)",
        ]
    lines += [
        "Entry page HTML (median bytes): " + ", ".join(f"{k} {v}" for k, v in sizes.items())
        + f"  (target <= {40 * 1024})",
        f"First search '{query}': {search_bytes} bytes over {len(files)} files, {results} results shown"
        f"  (target <= {150 * 1024})",
        "  " + ", ".join(f"{name.split('?')[0]} {size}" for name, size in sorted(files.items())),
    ]
    if with_profile:
        lines.append(f"Profile: {workdir / 'profile.txt'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
