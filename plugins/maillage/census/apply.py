"""`recensement appliquer`: clusters become actor entries, with per-field provenance.

Rules:
- clusters are computed again first, from the stored scores and the current decisions: a
  review takes effect without linking again;
- a cluster holding an entry of the commons enriches that entry; a cluster whose records
  went into an entry the coordinator since deleted is left out (never recreated); any other
  cluster becomes a new entry;
- each field the census fills records its provenance: source, file, row, import date and
  `valeur`, the value the census wrote (`infere: true` for univers facets a mapping infers from
  what the source is). A field whose current value differs from its `valeur` (changed or
  deleted), or that exists without provenance, was written by a person: never overwritten;
- a value that did not change leaves the file untouched, so re-applying changes nothing;
- every entry is rendered and validated with the model's validator, then written atomically;
  a cluster that would not make a valid entry is not written and is listed with its source
  rows (it stays in the working folder: nothing is lost);
- a person created by the census gets no consent: it stays unpublished until it gives one.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maillage.census.errors import Located
from maillage.census.fields import ACTORS, entry_path, fields, is_inferred
from maillage.census.link import ENTRY_SOURCE
from maillage.census.normalise import ascii_fold, name_noise
from maillage.census.run import ASSIGNMENT_COLUMNS, recluster
from maillage.census.workdir import Workdir, write_csv
from maillage.model import (
    EntryType,
    SchemaSet,
    load_commons,
    parse_document,
    render_entry,
    territory,
    validate_entry,
    write_atomic,
)
from maillage.model import entry_path as file_of
from maillage.model.problems import Severity
from maillage.model.slug import unique_slug

if TYPE_CHECKING:
    from maillage.model.territory import Scope

_MAX_NAME, _MAX_SUMMARY = 200, 300
# Fields every entry needs; the census fills them when no source says.
_DEFAULTS = {"forme": "organisation", "nature": "autre"}


@dataclass
class Unwritten:
    """A cluster that would not make a valid entry: why, and the rows it comes from."""

    entry: str
    problems: list[Located]
    records: list[dict[str, str]]


@dataclass
class ApplyResult:
    """What apply did (or would do, in a dry run)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    protected: list[tuple[str, str]] = field(default_factory=list)  # (entry id, field) edited by hand
    persons: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # entries deleted by the coordinator, left out
    unwritten: list[Unwritten] = field(default_factory=list)


def managed() -> dict[str, str]:
    """Census field → dotted path in an actor entry, for the fields apply writes."""
    paths = {name: entry_path(name) for name in fields()}
    return {name: path for name, path in paths.items() if path} | {"echelle": "echelle"}


def actor_values(members: list[dict[str, str]]) -> dict[str, tuple[Any, dict[str, str]]]:
    """For each census field: the value for the entry and the record it comes from.

    The record of the highest-priority source wins, then the most recent import, then the
    lowest uid (so the choice never depends on file order); disciplines are the union of all.
    """
    ordered = sorted(members, key=lambda r: (-int(r.get("priorite") or 1), _neg_date(r["date_import"]), r["uid"]))
    chosen: dict[str, tuple[Any, dict[str, str]]] = {}
    for record in ordered:
        for name, value in _entry_fields(record).items():
            if value and name not in chosen:
                chosen[name] = (value, record)
    # The name: of the highest priority, the least noisy spelling (« Chorale Sainte-Cécile » rather
    # than « Assocation Chor. Ste-Cécile »), then the most complete.
    named = [r for r in ordered if r.get("nom")]
    if named:
        top = max(int(r.get("priorite") or 1) for r in named)
        best = min(
            (r for r in named if int(r.get("priorite") or 1) == top),
            key=lambda r: (name_noise(r["nom"]), -len(r["nom"]), ordered.index(r)),
        )
        # The same name with its accents (registers often drop them: « Theatre du Grenier »).
        spellings = [r for r in named if ascii_fold(r["nom"]) == ascii_fold(best["nom"])]
        best = max(spellings, key=lambda r: (sum(not c.isascii() for c in r["nom"]), -ordered.index(r)))
        chosen["nom"] = (best["nom"][:_MAX_NAME].strip(), best)
    disciplines = sorted({d for r in members for d in r.get("disciplines", "").split(";") if d})
    if disciplines:
        # A union has many sources: cite the most recently imported one, the likeliest to have changed it.
        contributors = [r for r in ordered if r.get("disciplines")]
        latest = max(contributors, key=lambda r: r["date_import"])
        chosen["disciplines"] = (disciplines, latest)
    for name, value in _DEFAULTS.items():
        chosen.setdefault(name, (value, ordered[0]))
    if "commune" in chosen:
        chosen["echelle"] = ("commune", chosen["commune"][1])
    return chosen


def _neg_date(text: str) -> str:
    # Sort most recent first with an ascending sort: complement each digit.
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in text)


