"""The link and review steps over the working directory (what the CLI commands call)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from maillage.census import messages as msg
from maillage.census import review as rv
from maillage.census.engine import BackendUnavailable
from maillage.census.errors import CensusError
from maillage.census.link import LINK_COLUMNS, LinkResult, Thresholds, link_records
from maillage.census.records import read_records
from maillage.census.workdir import Workdir, read_csv_rows, write_csv
from maillage.model import write_atomic

CLUSTER_COLUMNS = ["source", "record_id", "cluster_id", "match_probability"]


def run_link(
    workdir: Workdir, auto: float = 0.99, review: float = 0.5, backend: str = "duckdb", retrain: bool = False
) -> str:
    """Link the normalised records, write liens.csv, clusters.csv, revue.yaml; a French summary.

    The model trained by the first run (modele.json) is reused unless `retrain`: scores of
    unchanged pairs then stay the same when a listing is updated.
    """
    records = read_records(workdir)
    decisions = rv.load_decisions(workdir)
    model = None
    if workdir.model.exists() and not retrain:
        try:
            model = json.loads(workdir.model.read_text("utf-8")) or None
        except json.JSONDecodeError as exc:
            raise CensusError.single(str(workdir.model), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc
    if model is not None and model.get("sql_dialect", backend) != backend:
        # A model's SQL is written in its engine's dialect (DuckDB quotes differ from Spark's):
        # linking on another engine retrains rather than misreading it.
        model = None
    try:
        applied = {row["uid"]: row["fiche"] for row in read_csv_rows(workdir.assignments)}
        result = link_records(records, decisions, Thresholds(auto, review), backend, model, applied)
    except BackendUnavailable as exc:
        raise CensusError.single(str(workdir.root), msg.SPARK_MISSING) from exc
    write_outputs(workdir, records, result)
    auto_pairs = sum(1 for link in result.links if link.band == "fusion")
    summary = msg.LINKED.format(
        records=len(records),
        pairs=result.compared,
        auto=auto_pairs,
        review=len(result.review),
        clusters=len(set(result.clusters.values())),
    )
    if result.skipped_rules:
        summary += "\n" + msg.UNTRAINED.format(rules=", ".join(result.skipped_rules))
    return summary


def write_outputs(workdir: Workdir, records: list[dict[str, str]], result: LinkResult) -> None:
    """Every file a link run leaves: pairs, model, clusters and the review file."""
    write_csv(workdir.links, LINK_COLUMNS, (link.as_row() for link in result.links))
    write_atomic(workdir.model, json.dumps(result.model, ensure_ascii=False, indent=1) + "\n")
    by_uid = {r["uid"]: r for r in records}
    write_csv(workdir.clusters, CLUSTER_COLUMNS, cluster_rows(records, result))
    rv.write_review_file(workdir, result.review, by_uid)


def cluster_rows(records: list[dict[str, str]], result: LinkResult) -> list[dict[str, str]]:
    """clusters.csv rows: singletons get an empty probability."""
    rows = []
    for record in records:
        probability = result.cluster_probability.get(record["uid"])
        rows.append(
            {
                "source": record["source"],
                "record_id": record["record_id"],
                "cluster_id": result.clusters[record["uid"]],
                "match_probability": "" if probability is None else f"{probability:.6f}",
            }
        )
    return rows


def _pending(workdir: Workdir) -> list[dict]:  # type: ignore[type-arg]
    import yaml

    if not workdir.review.exists():
        return []
    return yaml.safe_load(workdir.review.read_text("utf-8")) or []


def record_decisions(workdir: Workdir, review_file: Path, today: date | None = None) -> str:
    """Merge the decisions of a filled review file into decisions.yaml."""
    known = {tuple(sorted((p["a"], p["b"]))) for p in _pending(workdir)}
    new = rv.read_review_file(review_file, known or None)
    return _save(workdir, new, today or date.today())


def _save(workdir: Workdir, new: rv.Decisions, today: date) -> str:
    previous = rv.load_decisions(workdir)
    merged = {**previous, **new}
    rv.save_decisions(workdir, merged, today, previous)
    same = sum(1 for d in new.values() if d == rv.SAME)
    return msg.REVIEW_RECORDED.format(count=len(new), same=same, distinct=len(new) - same)


def review_interactively(
    workdir: Workdir, prompt: Callable[..., str], echo: Callable[[str], None], today: date | None = None
) -> str:
    """Ask about each pending pair in the terminal, then record the answers."""
    pending = _pending(workdir)
    decided = rv.load_decisions(workdir)
    pending = [p for p in pending if tuple(sorted((p["a"], p["b"]))) not in decided]
    if not pending:
        return msg.REVIEW_NOTHING
    answers: rv.Decisions = {}
    for index, pair in enumerate(pending, 1):
        echo(f"\n[{index}/{len(pending)}] probabilité {pair['probabilite']}")
        for side in ("fiche_a", "fiche_b"):
            echo("  " + " · ".join(f"{k} : {v}" for k, v in pair[side].items()))
        echo("  " + msg.REVIEW_WHY)
        for line in pair["pourquoi"]:
            echo(f"    {line}")
        answer = str(prompt(msg.REVIEW_PROMPT, default="p")).strip().lower()[:1]
        if answer == "q":
            break
        if answer in ("o", "n"):
            answers[tuple(sorted((pair["a"], pair["b"])))] = rv.SAME if answer == "o" else rv.DISTINCT  # type: ignore[index]
    return _save(workdir, answers, today or date.today())
