"""Actors present in several commons, shown once with every origin; never two actors merged.

The actors of the regional commons and of the local ones it gathers are linked with the census
linkage (`maillage.census.link`) and its regional settings: a shared SIRET, SIREN or RNA
number first, then splink's reference model, only sure pairs; never two actors of one local
commons (each is already free of duplicates), never two entries of the regional commons, never
two different SIREN or RNA numbers. A maintainer corrects what it got wrong in a small file
beside `mkdocs.yml`, `doublons.yaml`, naming entries by the address of their page (as the
cards link to them) or by their id here:

```yaml
separer:   # merged, but two different actors: shown apart
  - [https://ardennes.example.org/acteurs/big-band/, https://moselle.example.org/acteurs/cine-club/]
joindre:   # one actor the linkage did not recognise: shown once
  - [https://ardennes.example.org/acteurs/harmonie/, https://moselle.example.org/acteurs/harmonie-metz/]
```

A group is shown by one of its entries: the regional commons' own when it has one (it has a
page here), else the first local commons' (in the order of `communs_locaux`); the others'
origins are added to it, and references to them point to it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maillage.exports.public import without_fields
from maillage.federation import texts
from maillage.federation.rebuild import rename_references
from maillage.model import Entry, EntryError, SchemaSet
from maillage.model.load import parse_yaml
from maillage.model.numbers import french_percent

DUPLICATES_FILE = "doublons.yaml"
SPLIT, JOIN = "separer", "joindre"
DECISION_REASON = "décision du fichier doublons.yaml"


@dataclass
class Group:
    """Entries of one actor in several commons: the one shown, and the others."""

    kept: Entry
    others: list[Entry]
    reason: str


@dataclass
class Merged:
    """What deduplication decided: the entries to show, the ids that now mean another, why."""

    entries: list[Entry]
    alias: dict[str, str] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    linked: bool = True


@dataclass(frozen=True)
class Decision:
    """One line of `doublons.yaml`: two names, split or joined, and where it is written."""

    kind: str
    left: str
    right: str
    line: int


def read_decisions(root: Path) -> tuple[list[Decision], list[str]]:
    """The maintainer's decisions (`doublons.yaml`, absent: none) and French warnings about the file."""
    path = root / DUPLICATES_FILE
    if not path.is_file():
        return [], []
    shown = DUPLICATES_FILE
    try:
        document, positions = parse_yaml(path.read_text("utf-8"), shown)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [texts.DUPLICATES_FILE_UNREADABLE.format(file=shown, reason=exc)]
    except EntryError as error:
        return [], [p.format() for p in error.problems]
    if document in (None, {}):
        return [], []
    if not isinstance(document, dict):
        return [], [texts.DUPLICATES_NOT_MAPPING.format(file=shown)]
    decisions, warnings = [], []
    for key, items in document.items():
        line = positions.get((key,), (1, 1))[0]
        if key not in (SPLIT, JOIN):
            warnings.append(texts.DUPLICATES_UNKNOWN_KEY.format(file=shown, line=line, key=key))
            continue
        for index, item in enumerate(items if isinstance(items, list) else [items]):
            line = positions.get((key, index), positions.get((key,), (1, 1)))[0]
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) and v for v in item)):
                warnings.append(texts.DUPLICATES_NOT_PAIR.format(file=shown, line=line))
                continue
            decisions.append(Decision(key, item[0].strip(), item[1].strip(), line))
    return decisions, warnings


def merge_identical(entries: list[Entry], order: dict[str, int], schemas: SchemaSet) -> Merged:
    """Entries published word for word by several commons (the starter toolbox every new commons
    gets, a rencontre two commons announce alike) shown once: same type, same published values,
    same text. Nothing else is merged here (actors are linked by `merge_actors`)."""
    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        shown = without_fields(entry.data, schemas.hidden_fields(entry.type, "donnees") +
                               ([entry.type.picture] if entry.type.picture else []))
        if entry.remote:  # references compared as their commons wrote them (`world-cafe`, not `ardennes-world-cafe`)
            prefix = entry.origins[0].key + "-"
            for pattern, _folder in schemas.reference_fields(entry.type):
                rename_references(shown, pattern, lambda target, prefix=prefix: target.removeprefix(prefix))
        key = (entry.type.folder, json.dumps(shown, sort_keys=True, ensure_ascii=False), entry.body.strip())
        groups[key].append(entry)
    merged = Merged([])
    for group in groups.values():
        _keep_one(group, order, "fiches identiques", merged)
    return merged


