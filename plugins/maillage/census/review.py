"""`recensement revoir`: human decisions on uncertain pairs, in the terminal or through a file.

Decisions live in `decisions.yaml` and are never asked again: a "distinct" decision keeps two
records apart in every later run, a "meme" decision joins them. The review file (`revue.yaml`)
lists pending pairs with why they scored as they did; it can travel through a pull request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located
from maillage.census.link import Link
from maillage.census.workdir import Workdir
from maillage.model import write_atomic

SAME, DISTINCT = "meme", "distinct"
Decisions = dict[tuple[str, str], str]
_SHOWN = ("nom", "adresse", "code_postal", "commune", "telephone", "courriel", "site_web", "siret", "rna")


def load_decisions(workdir: Workdir) -> Decisions:
    """Every decision taken so far, keyed by the sorted pair of record uids."""
    path = workdir.decisions
    if not path.exists():
        return {}
    try:
        items = yaml.safe_load(path.read_text("utf-8")) or []
    except yaml.YAMLError as exc:
        raise CensusError.single(str(path), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc
    return {tuple(sorted((item["a"], item["b"]))): item["decision"] for item in items}  # type: ignore[misc]


def save_decisions(workdir: Workdir, decisions: Decisions, today: date, previous: Decisions | None = None) -> None:
    """Write all decisions, dating the new ones."""
    old = _dated(workdir)
    items = []
    for (a, b), decision in sorted(decisions.items()):
        when = old.get((a, b), {}).get("date") if previous and previous.get((a, b)) == decision else None
        items.append({"a": a, "b": b, "decision": decision, "date": when or today.isoformat()})
    write_atomic(workdir.decisions, yaml.safe_dump(items, allow_unicode=True, sort_keys=False))


def _dated(workdir: Workdir) -> dict[tuple[str, str], dict[str, Any]]:
    if not workdir.decisions.exists():
        return {}
    items = yaml.safe_load(workdir.decisions.read_text("utf-8")) or []
    return {tuple(sorted((i["a"], i["b"]))): i for i in items}  # type: ignore[misc]


def describe(record: dict[str, str]) -> dict[str, str]:
    """The fields a reviewer needs to recognise a record."""
    shown = {"source": f"{record['source']}, ligne {record['ligne']}"}
    shown.update({field: record[field] for field in _SHOWN if record.get(field)})
    return shown


def why(link: Link) -> list[str]:
    """One line per comparison: level reached and its match weight."""
    lines = []
    for item in link.detail:
        weight = item.get("poids")
        sign = "" if weight is None else f" ({weight:+.1f})"
        lines.append(f"{item['comparaison']} : {item['niveau']}{sign}")
    return lines


def write_review_file(workdir: Workdir, queue: list[Link], records: dict[str, dict[str, str]]) -> Path:
    """Write `revue.yaml`: pending pairs, both records, why, and an empty decision to fill."""
    pairs = [
        {
            "a": link.uid_l,
            "b": link.uid_r,
            "probabilite": round(link.probability, 4),
            "fiche_a": describe(records[link.uid_l]),
            "fiche_b": describe(records[link.uid_r]),
            "pourquoi": why(link),
            "decision": "",
        }
        for link in queue
    ]
    header = "".join(f"# {line}\n" for line in msg.REVIEW_HEADER.format(name=workdir.review.name).splitlines())
    write_atomic(workdir.review, header + yaml.safe_dump(pairs, allow_unicode=True, sort_keys=False, width=100))
    return workdir.review


def read_review_file(path: Path, known: set[tuple[str, str]] | None = None) -> Decisions:
    """Decisions filled in a review file; empty ones are skipped, bad ones are French errors."""
    try:
        items = yaml.safe_load(path.read_text("utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise CensusError.single(str(path), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc
    decisions: Decisions = {}
    problems = []
    for index, item in enumerate(items if isinstance(items, list) else [], 1):
        value = str(item.get("decision") or "").strip().lower().replace("même", "meme")
        if not value:
            continue
        pair: tuple[str, str] = tuple(sorted((str(item.get("a")), str(item.get("b")))))  # type: ignore[assignment]
        if value not in (SAME, DISTINCT):
            problems.append(Located(str(path), msg.REVIEW_BAD_DECISION.format(value=value), index, "decision"))
        elif known is not None and pair not in known:
            problems.append(Located(str(path), msg.REVIEW_UNKNOWN_PAIR.format(a=pair[0], b=pair[1]), index))
        else:
            decisions[pair] = value
    if problems:
        raise CensusError(problems)
    return decisions
