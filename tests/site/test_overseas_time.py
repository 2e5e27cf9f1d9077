"""A rencontre happens at its place's time: in La Réunion, 9 h means 9 h in La Réunion.

A rencontre written without `fuseau` is at the time of its commune, everywhere the site says when:
its page, the agenda, the Job Blender Day page, the listing cards, the home page and its calendar file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from maillage.model import render_entry

LE_TAMPON = "97422"
ENTRIES = {
    "acteurs/compagnie-ti-kaz": {
        "schema_version": 1, "nom": "Compagnie Ti Kaz", "forme": "organisation", "nature": "association",
        "commune": LE_TAMPON, "echelle": "commune", "roles": ["hote_immersion"],
    },
    # At 9 h in Le Tampon (5 h in Paris), and at 1 h on 19 March, which is still 18 March in Paris.
    "rencontres/journee-chez-ti-kaz": {
        "schema_version": 1, "titre": "Journée chez Ti Kaz", "type": "immersion",
        "debut": "2031-03-18T09:00:00+04:00", "fin": "2031-03-18T17:00:00+04:00",
        "lieu": {"nom": "Salle Ti Kaz", "commune": LE_TAMPON}, "echelle": "commune", "hote": "compagnie-ti-kaz",
    },
    "rencontres/kabar-de-minuit": {
        "schema_version": 1, "titre": "Kabar de minuit", "type": "atelier",
        "debut": "2031-03-19T01:00:00+04:00", "fin": "2031-03-19T03:00:00+04:00",
        "lieu": {"commune": LE_TAMPON}, "echelle": "commune",
    },
}


@pytest.fixture(scope="module")
def reunion_site(tmp_path_factory: pytest.TempPathFactory, site_builder) -> Path:
    directory = tmp_path_factory.mktemp("reunion")
    for name, data in ENTRIES.items():
        path = directory / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_entry(data, "Texte."), "utf-8")
    (directory / "content" / "index.md").write_text("# Le commun de La Réunion\n", "utf-8")
    options = {"territoire": {"departements": ["974"]}, "git_dates": False, "search_index": False}
    return site_builder(directory / "content", directory, options)


def text(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_the_rencontre_page_says_the_local_time(reunion_site: Path) -> None:
    assert "mardi 18 mars 2031, de 9 h 00 à 17 h 00" in text(reunion_site, "rencontres/journee-chez-ti-kaz/index.html")


def test_the_agenda_and_the_job_blender_day_page_say_the_local_time(reunion_site: Path) -> None:
    assert "18 mars 2031 à 9 h 00" in text(reunion_site, "rencontres/agenda/index.html")
    assert "19 mars 2031 à 1 h 00" in text(reunion_site, "rencontres/agenda/index.html")
    assert "18 mars 2031 à 9 h 00" in text(reunion_site, "job-blender-day/index.html")


def test_cards_give_the_local_day(reunion_site: Path) -> None:
    listing = text(reunion_site, "rencontres/index.html")
    assert "19 mars 2031" in listing  # at Paris time, the kabar would read 18 mars


def test_the_calendar_file_is_at_the_local_time(reunion_site: Path) -> None:
    calendar = Calendar.from_ical(text(reunion_site, "rencontres/journee-chez-ti-kaz/agenda.ics"))
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Indian/Reunion"
    assert event.decoded("DTSTART").hour == 9
