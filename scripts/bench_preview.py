#!/usr/bin/env python3
"""Benchmark the preview: from saving an entry file to `mkdocs serve` serving the new page.

On a synthetic commons (scripts/synthetic_commons.py: two thirds actors, the rest split over
the five other types), a real `mkdocs serve` (the project's mkdocs.yml, strict) is started; then,
one after the other, an entry is edited, an entry is added and an entry is deleted, each several
times. The time measured runs from the file's write to the first HTTP answer showing the change
(the new title, the new page, a 404), polled every 20 ms, as a browser reloading would see it:
it includes MkDocs' polling of the folder (every 0.5 s). Beside it, the CPU time (user + system)
the server used meanwhile, read from /proc: on a shared machine the wall clock also measures the
neighbours. Between two edits the script waits for the background work (search index, open
data, calendars) to end, as a contributor reading the page would.

Usage: python scripts/bench_preview.py [--entrees 5000] [--fois 3] [--garder DIR]
Run it with another checkout's Python (`/path/.venv/bin/python scripts/bench_preview.py`) to
measure that version: the preview of before issue 17 had no background work (nothing to wait for).
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import maillage_config
from serving import Server
from synthetic_commons import generate

DEFERRED = "recherche, données ouvertes et agendas à jour"


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def measure(server: Server, action, url: str, shown) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds (wall, server CPU) from the action to the first answer `shown` accepts."""
    cpu = server.cpu()
    start = time.monotonic()
    action()
    while True:
        status, body = _status(url)
        if shown(status, body):
            return time.monotonic() - start, server.cpu() - cpu
        time.sleep(0.02)


def run(entries: int, times: int, workdir: Path) -> str:
    content = workdir / "content"
    if not content.is_dir():
        generate(content, actors=entries * 2 // 3, others=entries // 15)
    config = maillage_config(workdir, content)
    started = time.monotonic()
    server = Server(config, workdir)
    lines = [f"Synthetic commons: {entries} entries; `mkdocs serve` of the project's mkdocs.yml"]
    try:
        if server.next_line("Serving on", 3600) is None:
            raise SystemExit("the server never started:\n" + "".join(server.drain()))
        lines.append(f"first build, until serving: {time.monotonic() - started:.1f} s")
        # Before issue 17 there was no background work: then nothing is waited for.
        background = server.next_line(DEFERRED, 300) is not None

        def settle() -> None:
            if background:
                server.next_line(DEFERRED, 300)

        results: dict[str, list[tuple[float, float]]] = {"edited": [], "added": [], "deleted": []}
        actors = content / "acteurs"
        for round_ in range(times):
            edited = actors / f"acteur-{round_ * 7 + 1:05d}.md"
            title = f"Titre modifié {round_} {time.time_ns()}"
            source = edited.read_text("utf-8")
            new_source = "\n".join(f"nom: {title}" if line.startswith("nom: ") else line
                                   for line in source.split("\n"))
            url = server.url + f"acteurs/{edited.stem}/"
            results["edited"].append(measure(server, functools.partial(edited.write_text, new_source, "utf-8"), url,
                                             lambda status, body, t=title: t in body))
            settle()
            added = actors / f"nouvel-acteur-{round_}.md"
            added_source = new_source.replace(f"nom: {title}", f"nom: Nouvel acteur {round_}")
            results["added"].append(measure(server, functools.partial(added.write_text, added_source, "utf-8"),
                                            server.url + f"acteurs/{added.stem}/",
                                            lambda status, body, r=round_: f"Nouvel acteur {r}" in body))
            settle()
            results["deleted"].append(measure(server, added.unlink, server.url + f"acteurs/{added.stem}/",
                                              lambda status, body: status == 404))
            settle()
        for kind, found in results.items():
            walls, cpus = [w for w, _ in found], [c for _, c in found]
            lines.append(f"{kind:8s} → served: wall {min(walls):.2f}–{max(walls):.2f} s "
                         f"(median {statistics.median(walls):.2f}), server CPU {min(cpus):.2f}–{max(cpus):.2f} s")
        lines += ["console:", *["  " + line.rstrip() for line in server.console
                                      if any(w in line for w in ("Aperçu", "WARNING", "ERROR"))][-20:]]
    finally:
        server.stop()
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrees", type=int, default=5000)
    parser.add_argument("--fois", type=int, default=3)
    parser.add_argument("--garder", type=Path, help="keep (and reuse) the synthetic commons in this folder")
    args = parser.parse_args()
    workdir = args.garder or Path(tempfile.mkdtemp(prefix="bench-preview-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(run(args.entrees, args.fois, workdir))
    finally:
        if args.garder is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
