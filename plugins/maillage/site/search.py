"""Pagefind: index the built site in bulk (the per-record API is far slower), in parts if asked.

Pagefind's indexer holds the words of every page it indexes at once: its memory grows with the
site (1.2 GB at 15,000 entries). Given `pages_per_run` (the plugin's `recherche_pages_par_lot`),
a larger site is indexed in parts of at most that many pages, one Pagefind run each, and the
parts are merged into the one bundle a single run would write (`pagefind_bundle`): the same search
for visitors, a bounded peak for the build — and more build time (the runs and the merge), which
is why one run stays the default.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pagefind_bin import get_executable

from maillage.model.numbers import french_count, french_decimal
from maillage.site import pagefind_bundle, text

log = logging.getLogger("mkdocs.plugins.maillage")

# What to suggest when Pagefind runs out of memory: ~80 KB a page at its peak, ~400 MB a run.
SUGGESTED_PAGES_PER_RUN = 5000
# Pagefind's peak while it writes the index: per page (Maillage's entry pages, 133 words on
# average: 1.2 GB at 15,000 pages, 430 MB at 5,000) and for itself.
PAGE_MEMORY = 85_000
PAGEFIND_MEMORY = 60_000_000
# Smaller runs would cost more in runs and merging than they save.
MIN_PAGES_PER_RUN = 500
# Pagefind indexes only the pages that have this attribute once any page has it (ours all do).
_BODY = b"data-pagefind-body"
_PARTS = ".pagefind-parties"
_GLOB_CHARACTERS = 200_000
# Page names a glob matches literally (slugs are made of these).
_LITERAL = re.compile(r"[A-Za-z0-9._/-]+")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class Indexing:
    """How to index a site: `glob` (the site's `entry_pages_glob`) names the only files that can be
    indexed — Pagefind otherwise parses every page to find out, a tenth of its CPU at 15,000
    entries —; `pages_per_run` forces runs of at most that many pages (`recherche_pages_par_lot`);
    unset, runs are split only when one would not fit in the memory left (`expected_pages`
    gives the count to judge by)."""

    glob: str | None = None
    pages_per_run: int | None = None
    expected_pages: int | None = None


def index(site_dir: Path, output: Path | None = None, how: Indexing = Indexing()) -> None:
    """Write `<site_dir>/pagefind/` (or `output`) from every page that has a `data-pagefind-body`
    region, in runs of a few thousand pages when asked or short of memory; its fragments numbered
    (`pagefind_bundle.compact`: half the bytes of the page list every first search loads)."""
    output = (output or site_dir / "pagefind").resolve()
    pages_per_run = how.pages_per_run
    if pages_per_run is None and how.expected_pages:
        available = available_memory()
        pages_per_run = automatic_pages_per_run(how.expected_pages, available)
        if pages_per_run is not None and available is not None:
            log.info(text.SEARCH_BY_LOTS.format(memory=french_decimal(available / 1e9),
                                                pages=french_count(pages_per_run)))
    if not (pages_per_run and _index_by_lots(site_dir, output, pages_per_run)):
        _run(site_dir, output, glob=how.glob)
    try:
        pagefind_bundle.compact(output)
    except pagefind_bundle.UnsupportedBundle as exc:  # the search works as Pagefind wrote it
        log.info(text.SEARCH_NAMES_KEPT.format(reason=exc))


def available_memory() -> int | None:
    """The bytes the build may still take: the system's available memory (`MemAvailable`), or what
    a container's limit leaves if less; None where neither can be read."""
    found = []
    try:
        for line in Path("/proc/meminfo").read_text("ascii").splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text("ascii").strip()
        if limit != "max":
            found.append(int(limit) - int(Path("/sys/fs/cgroup/memory.current").read_text("ascii")))
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def automatic_pages_per_run(pages: int, available: int | None) -> int | None:
    """Pages per Pagefind run when one run over `pages` would not fit in `available` bytes with a
    fifth of them kept free; None when it fits, or when nothing is known of the memory."""
    if available is None:
        return None
    budget = available * 0.8 - PAGEFIND_MEMORY
    if pages * PAGE_MEMORY <= budget:
        return None
    per_run = max(MIN_PAGES_PER_RUN, int(budget // PAGE_MEMORY))
    return per_run if per_run < pages else None


def entry_pages_glob(folders: list[str], records: str | None = None) -> str | None:
    """The glob of the pages that can be indexed: entry pages (`<folder>/<id>/index.html`) and,
    in a regional commons, the gathered entries' search records (`records/**/*.html`); None when a
    folder name is not literal in a glob."""
    patterns = [f"{folder}/*/index.html" for folder in folders]
    if records is not None:
        patterns.append(f"{records}/**/*.html")
    if not patterns or not all(_LITERAL.fullmatch(folder) for folder in [*folders, *([records] if records else [])]):
        return None
    return "{" + ",".join(patterns) + "}"


def _index_by_lots(site_dir: Path, output: Path, pages_per_run: int) -> bool:
    """Index the site in runs of at most `pages_per_run` pages merged into `output`; False when it
    has no more pages than that, or its runs cannot be merged (then one run indexes it)."""
    pages = indexed_pages(site_dir)
    if len(pages) <= pages_per_run:
        return False
    parts_dir = site_dir / _PARTS
    shutil.rmtree(parts_dir, ignore_errors=True)
    try:
        pagefind_bundle.merge(_index_parts(site_dir, pages, parts_dir, pages_per_run), output)
        return True
    except pagefind_bundle.UnsupportedBundle as exc:
        log.info("Index de recherche en une seule fois (parties non fusionnables : %s)", exc)
        return False
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)


def indexed_pages(site_dir: Path) -> list[Path]:
    """The pages Pagefind indexes, by path relative to the site, in a stable order."""
    found = []
    for folder, subfolders, files in os.walk(site_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.endswith(".html"):
                path = Path(folder, name)
                if _has_body(path.read_bytes()):
                    found.append(path.relative_to(site_dir))
    return found


def _has_body(html: bytes) -> bool:
    """Whether a tag of the page carries the attribute (contributed text that quotes it is escaped,
    so only a tag has it between its `<` and `>`)."""
    at = html.find(_BODY)
    while at != -1:
        if html.rfind(b"<", 0, at) > html.rfind(b">", 0, at) and html[at - 1:at].isspace():
            return True
        at = html.find(_BODY, at + len(_BODY))
    return False


def _index_parts(site_dir: Path, pages: list[Path], parts_dir: Path, part_pages: int) -> list[Path]:
    """Index the pages in balanced parts, one Pagefind run each over the whole site restricted to
    the part's pages by name (their addresses unchanged); returns the parts' bundles in page order.

    The list of pages goes in a `pagefind.json` beside the run (a command line could not hold it).
    A page name Pagefind's glob would read as a pattern raises `UnsupportedBundle`."""
    names = [page.as_posix() for page in pages]
    if not all(_LITERAL.fullmatch(name) for name in names):
        raise pagefind_bundle.UnsupportedBundle("adresse de page hors de [a-z0-9._/-]")
    # Pagefind cannot read a glob of much more than 250,000 characters ("did not parse as a valid
    # glob" at 310,000, measured with Pagefind 1.5.2): more, smaller parts when names are long.
    count = math.ceil(len(names) / part_pages)
    while True:
        bounds = [number * len(names) // count for number in range(count + 1)]  # sizes differ by one at most
        globs = ["{" + ",".join(names[start:end]) + "}" for start, end in pairwise(bounds)]
        if max(map(len, globs)) <= _GLOB_CHARACTERS:
            break
        count += 1
    bundles = []
    for number, glob in enumerate(globs):
        folder = parts_dir / f"partie-{number}"
        folder.mkdir(parents=True)
        (folder / "pagefind.json").write_text(json.dumps({"glob": glob}), "utf-8")
        _run(site_dir, folder / "index", cwd=folder)
        bundles.append(folder / "index")
    return bundles


def _run(site_dir: Path, output: Path, cwd: Path | None = None, glob: str | None = None) -> None:
    """One Pagefind run over `site_dir` (the files `glob` matches, when given), writing its bundle
    to `output` (its configuration file, if any, read from `cwd`)."""
    command = [str(get_executable()), "--site", str(site_dir), "--quiet", "--output-path", str(output)]
    if glob is not None:
        command += ["--glob", glob]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from exc
    if result.returncode != 0:
        raise SearchIndexError(failure(result.returncode, result.stderr or result.stdout))


def failure(returncode: int, output: str) -> str:
    """Why Pagefind failed, in French when it ran out of memory (stopped by the kernel's
    out-of-memory killer, or aborted on a refused allocation), with the way out."""
    output = output.strip()
    if returncode in (-9, 137) or "memory allocation" in output or "out of memory" in output.lower():
        advice = text.PAGEFIND_OUT_OF_MEMORY.format(pages=SUGGESTED_PAGES_PER_RUN,
                                                    pages_text=french_count(SUGGESTED_PAGES_PER_RUN))
        return f"{advice} ({output[-500:]})" if output else advice
    return output[-2000:]
