"""Dates as entries write them (ISO 8601) and as French readers read them: one parser, one formatter.

Entries write dates as text (`2026-03-14`, `2026-03-14T18:30:00+01:00`; the draw writes UTC with
`Z`). Every adapter reads them with `parse_moment` and shows them with `french_date` /
`french_datetime`, which show a moment at the time of a French territory: Europe/Paris unless
the caller knows better (a rencontre's own `fuseau`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Paris"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@cache
def zone(name: object = DEFAULT_ZONE) -> tzinfo:
    """The time zone of that name (an entry's `fuseau`), Europe/Paris when unknown, UTC without zone data."""
    for candidate in (name, DEFAULT_ZONE):
        if isinstance(candidate, str):
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue  # a name tzdata does not know, or a system without tzdata
    return UTC


def parse_moment(value: object, default_zone: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 date (its midnight) or date-time (`Z` or an offset allowed), or None.

    A moment written without an offset is in `default_zone` (left naive when none is given).
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None and default_zone is not None:
        return moment.replace(tzinfo=default_zone)
    return moment


def _local(moment: datetime, where: tzinfo | None) -> datetime:
    """An aware moment at the time of `where` (Europe/Paris by default); a naive one as it is."""
    return moment.astimezone(where or zone()) if moment.tzinfo is not None else moment


def french_date(value: date | datetime | str, where: tzinfo | None = None) -> str:
    """`14 mars 2026` (`1er` for the first day, as French typography wants).

    A date-time is first brought to the time of `where` (Europe/Paris by default); a text that
    is not a date is returned as it is.
    """
    if isinstance(value, str):
        parsed = parse_moment(value)
        if parsed is None:
            return value
        value = parsed if "T" in value else parsed.date()
    if isinstance(value, datetime):
        value = _local(value, where)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(moment: datetime, where: tzinfo | None = None) -> str:
    """`14 mars 2026 à 18 h 30`, at the time of `where` (Europe/Paris by default)."""
    local = _local(moment, where)
    suffix = " (UTC)" if moment.tzinfo is not None and zone() is UTC and where is None else ""
    return f"{french_date(local.date())} à {local.hour} h {local.minute:02d}{suffix}"


def month_label(key: str) -> str:
    """`2026-03` → `mars 2026`."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"
