"""The hash-chained log of a draw's events.

Each item holds `date`, `evenement`, `details`, `precedent` (the `empreinte` of the item before,
64 zeros for the first) and `empreinte` = SHA-256 of the canonical JSON of the four other
fields. Changing, removing or reordering any past item breaks the chain at that point.
"""

from __future__ import annotations

from typing import Any

from maillage.draw import messages as msg
from maillage.draw.canonical import fingerprint

GENESIS = "0" * 64


def signed_part(item: dict[str, Any]) -> dict[str, Any]:
    """What an item's fingerprint covers: its date, event, details and previous fingerprint."""
    return {k: item.get(k) for k in ("date", "evenement", "details", "precedent")}


def event_fingerprint(item: dict[str, Any]) -> str:
    """The fingerprint of a log item (SHA-256 of the canonical JSON of `signed_part`)."""
    return fingerprint(signed_part(item))


def append(journal: list[dict[str, Any]], date: str, event: str, details: dict[str, Any]) -> dict[str, Any]:
    """Add an event at the end of the log (in place) and return it."""
    item: dict[str, Any] = {
        "date": date,
        "evenement": event,
        "details": details,
        "precedent": journal[-1]["empreinte"] if journal else GENESIS,
    }
    item["empreinte"] = event_fingerprint(item)
    journal.append(item)
    return item


def chain_problems(journal: list[Any]) -> list[str]:
    """French descriptions of every break in the chain (empty when intact)."""
    problems = []
    previous = GENESIS
    for number, item in enumerate(journal, start=1):
        if not isinstance(item, dict) or not {"date", "evenement", "details", "precedent", "empreinte"} <= set(item):
            problems.append(msg.LOG_ITEM_MALFORMED.format(number=number))
            previous = ""
            continue
        if item["precedent"] != previous:
            problems.append(msg.LOG_LINK_BROKEN.format(number=number))
        if event_fingerprint(item) != item["empreinte"]:
            problems.append(msg.LOG_ITEM_ALTERED.format(number=number, event=item["evenement"]))
        previous = item["empreinte"]
    return problems


def answered_in(journal: Any) -> set[str]:
    """The actors whose answer the log holds (an answer only in `reponses` is still pending)."""
    events = journal if isinstance(journal, list) else []
    return {
        str(e["details"].get("acteur"))
        for e in events
        if isinstance(e, dict) and e.get("evenement") == "reponse" and isinstance(e.get("details"), dict)
    }
