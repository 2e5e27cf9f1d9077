"""`recensement appliquer`: clusters become actor entries, with per-field provenance, atomically.

Rules:
- each field the census fills records its provenance: source, row, import date and `valeur`,
  the value the census wrote. A field whose current value differs from its `valeur` (changed
  or deleted), or that exists without provenance, was written by a person: never overwritten;
- a value that did not change leaves the file untouched, so re-applying changes nothing;
- every file is rendered and validated with the model's validator first; only when all are
  valid are they staged as temporary files and renamed into place. On any error nothing is written;
- a person created by the census gets no consent: it stays unpublished until it gives one.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maillage.census import messages as msg
from maillage.census.errors import CensusError, Located
from maillage.census.workdir import Workdir, read_csv_rows, write_csv
from maillage.model import (
    EntryType,
    SchemaSet,
    entry_path,
    load_commons,
    parse_document,
    render_entry,
    territory,
    validate_entry,
)
from maillage.model.problems import Severity
from maillage.model.slug import unique_slug
from maillage.model.write import write_all_atomic

ACTORS = "acteurs"  # the folder of the entries a census writes
# Census field → dotted path in an actor entry.
MANAGED = {
    "nom": "nom",
    "forme": "forme",
    "nature": "nature",
    "commune": "commune",
    "echelle": "echelle",
    "disciplines": "disciplines",
    "resume": "resume",
    "siren": "identifiants.siren",
    "siret": "identifiants.siret",
    "rna": "identifiants.rna",
    "site_web": "site_web",
    "courriel": "contact.courriel",
    "telephone": "contact.telephone",
    "adresse": "contact.adresse",
}
_MAX_NAME, _MAX_SUMMARY = 200, 300


@dataclass
class ApplyResult:
    """What apply did (or would do, in a dry run)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    protected: list[tuple[str, str]] = field(default_factory=list)  # (entry id, field) edited by hand
    persons: list[str] = field(default_factory=list)


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
    disciplines = sorted({d for r in members for d in r.get("disciplines", "").split(";") if d})
    if disciplines:
        # A union has many sources: cite the most recently imported one, the likeliest to have changed it.
        contributors = [r for r in ordered if r.get("disciplines")]
        latest = max(contributors, key=lambda r: r["date_import"])
        chosen["disciplines"] = (disciplines, latest)
    chosen.setdefault("forme", ("organisation", ordered[0]))
    chosen.setdefault("nature", ("autre", ordered[0]))
    if "commune" in chosen:
        chosen["echelle"] = ("commune", chosen["commune"][1])
    return chosen


def _neg_date(text: str) -> str:
    # Sort most recent first with an ascending sort: complement each digit.
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in text)


