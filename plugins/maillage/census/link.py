"""`recensement relier`: identifiers first, then probabilistic linkage, then constrained clustering.

The linkage API, shared by the census and the regional commons (`maillage.federation.duplicates`):

- `score(records, linkage)` → scored pairs (`Link`): records sharing a SIRET, SIREN or RNA
  number are the same actor; splink (Fellegi–Sunter, EM-trained without labels) scores the
  other candidate pairs and puts each in a band: auto-merge, review or distinct;
- `cluster(records, links, decisions, linkage)` → clusters and the review queue, without
  splink (so that a review decision takes effect at once): groups grow from human "same
  actor" decisions, bonds (records already in one entry), identifier links and auto-merged
  pairs, best first, never joining two groups that a "not the same actor" decision keeps
  apart, that hold two different SIREN or RNA numbers or two existing entries, or (regional)
  two records of the same commons;
- `link_records` does both.

Everything is deterministic: pairs are sorted by probability (rounded to six decimals, as
`liens.csv` stores them) then by uid, and a cluster is named by its smallest uid.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from maillage.census import comparisons, engine

AUTO, REVIEW, DISTINCT = "fusion", "revue", "distinct"
SAME, APART = "meme", "distinct"
IDENTIFIERS = ("siret", "siren", "rna")
# A group never holds two different values of these: two legal persons, or two entries.
EXCLUSIVE = ("siren", "rna", "fiche")
LINK_COLUMNS = ["uid_l", "uid_r", "probabilite", "poids", "bande", "motif", "detail"]
# Source name of the commons' own entries when they take part in the linkage (`fiche:<id>`).
ENTRY_SOURCE = "fiche"
Pair = tuple[str, str]
Decisions = dict[Pair, str]


@dataclass(frozen=True)
class Thresholds:
    """Match probability bands: at least `auto` merges, at least `review` asks a human."""

    auto: float = 0.97
    review: float = 0.5


@dataclass(frozen=True)
class Linkage:
    """What a linkage compares, how its model is trained, its bands and its constraints.

    `apart`: a record column whose equal values are never merged (the regional merge keeps
    apart the actors of one local commons, each commons being already free of duplicates).
    Inputs of fewer than `min_training` records are scored with the reference model rather than
    one trained on too little.
    """

    settings: Callable[[], Any] = comparisons.census_settings
    training: Callable[[], engine.Training] = comparisons.census_training
    thresholds: Thresholds = Thresholds()
    apart: str | None = None
    min_training: int = 2000


CENSUS = Linkage()
# The regional merge: actors of several local commons, each already free of duplicates, that
# may share none. Identifiers first; the reference model (no training on so few, maybe no,
# matches); never two actors of one commons; only sure pairs merged (nobody reviews).
REGIONAL = Linkage(thresholds=Thresholds(0.99, 0.99), apart="source", min_training=sys.maxsize)


@dataclass
class Link:
    """One scored pair of records."""

    uid_l: str
    uid_r: str
    probability: float
    weight: float
    band: str
    reason: str
    detail: list[dict[str, Any]] = field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        """The pair as a `liens.csv` row."""
        return {
            "uid_l": self.uid_l,
            "uid_r": self.uid_r,
            "probabilite": f"{self.probability:.6f}",
            "poids": f"{self.weight:.2f}",
            "bande": self.band,
            "motif": self.reason,
            "detail": json.dumps(self.detail, ensure_ascii=False),
        }

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Link:
        """A pair read back from `liens.csv`."""
        return cls(
            row["uid_l"],
            row["uid_r"],
            float(row["probabilite"]),
            float(row["poids"]),
            row["bande"],
            row["motif"],
            json.loads(row["detail"] or "[]"),
        )


@dataclass
class Scored:
    """Scored pairs, sorted, and the model that scored them."""

    links: list[Link]
    compared: int
    model: dict[str, Any]
    skipped_rules: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # French, about blocks left out


@dataclass
class Clustering:
    """Clusters and what still needs a human."""

    clusters: dict[str, str]  # uid → cluster id
    probability: dict[str, float]  # uid → best merge probability that put it in its cluster
    review: list[Link]
    refused: list[tuple[Pair, str]] = field(default_factory=list)  # "same actor" decisions a constraint refused


@dataclass
class LinkResult:
    """Scored pairs and clusters."""

    links: list[Link]
    clusters: dict[str, str]
    cluster_probability: dict[str, float]
    review: list[Link]
    compared: int
    model: dict[str, Any]
    skipped_rules: list[str] = field(default_factory=list)
    refused: list[tuple[Pair, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # French, about blocks left out


def pair(a: str, b: str) -> Pair:
    """A pair of uids in canonical (sorted) order."""
    return (a, b) if a < b else (b, a)


def _sort_key(link: Link) -> tuple[float, str, str]:
    return (-round(link.probability, 6), link.uid_l, link.uid_r)


def score(
    records: list[dict[str, str]],
    linkage: Linkage = CENSUS,
    backend: str = "duckdb",
    trained_model: dict[str, Any] | None = None,
) -> Scored:
    """Identifier links, then splink's scores of the other candidate pairs, sorted."""
    by_uid = {r["uid"]: r for r in records}
    identifier_links = list(identifier_links_of(records))
    known = {(link.uid_l, link.uid_r) for link in identifier_links}
    scored: list[Link] = []
    compared, model, skipped, warnings = 0, trained_model or {}, [], []
    if trained_model is None and len(records) < linkage.min_training:
        trained_model = comparisons.reference_model(len(records), linkage.settings(), backend)
    if len(records) > 1:
        prediction = comparisons.predict(records, linkage, backend, trained_model)
        compared, model, skipped = len(prediction.pairs), prediction.model, prediction.skipped_rules
        warnings = prediction.warnings
        labels = comparisons.level_labels(prediction.model)
        for row in prediction.pairs.itertuples(index=False):
            uids = pair(row.uid_l, row.uid_r)
            if uids in known:
                continue
            probability = round(float(row.match_probability), 6)
            band = _band(probability, linkage.thresholds)
            link = Link(*uids, probability, float(row.match_weight), band, "probabiliste")
            link.detail = comparisons.explain(row, labels)
            if conflict(by_uid[uids[0]], by_uid[uids[1]]):
                link.band, link.reason = DISTINCT, "identifiants officiels différents"
            scored.append(link)
    scored.sort(key=_sort_key)
    return Scored(identifier_links + scored, compared, model, skipped, warnings)


