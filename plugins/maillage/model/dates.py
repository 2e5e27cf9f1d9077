"""Dates as entries write them (ISO 8601) and as French readers read them: one parser, one formatter.

Entries write dates as text (`2026-03-14`, `2026-03-14T18:30:00+01:00`; the draw writes UTC with
`Z`). Every adapter reads them with `parse_moment` and shows them with `french_date` /
`french_datetime`, which show a moment at the time of a French territory: Europe/Paris unless
the caller knows better. What happens at a place is at that place's time: `local_zone` gives an
entry's own `fuseau` when it names a zone, else the zone of its commune (`place_zone`: La Réunion
is at Indian/Reunion time, Guadeloupe at America/Guadeloupe…). Site, exports, calendars, forms
and the meeting features all ask it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Paris"
# The time of the overseas départements and collectivités (tzdata's zone.tab), by the first three
# characters of their communes' INSEE codes; metropolitan France and Corsica are at Paris time.
OVERSEAS_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "984": "Indian/Kerguelen",  # and Saint-Paul et Amsterdam
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
    "989": "Etc/GMT+8",  # Clipperton, uninhabited, at UTC−8 (POSIX signs are inverted)
}
# Communes of a collectivité that spans several zones.
COMMUNE_ZONES = {
    "98413": "Asia/Dubai",  # Archipel des Crozet (zone1970.tab)
    "98414": "Antarctica/DumontDUrville",  # La Terre-Adélie
    "98415": "Indian/Mayotte",  # Îles Éparses: most of them at UTC+3, like Mayotte
    "98718": "Pacific/Marquesas",  # Fatu-Hiva
    "98723": "Pacific/Marquesas",  # Hiva-Oa
    "98731": "Pacific/Marquesas",  # Nuku-Hiva
    "98746": "Pacific/Marquesas",  # Tahuata
    "98756": "Pacific/Marquesas",  # Ua-Huka
    "98757": "Pacific/Marquesas",  # Ua-Pou
    "98719": "Pacific/Gambier",
}
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


def place_zone(commune: object) -> tzinfo:
    """The time zone of a commune (its INSEE code): that of its département or collectivité."""
    if not isinstance(commune, str):
        return zone()
    return zone(COMMUNE_ZONES.get(commune) or OVERSEAS_ZONES.get(commune[:3], DEFAULT_ZONE))


def local_zone(declared: object, commune: object) -> tzinfo:
    """The time of something that happens at a commune: its declared zone (a rencontre's `fuseau`)
    when tzdata knows it, else the commune's own."""
    if isinstance(declared, str):
        try:
            return ZoneInfo(declared)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a misspelt zone: the place tells the time better than Paris would
    return place_zone(commune)


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
