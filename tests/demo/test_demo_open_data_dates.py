"""The open data is dated by git, like the pages: a publication does not make every entry new."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from maillage.model import Commons
from maillage.model.gitdates import by_entry, file_dates

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def test_feed_tables_and_pages_give_each_entry_its_git_dates(built_site: Path, demo_commons: Commons) -> None:
    history = file_dates(ROOT / "content")
    updated, created = by_entry(demo_commons, history.updated), by_entry(demo_commons, history.created)
    public = [e for e in demo_commons.entries.values() if e.publishable]
    assert len(updated) == len(created) == len(demo_commons.entries)  # the demo is in git
    assert len({updated[e.id] for e in public}) > 1  # not one checkout time for all

    feed = ET.parse(built_site / "flux.atom").getroot()
    items = feed.findall(f"{ATOM}entry")
    assert items
    for item in items:
        entry_id = item.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1]
        assert item.find(f"{ATOM}updated").text == stamp(updated[entry_id]), entry_id
        assert item.find(f"{ATOM}published").text == stamp(created[entry_id]), entry_id
    assert feed.find(f"{ATOM}updated").text == stamp(max(updated[e.id] for e in public))

    for entry in public:
        page = (built_site / entry.type.folder / entry.id / "index.html").read_text("utf-8")
        shown = re.search(r'Mis à jour le <time datetime="([0-9-]+)"', page)
        assert shown and shown.group(1) == updated[entry.id].date().isoformat(), entry.id
    with (built_site / "donnees" / "acteurs.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert rows
    for row in rows:
        assert row["mis_a_jour"] == updated[row["id"]].isoformat(timespec="seconds")
