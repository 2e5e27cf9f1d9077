"""Who sits where after the draw, through answers, replacements and the coordinator's decisions.

The journal replays through these methods: commands and `verifier` share them, so a recorded
history is accepted by `verifier` exactly when the commands would have produced it.

The reflection period, as coordinators need it:
- a decline (or the withdrawal of someone who had confirmed) frees the place at once: the
  first person of the reserve who keeps the quotas is called, with a deadline of their own;
- someone silent past their deadline is replaced by `remplacer`;
- when nobody in the reserve fits, the place stays vacant with the reason (reserve exhausted,
  or the quotas each remaining person would break); the coordinator may relax that quota,
  call a complementary draw among late volunteers, or close the draw with its vacancies.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.clock import format_datetime
from maillage.draw.errors import DrawError
from maillage.draw.rules import Quota, Rules
from maillage.draw.selection import Selection
from maillage.model.numbers import french_count

CONFIRMED = "confirme"
DECLINED = "decline"


@dataclass
class Vacancy:
    """A place nobody holds: its group (0-based), since when, and why nobody could take it."""

    group: int
    since: datetime
    reason: str

    def data(self) -> dict[str, Any]:
        """How the entry writes it."""
        return {"groupe": self.group + 1, "depuis": format_datetime(self.since), "raison": self.reason}


@dataclass
class DrawState:
    """Groups, the reserve, every answer and replacement, each seat holder's deadline."""

    rules: Rules
    categories: dict[str, frozenset[str]]
    run_date: datetime
    groups: list[list[str]]
    reserve: list[str]
    since: dict[str, datetime] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    replacements: list[dict[str, Any]] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    relaxed: bool = False
    closed: dict[str, Any] | None = None
    complements: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(
        cls, selection: Selection, rules: Rules, categories: dict[str, frozenset[str]], run_date: datetime
    ) -> DrawState:
        """The state right after the run."""
        groups = [list(g) for g in selection.groups]
        members = {m for g in groups for m in g}
        return cls(
            rules,
            dict(categories),
            run_date,
            groups,
            list(selection.reserve),
            dict.fromkeys(members, run_date),
            used=set(members),
        )

    # --- Reading -----------------------------------------------------------------------------

    def deadline_of(self, member: str) -> datetime:
        """End of the reflection period of one seat holder (each replacement has their own)."""
        return self.since[member] + timedelta(days=self.rules.delay_days)

    def group_of(self, actor: str) -> int | None:
        """Index of the group where an actor sits, if any."""
        return next((g for g, members in enumerate(self.groups) if actor in members), None)

    def silent_past_deadline(self, when: datetime) -> list[tuple[int, str]]:
        """(group, holder) of those who have not answered and whose deadline has passed."""
        return [
            (g, m)
            for g, members in enumerate(self.groups)
            for m in sorted(members)
            if m not in self.answers and when > self.deadline_of(m)
        ]

    def broken_quotas(self, group: int) -> list[Quota]:
        """The quotas a group does not meet as it stands (vacant places count as missing)."""
        return [
            q for q in self.rules.quotas if not _within(self._count(self.groups[group], q), q.min_group, q.max_group)
        ]

    def broken_totals(self) -> list[Quota]:
        """The quotas the whole panel does not meet in total as it stands."""
        seated = [m for g in self.groups for m in g]
        return [q for q in self.rules.quotas if not _within(self._count(seated, q), q.min_total, q.max_total)]

    @property
    def complete(self) -> bool:
        """Closed by the coordinator, or every place held by someone who confirmed."""
        if self.closed is not None:
            return True
        members = [m for g in self.groups for m in g]
        return (
            not self.vacancies
            and len(members) == self.rules.seats
            and all(self.answers.get(m) == CONFIRMED for m in members)
        )

    def remaining_reserve(self) -> list[str]:
        """The reserve not called yet, in order."""
        return [r for r in self.reserve if r not in self.used]

    # --- Events --------------------------------------------------------------------------------

    def answer(self, actor: str, response: str, when: datetime, sent_by: str | None = None) -> list[dict[str, Any]]:
        """Record a confirmation or a decline (a withdrawal if they had confirmed); a decline frees
        the place at once. Returns the replacement it caused (empty for a confirmation)."""
        self._open()
        group = self.group_of(actor)
        if group is None:
            raise DrawError(msg.ANSWER_NOT_DRAWN.format(id=actor))
        before = self.answers.get(actor)
        if when < self.since[actor]:
            raise DrawError(msg.ANSWER_BEFORE_DRAW.format(id=actor, date=format_datetime(self.since[actor])))
        if response == CONFIRMED:
            if before is not None:
                raise DrawError(msg.ANSWER_TWICE.format(id=actor, answer=before))
            if when > self.deadline_of(actor):
                raise DrawError(
                    msg.CONFIRM_LATE.format(
                        id=actor, date=format_datetime(when), deadline=format_datetime(self.deadline_of(actor))
                    ),
                )
        elif response != DECLINED:
            raise DrawError(msg.PENDING_BAD_ANSWER.format(answer=response))
        if response == DECLINED and before == DECLINED:
            raise DrawError(msg.ANSWER_TWICE.format(id=actor, answer=before))
        self.answers[actor] = response
        item = {"acteur": actor, "reponse": response, "date": format_datetime(when)}
        self.responses.append(item | ({"transmise_par": sent_by} if sent_by else {}))
        if response == CONFIRMED:
            return []
        reason = "retrait" if before == CONFIRMED else "desistement"
        self.groups[group].remove(actor)
        return [self._fill(group, actor, reason, when)]

    def replace_silences(self, when: datetime) -> list[dict[str, Any]]:
        """Give the places of those silent past their deadline to the reserve."""
        self._open()
        silent = self.silent_past_deadline(when)
        if not silent:
            raise DrawError(msg.NOTHING_TO_REPLACE)
        changes = []
        for group, member in silent:
            self.groups[group].remove(member)
            changes.append(self._fill(group, member, "silence", when))
        return changes

    def relax(self, index: int, quota: Quota, when: datetime) -> list[dict[str, Any]]:
        """Replace quota n° `index` by a looser one, then offer every vacant place again."""
        self._open()
        old = self.rules.quotas[index]
        if not _looser(old, quota):
            raise DrawError(msg.RELAX_NOT_LOOSER.format(quota=old.describe()))
        quotas = list(self.rules.quotas)
        quotas[index] = quota
        self.rules = replace(self.rules, quotas=tuple(quotas))
        self.relaxed = True
        return self.fill_vacancies("assouplissement", when)

    def announce_complement(self, record: dict[str, Any]) -> None:
        """A complementary draw is announced (its late pool and random source are fixed)."""
        self._open()
        if not self.vacancies:
            raise DrawError(msg.COMPLEMENT_NO_VACANCY)
        if any("tire_le" not in c for c in self.complements):
            raise DrawError(msg.COMPLEMENT_PENDING.format(date=self.complements[-1]["annonce"]))
        self.complements.append(record)

    def extend_reserve(
        self, late: list[str], categories: dict[str, frozenset[str]], when: datetime
    ) -> list[dict[str, Any]]:
        """Add late volunteers (drawn in order) after the reserve, then offer the vacant places."""
        self._open()
        self.categories.update(categories)
        self.reserve.extend(late)
        return self.fill_vacancies("complement", when)

    def fill_vacancies(self, reason: str, when: datetime) -> list[dict[str, Any]]:
        """Offer each vacant place, group by group, to the reserve."""
        changes = []
        for vacancy in sorted(self.vacancies, key=lambda v: (v.group, v.since)):
            self.vacancies.remove(vacancy)
            change = self._fill(vacancy.group, None, reason, when)
            if change["entrant"] is not None:
                changes.append(change)
        return changes

    def close(self, when: datetime, reason: str) -> None:
        """The coordinator closes the draw, vacant places included."""
        self._open()
        self.closed = {"date": format_datetime(when), **({"motif": reason} if reason else {})}

    # --- Inside --------------------------------------------------------------------------------

    def _open(self) -> None:
        if self.closed is not None:
            raise DrawError(msg.ALREADY_CLOSED_BY_COORDINATOR.format(date=self.closed["date"]))

    def _fill(self, group: int, leaving: str | None, reason: str, when: datetime) -> dict[str, Any]:
        """The first unused reserve who keeps the quotas takes a place of `group` (or it stays vacant)."""
        arriving = next((r for r in self.remaining_reserve() if not self._breaks(group, r)), None)
        if arriving is None:
            self.vacancies.append(Vacancy(group, when, self._why_nobody(group)))
        else:
            self.groups[group].append(arriving)
            self.groups[group].sort()
            self.used.add(arriving)
            self.since[arriving] = when
        change = {
            "groupe": group + 1,
            "sortant": leaving,
            "entrant": arriving,
            "motif": reason,
            "date": format_datetime(when),
        }
        self.replacements.append(change)
        return change

    def _breaks(self, group: int, candidate: str) -> list[Quota]:
        """The quotas that seating `candidate` in `group` would make impossible to meet.

        Places still vacant (in this group and elsewhere) may yet bring anyone: a minimum is
        broken only if it cannot be reached even with them, a maximum as soon as it is passed.
        """
        members = [*self.groups[group], candidate]
        open_here = self.rules.size - len(members)
        seated = [m for g in self.groups for m in g] + [candidate]
        open_total = self.rules.seats - len(seated)
        broken = []
        for quota in self.rules.quotas:
            here, total = self._count(members, quota), self._count(seated, quota)
            if not _reachable(here, open_here, quota.min_group, quota.max_group) or not _reachable(
                total, open_total, quota.min_total, quota.max_total
            ):
                broken.append(quota)
        return broken

    def _why_nobody(self, group: int) -> str:
        remaining = self.remaining_reserve()
        if not remaining:
            return msg.VACANCY_RESERVE_EXHAUSTED
        blocking: Counter[str] = Counter()
        for candidate in remaining:
            for quota in self._breaks(group, candidate):
                blocking[quota.describe()] += 1
        quotas = " ; ".join(f"« {text} » ({count} personne(s))" for text, count in blocking.most_common())
        return msg.VACANCY_QUOTAS.format(count=french_count(len(remaining)), quotas=quotas)

    def _count(self, members: list[str], quota: Quota) -> int:
        key = quota.category.key
        return sum(1 for m in members if key in self.categories.get(m, frozenset()))

    def result_data(self) -> dict[str, Any]:
        """The `resultat` fields that change after the run."""
        data: dict[str, Any] = {
            "groupes": [{"numero": g + 1, "membres": list(members)} for g, members in enumerate(self.groups)],
            "reserve": list(self.reserve),
            "remplacements": [dict(r) for r in self.replacements],
            "places_vacantes": [v.data() for v in sorted(self.vacancies, key=lambda v: (v.group, v.since))],
        }
        if self.relaxed:
            data["quotas"] = [q.to_data() for q in self.rules.quotas]
        if self.complements:
            data["complements"] = [dict(c) for c in self.complements]
        if self.closed is not None:
            data["cloture"] = dict(self.closed)
        return data


def _reachable(count: int, still_open: int, low: int, high: int | None) -> bool:
    """Whether a count can still end within [low, high] with `still_open` places to fill."""
    return count + still_open >= low and (high is None or count <= high)


def _within(value: int, low: int, high: int | None) -> bool:
    return low <= value and (high is None or value <= high)


def _looser(old: Quota, new: Quota) -> bool:
    """Whether `new` allows everything `old` allows, and more (same category)."""

    def wider(a: int | None, b: int | None) -> bool:  # maximum b is no tighter than a (None: none)
        return b is None or (a is not None and b >= a)

    same = new.category == old.category
    return (
        same
        and new != old
        and new.min_group <= old.min_group
        and new.min_total <= old.min_total
        and wider(old.max_group, new.max_group)
        and wider(old.max_total, new.max_total)
    )
