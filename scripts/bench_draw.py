#!/usr/bin/env python3
"""Benchmark of the draw: fairness, agreement of realised frequencies, baseline, speed.

For generated pools (30 to 500 volunteers, 3 to 6 categories, several groups) it reports:
- the maximin optimum found by the LP and the smallest probability of the distribution
  actually written (after rounding): the ratio must be ≥ 0.95;
- how often each volunteer is selected over many seeds (our SHA-256 selection) against the
  computed probability: largest absolute deviation, and a chi-square-style statistic on the
  seats each type gets (see `type_statistic`), with its p-value;
- the baseline "uniform draw of the seats and groups, rejected until the quotas hold": its
  acceptance rate and its smallest (empirical) selection probability;
- the wall-clock and user CPU time of `maillage tirage preparer`, `tirer` and `verifier` (the real
  commands in subprocesses, real files in a git repository pushed to a local forge, the local test
  time-stamping authority and drand relay of `tests/draw/fake_authorities.py`, the real clock)
  for 20,000 volunteers, 100 groups of 6, 4 categories (the wait for the drand round is not counted).

Usage: .venv/bin/python scripts/bench_draw.py [--runs 2000] [--baseline-tries 200000]
       .venv/bin/python scripts/bench_draw.py --duree-seulement [--volontaires 20000] [--groupes 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import chi2

from maillage.draw.distribution import SCALE, Distribution, panel_counts
from maillage.draw.fairness import compute_distribution
from maillage.draw.pool import Pool, Volunteer
from maillage.draw.rules import Category, Quota, Rules
from maillage.draw.selection import select
from maillage.model import render_entry, write_atomic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "draw"))
from fake_authorities import DrandKey, LocalDrand, LocalTSA
from git import Repo

# (field, value, share of the pool in it): the first k are used by an instance with k categories.
CATEGORIES = [
    ("pratique", "amateur", 0.30),
    ("milieu", "rural", 0.35),
    ("structure", "petite_structure", 0.60),
    ("economie", "lucratif", 0.20),
    ("culture", "cultures_diverses", 0.40),
    ("sphere", "elus", 0.10),
]


def quotas_for(k: int, groups: int, size: int) -> tuple[Quota, ...]:
    """Mixing rules of growing strictness, one per category."""
    c = [Category(f, v) for f, v, _ in CATEGORIES]
    rules = (
        Quota(c[0], min_group=1),
        Quota(c[1], min_group=1),
        Quota(c[2], min_group=1, max_group=size - 1),
        Quota(c[3], max_group=2),
        Quota(c[4], min_total=groups),
        Quota(c[5], max_group=1),
    )
    return rules[:k]


@dataclass
class Instance:
    name: str
    pool: Pool
    rules: Rules


def make_instance(n: int, k: int, groups: int, size: int, seed: int) -> Instance:
    generator = random.Random(seed)  # benchmark data only; the draw itself never uses `random`
    volunteers = [
        Volunteer(f"v{i:04d}", frozenset(f"{f}={v}" for f, v, share in CATEGORIES[:k] if generator.random() < share))
        for i in range(n)
    ]
    pool = Pool(sorted(volunteers, key=lambda v: v.id))
    return Instance(
        f"{n} volontaires, {k} catégories, {groups}×{size}", pool, Rules(groups, size, quotas_for(k, groups, size), 15)
    )


def realised(instance: Instance, distribution: Distribution, runs: int) -> tuple[Counter[str], np.ndarray, float]:
    """Selections per volunteer and per type over `runs` seeds, and the time of one selection."""
    seen: Counter[str] = Counter()
    type_of = instance.pool.type_index()
    per_type = np.zeros(len(instance.pool.types))
    start = time.perf_counter()
    for r in range(runs):
        seed = hashlib.sha256(f"bench {r}".encode()).hexdigest()
        for group in select(seed, instance.pool, distribution).groups:
            seen.update(group)
            for member in group:
                per_type[type_of[member]] += 1
    return seen, per_type, (time.perf_counter() - start) / runs


def type_statistic(distribution: Distribution, per_type: np.ndarray, runs: int) -> tuple[float, int, float]:
    """Σ over types of z², z = (selected − R·mean) / √(R·variance), mean and variance of the
    type's seat count under the distribution; against χ² with one degree per varying type.

    Volunteers of a type are selected together (the panel fixes how many), so a per-volunteer
    χ² would assume an independence that does not hold; type totals are sums of independent runs.
    """
    weights = np.array(distribution.weights) / SCALE
    counts = np.array([panel_counts(p) for p in distribution.panels], dtype=float)
    mean = weights @ counts
    variance = weights @ counts**2 - mean**2
    varying = variance > 1e-9
    z = (per_type - runs * mean)[varying] / np.sqrt(runs * variance[varying])
    statistic, dof = float((z**2).sum()), int(varying.sum())
    return statistic, dof, float(chi2.sf(statistic, dof)) if dof else 1.0


def baseline(instance: Instance, tries: int, wanted: int, rng: np.random.Generator) -> tuple[float, float | None, int]:
    """Uniform seats and groups, rejected until the quotas hold: acceptance, smallest type
    probability (estimated), accepted samples."""
    pool, rules = instance.pool, instance.rules
    n, seats = len(pool.volunteers), rules.seats
    keys = [q.category.key for q in rules.quotas]
    member = np.array([[key in v.categories for key in keys] for v in pool.volunteers], dtype=np.int16)
    low_g = np.array([q.min_group for q in rules.quotas])
    high_g = np.array([rules.size if q.max_group is None else q.max_group for q in rules.quotas])
    low_t = np.array([q.min_total for q in rules.quotas])
    high_t = np.array([seats if q.max_total is None else q.max_total for q in rules.quotas])
    counts = np.zeros(n)
    accepted = done = valid = 0
    batch = 2000
    while done < tries and accepted < wanted:
        panels = np.argsort(rng.random((batch, n)), axis=1)[:, :seats]
        per_group = member[panels].reshape(batch, rules.groups, rules.size, len(keys)).sum(axis=2)
        totals = per_group.sum(axis=1)
        ok = ((per_group >= low_g) & (per_group <= high_g)).all(axis=(1, 2)) & (
            (totals >= low_t) & (totals <= high_t)
        ).all(axis=1)
        valid += int(ok.sum())
        for row in panels[ok][: wanted - accepted]:
            counts[row] += 1
            accepted += 1
        done += batch
    if not accepted:
        return valid / done, None, 0
    # Volunteers of a type are interchangeable for the baseline too: averaging within types
    # estimates each type's probability with far less noise than the minimum over people.
    type_of = pool.type_index()
    rates = [
        np.mean([counts[i] for i, v in enumerate(pool.volunteers) if type_of[v.id] == t]) / accepted
        for t in range(len(pool.types))
    ]
    return valid / done, float(min(rates)), accepted


def fairness_report(runs: int, tries: int) -> None:
    instances = [
        make_instance(30, 3, 3, 4, 1),
        make_instance(100, 4, 5, 5, 2),
        make_instance(250, 5, 6, 6, 3),
        make_instance(500, 6, 8, 6, 4),
        make_instance(500, 4, 10, 6, 5),
    ]
    rng = np.random.default_rng(0)
    print(
        f"Fréquences réalisées sur {runs} graines ; référence : tirage uniforme rejeté jusqu'aux quotas "
        f"({tries} essais au plus)\n"
    )
    header = (
        "instance | types | LP s | optimum | min p | ratio | écart max | χ² types/ddl (p) | ms/tirage "
        "| uniforme : acceptation, min p"
    )
    print(header)
    print("-" * len(header))
    for instance in instances:
        start = time.perf_counter()
        distribution, optimum = compute_distribution(instance.pool, instance.rules)
        lp_time = time.perf_counter() - start
        probabilities = dict(zip(instance.pool.types, distribution.probabilities(), strict=True))
        expected = np.array([float(probabilities[v.categories]) for v in instance.pool.volunteers])
        seen, per_type, per_draw = realised(instance, distribution, runs)
        observed = np.array([seen[v.id] / runs for v in instance.pool.volunteers])
        deviation = float(np.abs(observed - expected).max())
        statistic, dof, p_value = type_statistic(distribution, per_type, runs)
        minimum = float(min(probabilities.values()))
        acceptance, base_min, samples = baseline(instance, tries, runs, rng)
        base = (
            f"{acceptance:.2%}, {base_min:.3f} ({samples} tirages acceptés)"
            if base_min is not None
            else f"{acceptance:.2%}, aucun tirage accepté"
        )
        print(
            f"{instance.name} | {len(instance.pool.types)} | {lp_time:.2f} | {optimum:.4f} | {minimum:.4f} | "
            f"{minimum / optimum:.4f} | {deviation:.4f} | {statistic / max(dof, 1):.3f} ({p_value:.2f}) | "
            f"{per_draw * 1000:.1f} | {base}"
        )


def write_commons(root: Path, n: int, k: int, groups: int, chain: str, round_number: int, tsa_url: str) -> Path:
    """Actor files (ids of realistic length) and a draw entry for the timing run."""
    generator = random.Random(42)
    content = root / "content"
    for i in range(n):
        univers = {f: v for f, v, share in CATEGORIES[:k] if generator.random() < share and f != "nature"}
        data = {
            "schema_version": 1,
            "nom": f"Volontaire {i}",
            "forme": "organisation",
            "nature": "association",
            "commune": "08105",
            "echelle": "commune",
            "univers": univers,
            "volontaire_tirage": True,
        }
        write_atomic(content / "acteurs" / f"association-volontaire-{i:05d}.md", render_entry(data))
    quotas = [
        {"categorie": {"champ": q.category.field, "valeur": q.category.value}}
        | ({"min_par_groupe": q.min_group} if q.min_group else {})
        | ({"max_par_groupe": q.max_group} if q.max_group is not None else {})
        | ({"min_total": q.min_total} if q.min_total else {})
        for q in quotas_for(k, groups, 6)
    ]
    draw = {
        "schema_version": 1,
        "titre": "Tirage de mesure",
        "statut": "brouillon",
        "commune": "08105",
        "echelle": "departement",
        "vivier": {"criteres": {"territoire": "departement"}},
        "groupes": {"nombre": groups, "taille": 6},
        "quotas": quotas,
        "periode": {"debut": "2027-02-01", "fin": "2027-06-30"},
        "delai_reflexion_jours": 15,
        "alea": {"drand": {"chaine": chain, "ronde": round_number}},
        "horodatage": {"autorite": "mesure", "adresse": tsa_url},
    }
    path = content / "tirages" / "tirage-de-mesure.md"
    write_atomic(path, render_entry(draw))
    return path


def timing_report(volunteers: int, groups: int) -> None:
    """The real commands, in subprocesses, against the local test authorities (real clock)."""
    print(
        f"\nDurée des commandes réelles ({volunteers} volontaires, {groups} groupes de 6, 4 catégories ; "
        "autorité d'horodatage et relais drand locaux)"
    )
    command = str(Path(sys.executable).parent / "maillage")
    key = DrandKey(0xBE4C4, genesis=1_700_000_000, period=3, beacon_id="mesure")
    with tempfile.TemporaryDirectory() as folder, LocalTSA() as tsa, LocalDrand(key) as relay:
        root = Path(folder) / "commun"
        forge = Repo.init(Path(folder) / "forge.git", bare=True, initial_branch="main")
        repo = Repo.init(root, initial_branch="main")
        repo.create_remote("origin", str(forge.git_dir))
        (root / "autorites" / "horodatage").mkdir(parents=True)
        (root / "autorites" / "drand").mkdir(parents=True)
        (root / "autorites" / "horodatage" / "mesure.pem").write_bytes(tsa.certificates.root_pem())
        (root / "autorites" / "drand" / "mesure.json").write_text(json.dumps(key.info() | {"relais": [relay.url]}))
        path = write_commons(root, volunteers, 4, groups, relay.chain_hash, 1, tsa.url)
        # The round is chosen once the files are written: far enough ahead for the preparation.
        round_number = int((time.time() + 60 - key.genesis) // key.period) + 2
        path.write_text(path.read_text().replace("ronde: 1\n", f"ronde: {round_number}\n"))

        def commit(message: str) -> None:
            repo.git.add("-A")
            repo.git.commit("-q", "-m", message)
            repo.git.push("-q", "origin", "main")

        def step(*args: str) -> float:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([command, "tirage", *args, str(path)], capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                raise SystemExit(done.stdout + done.stderr)
            cpu = after.ru_utime - before.ru_utime
            print(f"  maillage tirage {args[0]} : {elapsed:.2f} s (CPU utilisateur {cpu:.2f} s)")
            return elapsed

        prepare = step("preparer")
        commit("Engagements")
        wait = key.genesis + (round_number - 1) * key.period - time.time()
        if wait > 0:
            print(f"  (attente de la ronde drand {round_number} : {wait:.0f} s, non comptée)")
            time.sleep(wait + 1)
        run = step("tirer")
        commit("Tirage")
        verify = step("verifier")
        print(
            f"  preparer + tirer : {prepare + run:.2f} s (objectif ≤ 10 s) ; "
            f"verifier : {verify:.2f} s (objectif ≤ 10 s) ; "
            f"fichier de la fiche {path.stat().st_size} octets, fichier de données "
            f"{path.with_suffix('.json').stat().st_size} octets ; charge moyenne {os.getloadavg()[0]:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="graines par instance")
    parser.add_argument("--baseline-tries", type=int, default=200_000, help="essais au plus pour la référence uniforme")
    parser.add_argument("--volontaires", type=int, default=20_000, help="volontaires de la mesure de durée")
    parser.add_argument("--groupes", type=int, default=100, help="groupes de 6 de la mesure de durée")
    parser.add_argument("--duree-seulement", action="store_true", help="seulement la mesure de durée")
    args = parser.parse_args()
    if not args.duree_seulement:
        fairness_report(args.runs, args.baseline_tries)
    timing_report(args.volontaires, args.groupes)


if __name__ == "__main__":
    main()
