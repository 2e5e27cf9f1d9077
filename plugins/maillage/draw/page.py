"""The draw's section on its site page: rules, commitments, randomness, how to check, groups.

Rendered with its own Jinja environment (autoescape on): every value from an entry is
escaped; the only markup is the template's. Actors are shown by name only while their
entry may be published (a person who withdrew consent appears as « personne non publiée »).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template
from markupsafe import Markup

from maillage.draw.errors import DrawError
from maillage.draw.journal import answered_in
from maillage.draw.randomness import DRAND_CHAINS, parse_datetime
from maillage.draw.rules import Category, read_rules
from maillage.draw.state import CONFIRMED, DECLINED
from maillage.model import Commons, Entry, default_schemas
from maillage.model.dates import french_date, french_datetime

STATUS_LABELS = {
    "brouillon": "En préparation : les règles peuvent encore changer",
    "prepare": "Règles figées et publiées, en attente de l'aléa",
    "tire": "Tiré au sort, en période de réflexion",
    "clos": "Clos : toutes les places sont confirmées",
}
ANSWER_LABELS = {CONFIRMED: "a confirmé", DECLINED: "s'est désisté·e"}
PENDING_LABEL = "(réponse reçue, pas encore inscrite au journal)"
REASON_LABELS = {"desistement": "désistement", "silence": "sans réponse dans le délai"}


@cache
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("section.html")


def render_section(entry: Entry, commons: Commons, link: Callable[[str], Markup | None] | None = None) -> Markup:
    """HTML of a draw's section; `link` turns an actor id into a link (None: not publishable)."""
    return Markup(_template().render(**section_context(entry, commons, link)))


def _answer_label(member: str, answers: dict[str, str], journaled: set[str]) -> str:
    label = ANSWER_LABELS.get(answers.get(member, ""), "en attente")
    return label if member not in answers or member in journaled else f"{label} {PENDING_LABEL}"


def section_context(
    entry: Entry, commons: Commons, link: Callable[[str], Markup | None] | None = None
) -> dict[str, Any]:
    """Everything the template shows, computed from the entry (no HTML here)."""
    data = entry.data
    name = _namer(commons, link)
    commitments = data.get("engagements") if isinstance(data.get("engagements"), dict) else {}
    result = data.get("resultat") if isinstance(data.get("resultat"), dict) else {}
    answers = {r["acteur"]: r["reponse"] for r in data.get("reponses") or [] if isinstance(r, dict)}
    journaled = answered_in(data.get("journal"))
    try:
        rules = read_rules(data)
        quotas = [q.describe() for q in rules.quotas]
    except (DrawError, KeyError, TypeError):
        rules, quotas = None, []
    return {
        "entry": entry,
        "status": STATUS_LABELS.get(data.get("statut"), data.get("statut")),
        "rules": rules,
        "quotas": quotas,
        "pool": _pool_description(data.get("vivier") or {}, name),
        "period": {k: french_date(str(v)) for k, v in (data.get("periode") or {}).items()},
        "delay": data.get("delai_reflexion_jours"),
        "commitments": _commitments(commitments),
        "randomness": _randomness(data.get("alea") or {}),
        "seed": data.get("graine"),
        "result": result,
        "groups": [
            {
                "number": g.get("numero"),
                "members": [
                    {"name": name(m), "answer": _answer_label(m, answers, journaled)} for m in g.get("membres", [])
                ],
            }
            for g in result.get("groupes") or []
        ],
        "reserve": [name(m) for m in result.get("reserve") or []],
        "replacements": [
            {
                "group": r.get("groupe"),
                "leaving": name(r.get("sortant", "")),
                "arriving": name(r["entrant"]) if r.get("entrant") else None,
                "reason": REASON_LABELS.get(r.get("motif"), r.get("motif")),
                "date": _shown_date(r.get("date")),
            }
            for r in result.get("remplacements") or []
        ],
        "deadline": _deadline(result, data.get("delai_reflexion_jours")),
        "types": _types(commitments),
        "volunteers": _volunteers(commitments, name),
        "verify_command": f"maillage tirage verifier content/tirages/{entry.id}.md",
        "log": [
            {"date": _shown_date(e.get("date")), "event": e.get("evenement"), "fingerprint": e.get("empreinte")}
            for e in data.get("journal") or []
            if isinstance(e, dict)
        ],
    }


