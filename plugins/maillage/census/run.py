"""The link and review steps over the working folder (what the commands call).

`relier` scores pairs (splink) and clusters; `revoir` records decisions and clusters again at
once (no splink: `liens.csv` keeps the scores), so that `appliquer` right after uses them;
`appliquer` clusters again too, so a hand-edited `decisions.yaml` counts as well.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maillage.census import messages as msg
from maillage.census import review as rv
from maillage.census.engine import BackendUnavailable
from maillage.census.entries import entry_records, entry_uid
from maillage.census.errors import CensusError
from maillage.census.fields import ACTORS
from maillage.census.link import CENSUS, LINK_COLUMNS, Clustering, Link, Pair, Thresholds, cluster, pair, score
from maillage.census.records import read_records
from maillage.census.workdir import Workdir, read_csv_rows, write_csv
from maillage.model import Commons, load_commons, write_atomic

if TYPE_CHECKING:
    from maillage.model.territory import Scope

CLUSTER_COLUMNS = ["source", "record_id", "cluster_id", "match_probability"]
ASSIGNMENT_COLUMNS = ["uid", "fiche"]


@dataclass
class Census:
    """Everything the clustering needs: records (listings and entries), decisions, bonds."""

    records: list[dict[str, Any]]
    book: rv.Book
    assignments: dict[str, str]  # record uid → entry id an earlier apply put it in
    commons: Commons | None

    @property
    def by_uid(self) -> dict[str, dict[str, Any]]:
        """Records by uid."""
        return {r["uid"]: r for r in self.records}

    def bonds(self) -> list[Pair]:
        """Records kept with the entry an earlier apply put them in (or, for a deleted entry,
        with each other: the whole group stays out)."""
        present = {r["uid"] for r in self.records}
        by_entry: dict[str, list[str]] = {}
        for record_uid, entry in sorted(self.assignments.items()):
            if record_uid in present:
                by_entry.setdefault(entry, []).append(record_uid)
        bonds = []
        for entry, members in by_entry.items():
            anchor = entry_uid(entry)
            if anchor not in present:
                anchor = members[0]
            bonds += [pair(anchor, member) for member in members if member != anchor]
        return bonds


def load_census(workdir: Workdir, content: Path | None, scope: Scope | None = None) -> Census:
    """Records, decisions and assignments; entries of `content` (when it exists) as records.

    Entries the census wrote and that are gone from `content` are recorded as deleted.
    """
    records = read_records(workdir)
    book = rv.load_decisions(workdir)
    assignments = {row["uid"]: row["fiche"] for row in read_csv_rows(workdir.assignments)}
    commons = None
    if content is not None and content.is_dir():
        commons = load_commons(content)
        records += entry_records(commons, content, scope)
        folder = content / ACTORS
        written = set(assignments.values())
        missing = {e for e in written if not (folder / f"{e}.md").exists()}
        if len(written) > 1 and missing == written:
            # Not one of the entries the census wrote is there: the wrong folder, not deletions.
            raise CensusError.single(str(content), msg.CONTENT_MISMATCH.format(content=content, count=len(written)))
        deleted = missing - book.deleted
        if deleted:
            book.deleted |= deleted
            for entry in deleted:
                book.dates[entry] = date.today().isoformat()
            rv.save_decisions(workdir, book)
    return Census(records, book, assignments, commons)


def run_link(
    workdir: Workdir,
    content: Path | None = None,
    thresholds: Thresholds | None = None,
    backend: str = "duckdb",
    retrain: bool = False,
    scope: Scope | None = None,
) -> str:
    """Link the normalised records (and the commons' entries), write liens.csv, clusters.csv,
    revue.yaml; a French summary.

    The model trained by the first run (modele.json) is reused unless `retrain`: scores of
    unchanged pairs then stay the same when a listing is updated.
    """
    census = load_census(workdir, content, scope)
    linkage = replace(CENSUS, thresholds=thresholds or CENSUS.thresholds)
    model = None if retrain else _saved_model(workdir)
    if model is not None and model.get("sql_dialect", backend) != backend:
        # A model's SQL is written in its engine's dialect (DuckDB quotes differ from Spark's):
        # linking on another engine retrains rather than misreading it.
        model = None
    try:
        scored = score(census.records, linkage, backend, model)
    except BackendUnavailable as exc:
        raise CensusError.single(str(workdir.root), msg.SPARK_MISSING.format(missing=exc)) from exc
    write_csv(workdir.links, LINK_COLUMNS, (link.as_row() for link in scored.links))
    write_atomic(workdir.model, json.dumps(scored.model, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    clustering = _cluster(workdir, census, scored.links)
    auto_pairs = sum(1 for link in scored.links if link.band == "fusion")
    summary = msg.LINKED.format(
        records=len(census.records),
        pairs=scored.compared,
        auto=auto_pairs,
        review=len(clustering.review),
        clusters=len(set(clustering.clusters.values())),
    )
    if scored.skipped_rules:
        summary += "\n" + msg.UNTRAINED.format(rules=" ; ".join(scored.skipped_rules))
    for warning in scored.warnings:
        summary += "\n" + warning
    return summary


def _saved_model(workdir: Workdir) -> dict[str, Any] | None:
    if not workdir.model.exists():
        return None
    try:
        return json.loads(workdir.model.read_text("utf-8")) or None
    except json.JSONDecodeError as exc:
        raise CensusError.single(str(workdir.model), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc


def _cluster(workdir: Workdir, census: Census, links: list[Link], write: bool = True) -> Clustering:
    """Cluster, then write clusters.csv and the review file."""
    clustering = cluster(census.records, links, census.book.pairs, CENSUS, census.bonds())
    if write:
        write_csv(workdir.clusters, CLUSTER_COLUMNS, cluster_rows(census.records, clustering))
        rv.write_review_file(workdir, clustering.review, census.by_uid)
    return clustering


def recluster(
    workdir: Workdir, content: Path | None, scope: Scope | None = None, write: bool = True
) -> tuple[Census, Clustering]:
    """Cluster again from the stored scores and the current decisions (no splink)."""
    if not workdir.links.exists():
        raise CensusError.single(str(workdir.root), msg.NOT_LINKED.format(workdir=workdir.root))
    census = load_census(workdir, content, scope)
    links = [Link.from_row(row) for row in read_csv_rows(workdir.links)]
    return census, _cluster(workdir, census, links, write)


def cluster_rows(records: list[dict[str, Any]], clustering: Clustering) -> list[dict[str, str]]:
    """clusters.csv rows, in record order; singletons get an empty probability."""
    rows = []
    for record in records:
        probability = clustering.probability.get(record["uid"])
        rows.append(
            {
                "source": record["source"],
                "record_id": record["record_id"],
                "cluster_id": clustering.clusters[record["uid"]],
                "match_probability": "" if probability is None else f"{probability:.6f}",
            }
        )
    return rows


def _pending(workdir: Workdir) -> list[dict[str, Any]]:
    import yaml

    if not workdir.review.exists():
        return []
    return yaml.safe_load(workdir.review.read_text("utf-8")) or []


def record_decisions(workdir: Workdir, new: rv.Decisions, content: Path | None, today: date | None = None) -> str:
    """Record decisions, then cluster again at once; a French summary."""
    book = rv.load_decisions(workdir)
    rv.add_decisions(book, new, today or date.today())
    rv.save_decisions(workdir, book)
    _census, clustering = recluster(workdir, content)
    same = sum(1 for d in new.values() if d == rv.SAME)
    summary = msg.REVIEW_RECORDED.format(count=len(new), same=same, distinct=len(new) - same)
    for (a, b), reason in clustering.refused:
        summary += "\n" + msg.REVIEW_REFUSED.format(a=a, b=b, reason=reason)
    return summary + "\n" + msg.REVIEW_REMAINING.format(count=len(clustering.review), path=workdir.review)


def known_uids(workdir: Workdir, content: Path | None) -> set[str]:
    """Every record a decision may name: listing records and entries of the commons."""
    uids = {r["uid"] for r in read_records(workdir)}
    folder = content / ACTORS if content is not None else None
    if folder is not None and folder.is_dir():
        uids |= {entry_uid(path.stem) for path in folder.glob("*.md")}
    return uids


def decisions_from_file(workdir: Workdir, review_file: Path, content: Path | None) -> rv.Decisions:
    """The decisions filled in a review file."""
    return rv.read_review_file(review_file, known_uids(workdir, content))


def attachment(workdir: Workdir, record: str, entry: str, content: Path | None) -> rv.Decisions:
    """"This record is that entry" as a decision."""
    known = known_uids(workdir, content)
    if record not in known:
        raise CensusError.single(str(workdir.records), msg.ATTACH_UNKNOWN_RECORD.format(uid=record))
    if entry_uid(entry) not in known:
        raise CensusError.single(str(content), msg.ATTACH_UNKNOWN_ENTRY.format(entry=entry))
    return {pair(record, entry_uid(entry)): rv.SAME}


def review_interactively(
    workdir: Workdir,
    content: Path | None,
    prompt: Callable[..., str],
    echo: Callable[[str], None],
    today: date | None = None,
) -> str:
    """Ask about each pending pair in the terminal, then record the answers."""
    decided = rv.load_decisions(workdir).pairs
    pending = [p for p in _pending(workdir) if pair(p["a"], p["b"]) not in decided]
    if not pending:
        return msg.REVIEW_NOTHING
    answers: rv.Decisions = {}
    for index, item in enumerate(pending, 1):
        echo(f"\n[{index}/{len(pending)}] probabilité {item['probabilite']}")
        for side in ("fiche_a", "fiche_b"):
            echo("  " + " · ".join(f"{k} : {v}" for k, v in item[side].items()))
        echo("  " + msg.REVIEW_WHY)
        for line in item["pourquoi"]:
            echo(f"    {line}")
        answer = str(prompt(msg.REVIEW_PROMPT, default="p")).strip().lower()[:1]
        if answer == "q":
            break
        if answer in ("o", "n"):
            answers[pair(item["a"], item["b"])] = rv.SAME if answer == "o" else rv.APART
    return record_decisions(workdir, answers, content, today)
