"""The demo site, built once: pages at French URLs, listings, backlinks, territory, map, search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from maillage.model import Commons
from maillage.model.territory import territory
from maillage.site import urls
from maillage.site.catalogue import commune_of


def page(site: Path, url: str) -> str:
    """The HTML of the page at a directory URL."""
    return (site / url / "index.html").read_text("utf-8")


def publishable(commons: Commons, folder: str | None = None) -> list:
    return [e for e in commons.entries.values() if e.publishable and (folder is None or e.type.folder == folder)]


def test_demo_is_valid_and_has_every_type(demo_commons: Commons) -> None:
    assert not demo_commons.errors
    for entry_type in demo_commons.schemas.types:
        assert publishable(demo_commons, entry_type.folder), entry_type.folder


def test_every_publishable_entry_has_a_page_at_its_french_url(built_site: Path, demo_commons: Commons) -> None:
    for entry in publishable(demo_commons):
        html = page(built_site, f"{entry.type.folder}/{entry.id}")
        assert 'data-pagefind-body' in html
        assert '<html lang="fr"' in html


def test_entry_pages_are_not_in_the_navigation(built_site: Path, demo_commons: Commons) -> None:
    home = page(built_site, "")
    nav = home[home.index('class="md-nav md-nav--primary"'):home.index('data-md-component="content"')]
    for entry in publishable(demo_commons):
        assert f"{entry.type.folder}/{entry.id}/" not in nav
    for entry_type in demo_commons.schemas.types:
        assert f'href="{entry_type.folder}/"' in nav


def test_listing_has_every_entry_with_facet_data_and_counts(built_site: Path, demo_commons: Commons) -> None:
    html = page(built_site, "acteurs")
    actors = publishable(demo_commons, "acteurs")
    items = re.findall(
        r"<li class=\"maillage-card\" data-[^>]*>\s*(?:<picture>.*?</picture>\s*)?"
        r"<h2><a href=\"\.\./acteurs/([a-z0-9-]+)/\"", html, re.S)
    assert sorted(items) == sorted(e.id for e in actors)
    assert "data-maillage-facets" in html and "hidden" in html  # revealed by the script only
    associations = sum(1 for e in actors if e.data.get("nature") == "association")
    assert associations > 0
    assert f'data-count="association">({associations})<' in html
    departement = territory().commune(actors[0].data["commune"]).departement
    assert f'data-departement="{departement}"' in html
    assert 'name="epci"' in html


def test_listing_of_rencontres_has_dates_for_the_when_filter(built_site: Path) -> None:
    html = page(built_site, "rencontres")
    assert re.search(r'data-debut="\d{4}-\d{2}-\d{2}T', html)
    assert 'data-fin="' in html and 'name="quand"' in html and 'data-mois="' in html


def test_actor_page_links_back_to_its_projects(built_site: Path, demo_commons: Commons) -> None:
    checked = 0
    for project in publishable(demo_commons, "projets"):
        for item in project.data["acteurs"]:
            actor = demo_commons.entries[item["acteur"]]
            if actor.publishable:
                html = page(built_site, f"acteurs/{actor.id}")
                assert f'href="../../projets/{project.id}/"' in html
                checked += 1
    assert checked


def test_tool_page_shows_where_it_was_used_with_outcome(built_site: Path, demo_commons: Commons) -> None:
    experiences = [e for e in publishable(demo_commons, "experiences") if e.data.get("outils")]
    assert experiences
    experience = experiences[0]
    html = page(built_site, f"outils/{experience.data['outils'][0]}")
    assert f'href="../../experiences/{experience.id}/"' in html
    outcome = {"reussite": "Réussite", "echec": "Échec", "mitige": "Mitigé"}[experience.data["resultat"]]
    assert outcome in html


def test_entry_page_has_edit_link_scale_and_valid_json_ld(built_site: Path, demo_commons: Commons) -> None:
    entry = next(e for e in publishable(demo_commons, "acteurs") if e.data["echelle"] != "commune")
    html = page(built_site, f"acteurs/{entry.id}")
    assert f"https://example.org/maillage/vosges/edit/main/content/acteurs/{entry.id}.md" in html
    assert "Proposer une modification" in html
    scale = {"intercommunalite": "intercommunalité", "departement": "département", "region": "région"}
    assert "rayonne sur</span>" in html and f"({scale[entry.data['echelle']]})" in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    data = json.loads(script.group(1))
    assert data["@context"] == "https://schema.org" or "schema.org" in json.dumps(data)


def test_entry_pages_show_last_update_from_git(built_site: Path, demo_commons: Commons) -> None:
    pages = [page(built_site, f"{e.type.folder}/{e.id}") for e in publishable(demo_commons)]
    assert any("Mis à jour le <time datetime=" in html for html in pages)


def test_template_whitespace_is_trimmed(built_site: Path, demo_commons: Commons) -> None:
    # The theme's block tags would leave blank lines: more than half an entry page's lines.
    for entry in publishable(demo_commons)[:10]:
        lines = page(built_site, f"{entry.type.folder}/{entry.id}").splitlines()
        assert sum(1 for line in lines if not line.strip()) < len(lines) / 5, entry.id


def test_territory_pages_list_entries_located_there(built_site: Path, demo_commons: Commons) -> None:
    geography = territory()
    for entry in publishable(demo_commons):
        code = commune_of(entry)
        if code is None:
            continue
        for place in geography.places(code).values():
            html = page(built_site, urls.place_url(place).rstrip("/"))
            assert f"../../{entry.type.folder}/{entry.id}/" in html, (entry.id, place)
    places = geography.places(commune_of(publishable(demo_commons, "acteurs")[0]))
    departement, region = places["departement"], places["region"]
    index = page(built_site, "territoires")
    assert urls.place_url(departement).removeprefix("territoires/") in index
    html = page(built_site, urls.place_url(departement).rstrip("/"))
    assert urls.place_url(region).removeprefix("territoires/") in html  # up the hierarchy
    assert "Intercommunalité" in html or "intercommunalité" in html


def test_map_page_lists_actors_by_commune_with_coordinates(built_site: Path, demo_commons: Commons) -> None:
    html = page(built_site, "carte")
    assert "data-maillage-map" in html and "vendor/leaflet/leaflet.js" in html
    assert re.search(r'data-lat="4[0-9.]+" data-lon="[0-9.]+"', html)
    for actor in publishable(demo_commons, "acteurs"):
        assert f"../acteurs/{actor.id}/" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert (built_site / "assets/maillage/vendor/leaflet.markercluster/leaflet.markercluster.js").is_file()
    assert (built_site / "assets/maillage/vendor/leaflet/LICENSE").is_file()


def test_no_third_party_request_besides_map_tiles(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "fonts.googleapis" not in html, path
        assets = (
            r'<script[^>]+src="(https?:[^"]+)"'
            r'|<link rel="(?:stylesheet|preconnect|preload)"[^>]+href="(https?:[^"]+)"'
        )
        for src in re.findall(assets, html):
            pytest.fail(f"{path}: third-party asset {src}")


def test_person_without_consent_appears_nowhere(built_site: Path, demo_commons: Commons) -> None:
    hidden = [e for e in demo_commons.entries.values() if not e.publishable]
    assert hidden, "the demo should include a person without consent"
    needles = set()
    for entry in hidden:
        needles.update({entry.id, entry.title})
        needles.update(v for v in (entry.data.get("contact") or {}).values() if isinstance(v, str))
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".geojson", ".ics", ".atom", ".xml"}:
            content = path.read_text("utf-8", errors="replace")
            for needle in needles:
                assert needle not in content, (path, needle)


def test_search_is_pagefind_with_french_index(built_site: Path, demo_commons: Commons) -> None:
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert "fr" in entry["languages"]
    assert entry["languages"]["fr"]["page_count"] == len(publishable(demo_commons))
    assert (built_site / "pagefind/pagefind.js").is_file()
    assert not (built_site / "search/search_index.json").exists()  # no lunr
    home = page(built_site, "")
    assert 'role="search"' in home and 'action="recherche/"' in home
    assert "recherche" in page(built_site, "recherche")


def test_open_data_is_published_and_linked(built_site: Path) -> None:
    assert (built_site / "donnees/acteurs.csv").is_file()
    assert (built_site / "flux.atom").is_file()
    html = page(built_site, "donnees")
    assert "acteurs.csv" in html
