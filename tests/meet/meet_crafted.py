"""Small crafted commons for the meet tests: every value chosen so the expected result is known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maillage.model import Commons, load_commons, render_entry

EPINAL, GOLBEY, MIRECOURT, SAINT_DIE, NANCY = "88160", "88209", "88304", "88413", "54395"
AMATEUR_RURAL = {"pratique": "amateur", "milieu": "rural"}
PRO_URBAIN = {"pratique": "professionnel", "milieu": "urbain"}


def actor(
    entry_id: str, commune: str, univers: dict[str, str] | None = None, **fields: Any
) -> tuple[str, str, dict]:
    """An organisation actor (or a person, with `forme="personne"` and maybe `consentement`)."""
    data: dict[str, Any] = {
        "schema_version": 1, "nom": fields.pop("nom", entry_id.replace("-", " ").title()),
        "forme": fields.pop("forme", "organisation"), "nature": fields.pop("nature", "association"),
        "univers": univers or {}, "commune": commune, "echelle": "commune",
    }
    data.update(fields)
    return "acteurs", entry_id, data


def project(
    entry_id: str, actors: list[tuple[str, str]], commune: str = EPINAL, **fields: Any
) -> tuple[str, str, dict]:
    """A project with (actor, role) pairs."""
    data: dict[str, Any] = {
        "schema_version": 1, "titre": fields.pop("titre", entry_id.replace("-", " ").capitalize()),
        "statut": fields.pop("statut", "en_cours"), "commune": commune, "echelle": "commune",
        "acteurs": [{"acteur": a, "role": r} for a, r in actors],
    }
    data.update(fields)
    return "projets", entry_id, data


def meetup(entry_id: str, start: str, end: str, commune: str = EPINAL, **fields: Any) -> tuple[str, str, dict]:
    """A rencontre."""
    data: dict[str, Any] = {
        "schema_version": 1, "titre": fields.pop("titre", entry_id.replace("-", " ").capitalize()),
        "type": fields.pop("type", "atelier"), "debut": start, "fin": end, "fuseau": "Europe/Paris",
        "lieu": {"nom": "Salle des fêtes", "commune": commune}, "echelle": "commune",
    }
    data.update(fields)
    return "rencontres", entry_id, data


def write_commons(content: Path, entries: list[tuple[str, str, dict]]) -> Commons:
    """Write the entries under `content/` and load them; the crafted commons must be valid."""
    for folder, entry_id, data in entries:
        path = content / folder / f"{entry_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_entry(data, "Texte."), "utf-8")
    commons = load_commons(content)
    assert not commons.errors, [p.format() for p in commons.errors]
    return commons
