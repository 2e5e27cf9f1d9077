#!/usr/bin/env python3
"""Benchmark the census on synthetic French listings (see `synthetic_listings.py`).

Quality (default): several thousand actors over real communes of France rendered in the RNA,
SIRENE, Basilic, federation and town-hall layouts, run through import → normalise → link;
the reviewer is simulated with the ground truth.

    python scripts/bench_census_synthetic.py --acteurs 3000

Targets: precision of auto-merged pairs ≥ 0.99, recall after review ≥ 0.95, review queue
≤ 10 % of the true entities.

Speed: `--volume 100000` generates about that many records and times normalise and link.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic_listings
from maillage.census.importer import import_listing
from maillage.census.link import link_records
from maillage.census.mapping import load_mapping, resolve_mapping
from maillage.census.records import normalise_workdir, read_records
from maillage.census.workdir import Workdir

SHIPPED = {"rna": "rna-waldec", "sirene": "sirene", "basilic": "basilic"}
RECORDS_PER_ACTOR = 1.8


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


def _groups(assignment: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for uid, group in assignment.items():
        groups[group].append(uid)
    return groups


def prepare(actors: int, folder: Path, seed: int) -> tuple[Workdir, dict[str, str], float]:
    """Generate, write and import the listings; returns the workdir, the truth and the import time."""
    listings = synthetic_listings.generate(actors, seed)
    written = synthetic_listings.write(listings, folder / "listes")
    workdir = Workdir(folder / "recensement")
    start = time.perf_counter()
    for layout, (path, own_mapping) in written.items():
        mapping_path = own_mapping or resolve_mapping(SHIPPED[layout])
        import_listing(path, load_mapping(mapping_path), mapping_path, workdir, date(2026, 11, 25))
    truth = {f"{source}:{key}": actor for (source, key), actor in listings.truth.items()}
    return workdir, truth, time.perf_counter() - start


def quality(actors: int, seed: int) -> None:
    """Precision, recall after simulated review and review load."""
    with tempfile.TemporaryDirectory() as folder:
        workdir, truth, _ = prepare(actors, Path(folder), seed)
        normalise_workdir(workdir)
        records = read_records(workdir)
        start = time.perf_counter()
        result = link_records(records)
        elapsed = time.perf_counter() - start
        true_pairs = _pairs(_groups(truth))
        auto_pairs = _pairs(_groups(result.clusters))
        auto_precision = len(auto_pairs & true_pairs) / max(len(auto_pairs), 1)
        decisions = {
            (link.uid_l, link.uid_r): "meme" if truth[link.uid_l] == truth[link.uid_r] else "distinct"
            for link in result.review
        }
        reviewed = link_records(records, decisions)
        final_pairs = _pairs(_groups(reviewed.clusters))
        entities = len(set(truth.values()))
        print(f"{len(records)} enregistrements, {entities} acteurs réels, liaison en {elapsed:.1f} s")
        print(f"précision des fusions automatiques : {auto_precision:.4f}")
        print(f"rappel avant revue : {len(auto_pairs & true_pairs) / len(true_pairs):.4f}")
        print(f"paires à revoir : {len(result.review)} ({len(result.review) / entities:.1%} des acteurs)")
        print(
            f"après revue : précision {len(final_pairs & true_pairs) / max(len(final_pairs), 1):.4f}, "
            f"rappel {len(final_pairs & true_pairs) / len(true_pairs):.4f}"
        )


def volume(records: int, seed: int) -> None:
    """Time normalise and link on about `records` records."""
    with tempfile.TemporaryDirectory() as folder:
        workdir, _, imported = prepare(int(records / RECORDS_PER_ACTOR), Path(folder), seed)
        start = time.perf_counter()
        normalise_workdir(workdir)
        rows = read_records(workdir)
        normalised = time.perf_counter() - start
        start = time.perf_counter()
        result = link_records(rows)
        linked = time.perf_counter() - start
        print(
            f"{len(rows)} enregistrements : import {imported:.1f} s, normalisation {normalised:.1f} s, "
            f"liaison {linked:.1f} s ({result.compared} paires comparées, "
            f"{len(set(result.clusters.values()))} acteurs)"
        )


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acteurs", type=int, default=3000)
    parser.add_argument("--volume", type=int, help="time linkage of about this many records instead")
    parser.add_argument("--graine", type=int, default=7)
    args = parser.parse_args()
    if args.volume:
        volume(args.volume, args.graine)
    else:
        quality(args.acteurs, args.graine)


if __name__ == "__main__":
    main()
