"""Who sits where after the draw, answers and replacements: the state the log replays.

Commands and `verify` go through the same methods, so a recorded history is accepted by
`verify` exactly when the commands would have produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.draw.randomness import format_datetime
from maillage.draw.rules import Rules
from maillage.draw.selection import Selection, swap_keeps_quotas

CONFIRMED = "confirme"
DECLINED = "decline"


@dataclass
class DrawState:
    """Groups, the reserve, every answer and replacement, and each seat holder's deadline."""

    rules: Rules
    categories: dict[str, frozenset[str]]
    run_date: datetime
    groups: list[list[str]]
    reserve: list[str]
    since: dict[str, datetime] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    replacements: list[dict[str, Any]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    @classmethod
    def start(
        cls, selection: Selection, rules: Rules, categories: dict[str, frozenset[str]], run_date: datetime
    ) -> DrawState:
        """The state right after the run."""
        groups = [list(g) for g in selection.groups]
        members = {m for g in groups for m in g}
        return cls(
            rules,
            categories,
            run_date,
            groups,
            list(selection.reserve),
            dict.fromkeys(members, run_date),
            used=set(members),
        )

    @property
    def deadline(self) -> datetime:
        """End of the reflection period for those drawn at the run."""
        return self.run_date + timedelta(days=self.rules.delay_days)

    def deadline_of(self, member: str) -> datetime:
        """End of the reflection period of one seat holder (replacements get their own)."""
        return self.since[member] + timedelta(days=self.rules.delay_days)

    def group_of(self, actor: str) -> int | None:
        """Index of the group where an actor sits, if any."""
        return next((g for g, members in enumerate(self.groups) if actor in members), None)

    def answer(self, actor: str, response: str, when: datetime) -> None:
        """Record a confirmation or a withdrawal, refused in French when it cannot be accepted."""
        if self.group_of(actor) is None:
            raise DrawError(msg.ANSWER_NOT_DRAWN.format(id=actor), "reponses")
        if actor in self.answers:
            raise DrawError(msg.ANSWER_TWICE.format(id=actor, answer=self.answers[actor]), "reponses")
        if when < self.since[actor]:
            raise DrawError(
                msg.ANSWER_BEFORE_DRAW.format(id=actor, date=format_datetime(self.since[actor])), "reponses"
            )
        if response == CONFIRMED and when > self.deadline_of(actor):
            raise DrawError(
                msg.CONFIRM_LATE.format(
                    id=actor, date=format_datetime(when), deadline=format_datetime(self.deadline_of(actor))
                ),
                "reponses",
            )
        self.answers[actor] = response
        self.responses.append({"acteur": actor, "reponse": response, "date": format_datetime(when)})

    def vacancies(self, when: datetime) -> list[tuple[int, str, str]]:
        """Seats to fill at a date: (group, holder, reason) for withdrawals and silences past their deadline."""
        found = []
        for g, members in enumerate(self.groups):
            for member in sorted(members):
                if self.answers.get(member) == DECLINED:
                    found.append((g, member, "desistement"))
                elif member not in self.answers and when > self.deadline_of(member):
                    found.append((g, member, "silence"))
        return found

    def replace(self, when: datetime) -> list[dict[str, Any]]:
        """Fill each vacancy with the first reserve who keeps the quotas; return what changed."""
        if when <= self.deadline:
            raise DrawError(msg.REPLACE_TOO_EARLY.format(deadline=format_datetime(self.deadline)))
        changes = []
        for g, leaving, reason in self.vacancies(when):
            arriving = next(
                (
                    r
                    for r in self.reserve
                    if r not in self.used and swap_keeps_quotas(self.groups, g, leaving, r, self.categories, self.rules)
                ),
                None,
            )
            self.groups[g].remove(leaving)
            if arriving is not None:
                self.groups[g].append(arriving)
                self.groups[g].sort()
                self.used.add(arriving)
                self.since[arriving] = when
            change = {
                "groupe": g + 1,
                "sortant": leaving,
                "entrant": arriving,
                "motif": reason,
                "date": format_datetime(when),
            }
            changes.append(change)
            self.replacements.append(change)
        return changes

    @property
    def complete(self) -> bool:
        """Every seat is held by someone who confirmed."""
        members = [m for g in self.groups for m in g]
        return len(members) == self.rules.seats and all(self.answers.get(m) == CONFIRMED for m in members)

    def result_data(self) -> dict[str, Any]:
        """The `resultat` fields that change after the run."""
        return {
            "groupes": [{"numero": g + 1, "membres": list(members)} for g, members in enumerate(self.groups)],
            "reserve": list(self.reserve),
            "remplacements": [dict(r) for r in self.replacements],
        }