def _keep_one(group: list[Entry], order: dict[str, int], reason: str, merged: Merged) -> None:
    """One entry shown for a group (the commons' own first, then by the order of the local
    commons), with every origin; the others' ids now name it."""
    if len(group) == 1:
        merged.entries.append(group[0])
        return
    group.sort(key=lambda e: (e.remote, order.get(e.origins[0].key, 0) if e.remote else 0, e.id))
    kept, others = group[0], group[1:]
    origins = list(kept.origins)
    for other in others:
        origins += [o for o in other.origins if o not in origins]
        merged.alias[other.id] = kept.id
    shown = dataclasses.replace(kept, origins=tuple(origins))
    merged.entries.append(shown)
    merged.groups.append(Group(shown, others, reason))


def merge_actors(
    own: list[Entry], remote: list[Entry], order: dict[str, int], root: Path, content: Path, scope: Any = None,
    backend: str = "duckdb",
) -> Merged:
    """Link the regional commons' actors (`own`) with the local commons' (`remote`); `order`
    ranks the local commons by their key (the first one's entry is shown for a group). `backend`:
    where the linkage runs (DuckDB; Spark for a national commons, DuckDB again with a French
    warning when Spark cannot start)."""
    entries = own + remote
    decisions, warnings = read_decisions(root)
    try:
        from maillage.census.link import APART, AUTO, REGIONAL, SAME, link_records, pair
    except ImportError:
        return Merged(entries, warnings=[*warnings, texts.NO_LINKAGE], linked=False)
    from maillage.census.engine import BackendUnavailable
    from maillage.census.entries import entry_record

    records, by_uid = [], {}
    for entry in entries:
        record = entry_record(entry, content, scope)
        if entry.remote:
            origin = entry.origins[0]
            record.update(uid=entry.id, source=origin.key, record_id=origin.id)
        records.append(record)
        by_uid[record["uid"]] = entry
    uid_of = _names(by_uid)
    chosen: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], Decision] = {}
    for decision in decisions:
        left, right = uid_of.get(_bare(decision.left)), uid_of.get(_bare(decision.right))
        for name, uid in ((decision.left, left), (decision.right, right)):
            if uid is None:
                warnings.append(texts.DUPLICATES_UNKNOWN_ENTRY.format(file=DUPLICATES_FILE, line=decision.line,
                                                                      name=name))
        if left is None or right is None or left == right:
            continue
        key = pair(left, right)
        chosen[key] = SAME if decision.kind == JOIN else APART
        lines[key] = decision
    try:
        result = link_records(records, chosen, linkage=REGIONAL, backend=backend)
    except BackendUnavailable as missing:
        warnings.append(texts.SPARK_UNAVAILABLE.format(missing=missing))
        result = link_records(records, chosen, linkage=REGIONAL)
    for key, reason in result.refused:
        decision = lines[key]
        warnings.append(texts.DUPLICATES_REFUSED.format(file=DUPLICATES_FILE, line=decision.line,
                                                        left=decision.left, right=decision.right, reason=reason))
    warnings.extend(result.warnings)
    reasons = _reasons(result.links, result.clusters, chosen, SAME, AUTO)
    members: dict[str, list[Entry]] = defaultdict(list)
    for record in records:
        members[result.clusters[record["uid"]]].append(by_uid[record["uid"]])
    merged = Merged([], warnings=warnings)
    for cluster_id, group in members.items():
        _keep_one(group, order, reasons.get(cluster_id, ""), merged)
    merged.groups.sort(key=lambda g: g.kept.id)
    return merged


def _bare(name: str) -> str:
    """A name as written, without the difference a final slash or `index.html` makes."""
    return name.removesuffix("index.html").rstrip("/")


def _names(by_uid: dict[str, Entry]) -> dict[str, str]:
    """Every name a maintainer may use for an entry: its page's address there, its id here."""
    names = {}
    for uid, entry in by_uid.items():
        names[entry.id] = uid
        for origin in entry.origins:
            names[_bare(origin.url)] = uid
    return names


def _reasons(
    links: list[Any], clusters: dict[str, str], decisions: dict[tuple[str, str], str], same: str, auto: str
) -> dict[str, str]:
    """Why each group was formed, in French: a decision, a shared identifier, or a probability."""
    found: dict[str, str] = {}
    for (left, _right), decision in decisions.items():
        if decision == same and left in clusters:
            found.setdefault(clusters[left], DECISION_REASON)
    for link in links:
        cluster = clusters.get(link.uid_l)
        if link.band != auto or cluster is None or cluster != clusters.get(link.uid_r) or cluster in found:
            continue
        # An identifier link says which number the two share; splink's, how likely they are one.
        probable = f"même acteur à {french_percent(link.probability)}"
        reason = link.reason if math.isinf(link.weight) else probable
        found[cluster] = reason
    return found
