#!/usr/bin/env python3
"""Benchmark the site build: Maillage against plain Material for MkDocs, Pagefind included in both.

For each size (entries: two thirds actors, the rest split over the five other types, written by
scripts/synthetic_commons.py with a body of its own for each entry), in one run, pairs back to
back, several times:
  (a) `mkdocs build --strict` with the maillage plugin (entry pages, listings, territories, map,
      meeting pages, open data, calendars, Pagefind index);
  (b) plain Material for MkDocs over one Markdown page per entry, made from the same entry (its
      title, summary, body and field values: pages that vary as real entries do), outside the
      nav, then `pagefind --site`.
Each build runs in a fresh helper process that reports the wall clock, the CPU time of every
process it ran (user and system apart: on a shared machine the wall clock and the system time
also measure the neighbours, user CPU much less) and the peak memory of the largest process
(`ru_maxrss`, Pagefind included). Then, at the largest size: the HTML size of entry pages, and
the bytes a first search transfers, measured in Chromium (Playwright) typing a query in the
header search box and summing the bytes on the wire under /pagefind/, served gzip-compressed as
any production static host does.

Usage: python scripts/bench_site.py [--tailles 1500,5000,15000] [--fois 3] [--query marionnettes]
                                    [--keep DIR] [--profile] [--lot PAGES]
`--profile` also runs the largest Maillage build in-process under pyinstrument (DIR/profile.txt).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml
from pagefind_bin import get_executable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from maillage.model import load_commons
from synthetic_commons import generate

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
# Runs its arguments (commands separated by "--") and prints what they cost, as JSON.
MEASURE = """
import json, os, resource, subprocess, sys, time
commands, current = [], []
for arg in sys.argv[1:]:
    if arg == "--":
        commands.append(current); current = []
    else:
        current.append(arg)
commands.append(current)
start = time.perf_counter()
for command in commands:
    subprocess.run(command, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "user": usage.ru_utime, "system": usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}))
"""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for `!ENV [NAME, default]`: here, the default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def maillage_config(workdir: Path, content: Path, pages_per_run: int | None = None) -> Path:
    """The project's mkdocs.yml pointed at a synthetic content folder (Pagefind indexing at most
    `pages_per_run` pages a run when given: the plugin's `recherche_pages_par_lot`)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = str(content)
    if pages_per_run is not None:
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "maillage" in plugin:
                plugin["maillage"] = {**(plugin["maillage"] or {}), "recherche_pages_par_lot": pages_per_run}
    (content / "index.md").write_text("# Accueil\n\nCommun synthétique.\n", "utf-8")
    # The demo's hand-written pages (contributing guide, census report) are not in the
    # synthetic commons; generated pages are.
    demo = ROOT / "content"
    config["nav"] = [item for item in config["nav"]
                     if all((content / p).is_file() or not (demo / p).is_file() for p in item.values())]
    path = workdir / "maillage.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def _flat(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flat(item)]
    if isinstance(value, list):
        return [text for item in value for text in _flat(item)]
    return [str(value)]


def material_config(workdir: Path, content: Path) -> Path:
    """Plain Material over one page per entry of `content` (its title, summary, body and field
    values), none in the nav, no lunr (Pagefind runs after)."""
    docs = workdir / "plain"
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "pages").mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n", "utf-8")
    commons = load_commons(content)
    for entry in commons.entries.values():
        fields = "\n".join(f"- **{key}** : {', '.join(_flat(value))}" for key, value in entry.data.items()
                           if key not in ("schema_version", "resume"))
        page = f"# {entry.title}\n\n{entry.data.get('resume', '')}\n\n{entry.body}\n\n{fields}\n"
        (docs / "pages" / f"{entry.type.folder}-{entry.id}.md").write_text(page, "utf-8")
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


