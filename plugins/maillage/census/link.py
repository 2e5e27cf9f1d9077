"""`recensement relier`: identifiers first, then probabilistic linkage, then constrained clustering.

1. Records sharing a SIRET, SIREN or RNA number are the same actor (RNA rows carry the SIRET
   of their association, which links them to SIRENE).
2. splink scores the other pairs (Fellegi–Sunter, EM-trained without labels, term-frequency
   adjusted names and communes) and puts each in a band: auto-merge, review or distinct.
3. Clusters grow from identifier links, "same actor" decisions and auto-merged pairs, best
   first, never joining two groups that a "not the same actor" decision or two different
   official identifiers keep apart.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from maillage.census import engine
from maillage.census.records import KEY_COLUMNS, VALUE_COLUMNS

AUTO, REVIEW, DISTINCT = "fusion", "revue", "distinct"
IDENTIFIERS = ("siret", "siren", "rna")
LINK_COLUMNS = ["uid_l", "uid_r", "probabilite", "poids", "bande", "motif", "detail"]


@dataclass(frozen=True)
class Thresholds:
    """Match probability bands: at least `auto` merges, at least `review` asks a human."""

    auto: float = 0.99
    review: float = 0.5


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


@dataclass
class LinkResult:
    """Scored pairs, clusters and what still needs a human."""

    links: list[Link]
    clusters: dict[str, str]  # uid → cluster id
    cluster_probability: dict[str, float]
    review: list[Link]
    compared: int
    model: dict[str, Any]
    skipped_rules: list[str] = field(default_factory=list)


def settings(link_type: str = "dedupe_only") -> SettingsCreator:
    """What the census compares and how it blocks (backend-independent SQL)."""
    name = cl.CustomComparison(
        output_column_name="nom",
        comparison_description="Nom",
        comparison_levels=[
            cll.NullLevel("nom_norm"),
            cll.ExactMatchLevel("nom_norm", term_frequency_adjustments=True),
            cll.ExactMatchLevel("nom_cle").configure(label_for_charts="mêmes mots, autre ordre"),
            cll.CustomLevel(
                # An acronym often leaves out the trailing place: "MJC" for "…Culture de Nice" (mjcn).
                "(sigle_norm_l IS NOT NULL AND (sigle_norm_l = sigle_norm_r"
                " OR sigle_norm_l = substr(acronyme_r, 1, length(sigle_norm_l))))"
                " OR (sigle_norm_r IS NOT NULL AND sigle_norm_r = substr(acronyme_l, 1, length(sigle_norm_r)))",
                label_for_charts="sigle et nom complet",
            ),
            cll.JaroWinklerLevel("nom_norm", 0.95),
            cll.JaroWinklerLevel("nom_cle", 0.92),
            cll.JaroWinklerLevel("nom_norm", 0.85),
            cll.ElseLevel(),
        ],
    )
    commune = cl.CustomComparison(
        output_column_name="commune",
        comparison_description="Commune",
        comparison_levels=[
            cll.NullLevel("commune"),
            cll.ExactMatchLevel("commune", term_frequency_adjustments=True),
            cll.ExactMatchLevel("departement").configure(label_for_charts="même département"),
            cll.ElseLevel(),
        ],
    )
    address = cl.CustomComparison(
        output_column_name="adresse",
        comparison_description="Adresse",
        comparison_levels=[
            cll.NullLevel("adresse_norm"),
            cll.ExactMatchLevel("adresse_norm"),
            cll.JaroWinklerLevel("adresse_norm", 0.9),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="uid",
        comparisons=[
            name,
            commune,
            address,
            cl.ExactMatch("telephone"),
            cl.ExactMatch("courriel"),
            cl.ExactMatch("domaine"),
            cl.ExactMatch("siren"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nom_norm"),
            block_on("commune", "nom_debut"),
            block_on("commune", "nom_cle"),
            block_on("commune", "nom_fin"),
            "l.commune = r.commune AND l.sigle_norm = substr(r.acronyme, 1, length(l.sigle_norm))",
            "l.commune = r.commune AND r.sigle_norm = substr(l.acronyme, 1, length(r.sigle_norm))",
            "l.commune = r.commune AND l.sigle_norm = r.sigle_norm",
            block_on("commune", "adresse_norm"),
            block_on("telephone"),
            block_on("courriel"),
            block_on("domaine"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def training() -> engine.Training:
    """How the census model is trained: no labels, EM on two complementary blockings."""
    return engine.Training(
        em_rules=[block_on("nom_norm"), block_on("commune", "nom_debut")],
        deterministic_rules=[block_on("nom_norm", "commune"), block_on("siren")],
        deterministic_recall=0.7,
    )


def link_records(
    records: list[dict[str, str]],
    decisions: dict[tuple[str, str], str] | None = None,
    thresholds: Thresholds | None = None,
    backend: str = "duckdb",
    trained_model: dict[str, Any] | None = None,
    applied: dict[str, str] | None = None,
) -> LinkResult:
    """Link normalised records.

    `decisions` maps sorted uid pairs to "meme" or "distinct"; `trained_model` (an earlier
    run's model) skips training; `applied` maps uids to the actor entry an earlier apply put
    them in: a pair already together in an entry is only split by a decision or a score below
    the review band, never because an update moved it from auto-merge to review.
    """
    applied = applied or {}
    decisions = decisions or {}
    thresholds = thresholds or Thresholds()
    by_uid = {r["uid"]: r for r in records}
    identifier_links = list(_identifier_links(records))
    known = {(link.uid_l, link.uid_r) for link in identifier_links}
    prediction = _predict(records, thresholds, backend, trained_model) if len(records) > 1 else None
    scored: list[Link] = []
    compared = 0
    if prediction is not None:
        compared = len(prediction.pairs)
        labels = _labels(prediction.model)
        for row in prediction.pairs.itertuples(index=False):
            pair = _pair(row.uid_l, row.uid_r)
            if pair in known:
                continue
            link = Link(*pair, float(row.match_probability), float(row.match_weight), "", "probabiliste")
            link.detail = _explain(row, labels)
            link.band = _band(link.probability, thresholds)
            if _conflict(by_uid[pair[0]], by_uid[pair[1]]):
                link.band, link.reason = DISTINCT, "identifiants officiels différents"
            scored.append(link)
    _overrule(scored, decisions, applied, set(by_uid))
    links = identifier_links + sorted(scored, key=lambda link: -link.probability)
    cannot = [(a, b) for (a, b), d in decisions.items() if d == "distinct"]
    cannot += [(link.uid_l, link.uid_r) for link in links if link.band == DISTINCT]
    clusters, probability = cluster(list(by_uid), [link for link in links if link.band == AUTO], cannot)
    review = _review_queue(links, clusters, decisions, cannot)
    model = prediction.model if prediction else {}
    skipped = prediction.skipped_rules if prediction else []
    return LinkResult(links, clusters, probability, review, compared, model, skipped)


def _overrule(
    links: list[Link], decisions: dict[tuple[str, str], str], applied: dict[str, str], uids: set[str]
) -> None:
    """People have the last word: decisions, then merges already applied to an entry."""
    for link in links:
        entry = applied.get(link.uid_l)
        if link.band == REVIEW and entry and entry == applied.get(link.uid_r):
            link.band, link.reason = AUTO, f"déjà réunis dans la fiche {entry}"
        decision = decisions.get((link.uid_l, link.uid_r))
        if decision == "meme":
            link.band, link.reason = AUTO, "décision : même acteur"
        elif decision == "distinct":
            link.band, link.reason = DISTINCT, "décision : acteurs distincts"
    scored = {(link.uid_l, link.uid_r) for link in links}
    for (uid_l, uid_r), decision in decisions.items():
        if decision == "meme" and (uid_l, uid_r) not in scored and uid_l in uids and uid_r in uids:
            links.append(Link(uid_l, uid_r, 1.0, math.inf, AUTO, "décision : même acteur"))


def _predict(
    records: list[dict[str, str]], thresholds: Thresholds, backend: str, trained_model: dict[str, Any] | None
) -> engine.Prediction:
    columns = ["uid", *VALUE_COLUMNS, *KEY_COLUMNS]
    frame = pd.DataFrame([{c: (r.get(c) or None) for c in columns} for r in records], columns=columns, dtype="string")
    frame = frame.astype(object).where(frame.notna(), None)
    return engine.train_and_predict([frame], settings(), training(), thresholds.review, backend, trained_model)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _band(probability: float, thresholds: Thresholds) -> str:
    if probability >= thresholds.auto:
        return AUTO
    return REVIEW if probability >= thresholds.review else DISTINCT


def _conflict(left: dict[str, str], right: dict[str, str]) -> bool:
    """Two different official identifiers of the same kind: two different legal persons."""
    return any(left.get(k) and right.get(k) and left[k] != right[k] for k in ("siren", "rna"))


def _identifier_links(records: list[dict[str, str]]) -> Iterable[Link]:
    """Records sharing an identifier, each joined to the first record holding it."""
    seen: set[tuple[str, str]] = set()
    for kind in IDENTIFIERS:
        first: dict[str, str] = {}
        for record in records:
            value = record.get(kind)
            if not value:
                continue
            if value not in first:
                first[value] = record["uid"]
                continue
            pair = _pair(first[value], record["uid"])
            if pair not in seen:
                seen.add(pair)
                detail = [{"comparaison": kind.upper(), "niveau": f"identique ({value})", "poids": None}]
                yield Link(*pair, 1.0, math.inf, AUTO, f"{kind.upper()} identique", detail)


def _labels(model: dict[str, Any]) -> dict[str, tuple[str, list[tuple[float, str]]]]:
    """For each comparison: its description and (match weight, label) of each level."""
    labels = {}
    for comparison in model.get("comparisons", []):
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                levels.append((0.0, "valeur absente"))
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if isinstance(m, float) and isinstance(u, float) and m > 0 and u > 0:
                levels.append((math.log2(m / u), level.get("label_for_charts", "")))
        name = comparison["output_column_name"]
        labels[name] = (_DESCRIPTIONS.get(name, name), levels)
    return labels


_DESCRIPTIONS = {
    "nom": "Nom",
    "commune": "Commune",
    "adresse": "Adresse",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "domaine": "Site web",
    "siren": "SIREN",
}


def _explain(row: Any, labels: dict[str, tuple[str, list[tuple[float, str]]]]) -> list[dict[str, Any]]:
    """Per comparison: the level reached (the one whose weight splink applied) and the match
    weight, term-frequency adjustment included (splink 5 reports weights, not level numbers)."""
    detail = []
    values = row._asdict()
    for name, (description, levels) in labels.items():
        weight = float(values.get(f"mw_{name}") or 0.0)
        level = min(levels, key=lambda lw: abs(lw[0] - weight))[1] if levels else ""
        adjustment = values.get(f"mw_tf_adj_{name}")
        if adjustment is not None and not pd.isna(adjustment):
            weight += float(adjustment)
        detail.append({"comparaison": description, "niveau": level, "poids": round(weight, 2)})
    return detail


class _Groups:
    """Union-find over records that remembers, per group, which groups it must never join."""

    def __init__(self, items: Iterable[str]):
        self.parent = {item: item for item in items}
        self.forbidden: dict[str, set[str]] = defaultdict(set)

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

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if any(self.find(x) == rb for x in self.forbidden.get(ra, ())):
            return False
        self.parent[rb] = ra
        self.forbidden[ra] |= self.forbidden.pop(rb, set())
        return True


def cluster(
    uids: list[str], merges: list[Link], cannot_link: list[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, float]]:
    """Clusters from merge links (in the given order), never joining across a cannot-link pair."""
    groups = _Groups(uids)
    for a, b in cannot_link:
        if a in groups.parent and b in groups.parent:
            groups.forbid(a, b)
    best: dict[str, float] = {}
    for link in merges:
        if groups.union(link.uid_l, link.uid_r):
            for uid in (link.uid_l, link.uid_r):
                best[uid] = max(best.get(uid, 0.0), link.probability)
    members: dict[str, list[str]] = defaultdict(list)
    for uid in uids:
        members[groups.find(uid)].append(uid)
    clusters = {}
    for group in members.values():
        cluster_id = min(group)
        for uid in group:
            clusters[uid] = cluster_id
    return clusters, best


def _review_queue(
    links: list[Link], clusters: dict[str, str], decisions: dict[tuple[str, str], str], cannot: list[tuple[str, str]]
) -> list[Link]:
    """One pair per couple of clusters still undecided (none kept apart already), the most likely first."""
    apart = {_pair(clusters[a], clusters[b]) for a, b in cannot if a in clusters and b in clusters}
    queue: dict[tuple[str, str], Link] = {}
    for link in links:
        if link.band != REVIEW or (link.uid_l, link.uid_r) in decisions:
            continue
        a, b = clusters[link.uid_l], clusters[link.uid_r]
        if a == b or _pair(a, b) in apart:
            continue
        key = _pair(a, b)
        if key not in queue or queue[key].probability < link.probability:
            queue[key] = link
    return sorted(queue.values(), key=lambda link: -link.probability)
