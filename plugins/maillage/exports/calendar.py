"""iCalendar (RFC 5545) of the rencontres, written by the `icalendar` package (escaping, folding)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from maillage.exports import texts
from maillage.exports.public import PublicCommons
from maillage.exports.urls import entry_url, site_host
from maillage.model import BY_FOLDER
from maillage.model.dates import parse_moment, zone
from maillage.model.territory import territory

PRODID = "-//Maillage//Rencontres//FR"


def calendar(
    view: PublicCommons, site_url: str, updated: Mapping[str, datetime], site_name: str
) -> Calendar:
    """The calendar of every publishable rencontre whose start can be read."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", texts.CALENDAR_NAME.format(site=site_name))
    cal.add("x-wr-caldesc", texts.CALENDAR_DESCRIPTION.format(site=site_name))
    host = site_host(site_url)
    moments: list[datetime] = []
    for entry in view.entries("rencontres"):
        data = view.data(entry)
        where = zone(data.get("fuseau"))
        start, end = _moment(data.get("debut"), where), _moment(data.get("fin"), where)
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
        location = _location(data.get("lieu"))
        if location:
            event.add("location", location)
        url = entry_url(site_url, entry.type.folder, entry.id)
        if url.startswith(("http://", "https://")):
            event.add("url", url)
        description = _description(data, url)
        if description:
            event.add("description", description)
        label = _type_label(view, data.get("type"))
        if label:
            event.add("categories", [label])
        cal.add_component(event)
    if moments:
        # VTIMEZONE blocks covering just the years of the events keep the file small.
        first, last = min(moments), max(moments)
        cal.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 12, 31))
    return cal


def write_calendar(
    path: Path, view: PublicCommons, site_url: str, updated: Mapping[str, datetime], site_name: str
) -> Path:
    """Write `rencontres.ics`."""
    path.write_bytes(calendar(view, site_url, updated, site_name).to_ical())
    return path


def _moment(text: Any, where: tzinfo) -> datetime | None:
    """A date-time in the rencontre's zone (its TZID), from ISO text with or without offset."""
    moment = parse_moment(text, where)
    return moment.astimezone(where) if moment is not None else None


def _location(place: Any) -> str:
    if not isinstance(place, dict):
        return ""
    code = place.get("commune")
    commune = territory().commune(code) if isinstance(code, str) else None
    parts = [place.get("nom"), place.get("adresse"), commune.name if commune else None]
    return ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _description(data: Mapping[str, Any], url: str) -> str:
    parts = [data.get("resume")]
    registration = data.get("inscription")
    if isinstance(registration, str):
        parts.append(texts.ICS_REGISTRATION.format(url=registration))
    parts.append(url)
    return "\n\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _type_label(view: PublicCommons, code: Any) -> str | None:
    schema = view.commons.schemas.for_type(BY_FOLDER["rencontres"])
    labels = schema["properties"]["type"].get("x-libelles", {})
    return labels.get(code) if isinstance(code, str) else None
