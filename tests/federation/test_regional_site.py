"""A regional commons built from two local ones: what its pages and open data say.

The Grand Est commons gathers the Ardennes and Moselle commons over HTTP (see conftest.py and
regional_commons.py). Its listings, map, territory pages and agenda come from the same
schema-driven site code as any commons; each gathered entry says which local commons it comes
from and links to its page there; it has no page here.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import regional_commons as R

ARDENNES, MOSELLE = "Le commun culturel des Ardennes", "Le commun culturel de la Moselle"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def cards(html: str) -> dict[str, list[str]]:
    """Each listing card's link and the origins it names: title → [href, origin names…]."""
    found: dict[str, list[str]] = {}
    for card in re.findall(r'<li class="maillage-card".*?</li>\n', html, re.S):
        link = re.search(r'<h2><a href="([^"]+)">([^<]+)</a></h2>', card)
        origins = re.findall(r'<a href="[^"]+">([^<]+)</a>', card.split("</h2>", 1)[1])
        found.setdefault(unescape(link.group(2)), []).append(link.group(1))
        found[unescape(link.group(2))] += [unescape(o) for o in origins]
    return found


def test_gathered_actors_are_listed_with_their_origin_and_link_there(region_site):
    html = page(region_site, "acteurs")
    listed = cards(html)
    assert listed["Big band de Sedan"] == ["https://ardennes.example.org/acteurs/big-band-de-sedan/", ARDENNES]
    assert listed["Théâtre de Thionville"] == [
        "https://moselle.example.org/acteurs/theatre-de-thionville/", MOSELLE]
    # One card per actor: the same company in both local commons, in each one's words.
    assert listed["Compagnie La Lune Rousse"] == [
        "https://ardennes.example.org/acteurs/compagnie-la-lune-rousse/", ARDENNES, MOSELLE]
    assert "Cie La Lune Rousse" not in listed
    # The regional network, listed by all three commons: its page here, and both local origins.
    assert listed["Réseau des musiques actuelles du Grand Est"] == [
        "../acteurs/reseau-des-musiques-actuelles/", ARDENNES, MOSELLE]
    # Nine actors in three commons: seven cards (the network and the company shown once each).
    assert html.count('<li class="maillage-card"') == 7


def test_distinct_actors_with_the_same_or_confusable_names_stay_apart(region_site):
    html = page(region_site, "acteurs")
    harmonies = re.findall(r'<h2><a href="([^"]+)">Harmonie municipale</a></h2>', html)
    assert harmonies == ["https://ardennes.example.org/acteurs/harmonie-municipale/",
                         "https://moselle.example.org/acteurs/harmonie-municipale/"]
    assert "Big band de Sedan" in html and "Ciné-club de Sedan" in html


def test_gathered_entries_have_no_page_here_and_own_entries_do(region_site):
    assert not (region_site / "acteurs" / "ardennes-big-band-de-sedan").exists()
    assert not list(region_site.glob("acteurs/moselle-*"))
    network = page(region_site, "acteurs/reseau-des-musiques-actuelles")
    assert "Aussi publié par" in network and "https://moselle.example.org/acteurs/rmagest/" in network
    assert not (region_site / "_recherche-communs-locaux").exists()  # indexed, then removed


def test_the_starter_toolbox_every_commons_has_is_listed_once(region_site):
    listed = cards(page(region_site, "outils"))
    assert len(listed) == 6
    assert listed["World café"][0] == "../outils/world-cafe/"  # the regional commons' own copy
    assert listed["World café"][1:] == [ARDENNES, MOSELLE]


def test_listings_filter_by_the_commons_of_origin(region_site):
    html = page(region_site, "acteurs")
    facet = html[html.index('data-facet="origine"'):]
    facet = facet[:facet.index("</fieldset>")]
    assert re.findall(r'value="([^"]+)" data-label="([^"]+)"', facet) == [
        ("ardennes", ARDENNES), ("moselle", MOSELLE), ("ici", "Ce commun")]
    assert 'data-origine="ardennes moselle ici"' in html  # the network


def test_the_map_places_every_gathered_actor_in_its_commune(region_site):
    html = page(region_site, "carte")
    sedan = re.search(r'<section class="maillage-map-commune" data-commune="08409".*?</section>', html, re.S).group(0)
    assert "https://ardennes.example.org/acteurs/big-band-de-sedan/" in sedan
    assert "https://moselle.example.org/acteurs/cine-club-de-sedan/" in sedan
    assert "Commun d&#39;origine" in sedan
    assert 'data-commune="57463"' in html and 'data-commune="57672"' in html  # Metz, Thionville


def test_territory_pages_go_from_commune_to_region_across_commons(region_site):
    sedan = page(region_site, "territoires/sedan-08409")
    assert "https://moselle.example.org/acteurs/cine-club-de-sedan/" in sedan
    assert "Commun d&#39;origine" in sedan
    region = page(region_site, "territoires/grand-est-44")
    assert "Ardennes" in region and "Moselle" in region
    moselle = page(region_site, "territoires/moselle-57")
    assert "https://moselle.example.org/projets/scenes-de-moselle/" in moselle


