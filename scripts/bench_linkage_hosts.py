"""Benchmark: the census linkage on a listing whose actors share web domains.

Real listings hold many associations on one site: a hosting service not in the census's list
of shared hosts (`free.fr` pages, `assoconnect.com`), or a town hall's site with one page per
association. Blocking on the website then makes every such actor a candidate of every other.
This script links, in a child process each, a listing of `--acteurs` distinct actors that all
give a page of `--domaine`, plus `--doublons` actors listed twice (same name, commune and
phone, one record without a website), and reports wall time, user CPU and peak RSS of the child.

    .venv/bin/python scripts/bench_linkage_hosts.py --acteurs 2000 --fois 2
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

COMMUNES = ["88160", "88413", "88465", "08105", "57463", "67482", "51454", "10387", "54395", "68224"]
WORDS = ["chorale", "théâtre", "danse", "football", "cyclisme", "patrimoine", "lecture", "jardin", "photo",
         "échecs", "randonnée", "musique", "cinéma", "poterie", "judo", "tennis", "peinture", "jazz"]
PLACES = ["des Vosges", "du lac", "de la vallée", "des amis", "du quartier", "de la forêt", "du pays", "des écoles"]


def listing(actors: int, domain: str, twins: int, seed: int) -> list[dict[str, str]]:
    """Raw rows: distinct actors sharing `domain`, then `twins` of them again without a website."""
    rng = random.Random(seed)
    rows = []
    for index in range(actors):
        name = f"{rng.choice(['Association', 'Club', 'Amicale', 'Comité'])} {rng.choice(WORDS)} " \
               f"{rng.choice(PLACES)} {index}"
        rows.append(
            {
                "nom": name,
                "commune": rng.choice(COMMUNES),
                "site_web": f"https://{domain}/associations/{index}",
                "telephone": f"03 29 {index // 100 % 100:02d} {index % 100:02d} {rng.randrange(100):02d}",
            }
        )
    for index in range(twins):
        rows.append({key: rows[index][key] for key in ("nom", "commune", "telephone")})
    return rows


def child(actors: int, domain: str, twins: int) -> None:
    """Normalise and link the listing; print what was found and how much it cost (JSON)."""
    from maillage.census.link import CENSUS, link_records, pair
    from maillage.census.records import normalise_fields

    records = []
    for index, row in enumerate(listing(actors, domain, twins, seed=1)):
        record = normalise_fields(row)
        record["uid"] = f"liste:{index}"
        records.append(record)
    start = time.perf_counter()
    result = link_records(records, linkage=CENSUS)
    wall = time.perf_counter() - start
    # A twin is found when merged, or put before a human for review.
    linked = {(link.uid_l, link.uid_r) for link in result.links if link.band != "distinct"}
    twins_found = sum(1 for index in range(twins) if pair(f"liste:{index}", f"liste:{actors + index}") in linked)
    others = len(set(result.clusters.values()))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "wall": wall, "user": usage.ru_utime, "rss_mb": usage.ru_maxrss / 1024, "compared": result.compared,
        "twins_found": twins_found, "clusters": others, "warnings": getattr(result, "warnings", []),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acteurs", type=int, default=2000)
    parser.add_argument("--domaine", default="www.mairie-exemple.fr")
    parser.add_argument("--doublons", type=int, default=20)
    parser.add_argument("--fois", type=int, default=1)
    parser.add_argument("--enfant", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enfant:
        child(args.acteurs, args.domaine, args.doublons)
        return
    for run in range(args.fois):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--enfant", "--acteurs", str(args.acteurs), "--domaine", args.domaine,
             "--doublons", str(args.doublons)],
            capture_output=True, text=True, check=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        load = Path("/proc/loadavg").read_text().split()[0]
        print(
            f"run {run + 1}: linkage {figures['wall']:.1f} s wall (process {time.perf_counter() - start:.1f} s), "
            f"{figures['user']:.1f} s user CPU, peak RSS {figures['rss_mb']:.0f} MB, "
            f"{figures['compared']} pairs scored, {figures['twins_found']}/{args.doublons} twins found, "
            f"{figures['clusters']} clusters, load {load}"
        )
        for warning in figures["warnings"]:
            print(" ", warning)


if __name__ == "__main__":
    main()
