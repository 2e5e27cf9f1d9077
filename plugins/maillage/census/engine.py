"""Where probabilistic linkage runs: splink (Fellegi–Sunter, EM-trained) on DuckDB or Spark.

What to compare is data (a splink settings object built by `link` or a benchmark); where it
runs is a backend chosen by name. The census and the benchmarks share `train_and_predict`.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException

# Smallest m or u probability EM may produce; see `_smooth_em`.
PROBABILITY_FLOOR = 1e-12


class BackendUnavailable(RuntimeError):
    """The requested backend's optional dependency is not installed."""


def database_api(backend: str = "duckdb") -> Any:
    """A splink database API: embedded DuckDB (default) or a local Spark session."""
    if backend == "duckdb":
        from splink.backends.duckdb import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
            from splink.backends.spark import SparkAPI, similarity_jar_location
        except ImportError as exc:
            raise BackendUnavailable("pyspark") from exc
        # A national listing runs on a cluster's session; locally, one with all cores. splink's
        # string-similarity functions (Jaro-Winkler…) come from a jar it ships for each Spark version.
        spark = (
            SparkSession.builder.master("local[*]")
            .appName("maillage-recensement")
            .config("spark.jars", similarity_jar_location())
            .getOrCreate()
        )
        if not spark.sparkContext.getCheckpointDir():
            # splink breaks long query lineages with Spark checkpoints, which need a directory.
            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="maillage-spark-"))
        return SparkAPI(spark_session=spark)
    raise ValueError(f"unknown backend: {backend}")


@dataclass
class Training:
    """How to estimate the model: u by random sampling, then EM on each blocking rule."""

    em_rules: Sequence[Any]
    deterministic_rules: Sequence[Any] = ()
    deterministic_recall: float = 0.8
    u_max_pairs: float = 2e6
    # EM learns as well from a few million sampled pairs as from all of them; without a cap,
    # the large blocks of big cities make training grow quadratically with the listing.
    em_max_pairs: float = 3e6
    seed: int = 42


@dataclass
class Prediction:
    """Scored pairs and the trained model."""

    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability, match_weight, mw_* per comparison
    model: dict[str, Any]
    skipped_rules: list[str]  # EM blockings that found no pair (small listings): their comparisons keep defaults


def train_and_predict(
    frames: Sequence[pd.DataFrame],
    settings: SettingsCreator,
    training: Training,
    threshold: float,
    backend: str = "duckdb",
    trained_model: dict[str, Any] | None = None,
) -> Prediction:
    """Score the blocked pairs above `threshold` with a Fellegi–Sunter model.

    The model is trained without labels (u by random sampling, then EM), unless a
    `trained_model` from an earlier run is given: reusing it keeps the scores of unchanged
    pairs stable when a listing is re-imported, so an update changes only what changed.
    """
    _smooth_em()
    api = database_api(backend)
    tables = [api.register(frame) for frame in frames]
    inputs = tables if len(tables) > 1 else tables[0]
    if trained_model is not None:
        linker = Linker(inputs, trained_model, log_level=logging.WARNING)
        _quiet_splink()
        pairs = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
        return Prediction(pairs, trained_model, [])
    linker = Linker(inputs, settings, log_level=logging.WARNING)
    _quiet_splink()
    if training.deterministic_rules:
        linker.training.estimate_probability_two_random_records_match(
            list(training.deterministic_rules), recall=training.deterministic_recall
        )
        prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
        if not 0 < prior < 1:
            # No sure match at all (a short listing): start EM from one expected match per record.
            settings.probability_two_random_records_match = min(0.5, 1 / max(sum(len(f) for f in frames), 2))
            linker = Linker(inputs, settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=training.u_max_pairs, seed=training.seed)
    skipped = []
    for rule in training.em_rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=training.em_max_pairs)
        except EMTrainingException:
            # A blocking with no pair at all (a short listing): nothing to learn from it.
            skipped.append(str(rule.get_blocking_rule(api.sql_dialect.sql_dialect_str).blocking_rule_sql))
    pairs = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    return Prediction(pairs, linker.misc.save_model_to_json(), skipped)


def _smooth_em() -> None:
    """Floor EM's m and u estimates at a tiny positive probability (once per process).

    When a comparison level is only ever seen among non-matches of a training blocking (say,
    two records with the same name in different communes), EM drives its m probability to
    exactly 0, and splink 5 rejects 0 as unrepresentable, aborting the whole training. A floor
    far below anything observable keeps the weight hugely negative, as EM meant, without failing.
    """
    from splink.internals import expectation_maximisation as em

    if getattr(em.m_u_records_to_lookup_dict, "_maillage_floor", False):
        return
    original = em.m_u_records_to_lookup_dict

    def floored(records: list[dict[str, Any]]) -> dict[str, Any]:
        for record in records:
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and value < PROBABILITY_FLOOR:
                    record[key] = PROBABILITY_FLOOR
        return original(records)

    floored._maillage_floor = True  # type: ignore[attr-defined]
    em.m_u_records_to_lookup_dict = floored


def _quiet_splink() -> None:
    """splink logs every EM iteration at INFO; the census prints its own French summary."""
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
