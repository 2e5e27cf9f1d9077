"""Dates: one reading of the ISO text entries hold, one French way of showing them, at French time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from maillage.model.dates import french_date, french_datetime, local_zone, month_label, parse_moment, place_zone, zone
from maillage.model.territory import territory
from maillage.site.fields import time_tag


def test_entries_dates_and_moments_are_read_one_way():
    assert parse_moment("2027-03-14") == datetime(2027, 3, 14)
    assert parse_moment("2027-03-14T18:30:00+01:00") == datetime(2027, 3, 14, 17, 30, tzinfo=UTC)
    assert parse_moment("2027-03-14T17:30:00Z") == datetime(2027, 3, 14, 17, 30, tzinfo=UTC)
    paris = parse_moment("2027-07-14T10:00", zone())
    assert paris is not None and paris.utcoffset() == timedelta(hours=2)  # summer time
    assert parse_moment("2027-03-14T10:00") == datetime(2027, 3, 14, 10, 0)  # no zone asked: stays naive
    for unreadable in ("14/03/2027", "2027-02-30", "", "demain", None, 20270314):
        assert parse_moment(unreadable) is None


def test_french_dates():
    assert french_date(date(2027, 3, 1)) == "1er mars 2027"
    assert french_date("2027-03-14") == "14 mars 2027"
    assert french_date("bientôt") == "bientôt"
    assert month_label("2027-08") == "août 2027"


def test_moments_are_shown_at_french_time():
    # The draw writes UTC; git dates are UTC: a French reader reads them at Paris time.
    assert french_datetime(datetime(2027, 1, 21, 18, 0, tzinfo=UTC)) == "21 janvier 2027 à 19 h 00"
    assert french_datetime(datetime(2027, 7, 1, 7, 5, tzinfo=UTC)) == "1er juillet 2027 à 9 h 05"
    assert french_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1er janvier 2027"
    # Unless the caller knows the place's own time (a rencontre in La Réunion).
    reunion = zone("Indian/Reunion")
    assert french_datetime(datetime(2027, 1, 21, 18, 0, tzinfo=UTC), reunion) == "21 janvier 2027 à 22 h 00"
    written = datetime(2027, 1, 21, 18, 30, tzinfo=timezone(timedelta(hours=4)))
    assert french_datetime(written, reunion) == "21 janvier 2027 à 18 h 30"


def test_unknown_zone_names_fall_back_to_paris():
    assert zone("Europe/Nulle-Part") == zone() == zone("Europe/Paris")


def test_the_site_shows_a_utc_moment_at_french_time():
    assert time_tag("2027-01-21T18:00:00Z", date_only=False) == (
        '<time datetime="2027-01-21T18:00:00Z">21 janvier 2027 à 19 h 00</time>'
    )
    assert time_tag("pas une date", date_only=True) == "pas une date"


@pytest.mark.parametrize(("commune", "expected"), [
    ("29232", "Europe/Paris"),  # Quimper
    ("2A004", "Europe/Paris"),  # Ajaccio
    ("97105", "America/Guadeloupe"),  # Basse-Terre
    ("97209", "America/Martinique"),  # Fort-de-France
    ("97302", "America/Cayenne"),
    ("97422", "Indian/Reunion"),  # Le Tampon
    ("97502", "America/Miquelon"),  # Saint-Pierre
    ("97611", "Indian/Mayotte"),  # Mamoudzou
    ("97701", "America/St_Barthelemy"),
    ("97801", "America/Marigot"),  # Saint-Martin
    ("98412", "Indian/Kerguelen"),
    ("98613", "Pacific/Wallis"),  # Uvea
    ("98735", "Pacific/Tahiti"),  # Papeete
    ("98731", "Pacific/Marquesas"),  # Nuku-Hiva
    ("98719", "Pacific/Gambier"),
    ("98818", "Pacific/Noumea"),
    (None, "Europe/Paris"),
    ("pas une commune", "Europe/Paris"),
])
def test_a_place_is_at_the_time_of_its_departement_or_collectivite(commune, expected):
    assert place_zone(commune) == ZoneInfo(expected)


def test_every_overseas_commune_has_a_zone_tzdata_knows():
    geo = territory()
    for departement in ("971", "972", "973", "974", "975", "976", "977", "978", "984", "986", "987", "988", "989"):
        for code in geo.commune_codes(departement):
            assert place_zone(code) != ZoneInfo("Europe/Paris"), code


def test_a_declared_zone_wins_over_the_place_and_an_unknown_one_falls_back_to_it():
    assert local_zone("America/Cayenne", "97422") == ZoneInfo("America/Cayenne")
    assert local_zone(None, "97422") == ZoneInfo("Indian/Reunion")
    assert local_zone("Indian/Reunionn", "97422") == ZoneInfo("Indian/Reunion")
    assert local_zone(None, None) == ZoneInfo("Europe/Paris")