def _entry_fields(record: dict[str, str]) -> dict[str, Any]:
    name = record.get("nom", "")
    summary = record.get("resume", "")
    if len(summary) > _MAX_SUMMARY:
        summary = summary[: _MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
    address = record.get("adresse", "")
    commune = territory().commune(record["commune"]) if record.get("commune") else None
    if address and (record.get("code_postal") or commune):
        town = commune.name if commune else record.get("commune_libelle", "")
        address = f"{address}, {record.get('code_postal', '')} {town}".strip()
    return {
        "nom": name[:_MAX_NAME].strip(),
        "forme": record.get("forme"),
        "nature": record.get("nature"),
        "commune": record.get("commune"),
        "resume": summary,
        "siren": record.get("siren"),
        "siret": record.get("siret"),
        "rna": record.get("rna"),
        "site_web": record.get("site_web"),
        "courriel": record.get("courriel"),
        "telephone": record.get("telephone"),
        "adresse": address[:300],
    }


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
    changed = False
    for name, (value, record) in values.items():
        path = MANAGED[name]
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
        provenance[path] = {
            "source": record["source"],
            "ligne": int(record["ligne"]),
            "date": record["date_import"],
            "valeur": copy.deepcopy(value),
        }
        changed = True
    if changed:
        data["provenance"] = dict(sorted(provenance.items()))
    return changed


def apply_clusters(workdir: Workdir, content: Path, dry_run: bool = False) -> ApplyResult:
    """Create or update `content/acteurs` from the clusters; all or nothing."""
    records = {r["uid"]: r for r in read_csv_rows(workdir.records)}
    clusters: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv_rows(workdir.clusters):
        if row["source"] + ":" + row["record_id"] in records:
            clusters[row["cluster_id"]].append(records[row["source"] + ":" + row["record_id"]])
    if not clusters:
        raise CensusError.single(str(workdir.root), msg.NOT_LINKED.format(workdir=workdir.root))
    commons = load_commons(content)
    actor_type = commons.schemas.by_folder[ACTORS]
    actors = {e.id: e for e in commons.of_type(ACTORS)}
    assigned = {row["uid"]: row["fiche"] for row in read_csv_rows(workdir.assignments)}
    by_identifier = {
        (kind, str(value)): entry.id
        for entry in actors.values()
        for kind, value in (entry.data.get("identifiants") or {}).items()
    }
    taken = set(commons.entries) | actor_type.reserved_ids
    result = ApplyResult()
    staged: dict[Path, str] = {}
    problems: list[Located] = []
    new_assignments = dict(assigned)
    claimed: set[str] = set()
    for cluster_id in sorted(clusters):
        members = clusters[cluster_id]
        values = actor_values(members)
        entry_id = _existing(members, assigned, by_identifier, actors, claimed)
        if entry_id is None:
            entry_id = _new_id(values, taken)
            taken.add(entry_id)
            data: dict[str, Any] = {"schema_version": 1}
            body = ""
            result.created.append(entry_id)
        else:
            claimed.add(entry_id)
            data = _copy(actors[entry_id].data) if entry_id in actors else {"schema_version": 1}
            body = actors[entry_id].body if entry_id in actors else ""
        for member in members:
            new_assignments[member["uid"]] = entry_id
        if not merge(data, values, result, entry_id) and entry_id not in result.created:
            result.unchanged += 1
            continue
        if entry_id not in result.created:
            result.updated.append(entry_id)
        if data.get("forme") == "personne" and entry_id in result.created:
            result.persons.append(entry_id)
        path = entry_path(content, ACTORS, entry_id)
        text = render_entry(_ordered(data), body)
        problems.extend(_validate(path, text, actor_type, commons.schemas))
        staged[path] = text
    if problems:
        raise CensusError(problems[:20])
    if not dry_run:
        write_all_atomic(staged)
        write_csv(
            workdir.assignments, ["uid", "fiche"], ({"uid": u, "fiche": f} for u, f in sorted(new_assignments.items()))
        )
    return result


def _existing(
    members: list[dict[str, str]],
    assigned: dict[str, str],
    by_identifier: dict[tuple[str, str], str],
    actors: dict[str, Any],
    claimed: set[str],
) -> str | None:
    """The entry a cluster already became (by an earlier apply, or by an official identifier).

    An entry already claimed by another cluster in this run (a cluster split by a "not the same
    actor" decision) is not reused: the other part becomes a new entry.
    """
    candidates = [assigned.get(m["uid"]) for m in members]
    candidates += [
        by_identifier.get((kind, m[kind])) for m in members for kind in ("siret", "siren", "rna") if m.get(kind)
    ]
    return next((c for c in candidates if c and c in actors and c not in claimed), None)


def _new_id(values: dict[str, tuple[Any, dict[str, str]]], taken: set[str]) -> str:
    """The model's `unique_slug` of the name, disambiguated by the commune's name before numbering."""
    name = values.get("nom", ("acteur", None))[0]
    commune = territory().commune(values["commune"][0]) if "commune" in values else None
    if commune and unique_slug(name, (), "acteur") in taken:
        name = f"{name} {commune.name}"
    return unique_slug(name, taken, "acteur")


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(data))


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in schema order (as a person would write them), provenance last."""
    order = list(MANAGED.values())
    schema_keys = ["schema_version", "nom", "forme", "nature", "resume", "univers", "disciplines", "commune", "echelle"]
    top = [k.split(".")[0] for k in order]
    rank = {k: i for i, k in enumerate(dict.fromkeys(schema_keys + top))}
    ordered = dict(sorted(data.items(), key=lambda kv: (kv[0] == "provenance", rank.get(kv[0], len(rank)))))
    return ordered


def _validate(path: Path, text: str, actor_type: EntryType, schemas: SchemaSet) -> list[Located]:
    try:
        document = parse_document(text.encode("utf-8"), str(path))
    except Exception as exc:  # a rendering bug must stop apply, never write a broken file
        return [Located(str(path), msg.APPLY_INVALID.format(path=path.name, problem=exc))]
    return [
        Located(str(path), msg.APPLY_INVALID.format(path=path.name, problem=p.message), p.line, p.field)
        for p in validate_entry(actor_type, document, schemas)
        if p.severity is Severity.ERROR
    ]