def _entry_fields(record: dict[str, str]) -> dict[str, Any]:
    summary = record.get("resume", "")
    if len(summary) > _MAX_SUMMARY:
        summary = summary[: _MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
    address = record.get("adresse", "")
    commune = territory().commune(record["commune"]) if record.get("commune") else None
    if address and (record.get("code_postal") or commune):
        town = commune.name if commune else record.get("commune_libelle", "")
        address = f"{address}, {record.get('code_postal', '')} {town}".strip()
    values = {name: record.get(name) for name in managed() if name not in ("disciplines", "echelle")}
    values.update(nom=record.get("nom", "")[:_MAX_NAME].strip(), resume=summary, adresse=address[:300])
    return values


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def merge(
    data: dict[str, Any], values: dict[str, tuple[Any, dict[str, str]]], result: ApplyResult, entry_id: str
) -> bool:
    """Write census values into an entry's data, respecting hand edits; True if anything changed."""
    provenance = data.get("provenance") or {}
    paths = managed()
    changed = False
    for name, (value, record) in values.items():
        path = paths[name]
        current = _get(data, path)
        known = provenance.get(path)
        edited = known.get("valeur") != current if known else current is not None
        if edited:
            # Changed, added or deleted by a person since the census wrote it: theirs to keep.
            if current != value:
                result.protected.append((entry_id, path))
            continue
        if current == value:
            continue
        # Two copies: one shared object would be written as a YAML alias, which entries refuse.
        _set(data, path, copy.deepcopy(value))
        origin: dict[str, Any] = {
            "source": record["source"],
            "fichier": record["fichier"],
            "ligne": int(record["ligne"]),
            "date": record["date_import"],
            "valeur": copy.deepcopy(value),
        }
        if is_inferred(name):
            origin["infere"] = True
        provenance[path] = origin
        changed = True
    if changed:
        data["provenance"] = dict(sorted(provenance.items()))
    return changed


def apply_clusters(
    workdir: Workdir, content: Path, dry_run: bool = False, scope: Scope | None = None
) -> ApplyResult:
    """Create or update `content/acteurs` from the clusters: every valid entry is written."""
    census, clustering = recluster(workdir, content, scope, write=not dry_run)
    commons = census.commons or load_commons(content)
    actor_type = commons.schemas.by_folder[ACTORS]
    actors = {e.id: e for e in commons.of_type(ACTORS)}
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in census.records:
        groups[clustering.clusters[record["uid"]]].append(record)
    taken = set(commons.entries) | actor_type.reserved_ids
    result = ApplyResult()
    assignments = dict(census.assignments)
    for cluster_id in sorted(groups):
        members = [r for r in groups[cluster_id] if r["source"] != ENTRY_SOURCE]
        entries = [r["record_id"] for r in groups[cluster_id] if r["source"] == ENTRY_SOURCE]
        if not members:
            continue
        if entries:
            entry_id = entries[0]
            data, body = copy.deepcopy(dict(actors[entry_id].data)), actors[entry_id].body
        else:
            gone = sorted({census.assignments[m["uid"]] for m in members if m["uid"] in census.assignments})
            if any(entry in census.book.deleted for entry in gone):
                result.deleted.append(gone[0])
                continue
            entry_id = _new_id(actor_values(members), taken)
            data, body = {"schema_version": 1}, ""
        if not merge(data, actor_values(members), result, entry_id) and entries:
            result.unchanged += 1
            _assign(assignments, members, entry_id)
            continue
        path = file_of(content, ACTORS, entry_id)
        text = render_entry(_ordered(data, commons.schemas, actor_type), body)
        problems = _validate(path, text, actor_type, commons.schemas)
        if problems:
            result.unwritten.append(Unwritten(entry_id, problems, members))
            continue
        if not dry_run:
            write_atomic(path, text)
        taken.add(entry_id)
        (result.updated if entries else result.created).append(entry_id)
        if data.get("forme") == "personne" and not entries:
            result.persons.append(entry_id)
        _assign(assignments, members, entry_id)
    if not dry_run:
        rows = ({"uid": u, "fiche": f} for u, f in sorted(assignments.items()))
        write_csv(workdir.assignments, ASSIGNMENT_COLUMNS, rows)
    return result


def _assign(assignments: dict[str, str], members: list[dict[str, str]], entry_id: str) -> None:
    for member in members:
        assignments[member["uid"]] = entry_id


def _new_id(values: dict[str, tuple[Any, dict[str, str]]], taken: set[str]) -> str:
    """The model's `unique_slug` of the name, disambiguated by the commune's name before numbering."""
    name = values.get("nom", ("acteur", None))[0]
    commune = territory().commune(values["commune"][0]) if "commune" in values else None
    if commune and unique_slug(name, (), "acteur") in taken:
        name = f"{name} {commune.name}"
    return unique_slug(name, taken, "acteur")


def _ordered(data: dict[str, Any], schemas: SchemaSet, actor_type: EntryType) -> dict[str, Any]:
    """Keys in the actor schema's order (as a person would write them), provenance last."""
    rank = {key: index for index, key in enumerate(schemas.for_type(actor_type)["properties"])}
    return dict(sorted(data.items(), key=lambda kv: (kv[0] == "provenance", rank.get(kv[0], len(rank)))))


def _validate(path: Path, text: str, actor_type: EntryType, schemas: SchemaSet) -> list[Located]:
    try:
        document = parse_document(text.encode("utf-8"), str(path))
    except Exception as exc:  # a rendering bug must stop this entry, never write a broken file
        return [Located(str(path), str(exc))]
    return [
        Located(str(path), p.message, p.line, p.field)
        for p in validate_entry(actor_type, document, schemas)
        if p.severity is Severity.ERROR
    ]
