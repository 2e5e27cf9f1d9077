"""Where probabilistic linkage runs: splink (Fellegi–Sunter, EM-trained) on DuckDB or Spark.

What to compare is data (a splink settings object built by `link` or a benchmark); where it
runs is a backend chosen by name. The census and the benchmarks share `train_and_predict`.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
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
            raise BackendUnavailable("pyspark n'est pas installé") from exc
        # A national listing runs on a cluster's session; locally, one with all cores. splink's
        # string-similarity functions (Jaro-Winkler…) come from a jar it ships for each Spark version.
        try:
            spark = (
                SparkSession.builder.master("local[*]")
                .appName("maillage-recensement")
                .config("spark.jars", similarity_jar_location())
                .getOrCreate()
            )
        except Exception as exc:  # pyspark raises its own errors when it cannot launch a JVM
            raise BackendUnavailable(f"Java ne démarre pas ({' '.join(str(exc).split())[:200]})") from exc
        if not spark.sparkContext.getCheckpointDir():
            # splink breaks long query lineages with Spark checkpoints, which need a directory.
            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="maillage-spark-"))
        return SparkAPI(spark_session=spark)
    raise ValueError(f"unknown backend: {backend}")


@dataclass
class Training:
    """How to estimate the model: u by random sampling, then EM on each blocking rule.

    `em_rules` pairs each EM blocking rule with what it means, in French (« même nom »), to
    say which comparisons could not be trained on a short listing.
    """

    em_rules: Sequence[tuple[str, Any]]
    deterministic_rules: Sequence[Any] = ()
    deterministic_recall: float = 0.8
    u_max_pairs: float = 1e6
    # EM learns as well from a million sampled pairs as from all of them; without a cap, the
    # large blocks of big cities make training grow quadratically with the listing.
    em_max_pairs: float = 1e6
    seed: int = 42
    m_floor: float = 0.01
    u_keep: float = 0.05


@dataclass
class Prediction:
    """Scored pairs and the trained model."""

    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability, match_weight, mw_* per comparison
    model: dict[str, Any]
    skipped_rules: list[str]  # EM blockings (described in French) that found no pair: their comparisons keep defaults
    warnings: list[str] = field(default_factory=list)  # French, about the input (blocks left out)


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

    def new_linker(model: SettingsCreator | dict[str, Any]) -> Linker:
        linker = Linker(inputs, model, log_level=logging.WARNING)
        _quiet_splink()
        return linker

    if trained_model is not None:
        # A model saved by an earlier run keeps the comparisons it learnt; the candidate pairs
        # come from today's blocking rules (an older model's blocked on uncapped keys).
        rules = settings.get_settings(backend).as_dict()["blocking_rules_to_generate_predictions"]
        trained_model = {**trained_model, "blocking_rules_to_generate_predictions": rules}
        linker = new_linker(trained_model)
        pairs = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
        return Prediction(pairs, trained_model, [])
    linker = new_linker(settings)
    if training.deterministic_rules:
        linker.training.estimate_probability_two_random_records_match(
            list(training.deterministic_rules), recall=training.deterministic_recall
        )
        prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
        if not 0 < prior < 1:
            # No sure match at all (a short listing): start EM from one expected match per record.
            settings.probability_two_random_records_match = min(0.5, 1 / max(sum(len(f) for f in frames), 2))
            linker = new_linker(settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=training.u_max_pairs, seed=training.seed)
    skipped = []
    for description, rule in training.em_rules:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=training.em_max_pairs)
        except EMTrainingException:
            # A blocking with no pair at all (a short listing): nothing to learn from it.
            skipped.append(description)
    model = smoothed(without_matches(linker.misc.save_model_to_json(), training.u_keep), training.m_floor)
    pairs = new_linker(model).inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()
    return Prediction(pairs, model, skipped)


def without_matches(model: dict[str, Any], keep: float) -> dict[str, Any]:
    """The model with u probabilities estimated among non-matches only.

    Random sampling estimates how often a level occurs among all pairs: P = λ·m + (1 − λ)·u.
    When actors are listed in several sources, matches are no longer negligible among sampled
    pairs with the same name or phone (λ·m is about as large as u), and u is overestimated
    tenfold: an actor known to four listings would weigh less than one known to one. Solving
    for u removes their share; it is kept above `keep` times the sampled value.
    """
    prior = model.get("probability_two_random_records_match")
    if not isinstance(prior, float) or not 0 < prior < 1:
        return model
    for comparison in model.get("comparisons", []):
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or level.get("fix_u_probability") or not isinstance(u, float):
                continue
            share = prior * m if isinstance(m, float) else 0.0
            level["u_probability"] = max((u - share) / (1 - prior), u * keep)
    return model


def smoothed(model: dict[str, Any], floor: float) -> dict[str, Any]:
    """The model with every m probability at least `floor`.

    EM learns from the pairs its blockings find; a disagreement it never saw among them (two
    websites for one actor) gets an m near zero, and a single disagreement then vetoes any
    match. A floor keeps each level's weight finite: the other fields can still speak.
    """
    for comparison in model.get("comparisons", []):
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            if not isinstance(m, float) or m < floor:
                level["m_probability"] = floor
    return _rounded(model)


def _rounded(model: dict[str, Any]) -> dict[str, Any]:
    """Probabilities to six significant digits: DuckDB sums in parallel, in no fixed order, and the
    last digits of what EM learns differ from run to run; rounded, two runs agree byte for byte
    (the random id splink gives each linker is left out too)."""
    model.pop("linker_uid", None)
    for key in ("probability_two_random_records_match",):
        if isinstance(model.get(key), float):
            model[key] = float(f"{model[key]:.6g}")
    for comparison in model.get("comparisons", []):
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if isinstance(level.get(key), float):
                    level[key] = float(f"{level[key]:.6g}")
    return model


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
