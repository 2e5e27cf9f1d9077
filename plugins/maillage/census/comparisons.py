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
from urllib.parse import urlsplit

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from maillage.census import engine
from maillage.census import messages as msg

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
# The equality blockings, in the order of the blocking rules, each on a key column of its own,
# with what it says in French (warnings name it): by name (before the acronym rules), then by
# address and contact (after them).
NAME_BLOCKS = {
    "bloc_nom": (("nom_norm",), "même nom"),
    "bloc_commune_debut": (("commune", "nom_debut"), "même commune et même premier mot"),
    "bloc_commune_mots": (("commune", "nom_cle"), "même commune et mêmes mots"),
    "bloc_commune_rare": (("commune", "nom_rare"), "même commune et même mot distinctif"),
    "bloc_departement_rare": (("departement", "nom_rare"), "même département et même mot distinctif"),
}
CONTACT_BLOCKS = {
    "bloc_adresse": (("commune", "adresse_norm"), "même commune et même adresse"),
    "bloc_telephone": (("tel_cle",), "même téléphone"),
    "bloc_courriel": (("courriel",), "même courriel"),
    "bloc_domaine": (("domaine",), "même site web"),
}
BLOCKS = NAME_BLOCKS | CONTACT_BLOCKS
# A blocking compares every two records of a block: n records make n(n−1)/2 pairs. A value shared
# by more records than this (a federation's phone, a town hall's site, the name « comité des
# fêtes » in a national listing) says nothing of identity; its block is left out of that blocking
# (named in a warning), which keeps memory and time linear in the listing.
MAX_BLOCK = 300
# A web domain given by records of at least this many different names is a host (a town hall's
# site with a page per association, free.fr or assoconnect.com pages), not an identity: its
# records are told apart by their page's path, as for the census's known shared hosts.
HOST_NAMES = 5
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
        # Each equality blocking reads its own capped key (`BLOCKS`): a value too many records
        # share is left out of that blocking, the others still find its duplicates.
        blocking_rules_to_generate_predictions=[
            *(block_on(key) for key in NAME_BLOCKS),
            "l.commune = r.commune AND l.sigle_norm = substr(r.acronyme, 1, length(l.sigle_norm))",
            "l.commune = r.commune AND r.sigle_norm = substr(l.acronyme, 1, length(r.sigle_norm))",
            "l.commune = r.commune AND l.sigle_norm = r.sigle_norm",
            *(block_on(key) for key in CONTACT_BLOCKS),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def census_training() -> engine.Training:
    """How the census model is trained: no labels, EM on two complementary blockings."""
    return engine.Training(
        em_rules=[
            ("même nom", block_on("bloc_nom")),
            ("même téléphone", block_on("bloc_telephone")),
            ("même courriel", block_on("bloc_courriel")),
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
    data["domaine"], hosted = _hosted_domains(records, data["domaine"])
    data.attrs["avertissements"] = hosted + _capped_blocks(data)
    return data


def _hosted_domains(records: list[dict[str, str]], domains: pd.Series) -> tuple[list[str | None], list[str]]:
    """Domain keys, those of a host found in the data replaced by the page's path (or nothing),
    and a French warning naming each such host."""
    names = _names_per_key(records, domains)
    hosts = {domain for domain, held in names.items() if len(held) >= HOST_NAMES}
    if not hosts:
        return list(domains), []
    warnings = [msg.HOST_FOUND.format(domain=domain, names=len(names[domain])) for domain in sorted(hosts)]
    keys: list[str | None] = []
    for record, domain in zip(records, domains, strict=True):
        if domain in hosts:
            path = urlsplit(record.get("site_web") or "").path.strip("/").lower()
            domain = f"{domain}/{path}" if path else None
        keys.append(domain)
    # A path every association of the host shares (« /associations ») is no identity either.
    again = _names_per_key(records, keys)
    return [None if key and "/" in key and len(again[key]) >= HOST_NAMES else key for key in keys], warnings


def _names_per_key(records: list[dict[str, str]], keys: Any) -> dict[str, set[str]]:
    """The different names (`nom_cle`) the records give for each key (records without a key left out)."""
    names: dict[str, set[str]] = defaultdict(set)
    for record, key in zip(records, keys, strict=True):
        if key:
            names[key].add(record.get("nom_cle") or "")
    return names


def _capped_blocks(data: pd.DataFrame) -> list[str]:
    """Fill each blocking's key column (`BLOCKS`), leaving out blocks of more than `MAX_BLOCK`
    records; French warnings name each value left out and its size, biggest first."""
    left_out = []
    for key, (columns, meaning) in BLOCKS.items():
        parts = data[list(columns)]
        complete = parts.notna().all(axis=1)
        joined = parts.where(complete, "").astype(str).agg("\x1f".join, axis=1).where(complete, None)
        sizes = joined.map(joined.value_counts())
        too_big = complete & (sizes > MAX_BLOCK)
        data[key] = joined.where(~too_big, None)
        for value, size in joined[too_big].value_counts().items():
            left_out.append((int(size), meaning, str(value).replace("\x1f", " / ")))
    return [
        msg.BLOCK_LEFT_OUT.format(meaning=meaning, value=value, size=size, limit=MAX_BLOCK)
        for size, meaning, value in sorted(left_out, key=lambda item: (-item[0], item[1], item[2]))
    ]


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
    """splink's scores of the blocked pairs at or above the review threshold, with French
    warnings about the blocks left out."""
    data = frame(records)
    prediction = engine.train_and_predict(
        [data],
        linkage.settings(),
        linkage.training(),
        linkage.thresholds.review,
        backend,
        trained_model,
    )
    prediction.warnings = data.attrs["avertissements"]
    return prediction


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
