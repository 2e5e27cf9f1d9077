"""Who takes part in a project or a rencontre, read once from their fields.

Projects list `acteurs` with a role; rencontres have a host, participants, facilitators and
initiators. Only publishable actors are returned.
"""

from __future__ import annotations

from typing import Any

from maillage.model import Commons, Entry

MEETUP_FIELDS = ("hote", "participants", "facilitateurs", "lance_par")
FACILITATOR_ROLES = ("mediateur", "facilitateur")


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def roles_in(entry: Entry) -> list[tuple[str, str]]:
    """(actor id, role) pairs of a project (its `acteurs`) or a rencontre (role = field name)."""
    if entry.type.folder == "projets":
        items = entry.data.get("acteurs")
        return [
            (item["acteur"], item["role"]) for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("acteur"), str) and isinstance(item.get("role"), str)
        ]
    if entry.type.folder == "rencontres":
        return [(actor, name) for name in MEETUP_FIELDS for actor in _ids(entry.data.get(name))]
    return []


def actors_of(commons: Commons, entry: Entry) -> list[str]:
    """Publishable actors involved in a project or rencontre, without repeats, in field order."""
    seen: dict[str, None] = {}
    for actor, _role in roles_in(entry):
        found = commons.entries.get(actor)
        if found is not None and found.type.folder == "acteurs" and found.publishable:
            seen.setdefault(actor, None)
    return list(seen)


def facilitators_of(commons: Commons, entry: Entry) -> list[str]:
    """Publishable actors who facilitate a project (role `facilitateur`) or a rencontre (`facilitateurs`)."""
    wanted = {"facilitateur", "facilitateurs"}
    return [a for a in dict.fromkeys(a for a, role in roles_in(entry) if role in wanted)
            if a in commons.entries and commons.entries[a].publishable]


def initiators_of(entry: Entry) -> list[str]:
    """Who launched it: a rencontre's `lance_par`, a project's `porteur` actors."""
    wanted = "lance_par" if entry.type.folder == "rencontres" else "porteur"
    return list(dict.fromkeys(a for a, role in roles_in(entry) if role == wanted))
