#!/usr/bin/env python3
"""Benchmark a regional commons gathering local ones over HTTP (issue 19).

Thirteen local commons (by default the thirteen départements of Occitanie) of 2,000 synthetic
entries each (`synthetic_commons.py`: 1,500 actors and 100 of each other type, in the communes of
their département), each exported as its own CI would publish it (`donnees/` and its manifest,
`commun.json`), are served by one HTTP server each on 127.0.0.1. `--partages` actors of each
commons are also listed, under another id and the same SIRET, by the next one (a federation
present in two départements): the regional commons must show each once, and merge nothing else.
The regional commons is started with `maillage nouveau --region` and names the thirteen
`donnees/` in `communs_locaux`.

Measured, each in a fresh helper process (wall clock, user and system CPU of the process and
its children, peak memory of the largest; the HTTP servers run in this process and are not
counted), `--fois` times in pairs:
  (a) `maillage rencontres region --format json`: the gathering alone (read, verify, rebuild,
      link the actors of all commons);
  (b) `mkdocs build --strict` of the regional commons: the gathering, then its listings, map,
      territory pages, agenda, calendars, open data and Pagefind index.
Then once with one commons down (its server answering 503): the build keeps its last good copy.
What was read is checked: every entry gathered, each planted actor shown once, no other merge.

Usage: python scripts/bench_regional.py [--communs 13] [--fiches 2000] [--partages 50] [--fois 2]
                                        [--garder DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from maillage import exports
from maillage.model import load_commons, read_document, render_entry
from synthetic_commons import generate

ROOT = Path(__file__).resolve().parents[1]
# Occitanie's thirteen départements, then others of the south for a larger run.
DEPARTEMENTS = ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
                "13", "83", "84", "04", "05", "06")
REGION = "Occitanie"
MAILLAGE = str(Path(sys.executable).parent / "maillage")
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
# Runs one command and prints what it cost (itself and its children), as JSON.
MEASURE = """
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], check=True, stdout=out, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "user": usage.ru_utime, "system": usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}))
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.server.status != 200:  # type: ignore[attr-defined]
            self.send_error(self.server.status)  # type: ignore[attr-defined]
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextlib.contextmanager
def serving(directories: list[Path]) -> Iterator[list[http.server.ThreadingHTTPServer]]:
    """One HTTP server per local commons' site, on 127.0.0.1."""
    servers = []
    for directory in directories:
        handler = functools.partial(_Handler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.status = 200  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def local_commons(folder: Path, count: int, entries: int, shared: int) -> tuple[list[Path], dict[str, float]]:
    """Write and export the local commons; their site folders and what exporting each cost."""
    actors, others = entries * 3 // 4, entries // 4 // 5
    sites, export_seconds = [], []
    for index, departement in enumerate(DEPARTEMENTS[:count]):
        content = folder / f"commun-{departement}" / "content"
        generate(content, actors=actors, others=others, seed=index, departement=departement)
    # The planted actors: the first `shared` of each commons, listed again by the next one.
    for index in range(count - 1):
        source = folder / f"commun-{DEPARTEMENTS[index]}" / "content" / "acteurs"
        target = folder / f"commun-{DEPARTEMENTS[index + 1]}" / "content" / "acteurs"
        for number in range(shared):
            document = read_document(source / f"acteur-{number:05d}.md")
            data = {**document.data, "identifiants": {"siret": _siret(index, number)}}
            (source / f"acteur-{number:05d}.md").write_text(render_entry(data, document.body), "utf-8")
            (target / f"partage-{DEPARTEMENTS[index]}-{number:05d}.md").write_text(render_entry(data, document.body),
                                                                                      "utf-8")
    for departement in DEPARTEMENTS[:count]:
        commons_folder = folder / f"commun-{departement}"
        start = time.perf_counter()
        commons = load_commons(commons_folder / "content")
        exports.write_all(commons, commons_folder / "site", f"https://commun-{departement}.example.org/",
                          site_name=f"Commun culturel {departement}", territory=departement)
        export_seconds.append(time.perf_counter() - start)
        sites.append(commons_folder / "site")
    return sites, {"median": statistics.median(export_seconds), "max": max(export_seconds)}


def _siret(index: int, number: int) -> str:
    """A valid SIRET per planted actor (Luhn on the SIREN and on the SIRET)."""
    from maillage.model.identifiers import luhn_valid

    base = f"{index:02d}{number:05d}"
    siren = next(f"{base}{d:02d}" for d in range(100) if luhn_valid(f"{base}{d:02d}"))
    return next(f"{siren}{d:05d}" for d in range(100_000) if luhn_valid(f"{siren}{d:05d}"))


def regional_commons(folder: Path, urls: list[str]) -> Path:
    """`maillage nouveau --region`, then `communs_locaux` in its mkdocs.yml."""
    root = folder / "region"
    subprocess.run([MAILLAGE, "nouveau", str(root), "--region", REGION], check=True, capture_output=True)
    config = root / "mkdocs.yml"
    block = yaml.safe_dump({"communs_locaux": urls}, default_flow_style=False).splitlines()
    text = config.read_text("utf-8").replace("      territoire:\n", "".join(f"      {line}\n" for line in block)
                                             + "      territoire:\n", 1)
    config.write_text(text, "utf-8")
    return root


def measure(output: Path, command: list[str], cwd: Path) -> dict[str, float]:
    env = {**os.environ, "MAILLAGE_SITE_URL": "https://occitanie.example.org/"}
    completed = subprocess.run([sys.executable, "-c", MEASURE, str(output), *command], check=True, cwd=cwd,
                               capture_output=True, text=True, env=env)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def check(report: dict, count: int, entries: int, shared: int) -> str:
    """What the gathering read, against what was published and planted."""
    gathered = sum(sum(c["fiches"].values()) for c in report["communs"])
    published = count * entries + (count - 1) * shared
    actors = [g for g in report["doublons"] if g["type"] == "acteurs"]
    planted = sum(1 for g in actors if len(g["origines"]) == 2 and "SIRET" in g["motif"])
    wrong = len(actors) - planted
    return (f"{gathered} fiches lues sur {published} publiées ; acteurs plantés réunis : {planted} sur "
            f"{(count - 1) * shared} ; autres fusions d'acteurs : {wrong} ; "
            f"formats : {sorted({c['format'] for c in report['communs']})}")


def line(label: str, runs: list[dict[str, float]]) -> str:
    walls = sorted(r["wall"] for r in runs)
    users = sorted(r["user"] for r in runs)
    rss = max(r["rss_mb"] for r in runs)
    return (f"{label}: {walls[0]:.1f}–{walls[-1]:.1f} s wall, {users[0]:.1f}–{users[-1]:.1f} s user CPU, "
            f"system {min(r['system'] for r in runs):.1f}–{max(r['system'] for r in runs):.1f} s, "
            f"peak {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communs", type=int, default=13)
    parser.add_argument("--fiches", type=int, default=2000)
    parser.add_argument("--partages", type=int, default=50)
    parser.add_argument("--fois", type=int, default=2)
    parser.add_argument("--garder", type=Path, help="keep the commons and sites in this folder")
    args = parser.parse_args()
    folder = args.garder or Path(tempfile.mkdtemp(prefix="bench-regional-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        sites, exported = local_commons(folder, args.communs, args.fiches, args.partages)
        size = sum(f.stat().st_size for site in sites for f in (site / "donnees").glob("*.json"))
        print(f"{args.communs} communs locaux de {args.fiches} fiches écrits et exportés en "
              f"{time.perf_counter() - start:.0f} s (export d'un commun : médiane {exported['median']:.1f} s, "
              f"max {exported['max']:.1f} s) ; JSON publiés : {size / 1e6:.1f} Mo", flush=True)
        with serving(sites) as servers:
            urls = [f"http://127.0.0.1:{s.server_address[1]}/donnees/" for s in servers]
            root = regional_commons(folder, urls)
            gather_runs, build_runs = [], []
            for attempt in range(args.fois):
                report_file = folder / f"rapport-{attempt}.json"
                gather_runs.append(measure(report_file, [MAILLAGE, "rencontres", "region", "--format", "json"], root))
                build_runs.append(measure(folder / "build.log", [*MKDOCS, "-d", str(folder / "site")], root))
                print(f"  essai {attempt + 1} : rassemblement {gather_runs[-1]['wall']:.1f} s, "
                      f"construction {build_runs[-1]['wall']:.1f} s", flush=True)
            report = json.loads(report_file.read_text("utf-8"))
            print(check(report, args.communs, args.fiches, args.partages))
            print(line("rassemblement seul (maillage rencontres region)", gather_runs))
            print(line("construction du site régional (mkdocs build)", build_runs))
            pages = sum(1 for _ in (folder / "site").rglob("index.html"))
            site_mb = sum(f.stat().st_size for f in (folder / "site").rglob("*") if f.is_file()) / 1e6
            print(f"site régional : {pages} pages, {site_mb:.0f} Mo")
            servers[0].status = 503  # type: ignore[attr-defined]
            down = measure(folder / "rapport-panne.json", [MAILLAGE, "rencontres", "region", "--format", "json"], root)
            degraded = json.loads((folder / "rapport-panne.json").read_text("utf-8"))
            state = degraded["communs"][0]
            print(f"un commun en panne (503) : {down['wall']:.1f} s ; son état : {state['etat']} "
                  f"({sum(state['fiches'].values())} fiches de sa dernière bonne copie) ; "
                  f"avertissements : {len(degraded['avertissements'])}")
    finally:
        if args.garder is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
