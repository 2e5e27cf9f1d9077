"""The agenda: rencontres upcoming and past, in date order, and their iCalendar feeds.

Events are built by the open-data export (`maillage.exports.calendar.calendar`), the one place
that turns a rencontre into an RFC 5545 event: here it is handed a view restricted to the
rencontres of one territory (or to one rencontre), with the same privacy rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from maillage.exports.calendar import calendar
from maillage.exports.public import PublicCommons, public_view
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


def _calendar(
    view: PublicCommons, ids: frozenset[str], names: tuple[str, str], site_url: str,
    updated: Mapping[str, datetime], built_at: datetime,
) -> bytes:
    """`names`: (site name, calendar name). Entries are looked up by id: a site writes one
    calendar per rencontre and per place, and scanning the whole commons for each was quadratic."""
    site_name, name = names
    found = (view.commons.entries.get(i) for i in sorted(ids))
    stamps = {i: updated.get(i, built_at) for i in ids}
    return calendar(view, [e for e in found if e is not None], site_url, stamps, site_name, name).to_ical()


def territory_calendars(
    commons: Commons, site_url: str, site_name: str, updated: Mapping[str, datetime], built_at: datetime,
    selection: Agenda | None = None,
) -> dict[Place, bytes]:
    """One iCalendar file per territory (every scale) with the rencontres that happen there."""
    view = public_view(commons)
    plan = selection or agenda(commons, built_at)
    everything = [*plan.upcoming, *plan.past]
    result = {}
    for place in plan.places():
        ids = frozenset(m.entry.id for m in everything if place == m.places.get(place.kind))
        name = CALENDAR_NAME.format(site=site_name, place=place.name)
        result[place] = _calendar(view, ids, (site_name, name), site_url, updated, built_at)
    return result


def meetup_calendar(
    commons: Commons, entry_id: str, site_url: str, site_name: str, updated: Mapping[str, datetime],
    built_at: datetime, view: PublicCommons | None = None,
) -> bytes | None:
    """The iCalendar file of one rencontre (None if unknown or not publishable); `view`: the
    commons' public view when the caller writes many calendars (computing it scans every entry)."""
    entry = commons.entries.get(entry_id)
    if entry is None or entry.type.calendar is None or not entry.publishable:
        return None
    name = MEETUP_CALENDAR_NAME.format(site=site_name, title=entry.title)
    view = view or public_view(commons)
    return _calendar(view, frozenset({entry_id}), (site_name, name), site_url, updated, built_at)
