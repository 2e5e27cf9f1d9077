"""What the census compares, as splink settings (backend-independent SQL), and how it explains scores.

Every comparison level carries a French label: the review file and `liens.csv` say why a pair
scored as it did in the coordinator's language (« Nom identique », « Noms très proches
(Jaro-Winkler ≥ 0,95) », « Autres cas »).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from maillage.census import engine

if TYPE_CHECKING:
    from maillage.census.link import Linkage

# The model trained on the synthetic benchmark (`scripts/derive_census_model.py`), for inputs
# too small to train on; it records how many records it was trained on.
REFERENCE_MODEL = Path(__file__).resolve().parent / "data" / "modele-reference.json"
TRAINED_ON = "maillage_enregistrements"
NULL_LABEL = "valeur absente"
# The record columns the comparisons and blocking rules read (the others stay out of the engine).
FRAME_COLUMNS = (
    "uid",
    "nom_norm",
    "nom_cle",
    "nom_coeur",
    "nom_debut",
    "sigle_norm",
    "acronyme",
    "commune",
    "epci",
    "departement",
    "adresse_norm",
    "tel_cle",
    "courriel",
    "domaine",
    "siren",  # the prior's deterministic rules
)
# What each comparison is called in explanations (splink keeps its own class name as description).
DESCRIPTIONS = {
    "nom": "Nom",
    "commune": "Commune",
    "adresse": "Adresse",
    "tel_cle": "Téléphone",
    "courriel": "Courriel",
    "domaine": "Site web",
}
ELSE_LABEL = "Autres cas"


def _exact(column: str, label: str, **options: Any) -> Any:
    return cll.ExactMatchLevel(column, **options).configure(label_for_charts=label)


def _else() -> Any:
    return cll.ElseLevel().configure(label_for_charts=ELSE_LABEL)


def _null(column: str) -> Any:
    return cll.NullLevel(column).configure(label_for_charts=NULL_LABEL)


def _custom(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")


def _jaro_winkler(column: str, threshold: float, label: str) -> Any:
    return cll.JaroWinklerLevel(column, threshold).configure(label_for_charts=label)


def _name() -> Any:
    return cl.CustomComparison(
        output_column_name="nom",
        comparison_levels=[
            _null("nom_norm"),
            _exact("nom_norm", "Nom identique"),
            _exact("nom_cle", "Mêmes mots, autre ordre"),
            _exact("nom_coeur", "Même nom, hors nom de la commune"),
            _custom(
                # An acronym often leaves out the trailing place: "MJC" for "…Culture de Nice" (mjcn).
                "(sigle_norm_l IS NOT NULL AND (sigle_norm_l = sigle_norm_r"
                " OR sigle_norm_l = substr(acronyme_r, 1, length(sigle_norm_l))))"
                " OR (sigle_norm_r IS NOT NULL AND sigle_norm_r = substr(acronyme_l, 1, length(sigle_norm_r)))",
                "Sigle et nom développé",
            ),
            cll.And(cll.ArraySubsetLevel("mots"), _custom(_SHARED_RARE, "")).configure(
                label_for_charts="Un nom contient tous les mots de l'autre"
            ),
            cll.And(cll.JaroWinklerLevel("nom_norm", 0.95), cll.JaroWinklerLevel("nom_rare", 0.85)).configure(
                label_for_charts="Noms très proches (Jaro-Winkler ≥ 0,95)"
            ),
            _custom(_SHARED_RARE, "Même mot distinctif, autres mots différents"),
            _jaro_winkler("nom_norm", 0.9, "Noms proches (Jaro-Winkler ≥ 0,9)"),
            _else(),
        ],
    )


# The rarest word of one name (its most distinctive) is a word of the other.
_SHARED_RARE = "(list_contains(mots_r, nom_rare_l) OR list_contains(mots_l, nom_rare_r))"


def _commune() -> Any:
    return cl.CustomComparison(
        output_column_name="commune",
        comparison_levels=[
            _null("commune"),
            _exact("commune", "Même commune", term_frequency_adjustments=True),
            _exact("epci", "Communes voisines (même intercommunalité)"),
            _exact("departement", "Même département"),
            _else(),
        ],
    )


def _address() -> Any:
    return cl.CustomComparison(
        output_column_name="adresse",
        comparison_levels=[
            _null("adresse_norm"),
            _exact("adresse_norm", "Adresse identique"),
            _jaro_winkler("adresse_norm", 0.9, "Adresses très proches (Jaro-Winkler ≥ 0,9)"),
            _else(),
        ],
    )


def _same(column: str, label: str) -> Any:
    return cl.CustomComparison(
        output_column_name=column, comparison_levels=[_null(column), _exact(column, label), _else()]
    )


def _contact(column: str, label: str, shared_label: str) -> Any:
    """A phone or an e-mail: the same one given under other names (a town hall's) says less."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            _null(column),
            # Fixed, not learnt: records sharing a town hall's contact agree on it as often as
            # one actor's records do, so EM would read it as a strong sign; it only says "same place".
            _custom(f"{column}_l = {column}_r AND {column}_partage_l IS NOT NULL", shared_label).configure(
                m_probability=0.1, u_probability=0.05, fix_m_probability=True, fix_u_probability=True
            ),
            _exact(column, label),
            _else(),
        ],
    )