def test_the_agenda_holds_both_commons_rencontres_in_date_order(region_site):
    html = page(region_site, "rencontres/agenda")
    upcoming = html[html.index('id="agenda-a-venir"'):html.index('id="agenda-passees"')]
    assert upcoming.index("Scène ouverte à Sedan") < upcoming.index("Répétition partagée à Metz")
    assert "https://ardennes.example.org/rencontres/scene-ouverte-a-sedan/" in upcoming
    calendar = (region_site / "territoires" / "grand-est-44" / "agenda.ics").read_text("utf-8")
    assert "URL:https://moselle.example.org/rencontres/repetition-partagee-a-metz/" in calendar.replace("\r\n ", "")


def test_the_local_commons_page_says_what_was_read_and_what_is_shown_once(region_site):
    html = page(region_site, "communs-locaux")
    assert f">{ARDENNES}</a></th>" in html and f">{MOSELLE}</a></th>" in html
    assert html.count("à jour, lu le") == 2
    assert "format 2" in html
    groups = html[html.index('id="doublons"'):]
    assert "Compagnie La Lune Rousse</a> (aussi « Cie La Lune Rousse »)" in unescape(groups)
    assert "SIREN identique" in groups
    home_nav = page(region_site, "")
    assert 'href="communs-locaux/"' in home_nav  # added to the hand-made nav


def test_the_regional_open_data_carries_the_gathered_entries_and_their_pages(region_site):
    actors = json.loads((region_site / "donnees" / "acteurs.json").read_text("utf-8"))
    urls = {row["nom"]: row["url"] for row in actors["fiches"]}
    assert urls["Théâtre de Thionville"] == "https://moselle.example.org/acteurs/theatre-de-thionville/"
    assert urls["Réseau des musiques actuelles du Grand Est"] == (
        "https://grand-est.example.org/acteurs/reseau-des-musiques-actuelles/")
    manifest = json.loads((region_site / "donnees" / "commun.json").read_text("utf-8"))
    assert manifest["nom"] == "Le commun culturel du Grand Est" and manifest["version"] == 2
    assert manifest["territoire"] == "Grand Est"


def test_a_local_commons_down_or_invalid_is_named_and_its_last_good_copy_shown(degraded_site):
    html = unescape(page(degraded_site, "communs-locaux"))
    assert html.count("<strong>dernière bonne copie</strong>") == 2
    assert html.count("La dernière bonne copie, lue le") == 2  # and the warnings above say it
    assert "le serveur répond 503" in html
    assert "acteurs.json ne correspond pas à son empreinte" in html
    listed = cards(page(degraded_site, "acteurs"))
    assert "Big band de Sedan" in listed and "Théâtre de Thionville" in listed
    assert "Harmonie modifiée" not in page(degraded_site, "acteurs")


def test_a_changed_local_commons_is_read_again_at_the_next_build(local_servers, degraded_site, tmp_path):
    site = R.build(local_servers.grand_est, "https://grand-est.example.org/", site_dir=tmp_path / "site",
                   git_dates=False, search_index=False)
    html = page(site, "communs-locaux")
    assert html.count("à jour, lu le") == 2 and "dernière bonne copie" not in html


def test_a_regional_job_blender_day_pairs_visitors_with_hosts_across_departements(region_site):
    html = unescape(page(region_site, "job-blender-day"))
    edition = html[html.index("Job Blender Day du Grand Est"):]
    edition = edition[:edition.index("Journées d'immersion")]
    # The Metz harmony (Moselle commons) hosts the Sedan harmony (Ardennes commons) and the
    # Thionville theatre; each link leads to the actor's page at its own commons.
    host = re.search(r'<h4><a href="([^"]+)">Harmonie municipale</a> accueille</h4>\s*<ul>(.*?)</ul>', edition, re.S)
    assert host.group(1) == "https://moselle.example.org/acteurs/harmonie-municipale/"
    visitors = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> : ', host.group(2))
    assert sorted(visitors) == [
        ("https://ardennes.example.org/acteurs/harmonie-municipale/", "Harmonie municipale"),
        ("https://moselle.example.org/acteurs/theatre-de-thionville/", "Théâtre de Thionville"),
    ]


def test_actors_of_two_commons_are_suggested_to_each_other_when_one_offers_what_the_other_seeks(region_site):
    html = page(region_site, "communs-locaux")
    crossing = unescape(html[html.index('id="a-rencontrer"'):html.index('id="doublons"')])
    lines = [" ".join(re.sub(r"<[^>]+>", "", line).split()) for line in re.findall(r"<li>(.*?)</li>", crossing, re.S)]
    # The Sedan harmony (Ardennes) seeks a rehearsal room; the Metz harmony (Moselle) lends one.
    assert any(line.startswith(f"Pour Harmonie municipale ({ARDENNES}) : Harmonie municipale ({MOSELLE}) — "
                               "propose un lieu de répétition") for line in lines), lines
    # The Thionville theatre seeks artists, the company offers them: both are of the Moselle commons.
    assert not any("Théâtre de Thionville" in line and "Lune Rousse" in line for line in lines)
    assert 'href="https://moselle.example.org/acteurs/harmonie-municipale/"' in crossing
