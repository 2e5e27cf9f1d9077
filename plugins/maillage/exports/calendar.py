"""iCalendar (RFC 5545) of the types with a calendar (`x-calendrier`: the rencontres), written by
the `icalendar` package (escaping, folding)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from maillage.exports import texts
from maillage.exports.public import PublicCommons
from maillage.exports.urls import page_url, site_host
from maillage.model import Entry, EntryType, entry_zone, first_value
from maillage.model.dates import parse_moment
from maillage.model.territory import territory
from maillage.model.types import SUMMARY_FIELD, FieldPath

PRODID = "-//Maillage//Agenda//FR"


def calendar(
    view: PublicCommons,
    entries: Iterable[Entry],
    site_url: str,
    updated: Mapping[str, datetime],
    site_name: str,
    name: str,
) -> Calendar:
    """The calendar named `name` of the given publishable entries (of types with a calendar)
    whose start can be read."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", texts.CALENDAR_DESCRIPTION.format(site=site_name))
    host = site_host(site_url)
    moments: list[datetime] = []
    for entry in entries:
        rule = entry.type.calendar
        if rule is None or entry.id in view.hidden:
            continue
        data = view.data(entry)
        where = entry_zone(entry.type, data)
        start, end = _moment(first_value(data, rule.start), where), _moment(first_value(data, rule.end), where)
        if start is None:
            continue  # `maillage verifier` reports the unreadable date; an event needs a start
        event = Event()
        event.add("uid", f"{entry.id}@{host}")
        event.add("dtstamp", updated[entry.id].astimezone(UTC))
        event.add("dtstart", start)
        if end is not None and end > start:
            event.add("dtend", end)
            moments.append(end)
        moments.append(start)
        event.add("summary", entry.title)
        location = _location(data, rule.place, view.commons.schemas.field_index(entry.type))
        if location:
            event.add("location", location)
        url = page_url(site_url, entry)
        if url.startswith(("http://", "https://")):
            event.add("url", url)
        description = _description(data, first_value(data, rule.registration), url)
        if description:
            event.add("description", description)
        label = _label(view, entry.type, rule.category, first_value(data, rule.category))
        if label:
            event.add("categories", [label])
        cal.add_component(event)
    if moments:
        # VTIMEZONE blocks covering just the years of the events keep the file small.
        first, last = min(moments), max(moments)
        cal.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 12, 31))
    return cal


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
    path.write_bytes(calendar(view, view.entries(entry_type.folder), site_url, updated, site_name, name).to_ical())
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
