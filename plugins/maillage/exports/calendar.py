"""iCalendar (RFC 5545) of the types with a calendar (`x-calendrier`: the rencontres), written by
the `icalendar` package (escaping, folding)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event, Timezone

from maillage.exports import texts
from maillage.exports.public import PublicCommons
from maillage.exports.urls import page_url, site_host
from maillage.model import Entry, EntryType, entry_zone, first_value
from maillage.model.dates import parse_moment
from maillage.model.territory import territory
from maillage.model.types import SUMMARY_FIELD, FieldPath

PRODID = "-//Maillage//Agenda//FR"
_END = b"END:VCALENDAR\r\n"  # the last line of every calendar


def header(site_name: str, name: str) -> Calendar:
    """The calendar named `name`, without its events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", texts.CALENDAR_DESCRIPTION.format(site=site_name))
    return cal


def event(view: PublicCommons, entry: Entry, site_url: str, updated: Mapping[str, datetime]) -> Event | None:
    """The VEVENT of a publishable entry of a type with a calendar (None for any other entry, or
    when its start cannot be read)."""
    rule = entry.type.calendar
    if rule is None or entry.id in view.hidden:
        return None
    data = view.data(entry)
    where = entry_zone(entry.type, data)
    start, end = _moment(first_value(data, rule.start), where), _moment(first_value(data, rule.end), where)
    if start is None:
        return None  # `maillage verifier` reports the unreadable date; an event needs a start
    result = Event()
    result.add("uid", f"{entry.id}@{site_host(site_url)}")
    result.add("dtstamp", updated[entry.id].astimezone(UTC))
    result.add("dtstart", start)
    if end is not None and end > start:
        result.add("dtend", end)
    result.add("summary", entry.title)
    location = _location(data, rule.place, view.commons.schemas.field_index(entry.type))
    if location:
        result.add("location", location)
    url = page_url(site_url, entry)
    if url.startswith(("http://", "https://")):
        result.add("url", url)
    description = _description(data, first_value(data, rule.registration), url)
    if description:
        result.add("description", description)
    label = _label(view, entry.type, rule.category, first_value(data, rule.category))
    if label:
        result.add("categories", [label])
    return result


@dataclass(frozen=True, slots=True)
class _Written:
    """An event as `icalendar` writes it, with what its calendar needs to know of it."""

    ical: bytes
    tzids: tuple[str | None, ...]  # the TZID of each of its properties (None: none), in order
    moments: tuple[datetime, ...]  # its start, and its end when after the start


class Calendars:
    """Writes calendars of rencontres (`icalendar`'s escaping and folding, byte for byte) with
    each event serialised once: a site lists each rencontre in the calendars of its commune,
    EPCI, département and région and in its own, and serialising is most of a calendar's cost."""

    def __init__(self, view: PublicCommons, site_url: str, updated: Mapping[str, datetime]) -> None:
        self._view, self._site_url, self._updated = view, site_url, updated
        self._events: dict[str, _Written | None] = {}
        self._zones: dict[tuple[str, date, date], bytes] = {}

    def ical(self, entries: Iterable[Entry], site_name: str, name: str) -> bytes:
        """The calendar named `name` of the given entries (those with an event), in their order:
        the bytes `icalendar` writes for `header(…)` with each `event(…)` added, then
        `add_missing_timezones` over just the years of the events (small VTIMEZONE blocks)."""
        written = [w for w in map(self._written, entries) if w is not None]
        # `get_missing_tzids`' set, built in the same order (the header's properties carry no
        # TZID and come first): with several zones, the VTIMEZONE blocks come out in its order.
        used: set[str | None] = {None}
        for w in written:
            used.update(w.tzids)
        zones = b""
        moments = [m for w in written for m in w.moments]
        if moments:
            first, last = min(moments), max(moments)
            span = date(first.year, 1, 1), date(last.year + 1, 12, 31)
            zones = b"".join(self._zone(tzid, *span) for tzid in (used - {None}) - {"UTC"})
        head = header(site_name, name).to_ical().removesuffix(_END)
        return head + zones + b"".join(w.ical for w in written) + _END

    def _written(self, entry: Entry) -> _Written | None:
        if entry.id not in self._events:
            made = event(self._view, entry, self._site_url, self._updated)
            self._events[entry.id] = None if made is None else _Written(
                made.to_ical(),
                tuple(v.params.get("TZID") for _, v in made.property_items(recursive=False, sorted=False)
                      if hasattr(v, "params")),
                tuple(made.decoded(k) for k in ("dtstart", "dtend") if k in made),
            )
        return self._events[entry.id]

    def _zone(self, tzid: str, first: date, last: date) -> bytes:
        key = (tzid, first, last)
        if key not in self._zones:
            try:
                self._zones[key] = Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
            except ValueError:
                self._zones[key] = b""  # as `add_missing_timezones`: an unknown zone is left out
        return self._zones[key]


def write_calendar(
    path: Path,
    view: PublicCommons,
    entry_type: EntryType,
    site_url: str,
    updated: Mapping[str, datetime],
    site_name: str,
) -> Path:
    """Write the calendar of a type (`rencontres.ics`)."""
    name = texts.CALENDAR_NAME.format(site=site_name, plural=entry_type.plural)
    path.write_bytes(Calendars(view, site_url, updated).ical(view.entries(entry_type.folder), site_name, name))
    return path


def _moment(text: Any, where: tzinfo) -> datetime | None:
    """A date-time in the rencontre's zone (its TZID), from ISO text with or without offset."""
    moment = parse_moment(text, where)
    return moment.astimezone(where) if moment is not None else None


def _location(data: Mapping[str, Any], place: tuple[FieldPath, ...], fields: Mapping[FieldPath, Any]) -> str:
    """The `lieu` fields of `x-calendrier`, joined; a commune code is written as its name."""
    parts = []
    for pattern in place:
        value = first_value(data, pattern)
        if fields.get(pattern, {}).get("format") == "commune-insee":
            commune = territory().commune(value) if isinstance(value, str) else None
            value = commune.name if commune else None
        parts.append(value)
    return ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _description(data: Mapping[str, Any], registration: Any, url: str) -> str:
    parts = [data.get(SUMMARY_FIELD)]
    if isinstance(registration, str):
        parts.append(texts.ICS_REGISTRATION.format(url=registration))
    parts.append(url)
    return "\n\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _label(view: PublicCommons, entry_type: EntryType, pattern: FieldPath | None, code: Any) -> str | None:
    """The French label of the event's category (`x-calendrier.categorie`)."""
    if pattern is None or not isinstance(code, str):
        return None
    labels = view.commons.schemas.field_index(entry_type).get(pattern, {}).get("x-libelles", {})
    return labels.get(code)
