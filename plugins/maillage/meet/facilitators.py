"""Facilitators: the actors who mediate or facilitate, and the projects and rencontres they lead."""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.meet.involvement import FACILITATOR_ROLES, facilitators_of
from maillage.model import Commons, Entry
from maillage.model.collation import name_key


@dataclass
class Facilitator:
    """An actor who facilitates: its declared roles, and where it facilitates."""

    entry: Entry
    roles: list[str]
    projects: list[Entry] = field(default_factory=list)
    meetups: list[Entry] = field(default_factory=list)


def facilitators(commons: Commons) -> list[Facilitator]:
    """Actors with the role médiateur or facilitateur, or named as facilitator somewhere; by name."""
    found: dict[str, Facilitator] = {}

    def of(actor: Entry) -> Facilitator:
        if actor.id not in found:
            declared = actor.data.get("roles") if isinstance(actor.data.get("roles"), list) else []
            found[actor.id] = Facilitator(actor, [r for r in FACILITATOR_ROLES if r in declared])
        return found[actor.id]

    for actor in commons.of_type("acteurs"):
        roles = actor.data.get("roles")
        if actor.publishable and isinstance(roles, list) and any(r in roles for r in FACILITATOR_ROLES):
            of(actor)
    for folder in ("projets", "rencontres"):
        for entry in commons.of_type(folder):
            for actor_id in facilitators_of(commons, entry):
                holder = of(commons.entries[actor_id])
                (holder.projects if folder == "projets" else holder.meetups).append(entry)
    return sorted(found.values(), key=lambda f: (name_key(f.entry.title), f.entry.id))
