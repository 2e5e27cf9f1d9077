"""The agenda: rencontres upcoming and past, in date order, and their iCalendar feeds.

Events are built by the open-data export (`maillage.exports.calendar.event`), the one place
that turns a rencontre into an RFC 5545 event, through the commons' public view (the same
privacy rules), and written once for all the calendars that list them (`Calendars`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from maillage.exports.calendar import Calendars
from maillage.exports.public import public_view
from maillage.meet.vocabulary import Vocabulary, default_vocabulary
from maillage.model import Commons, Entry, entry_zone, first_value, territory
from maillage.model.collation import name_key
from maillage.model.dates import parse_moment
from maillage.model.territory import SCALES, Place

CALENDAR_NAME = "{site} — rencontres : {place}"
MEETUP_CALENDAR_NAME = "{site} — {title}"


@dataclass(frozen=True, slots=True)
class Meetup:
    """A publishable rencontre with its times (and the zone of its place), type label and territory."""

    entry: Entry
    start: datetime
    end: datetime
    type: str
    type_label: str
    places: dict[str, Place]
    zone: tzinfo

    @property
    def place(self) -> Place | None:
        """The commune where it happens."""
        return self.places.get("commune")


@dataclass
class Agenda:
    """Upcoming rencontres (soonest first) and past ones (latest first)."""

    now: datetime
    upcoming: list[Meetup] = field(default_factory=list)
    past: list[Meetup] = field(default_factory=list)

    def places(self) -> list[Place]:
        """Every territory (all scales) that has at least one rencontre, broadest first, then by name."""
        found: dict[tuple[str, str], Place] = {}
        for meetup in (*self.upcoming, *self.past):
            for place in meetup.places.values():
                found[(place.kind, place.code)] = place
        return sorted(found.values(), key=lambda p: (-SCALES.index(p.kind), name_key(p.name), p.code))


def meetups(commons: Commons, vocabulary: Vocabulary | None = None) -> list[Meetup]:
    """Every publishable event (an entry of a type with `x-calendrier`: the rencontres) whose
    dates can be read, in start order then id."""
    vocabulary = vocabulary or default_vocabulary()
    result = []
    for entry_type in commons.schemas.types:
        rule = entry_type.calendar
        if rule is None:
            continue
        for entry in commons.of_type(entry_type.folder):
            # Shown at the time of its place (La Réunion is not at Paris time).
            where = entry_zone(entry_type, entry.data)
            start = parse_moment(first_value(entry.data, rule.start), where)
            end = parse_moment(first_value(entry.data, rule.end), where)
            if start is None:
                continue  # `maillage verifier` reports it
            code = first_value(entry.data, entry_type.place)
            places = territory().places(code) if isinstance(code, str) else {}
            kind = first_value(entry.data, rule.category)
            kind = kind if isinstance(kind, str) else ""
            label = vocabulary.meetup_types.get(kind, kind)
            result.append(Meetup(entry, start, end if end and end > start else start, kind, label, places, where))
    result.sort(key=lambda m: (m.start, m.entry.id))
    return result


def agenda(commons: Commons, now: datetime, vocabulary: Vocabulary | None = None) -> Agenda:
    """Split the rencontres at `now`: one still running counts as upcoming."""
    result = Agenda(now)
    for meetup in meetups(commons, vocabulary):
        (result.upcoming if meetup.end >= now else result.past).append(meetup)
    result.past.reverse()
    return result


class AgendaCalendars:
    """The agenda's iCalendar files, one per territory and one per rencontre, with each event
    serialised once for all of them. Times missing from `updated` are `built_at`."""

    def __init__(
        self, commons: Commons, site_url: str, site_name: str, updated: Mapping[str, datetime], built_at: datetime,
    ) -> None:
        self._commons, self._site_name = commons, site_name
        stamps = {e.id: updated.get(e.id, built_at) for e in commons.entries.values() if e.type.calendar is not None}
        self._calendars = Calendars(public_view(commons), site_url, stamps)

    def territories(self, plan: Agenda) -> dict[Place, bytes]:
        """One iCalendar file per territory (every scale) with the rencontres of `plan` that happen there."""
        everything = [*plan.upcoming, *plan.past]
        result = {}
        for place in plan.places():
            ids = {m.entry.id for m in everything if place == m.places.get(place.kind)}
            name = CALENDAR_NAME.format(site=self._site_name, place=place.name)
            result[place] = self._calendar(ids, name)
        return result

    def meetup(self, entry_id: str) -> bytes | None:
        """The iCalendar file of one rencontre (None if unknown or not publishable)."""
        entry = self._commons.entries.get(entry_id)
        if entry is None or entry.type.calendar is None or not entry.publishable:
            return None
        return self._calendar({entry_id}, MEETUP_CALENDAR_NAME.format(site=self._site_name, title=entry.title))

    def _calendar(self, ids: set[str], name: str) -> bytes:
        """Entries are looked up by id: a site writes one calendar per rencontre and per place,
        and scanning the whole commons for each was quadratic."""
        found = (self._commons.entries.get(i) for i in sorted(ids))
        return self._calendars.ical([e for e in found if e is not None], self._site_name, name)