def census_settings(link_type: str = "dedupe_only") -> SettingsCreator:
    """The census's comparisons and blocking rules."""
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="uid",
        comparisons=[
            _name(),
            _commune(),
            _address(),
            _contact("tel_cle", "Même numéro", "Même numéro, donné aussi sous d'autres noms"),
            _contact("courriel", "Même courriel", "Même courriel, donné aussi sous d'autres noms"),
            _same("domaine", "Même site web"),
        ],
        # Candidate pairs: the same name; in one commune, the same first word, words or rarest
        # word; in one département, the same rarest word (an actor that moved next door); an
        # acronym and its name; the same address, phone, e-mail or website. About a dozen pairs
        # per record: a national listing stays linear.
        blocking_rules_to_generate_predictions=[
            block_on("nom_norm"),
            block_on("commune", "nom_debut"),
            block_on("commune", "nom_cle"),
            block_on("commune", "nom_rare"),
            block_on("departement", "nom_rare"),
            "l.commune = r.commune AND l.sigle_norm = substr(r.acronyme, 1, length(l.sigle_norm))",
            "l.commune = r.commune AND r.sigle_norm = substr(l.acronyme, 1, length(r.sigle_norm))",
            "l.commune = r.commune AND l.sigle_norm = r.sigle_norm",
            block_on("commune", "adresse_norm"),
            block_on("tel_cle"),
            block_on("courriel"),
            block_on("domaine"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def census_training() -> engine.Training:
    """How the census model is trained: no labels, EM on two complementary blockings."""
    return engine.Training(
        em_rules=[
            ("même nom", block_on("nom_norm")),
            ("même téléphone", block_on("tel_cle")),
            ("même courriel", block_on("courriel")),
        ],
        deterministic_rules=[block_on("nom_norm", "commune"), block_on("siren")],
        deterministic_recall=0.7,
    )


def reference_model(records: int, settings: SettingsCreator, dialect: str) -> dict[str, Any]:
    """The reference model's probabilities on `settings` rendered for `dialect` (DuckDB or Spark
    SQL), its prior (the share of pairs that match) scaled to `records`: the same number of
    matches per record as in the data it was trained on."""
    reference = json.loads(REFERENCE_MODEL.read_text("utf-8"))
    model = settings.get_settings(dialect).as_dict()
    model.pop("linker_uid", None)
    for comparison, trained in zip(model["comparisons"], reference["comparisons"], strict=True):
        for level, learnt in zip(comparison["comparison_levels"], trained["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in learnt:
                    level[key] = learnt[key]
    prior = reference["probability_two_random_records_match"] * reference[TRAINED_ON] / max(records, 2)
    model["probability_two_random_records_match"] = min(prior, 0.5)
    return model


def frame(records: list[dict[str, str]]) -> pd.DataFrame:
    """Records as splink's input table (missing values as NULL), with the words of each name's
    core (`mots`) and its rarest word in this listing (`nom_rare`, what tells it apart)."""
    data = pd.DataFrame({c: [r.get(c) or None for r in records] for c in FRAME_COLUMNS}, dtype=object)
    words = [sorted(set((r.get("nom_coeur") or "").split())) for r in records]
    counts = Counter(word for record_words in words for word in record_words)
    data["mots"] = [w or None for w in words]
    rare = [min(w, key=lambda x: (counts[x], -len(x), x)) if w else None for w in words]
    data["nom_rare"] = rare
    for column in ("tel_cle", "courriel"):
        data[f"{column}_partage"] = _shared(records, column, words, rare)
    return data


def _shared(records: list[dict[str, str]], column: str, words: list[list[str]], rare: list[str | None]) -> list[Any]:
    """"1" for a contact that records of clearly different names give (a town hall's, a federation's)."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if record.get(column):
            holders[record[column]].append(index)
    shared = [None] * len(records)
    for indexes in holders.values():
        if any(not _same_name(words[i], rare[i], words[j], rare[j]) for i, j in combinations(indexes, 2)):
            for index in indexes:
                shared[index] = "1"
    return shared


def _same_name(left: list[str], left_rare: str | None, right: list[str], right_rare: str | None) -> bool:
    """Two names that may be one actor's: one's words hold the other's, or its rarest word."""
    a, b = set(left), set(right)
    return a <= b or b <= a or (left_rare in b) or (right_rare in a)


def predict(
    records: list[dict[str, str]], linkage: Linkage, backend: str, trained_model: dict[str, Any] | None
) -> engine.Prediction:
    """splink's scores of the blocked pairs at or above the review threshold."""
    return engine.train_and_predict(
        [frame(records)],
        linkage.settings(),
        linkage.training(),
        linkage.thresholds.review,
        backend,
        trained_model,
    )


def level_labels(model: dict[str, Any]) -> dict[str, tuple[str, list[tuple[float, str]]]]:
    """For each comparison: its description and (match weight, label) of each level."""
    labels = {}
    for comparison in model.get("comparisons", []):
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                levels.append((0.0, NULL_LABEL))
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if isinstance(m, float) and isinstance(u, float) and m > 0 and u > 0:
                levels.append((math.log2(m / u), level.get("label_for_charts", "")))
        name = comparison["output_column_name"]
        labels[name] = (DESCRIPTIONS.get(name, name), levels)
    return labels


def explain(row: Any, labels: dict[str, tuple[str, list[tuple[float, str]]]]) -> list[dict[str, Any]]:
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
