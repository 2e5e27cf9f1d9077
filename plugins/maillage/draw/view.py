"""Where a draw stands, as people read it: the same view for `maillage tirage etat` and the site.

Built from the entry replayed (`verify_data`), with names instead of ids, French local times,
each seat holder's own deadline, vacant places with their reason, broken quotas and groups
left without a professional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from maillage.draw.authorities import Authorities
from maillage.draw.clock import french_datetime, parse_datetime
from maillage.draw.rules import Quota
from maillage.draw.state import CONFIRMED, DECLINED
from maillage.draw.verify import verify_data
from maillage.model import Entry

STATUS_LABELS = {
    "brouillon": "en préparation : les règles peuvent encore changer",
    "prepare": "règles figées et publiées, en attente de l'aléa",
    "tire": "tiré au sort, en période de réflexion",
    "clos": "clos",
}
ANSWER_WORDS = {CONFIRMED: "a confirmé", DECLINED: "s'est désisté·e"}
REASON_WORDS = {
    "desistement": "désistement",
    "silence": "sans réponse dans son délai",
    "retrait": "retrait après confirmation",
    "assouplissement": "quota assoupli",
    "complement": "tirage complémentaire",
}
UNPUBLISHED = "personne non publiée"


@dataclass
class Seat:
    """One member of a group as shown."""

    id: str
    name: Any  # text, or a link on the site (Markup)
    answer: str  # French words: "a confirmé le …", "en attente …"
    confirmed: bool
    deadline: str
    deadline_iso: str
    late: bool = False


@dataclass
class GroupView:
    """A group: its members, its vacant places and what it breaks."""

    number: int
    seats: list[Seat] = field(default_factory=list)
    vacancies: list[dict[str, str]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    no_professional: bool = False


@dataclass
class DrawView:
    """Everything `etat` and the page show about the stage a draw has reached."""

    status: str
    status_label: str
    groups: list[GroupView] = field(default_factory=list)
    reserve_left: list[Any] = field(default_factory=list)  # the first `reserve_shown` names
    reserve_count: int = 0
    replacements: list[dict[str, Any]] = field(default_factory=list)
    quotas: list[str] = field(default_factory=list)
    relaxed: bool = False
    broken_totals: list[str] = field(default_factory=list)
    silent: int = 0
    closed: dict[str, str] | None = None
    complements: list[dict[str, Any]] = field(default_factory=list)
    relaxations: list[dict[str, str]] = field(default_factory=list)
    verified: bool = True
    pending: set[str] = field(default_factory=set)


Lookup = Callable[[str], Entry | None]  # actor id → its entry (None: absent)


def namer(lookup: Lookup, link: Callable[[str], Any] | None = None, with_id: bool = False) -> Callable[[str], Any]:
    """Actor id → name (a link on the site), « personne non publiée » for a person without consent."""

    def name(actor_id: str) -> Any:
        actor = lookup(actor_id)
        if actor is None or not actor.publishable:
            return f"{UNPUBLISHED} ({actor_id})" if with_id else UNPUBLISHED
        if link is not None:
            return link(actor_id) or UNPUBLISHED
        return f"{actor.title} ({actor_id})" if with_id else actor.title

    return name


def draw_view(
    data: dict[str, Any],
    lookup: Lookup,
    authorities: Authorities,
    now: datetime,
    name: Callable[[str], Any],
    reserve_shown: int = 500,
) -> DrawView:
    """The view of a draw at `now` (dates shown without the year when it is `now`'s); the first
    `reserve_shown` people of the reserve are named (a reserve of 20,000 is counted, not listed)."""
    status = str(data.get("statut"))
    view = DrawView(status, STATUS_LABELS.get(status, status))
    if status not in ("tire", "clos"):
        return view
    report = verify_data(data, authorities, now)
    state = report.state
    if state is None or report.errors:
        view.verified = False
        return view
    view.pending = {p["acteur"] for p in report.pending}
    view.closed = (
        {
            "date": french_datetime(parse_datetime(state.closed["date"], "cloture")),
            "reason": state.closed.get("motif", ""),
        }
        if state.closed
        else None
    )
    if state.closed:
        view.status_label = "clos par le coordinateur"
    answered_at = {r["acteur"]: r["date"] for r in state.responses}
    for index, members in enumerate(state.groups):
        group = GroupView(index + 1)
        for member in members:
            deadline = state.deadline_of(member)
            answer = state.answers.get(member)
            if answer == CONFIRMED:
                words = f"a confirmé le {french_datetime(parse_datetime(answered_at[member], 'date'), now)}"
            elif member in view.pending:
                words = "a répondu (réponse reçue, pas encore inscrite au journal)"
            elif now > deadline:
                words = f"sans réponse, délai dépassé depuis le {french_datetime(deadline, now)}"
            else:
                words = f"en attente, délai jusqu'au {french_datetime(deadline, now)}"
            group.seats.append(
                Seat(
                    member,
                    name(member),
                    words,
                    answer == CONFIRMED,
                    french_datetime(deadline, now),
                    deadline.isoformat(),
                    late=answer is None and now > deadline,
                )
            )
        group.seats.sort(key=lambda s: _title(lookup(s.id), s.id))
        group.vacancies = [
            {"since": french_datetime(v.since, now), "reason": v.reason} for v in state.vacancies if v.group == index
        ]
        group.broken = [q.describe() for q in state.broken_quotas(index)]
        group.no_professional = not any(_professional(lookup(m)) for m in members)
        view.groups.append(group)
    view.silent = len(state.silent_past_deadline(now)) if not state.closed else 0
    remaining = state.remaining_reserve()
    view.reserve_left = [name(r) for r in remaining[:reserve_shown]]
    view.reserve_count = len(remaining)
    view.quotas = [q.describe() for q in state.rules.quotas]
    view.relaxed = state.relaxed
    view.broken_totals = [q.describe() for q in state.broken_totals()]
    view.replacements = [
        {
            "group": r["groupe"],
            "leaving": name(r["sortant"]) if r.get("sortant") else None,
            "arriving": name(r["entrant"]) if r.get("entrant") else None,
            "reason": REASON_WORDS.get(r["motif"], r["motif"]),
            "date": french_datetime(parse_datetime(r["date"], "date"), now),
            "deadline": french_datetime(state.deadline_of(r["entrant"]), now) if r.get("entrant") else None,
        }
        for r in state.replacements
    ]
    view.relaxations = [
        {
            "date": french_datetime(parse_datetime(e["date"], "date"), now),
            "before": Quota.from_data(e["details"]["avant"]).describe(),
            "after": Quota.from_data(e["details"]["apres"]).describe(),
            "reason": str(e["details"].get("motif") or ""),
        }
        for e in data.get("journal") or []
        if isinstance(e, dict) and e.get("evenement") == "assouplissement"
    ]
    view.complements = [
        {
            "announced": french_datetime(parse_datetime(c["annonce"], "annonce"), now),
            "count": len(c["vivier"]),
            "round": c.get("ronde"),
            "drawn": bool(c.get("tire_le")),
        }
        for c in state.complements
    ]
    return view


def _title(actor: Entry | None, actor_id: str) -> str:
    """What a seat is sorted by: the actor's name (an unpublished person's id keeps them hidden)."""
    return (actor.title if actor is not None and actor.publishable else actor_id).lower()


def _professional(actor: Entry | None) -> bool:
    univers = actor.data.get("univers") if actor is not None else None
    return isinstance(univers, dict) and univers.get("pratique") == "professionnel"
