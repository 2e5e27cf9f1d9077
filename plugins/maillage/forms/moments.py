"""Date-times typed in a form without an offset are at the time of the entry's place.

A person proposing a rencontre in Le Tampon types « 2031-03-18 09:00 » and means 9 h in La
Réunion; the entry must say `2031-03-18T09:00:00+04:00`, as the model wants (RFC 3339, offset
required). The zone is the entry's own (`maillage.model.schemas.entry_zone`: its `fuseau`, else its
commune's), so this runs once the communes are settled to their codes. An offset typed is kept;
anything else is left for the validator to explain.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from maillage.model.schemas import SchemaSet, entry_zone, values_at
from maillage.model.types import EntryType

# « 2031-03-18 09:00 », « 2031-03-18T9h30 », « 2031-03-18 09:00:15 »: a local date and time.
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\s*(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2}))?")


def at_local_time(entry_type: EntryType, data: dict[str, Any], schemas: SchemaSet) -> None:
    """Give each date-time of `data` typed without an offset the offset of the entry's place."""
    where = entry_zone(entry_type, data)
    for pattern, schema in schemas.fields(entry_type):
        if schema.get("format") != "date-time":
            continue
        for path, value in list(values_at(data, pattern)):
            match = _LOCAL.fullmatch(value.strip()) if isinstance(value, str) else None
            if match is None:
                continue
            try:
                moment = datetime(*(int(part or 0) for part in match.groups()), tzinfo=where)
            except ValueError:
                continue  # 2031-02-30: the validator says which field
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = moment.isoformat()
