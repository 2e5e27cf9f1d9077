"""The exports of the real demo commons: every file parses and unconsented persons are absent."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from icalendar import Calendar

from maillage.exports import data_page_markdown, write_all
from maillage.exports.jsonld import entry_jsonld, script_tag
from maillage.model import Commons, default_schemas, load_commons

DEMO = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Commons, list[Path]]:
    commons = load_commons(DEMO)
    if not commons.entries:
        pytest.skip("the demo commons has no entries yet")
    out = tmp_path_factory.mktemp("demo-site")
    return commons, write_all(commons, out, "https://demo.maillage.example/")


def test_demo_exports_parse(demo: tuple[Commons, list[Path]]) -> None:
    commons, paths = demo
    by_name = {p.name: p for p in paths}
    for entry_type in default_schemas().types:
        public = [e for e in commons.of_type(entry_type.folder) if e.publishable]
        with by_name[f"{entry_type.folder}.csv"].open(encoding="utf-8-sig", newline="") as handle:
            assert len(list(csv.DictReader(handle, delimiter=";"))) == len(public)
        document = json.loads(by_name[f"{entry_type.folder}.json"].read_text("utf-8"))
        assert [r["id"] for r in document["fiches"]] == [e.id for e in public]
    geo = json.loads(by_name["acteurs.geojson"].read_text("utf-8"))
    public_actors = [e for e in commons.of_type("acteurs") if e.publishable]
    assert len(geo["features"]) + geo["sans_coordonnees"]["nombre"] == len(public_actors)
    events = Calendar.from_ical(by_name["rencontres.ics"].read_bytes()).walk("VEVENT")
    assert len(events) == len(commons.of_type("rencontres"))
    feed = ET.parse(by_name["flux.atom"]).getroot()
    public = sum(e.publishable for e in commons.entries.values())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == min(100, public)
    assert data_page_markdown(commons.schemas, "https://demo.maillage.example/")


def test_demo_persons_without_consent_appear_nowhere(demo: tuple[Commons, list[Path]]) -> None:
    commons, paths = demo
    hidden = [e for e in commons.entries.values() if not e.publishable]
    assert hidden, "the demo is expected to show a person without consent"
    outputs = [p.read_text("utf-8-sig").replace("\r\n ", "") for p in paths]
    outputs += [
        script_tag(entry_jsonld(e, commons, f"https://demo.maillage.example/{e.type.folder}/{e.id}/"))
        for e in commons.entries.values()
    ]
    for person in hidden:
        for text in outputs:
            assert person.id not in text and person.title not in text