def measure(*commands: list[str]) -> dict[str, float]:
    """Run commands one after the other in a fresh helper process; what they cost."""
    arguments = [arg for command in commands for arg in ([*command, "--"])][:-1]
    output = subprocess.run([sys.executable, "-c", MEASURE, *arguments], check=True, cwd=ROOT,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def build_maillage(config: Path, site: Path) -> dict[str, float]:
    return measure([*MKDOCS, "-f", str(config), "-d", str(site)])


def build_material(config: Path, site: Path) -> dict[str, float]:
    index = [str(get_executable()), "--site", str(site), "--quiet"]
    return measure([*MKDOCS, "-f", str(config), "-d", str(site)], index)


def entry_page_sizes(site: Path) -> dict[str, int]:
    """Median HTML size of the entry pages of each type."""
    sizes = {}
    for folder in ("acteurs", "outils", "projets", "experiences", "rencontres", "tirages"):
        files = sorted((site / folder).glob("*/index.html"))[:200]
        if files:
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
    parser.add_argument("--tailles", default="1500,5000,15000", help="entry counts, comma-separated")
    parser.add_argument("--fois", type=int, default=3, help="pairs of builds per size")
    parser.add_argument("--query", default="marionnettes")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated commons and sites in this folder")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--lot", type=int, help="Maillage's Pagefind indexes at most this many pages a run "
                        "(the plugin's recherche_pages_par_lot)")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        sizes = [int(size) for size in args.tailles.split(",")]
        print(run(workdir, sizes, args.fois, args.query, args.profile, args.lot))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _span(values: list[float], unit: str = "s", digits: int = 1) -> str:
    low, high, middle = min(values), max(values), statistics.median(values)
    return f"{low:.{digits}f}–{high:.{digits}f} {unit} (median {middle:.{digits}f})"


def run(workdir: Path, sizes: list[int], times: int, query: str, with_profile: bool,
        pages_per_run: int | None = None) -> str:
    lines = []
    for size in sizes:
        folder = workdir / str(size)
        content = folder / "content"
        if not content.is_dir():
            generate(content, actors=size * 2 // 3, others=size // 15)
        ours, plain = maillage_config(folder, content, pages_per_run), material_config(folder, content)
        results: list[tuple[dict[str, float], dict[str, float]]] = []
        for _ in range(times):
            results.append((build_maillage(ours, folder / "site"), build_material(plain, folder / "material-site")))
        pages = sum(1 for _ in (content).glob("*/*.md"))
        lot = f" (Pagefind by lots of {pages_per_run} pages)" if pages_per_run else ""
        lines.append(f"{pages} entries, {times} pairs (a) Maillage{lot}, (b) Material + Pagefind, back to back:")
        for label, key in (("wall", "wall"), ("user CPU", "user"), ("system CPU", "system")):
            a, b = [r[0][key] for r in results], [r[1][key] for r in results]
            ratios = [x / y for x, y in zip(a, b, strict=True)]
            lines.append(f"  {label:10s} (a) {_span(a)}  (b) {_span(b)}  (a)/(b) {_span(ratios, '', 2)}")
        lines.append(f"  peak memory (largest process): (a) {_span([r[0]['rss_mb'] for r in results], 'MB', 0)}"
                     f"  (b) {_span([r[1]['rss_mb'] for r in results], 'MB', 0)}")
    largest = workdir / str(sizes[-1])
    sizes_html = entry_page_sizes(largest / "site")
    lines.append("Entry page HTML (median bytes): " + ", ".join(f"{k} {v}" for k, v in sizes_html.items())
                 + f"  (target <= {12 * 1024})")
    search_bytes, results_shown, files = first_search_bytes(largest / "site", query)
    lines.append(f"First search '{query}': {search_bytes} bytes over {len(files)} files, {results_shown} results shown"
                 f"  (target <= {190 * 1024})")
    lines.append("  " + ", ".join(f"{name.split('?')[0]} {size}" for name, size in sorted(files.items())))
    if with_profile:
        profile(largest / "maillage.yml", workdir / "profile-site", workdir / "profile.txt")
        lines.append(f"Profile: {workdir / 'profile.txt'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
