#!/usr/bin/env python3
"""Benchmark of the suggestion step ("à rencontrer") on a synthetic commons.

Generates a valid commons with `scripts/synthetic_commons.py` (N actors spread over the
Vosges communes), loads it with the model, then times separately:
- the profiles (publishable actors with their territory),
- the inverted indexes (by territory × resource and territory × discipline),
- the suggestions for every actor (5 each),
and reports how many candidates each actor examined (mean, 99th percentile, maximum) against
the N − 1 a quadratic scan would compare, and a digest of the result showing it is
deterministic (two runs, indexes built from profiles in two different orders); then the CPU of
the indexes after one actor is edited (the preview): built again against updated from the previous.

Usage: .venv/bin/python scripts/bench_meet.py [--actors 10000] [--seed 0] [--limit 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from maillage.meet.profiles import profiles
from maillage.meet.suggest import Suggester
from maillage.meet.vocabulary import default_vocabulary
from maillage.model import load_commons
from synthetic_commons import generate


def digest(result: dict) -> str:
    """A short hash of every suggestion (actor, score, line), in id order."""
    text = "\n".join(f"{a}>{s.actor}:{s.score}:{s.line}" for a, found in sorted(result.items()) for s in found)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        started = time.perf_counter()
        generate(content, actors=args.actors, others=50, seed=args.seed)
        print(f"generated {args.actors} actors in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        commons = load_commons(content)
        print(f"load_commons: {time.perf_counter() - started:.2f} s ({len(commons.errors)} errors)")
    vocabulary = default_vocabulary()
    started = time.perf_counter()
    people = profiles(commons)
    t_profiles = time.perf_counter() - started
    started = time.perf_counter()
    suggester = Suggester(people, vocabulary)
    t_index = time.perf_counter() - started
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = suggester.all(limit=args.limit)
    t_suggest = time.perf_counter() - started
    cpu_suggest = time.process_time() - cpu_started
    sizes = np.array([len(suggester.candidates(p, args.limit)) for p in people.values()])
    shuffled = list(people.items())
    random.Random(1).shuffle(shuffled)
    again = Suggester(dict(shuffled), vocabulary).all(limit=args.limit)
    print(f"actors with a profile: {len(people)}")
    print(f"profiles: {t_profiles:.2f} s; indexes: {t_index:.2f} s; suggestions for all: {t_suggest:.2f} s "
          f"({1e3 * t_suggest / len(people):.2f} ms per actor; CPU {cpu_suggest:.2f} s)")
    print(f"total suggestion step: {t_profiles + t_index + t_suggest:.2f} s")
    print(f"candidates examined per actor: mean {sizes.mean():.0f}, p99 {np.percentile(sizes, 99):.0f}, "
          f"max {sizes.max()} (a quadratic scan: {len(people) - 1})")
    print(f"actors with {args.limit} suggestions: {sum(len(v) == args.limit for v in result.values())}")
    print(f"digest: {digest(result)}; after reordering: {digest(again)}; deterministic: {result == again}")
    first = next(iter(people.values()))
    changed = dataclasses.replace(first, propose=first.recherche, propose_bits=first.recherche_bits)
    edited = {**people, first.id: changed}
    for name, before in (("built again", None), ("updated", suggester)):
        started = time.process_time()
        for _ in range(5):
            Suggester(edited, vocabulary, before=before)
        print(f"indexes after one edited actor, {name}: CPU {1e3 * (time.process_time() - started) / 5:.1f} ms")


if __name__ == "__main__":
    main()