def _band(probability: float, thresholds: Thresholds) -> str:
    if probability >= thresholds.auto:
        return AUTO
    return REVIEW if probability >= thresholds.review else DISTINCT


def conflict(left: dict[str, str], right: dict[str, str]) -> bool:
    """Two different official identifiers of the same kind: two different legal persons."""
    return any(left.get(k) and right.get(k) and left[k] != right[k] for k in ("siren", "rna"))


def identifier_links_of(records: list[dict[str, str]]) -> Iterable[Link]:
    """Records sharing an identifier, each joined to the first record (by uid) holding it."""
    seen: set[Pair] = set()
    ordered = sorted(records, key=lambda r: r["uid"])
    for kind in IDENTIFIERS:
        first: dict[str, str] = {}
        for record in ordered:
            value = record.get(kind)
            if not value:
                continue
            if value not in first:
                first[value] = record["uid"]
                continue
            uids = pair(first[value], record["uid"])
            if uids not in seen:
                seen.add(uids)
                detail = [{"comparaison": kind.upper(), "niveau": f"identique ({value})", "poids": None}]
                yield Link(*uids, 1.0, math.inf, AUTO, f"{kind.upper()} identique", detail)


class _Groups:
    """Union-find over records; each group remembers the groups it must never join and the
    values it holds of exclusive columns (SIREN, RNA, entry) and of the `apart` column."""

    def __init__(self, records: list[dict[str, str]], apart: str | None):
        self.parent = {r["uid"]: r["uid"] for r in records}
        self.forbidden: dict[str, set[str]] = defaultdict(set)
        self.values: dict[str, dict[str, set[str]]] = {}
        for record in records:
            held = {k: {record[k]} for k in EXCLUSIVE if record.get(k)}
            if apart and record.get(apart):
                held["apart"] = {record[apart]}
            self.values[record["uid"]] = held

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def forbid(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.forbidden[ra].add(rb)
        self.forbidden[rb].add(ra)

    def obstacle(self, a: str, b: str) -> str | None:
        """Why the groups of `a` and `b` cannot join (None if they can, or already are one)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if any(self.find(x) == rb for x in self.forbidden.get(ra, ())):
            return "décision : acteurs distincts"
        left, right = self.values[ra], self.values[rb]
        for key in EXCLUSIVE:
            if left.get(key) and right.get(key) and left[key] != right[key]:
                return "deux fiches existantes" if key == ENTRY_SOURCE else f"deux numéros {key.upper()} différents"
        if left.get("apart", set()) & right.get("apart", set()):
            return "même origine"
        return None

    def union(self, a: str, b: str) -> bool:
        if self.obstacle(a, b) is not None:
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        self.parent[rb] = ra
        self.forbidden[ra] |= self.forbidden.pop(rb, set())
        for key, values in self.values.pop(rb).items():
            self.values[ra].setdefault(key, set()).update(values)
        return True


def cluster(
    records: list[dict[str, str]],
    links: list[Link],
    decisions: Decisions | None = None,
    linkage: Linkage = CENSUS,
    bonds: Iterable[Pair] = (),
) -> Clustering:
    """Clusters from decisions, bonds and merge links, never across a constraint; the review queue.

    `links` must be sorted as `score` sorts them; `bonds` are pairs kept together unless a
    decision separates them (records an earlier apply put in the same entry).
    """
    decisions = decisions or {}
    records = [_with_entry(r) for r in records]
    groups = _Groups(records, linkage.apart)
    for (a, b), decision in sorted(decisions.items()):
        if decision == APART and a in groups.parent and b in groups.parent:
            groups.forbid(a, b)
    refused: list[tuple[Pair, str]] = []
    for (a, b), decision in sorted(decisions.items()):
        if decision == SAME and a in groups.parent and b in groups.parent:
            reason = groups.obstacle(a, b)
            if reason is not None:
                refused.append(((a, b), reason))
            groups.union(a, b)
    for a, b in sorted(bonds):
        if a in groups.parent and b in groups.parent and decisions.get(pair(a, b)) != APART:
            groups.union(a, b)
    best: dict[str, float] = {}
    for link in links:
        if link.band != AUTO or decisions.get((link.uid_l, link.uid_r)) == APART:
            continue
        if link.uid_l not in groups.parent or link.uid_r not in groups.parent:
            continue  # a record gone since the link (an entry deleted, a file no longer imported)
        if groups.union(link.uid_l, link.uid_r):
            for uid in (link.uid_l, link.uid_r):
                best[uid] = max(best.get(uid, 0.0), link.probability)
    members: dict[str, list[str]] = defaultdict(list)
    for uid in groups.parent:
        members[groups.find(uid)].append(uid)
    clusters = {uid: min(group) for group in members.values() for uid in group}
    for (a, b), decision in decisions.items():
        if decision == SAME and a in best and clusters.get(a) == clusters.get(b):
            best[a] = best[b] = 1.0
    queue = _review_queue(links, clusters, decisions, groups)
    return Clustering(clusters, best, queue, refused)


def _with_entry(record: dict[str, str]) -> dict[str, str]:
    """An entry of the commons holds its id in the exclusive `fiche` column."""
    if record.get("source") == ENTRY_SOURCE:
        return {**record, ENTRY_SOURCE: record["record_id"]}
    return record


def _review_queue(links: list[Link], clusters: dict[str, str], decisions: Decisions, groups: _Groups) -> list[Link]:
    """One pair per couple of clusters that could still join, the most likely first."""
    queue: dict[Pair, Link] = {}
    for link in links:
        if link.band != REVIEW or (link.uid_l, link.uid_r) in decisions:
            continue
        if link.uid_l not in clusters or link.uid_r not in clusters:
            continue
        key = pair(clusters[link.uid_l], clusters[link.uid_r])
        if key[0] == key[1] or key in queue or groups.obstacle(link.uid_l, link.uid_r) is not None:
            continue
        queue[key] = link  # links come sorted: the first one seen is the most likely
    return sorted(queue.values(), key=_sort_key)


def link_records(
    records: list[dict[str, str]],
    decisions: Decisions | None = None,
    linkage: Linkage = CENSUS,
    backend: str = "duckdb",
    trained_model: dict[str, Any] | None = None,
    bonds: Iterable[Pair] = (),
) -> LinkResult:
    """Score and cluster normalised records (`decisions` maps sorted uid pairs to "meme" or "distinct")."""
    scored = score(records, linkage, backend, trained_model)
    clustering = cluster(records, scored.links, decisions, linkage, bonds)
    return LinkResult(
        scored.links,
        clustering.clusters,
        clustering.probability,
        clustering.review,
        scored.compared,
        scored.model,
        scored.skipped_rules,
        clustering.refused,
        scored.warnings,
    )
