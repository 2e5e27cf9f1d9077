"""`recensement revoir`: the coordinator's decisions, in the terminal or through a file.

Decisions live in `decisions.yaml` and are never asked again: a "distinct" decision keeps two
records apart in every later run, a "meme" decision joins them (a record and an entry of the
commons, `fiche:<id>`, when the coordinator says "this record is that entry"); an entry the
census wrote and the coordinator deleted is recorded as `supprimee`, and never recreated.
The review file (`revue.yaml`) lists pending pairs with why they scored as they did; it can
travel through a pull request, and a filled one stays valid after `relier` runs again: a
decision names two records, not a position in a queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located
from maillage.census.link import APART, SAME, Decisions, Link, pair
from maillage.census.workdir import Workdir
from maillage.model import write_atomic

DELETED = "supprimee"
# libyaml's dumper when there is one: a national census asks thousands of questions.
_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SHOWN = ("nom", "adresse", "code_postal", "commune", "commune_libelle", "telephone", "courriel", "site_web")
_IDENTIFIERS = ("siret", "rna")


@dataclass
class Book:
    """Every decision taken so far, with the date each was taken."""

    pairs: Decisions = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)  # ids of entries the coordinator deleted
    dates: dict[Any, str] = field(default_factory=dict)


def load_decisions(workdir: Workdir) -> Book:
    """The decisions of the working folder."""
    path = workdir.decisions
    book = Book()
    if not path.exists():
        return book
    try:
        items = yaml.safe_load(path.read_text("utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise CensusError.single(str(path), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc
    for index, item in enumerate(items if isinstance(items, list) else [None], 1):
        if not isinstance(item, dict):
            raise CensusError.single(str(path), msg.DECISION_MALFORMED.format(index=index))
        when = str(item.get("date") or "")
        if item.get("decision") == DELETED and isinstance(item.get("fiche"), str):
            book.deleted.add(item["fiche"])
            book.dates[item["fiche"]] = when
        elif item.get("decision") in (SAME, APART) and all(isinstance(item.get(k), str) for k in ("a", "b")):
            key = pair(item["a"], item["b"])
            book.pairs[key] = item["decision"]
            book.dates[key] = when
        else:
            raise CensusError.single(str(path), msg.DECISION_MALFORMED.format(index=index))
    return book


def save_decisions(workdir: Workdir, book: Book) -> None:
    """Write every decision, pairs first, each with its date."""
    items: list[dict[str, str]] = [
        {"a": a, "b": b, "decision": decision, "date": book.dates.get((a, b), "")}
        for (a, b), decision in sorted(book.pairs.items())
    ]
    items += [
        {"fiche": entry, "decision": DELETED, "date": book.dates.get(entry, "")} for entry in sorted(book.deleted)
    ]
    header = "".join(f"# {line}\n" for line in msg.DECISIONS_HEADER.splitlines())
    write_atomic(workdir.decisions, header + yaml.safe_dump(items, allow_unicode=True, sort_keys=False))


def add_decisions(book: Book, new: Decisions, today: date) -> None:
    """Record new pair decisions (a changed decision is dated again)."""
    for key, decision in new.items():
        if book.pairs.get(key) != decision:
            book.dates[key] = today.isoformat()
        book.pairs[key] = decision


def describe(record: dict[str, str]) -> dict[str, str]:
    """The fields a reviewer needs to recognise a record, starting with where it comes from."""
    if record.get("source") == "fiche":
        shown = {"source": f"fiche existante {record['fichier']}"}
    else:
        shown = {"source": f"{record['source']}, {record['fichier']}, ligne {record['ligne']}"}
    shown.update({name: record[name] for name in _SHOWN + _IDENTIFIERS if record.get(name)})
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
    body = yaml.dump(pairs, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    write_atomic(workdir.review, header + body)
    return workdir.review


def read_review_file(path: Path, known: set[str]) -> Decisions:
    """Decisions filled in a review file; empty ones are skipped, bad ones are French errors.

    A decision may name any two records still in the census (`known` uids): a filled file
    stays valid after the queue changed.
    """
    try:
        items = yaml.safe_load(path.read_text("utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CensusError.single(str(path), msg.WORKDIR_CORRUPT.format(reason=exc)) from exc
    decisions: Decisions = {}
    problems = []
    for index, item in enumerate(items if isinstance(items, list) else [], 1):
        if not isinstance(item, dict):
            continue
        value = str(item.get("decision") or "").strip().lower().replace("même", "meme")
        if not value:
            continue
        key = pair(str(item.get("a")), str(item.get("b")))
        unknown = [uid for uid in key if uid not in known]
        if value not in (SAME, APART):
            problems.append(Located(str(path), msg.REVIEW_BAD_DECISION.format(index=index, value=value)))
        elif unknown:
            problems.append(Located(str(path), msg.REVIEW_UNKNOWN_RECORD.format(index=index, uid=unknown[0])))
        else:
            decisions[key] = value
    if problems:
        raise CensusError(problems)
    return decisions
