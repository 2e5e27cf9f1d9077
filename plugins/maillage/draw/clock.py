"""Time in the draw: the clock, how dates are written in entries and shown to people.

Every date an entry holds is ISO 8601 in UTC to the second (`2026-12-06T13:12:00Z`); people
read French local time (`6 décembre à 14 h 12`, Paris time). `now()` is the one place the
draw reads the machine's clock, so that tests can set it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError
from maillage.model import dates

# How far ahead of this machine's clock a date may be and still count as "now" (clock skew).
CLOCK_TOLERANCE = timedelta(minutes=5)
# How far in the past `preparer --maintenant` may date commitments: enough for a slow
# meeting, far too little to wait for a drand round and backdate (rounds are fixed in advance).
PREPARE_PAST_TOLERANCE = timedelta(minutes=5)

def now() -> datetime:
    """This machine's clock, in UTC (the one place the draw reads it)."""
    return datetime.now(UTC)


def parse_datetime(text: Any, field: str) -> datetime:
    """An ISO 8601 date and time with a time zone, or a French refusal naming the field."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise DrawError(msg.BAD_DATETIME.format(value=text, field=field), field) from None
    if moment.tzinfo is None:
        raise DrawError(msg.DATETIME_WITHOUT_ZONE.format(value=text, field=field), field)
    return moment


def format_datetime(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second: how the draw writes every date."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def french_datetime(moment: datetime, reference: datetime | None = None) -> str:
    """`6 décembre à 14 h 12` (Paris time, the model's `dates`), with the year when it is not
    `reference`'s year. Without `reference` the year is always shown: a page is read long after
    it is built."""
    local = moment.astimezone(dates.zone())
    if reference is None or reference.astimezone(local.tzinfo).year != local.year:
        return dates.french_datetime(moment)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {dates.MONTHS[local.month - 1]} à {local.hour} h {local.minute:02d}"


def french_date_text(text: Any, reference: datetime | None = None) -> str:
    """`french_datetime` of an ISO text (the text itself when it is not a date and time)."""
    try:
        return french_datetime(parse_datetime(text, "date"), reference)
    except DrawError:
        return str(text)