def _namer(commons: Commons, link: Callable[[str], Markup | None] | None) -> Callable[[str], Markup | str]:
    def name(actor_id: str) -> Markup | str:
        actor = commons.entries.get(actor_id)
        if actor is None or not actor.publishable:
            return "personne non publiée"
        if link is not None:
            return link(actor_id) or "personne non publiée"
        return actor.title

    return name


def _pool_description(spec: dict[str, Any], name: Callable[[str], Markup | str]) -> dict[str, Any]:
    criteria = spec.get("criteres") or {}
    scales = default_schemas().raw["communs"]["$defs"]["echelle"]["x-libelles"]
    scale = criteria.get("territoire")
    return {
        "listed": [name(i) for i in spec.get("liste") or []],
        "territory": scales.get(scale, scale).lower() if scale else None,
        "disciplines": criteria.get("disciplines") or [],
        "categories": [Category.from_data(c).label for c in criteria.get("categories") or []],
    }


def _commitments(commitments: dict[str, Any]) -> dict[str, Any] | None:
    if not commitments.get("date"):
        return None
    return {
        "date": _shown_date(commitments["date"]),
        "iso": commitments["date"],
        "version": commitments.get("version"),
        "maximin": commitments.get("maximin"),
        "hashes": [
            ("Vivier", commitments.get("vivier")),
            ("Règles", commitments.get("regles")),
            ("Distribution", commitments.get("distribution")),
            ("Logiciel", commitments.get("logiciel")),
        ],
        "panels": len(commitments.get("tirages_possibles") or []),
    }


def _randomness(alea: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    drand = alea.get("drand")
    if isinstance(drand, dict):
        chain = DRAND_CHAINS.get(drand.get("chaine", ""))
        published = chain.round_time(drand["ronde"]) if chain and isinstance(drand.get("ronde"), int) else None
        found["drand"] = {
            "chain": drand.get("chaine"),
            "chain_name": chain.name if chain else None,
            "round": drand.get("ronde"),
            "published": french_datetime(published) if published else None,
            "value": drand.get("valeur"),
            "url": f"https://api.drand.sh/{drand.get('chaine')}/public/{drand.get('ronde')}",
        }
    dice = alea.get("des")
    if isinstance(dice, dict):
        found["dice"] = {
            "count": dice.get("nombre"),
            "date": _shown_date(dice.get("date")),
            "place": dice.get("lieu"),
            "witnesses": dice.get("temoins") or [],
            "faces": dice.get("resultat"),
        }
    return found


def _deadline(result: dict[str, Any], days: Any) -> dict[str, str] | None:
    if not result.get("date") or not isinstance(days, int):
        return None
    try:
        moment = parse_datetime(result["date"], "resultat.date") + timedelta(days=days)
    except DrawError:
        return None
    return {"iso": moment.isoformat(), "text": french_datetime(moment)}


def _types(commitments: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "number": t.get("numero"),
            "categories": [Category.from_key(c).label for c in t.get("categories") or []]
            or ["aucune catégorie de quota"],
            "size": t.get("effectif"),
            "probability": _percent(t.get("probabilite")),
        }
        for t in commitments.get("types") or []
    ]


def _volunteers(commitments: dict[str, Any], name: Callable[[str], Markup | str]) -> list[dict[str, Any]]:
    probability = {t.get("numero"): _percent(t.get("probabilite")) for t in commitments.get("types") or []}
    return [
        {"name": name(v["acteur"]), "type": v.get("type"), "probability": probability.get(v.get("type"), "?")}
        for v in commitments.get("volontaires") or []
    ]


def _percent(text: Any) -> str:
    try:
        return f"{float(text) * 100:.1f} %".replace(".", ",")
    except (TypeError, ValueError):
        return "?"


def _shown_date(text: Any) -> str:
    try:
        return french_datetime(parse_datetime(str(text), "date"))
    except DrawError:
        return str(text)
