"""The draw's section on its site page: rules, commitments and their time-stamp, randomness,
groups with each deadline, vacant places, decisions, and how to check it all yourself.

Rendered with its own Jinja environment (autoescape on): every value from an entry is
escaped; the only markup is the template's. Actors are shown by name while their entry may
be published (a person who withdrew consent appears as « personne non publiée »).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template
from markupsafe import Markup

from maillage.draw import clock
from maillage.draw.authorities import Authorities
from maillage.draw.clock import french_date_text, french_datetime
from maillage.draw.errors import DrawError
from maillage.draw.publish import DATA_NAME, SCRIPT_NAME, commons_authorities
from maillage.draw.rules import Category, read_rules
from maillage.draw.verify import commitments_digest
from maillage.draw.view import draw_view, namer
from maillage.model import Commons, Entry, dates, default_schemas
from maillage.model.numbers import french_percent


@cache
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("section.html")


def render_section(
    entry: Entry, commons: Commons, link: Callable[[str], Markup | None] | None = None, now: datetime | None = None
) -> Markup:
    """HTML of a draw's section; `link` turns an actor id into a link (None: not publishable)."""
    return Markup(_template().render(**section_context(entry, commons, link, now)))


def section_context(
    entry: Entry, commons: Commons, link: Callable[[str], Markup | None] | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Everything the template shows, computed from the entry (no HTML here)."""
    data = entry.data
    moment = now or clock.now()
    authorities = commons_authorities(commons.root)
    name = namer(commons.entries.get, link)
    commitments = data.get("engagements") if isinstance(data.get("engagements"), dict) else {}
    try:
        rules = read_rules(data)
        quotas = [q.describe() for q in rules.quotas]
    except (DrawError, KeyError, TypeError):
        rules, quotas = None, []
    try:
        view = draw_view(data, commons.entries.get, authorities, moment, name)
    except (DrawError, KeyError, TypeError, ValueError):
        view = None
    return {
        "entry": entry,
        "view": view,
        "status": view.status_label if view else data.get("statut"),
        "rules": rules,
        "quotas": quotas,
        "pool": _pool_description(data.get("vivier") or {}, name),
        "period": {k: french_date(v) for k, v in (data.get("periode") or {}).items()},
        "delay": data.get("delai_reflexion_jours"),
        "commitments": _commitments(commitments),
        "stamp": _stamp(data, authorities),
        "stamp_authority": _declared_authority(data),
        "randomness": _randomness(data, authorities),
        "seed": data.get("graine"),
        "seed_input": _seed_input(data),
        "result": data.get("resultat") if isinstance(data.get("resultat"), dict) else {},
        "run_date": french_date_text((data.get("resultat") or {}).get("date")) if data.get("resultat") else None,
        "types": _types(commitments),
        "volunteers": _volunteers(commitments, name),
        "verify_command": f"maillage tirage verifier content/tirages/{entry.id}.md",
        "data_name": DATA_NAME,
        "script_name": SCRIPT_NAME,
        "log": [
            {
                "date": french_date_text(e.get("date")),
                "event": _event_label(e.get("evenement")),
                "fingerprint": e.get("empreinte"),
            }
            for e in data.get("journal") or []
            if isinstance(e, dict)
        ],
    }


def french_date(text: Any) -> str:
    """`1er mars 2027` from `2027-03-01` (the text itself if it is not a date)."""
    return dates.french_date(str(text))


def _event_label(kind: Any) -> str:
    labels = default_schemas().raw["tirage"]["properties"]["journal"]["items"]["properties"]["evenement"]["x-libelles"]
    return labels.get(kind, str(kind))


def _pool_description(spec: dict[str, Any], name: Callable[[str], Any]) -> dict[str, Any]:
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
        "date": french_date_text(commitments["date"]),
        "iso": commitments["date"],
        "version": commitments.get("version"),
        "maximin": commitments.get("maximin"),
        "digest": commitments_digest(commitments),
        "hashes": [
            ("Vivier", commitments.get("vivier")),
            ("Règles", commitments.get("regles")),
            ("Distribution", commitments.get("distribution")),
            ("Logiciel", commitments.get("logiciel")),
        ],
        "panels": len(commitments.get("tirages_possibles") or []),
        # A regional draw: the local commons whose published exports the pool was frozen from.
        "local": [
            {"name": item.get("nom"), "iso": item.get("lu_le"), "date": french_date_text(item.get("lu_le")),
             "manifest": item.get("manifeste")}
            for item in commitments.get("communs_locaux") or []
        ],
    }


def _declared_authority(data: dict[str, Any]) -> dict[str, Any] | None:
    config = data.get("horodatage")
    return dict(config) if isinstance(config, dict) else None


def _stamp(data: dict[str, Any], authorities: Authorities) -> dict[str, Any] | None:
    token = (data.get("horodatages") or {}).get("engagements")
    if not isinstance(token, dict):
        return None
    authority = authorities.timestamping.get(str(token.get("autorite")))
    return {
        "date": french_date_text(token.get("date")),
        "iso": token.get("date"),
        "name": token.get("autorite"),
        "subject": authority.subject if authority else None,
        "fingerprint": authority.fingerprint if authority else None,
        "url": token.get("adresse"),
    }


def _randomness(data: dict[str, Any], authorities: Authorities) -> dict[str, Any]:
    alea = data.get("alea") or {}
    found: dict[str, Any] = {}
    drand = alea.get("drand")
    if isinstance(drand, dict):
        network = authorities.networks.get(str(drand.get("chaine")))
        number = drand.get("ronde")
        published = network.round_time(number) if network and isinstance(number, int) else None
        found["drand"] = {
            "chain": drand.get("chaine"),
            "network": network.name if network else None,
            "league": bool(network and network.league_of_entropy),
            "round": number,
            "published": french_datetime(published) if published else None,
            "value": drand.get("valeur"),
            "signature": drand.get("signature"),
            "url": f"https://api.drand.sh/{drand.get('chaine')}/public/{number}"
            if network and network.league_of_entropy
            else None,
        }
    dice = alea.get("des")
    if isinstance(dice, dict):
        recorded = next(
            (e for e in data.get("journal") or [] if isinstance(e, dict) and e.get("evenement") == "des"), None
        )
        details = recorded.get("details") if recorded else {}
        found["dice"] = {
            "count": dice.get("nombre"),
            "date": french_date_text(dice.get("date")),
            "place": dice.get("lieu"),
            "witnesses": (details or {}).get("temoins") or dice.get("temoins") or [],
            "faces": dice.get("resultat"),
            "recorded": french_date_text(recorded.get("date")) if recorded else None,
        }
    return found


def _seed_input(data: dict[str, Any]) -> str | None:
    """The exact JSON whose SHA-256 is the seed (shown so that anyone can redo it by hand)."""
    commitments = data.get("engagements")
    if not isinstance(commitments, dict) or not data.get("graine"):
        return None
    alea = data.get("alea") or {}
    drand, dice = alea.get("drand"), alea.get("des")
    value = {
        "des": dice.get("resultat") if dice else None,
        "drand": {k: drand.get(k) for k in ("chaine", "ronde", "valeur")} if drand else None,
        "engagements": commitments_digest(commitments),
    }
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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


def _volunteers(commitments: dict[str, Any], name: Callable[[str], Any]) -> list[dict[str, Any]]:
    volunteers = commitments.get("volontaires") or []
    if len(volunteers) > 2000:  # a page stays readable: the whole pool is in tirage.json
        return []
    probability = {t.get("numero"): _percent(t.get("probabilite")) for t in commitments.get("types") or []}
    return [
        {"name": name(v["acteur"]), "type": v.get("type"), "probability": probability.get(v.get("type"), "?")}
        for v in volunteers
    ]


def _percent(text: Any) -> str:
    try:
        return french_percent(float(text))
    except (TypeError, ValueError):
        return "?"
