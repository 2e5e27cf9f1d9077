"""GeoJSON of actors, iCalendar of rencontres and the Atom feed."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from export_fixture import CREATED, SITE, UPDATED, Exported, write_content
from icalendar import Calendar

from maillage.exports import write_all
from maillage.model import load_commons

ATOM = "{http://www.w3.org/2005/Atom}"


def test_geojson_is_a_feature_collection_in_lon_lat_order(exported: Exported) -> None:
    data = json.loads(exported.file("acteurs.geojson").read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    epinal = features["compagnie-du-pre"]
    assert epinal["type"] == "Feature" and epinal["geometry"]["type"] == "Point"
    lon, lat = epinal["geometry"]["coordinates"]
    assert 6.4 < lon < 6.6 and 48.1 < lat < 48.2  # Épinal: longitude first (RFC 7946)
    assert epinal["properties"]["nom"] == "Compagnie du Pré"
    assert epinal["properties"]["commune_nom"] == "Épinal"
    assert epinal["properties"]["url"] == f"{SITE}acteurs/compagnie-du-pre/"
    # Papeete has no position (no outline of French Polynesia in the source): counted and named, not dropped.
    assert "association-de-papeete" not in features
    assert data["sans_coordonnees"] == {"nombre": 1, "ids": ["association-de-papeete"]}
    assert len(features) + 1 == len(exported.commons.of_type("acteurs")) - 1  # minus the hidden person


def events(exported: Exported) -> dict[str, object]:
    calendar = Calendar.from_ical(exported.file("rencontres.ics").read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_calendar_has_the_rencontres_in_their_zone(exported: Exported) -> None:
    calendar = Calendar.from_ical(exported.file("rencontres.ics").read_bytes())
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    found = events(exported)
    assert set(found) == {"immersion-epinal@maillage.example.org", "atelier-ete@maillage.example.org"}
    winter = found["immersion-epinal@maillage.example.org"]
    assert str(winter["summary"]) == "Journée d'immersion, « atelier ; test »"
    assert winter["dtstart"].params["TZID"] == "Europe/Paris"
    assert winter["dtstart"].dt.hour == 9 and winter["dtend"].dt.hour == 17
    assert winter["dtstamp"].dt == UPDATED["immersion-epinal"]
    assert str(winter["location"]) == "Salle des fêtes, 1, rue de la Gare, Épinal"
    assert str(winter["url"]) == f"{SITE}rencontres/immersion-epinal/"
    assert "https://inscription.example.org/immersion" in str(winter["description"])
    # 12:00 UTC in July is 14:00 in Paris (summer time).
    summer = found["atelier-ete@maillage.example.org"]
    assert summer["dtstart"].params["TZID"] == "Europe/Paris" and summer["dtstart"].dt.hour == 14
    raw = exported.file("rencontres.ics").read_text("utf-8")
    assert "DTSTART;TZID=Europe/Paris:20260314T090000" in raw
    assert "SUMMARY:Journée d'immersion\\, « atelier \\; test »" in raw  # escaped by the library


def test_outputs_are_deterministic_and_uids_stable(exported: Exported, tmp_path) -> None:
    again = write_all(load_commons(exported.content), tmp_path, SITE, updated=UPDATED, created=CREATED)
    for path in again:
        if path.name in {"flux.atom", "rencontres.ics"} or path.suffix in {".csv", ".json", ".geojson"}:
            other = exported.file(path.name)
            # entries without a given time fall back to their file's mtime: same files, same bytes
            assert path.read_bytes() == other.read_bytes(), path.name


def test_feed_lists_new_and_updated_entries_newest_first(exported: Exported) -> None:
    root = ET.parse(exported.file("flux.atom")).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == SITE
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}flux.atom"
    entries = root.findall(f"{ATOM}entry")
    public = [e for e in exported.commons.entries.values() if e.publishable]
    assert len(entries) == len(public)
    stamps = [e.find(f"{ATOM}updated").text for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    by_id = {e.find(f"{ATOM}id").text: e for e in entries}
    failure = by_id[f"{SITE}experiences/soiree-ratee/"]
    assert failure.find(f"{ATOM}title").text == "Une soirée ratée"
    assert failure.find(f"{ATOM}updated").text == "2026-03-05T08:30:00Z"
    assert failure.find(f"{ATOM}published").text == "2026-01-21T09:00:00Z"
    assert failure.find(f"{ATOM}link").get("href") == f"{SITE}experiences/soiree-ratee/"
    assert failure.find(f"{ATOM}category").get("term") == "experiences"
    company = by_id[f"{SITE}acteurs/compagnie-du-pre/"]
    assert company.find(f"{ATOM}summary").text == "Théâtre itinérant dans les villages."


def test_feed_falls_back_to_file_times_and_drops_control_characters(tmp_path) -> None:
    content = write_content(tmp_path)
    tool = content / "outils" / "porteur-de-parole.md"
    tool.write_text(tool.read_text("utf-8").replace("titre: Porteur de parole", 'titre: "Porteur\\x0b de parole"'))
    moment = datetime(2025, 12, 24, 18, 0, tzinfo=UTC)
    os.utime(tool, (moment.timestamp(), moment.timestamp()))
    write_all(load_commons(content), tmp_path / "out", SITE)
    root = ET.parse(tmp_path / "out" / "flux.atom").getroot()
    entry = next(e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}id").text.endswith("porteur-de-parole/"))
    assert entry.find(f"{ATOM}updated").text == "2025-12-24T18:00:00Z"
    assert entry.find(f"{ATOM}title").text == "Porteur de parole"
