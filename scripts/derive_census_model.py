#!/usr/bin/env python3
"""Derive the census's reference model: `plugins/maillage/census/data/modele-reference.json`.

The census trains its linkage model on each listing (EM, without labels). A listing of a few
hundred records, or the regional merge of commons that may share no actor at all, is too small
for that: they start from this model instead, trained by the real census on the synthetic
benchmark's tuning data (seed 7, 3,000 actors of the Grand Est, never the held-out seed), with
its prior scaled to their size. Its m probabilities say how often one actor's records agree on
each field in French listings; nothing in it names a real actor.

    python scripts/derive_census_model.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_census_synthetic as bench
from maillage.census.comparisons import REFERENCE_MODEL, TRAINED_ON
from maillage.census.records import read_records
from maillage.census.run import run_link

TUNING_SEED = 7


def main() -> None:
    """Train on the tuning data and write the model."""
    with tempfile.TemporaryDirectory() as folder:
        workdir, _, _ = bench.prepare(3000, Path(folder), TUNING_SEED, 1.0, bench.GRAND_EST)
        run_link(workdir, retrain=True)
        model = json.loads(workdir.model.read_text("utf-8"))
        model[TRAINED_ON] = len(read_records(workdir))
    REFERENCE_MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{REFERENCE_MODEL} : modèle entraîné sur {model[TRAINED_ON]} enregistrements")


if __name__ == "__main__":
    main()
