"""Agenda, iCalendar feeds, cooperation dashboard and facilitators on a crafted commons."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from meet_crafted import (
    AMATEUR_RURAL,
    EPINAL,
    GOLBEY,
    MIRECOURT,
    NANCY,
    PRO_URBAIN,
    actor,
    meetup,
    project,
    write_commons,
)

from maillage.cli import main
from maillage.exports.calendar import event, header, write_calendar
from maillage.exports.public import public_view
from maillage.meet.agenda import AgendaCalendars, agenda
from maillage.meet.dashboard import dashboard
from maillage.meet.facilitators import facilitators

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def commons(tmp_path):
    return write_commons(tmp_path / "content", [
        actor("amateurs", EPINAL, AMATEUR_RURAL),
        actor("pros", GOLBEY, PRO_URBAIN),
        actor("pros-bis", EPINAL, {"pratique": "professionnel", "milieu": "rural"}),
        actor("mediatrice", MIRECOURT, PRO_URBAIN, roles=["mediateur"]),
        actor("isole", NANCY, AMATEUR_RURAL),
        actor("cachee", EPINAL, PRO_URBAIN, forme="personne", nature="artiste"),
        # Projects: 2025 mixes pratique+milieu; 2026 mixes milieu only; 2026 mixes nothing; undated.
        project("p-2025", [("amateurs", "porteur"), ("pros", "partenaire"), ("mediatrice", "facilitateur")],
                date_debut="2025-02-01"),
        project("p-2026-milieu", [("pros", "porteur"), ("pros-bis", "partenaire")], date_debut="2026-05-01"),
        project("p-2026-seul", [("amateurs", "porteur"), ("cachee", "partenaire")], date_debut="2026-11-01"),
        project("p-sans-date", [("isole", "porteur")], commune="54395"),
        meetup("atelier-passe", "2026-10-01T18:00:00+02:00", "2026-10-01T20:00:00+02:00", GOLBEY,
               participants=["amateurs", "pros"], facilitateurs=["mediatrice"], lance_par=["amateurs", "pros"]),
        meetup("sortie-a-venir", "2027-01-15T18:00:00+01:00", "2027-01-15T22:00:00+01:00", MIRECOURT,
               type="sortie_spectacle", titre="Sortie au théâtre", participants=["amateurs", "cachee"],
               lance_par=["amateurs"]),
        meetup("en-cours", "2026-11-25T09:00:00+01:00", "2026-11-25T17:00:00+01:00", EPINAL,
               type="immersion", hote="pros-bis", participants=["amateurs"], lance_par=["pros-bis"]),
    ])


def test_agenda_splits_at_now_in_date_order(commons):
    plan = agenda(commons, NOW)
    assert [m.entry.id for m in plan.upcoming] == ["en-cours", "sortie-a-venir"]  # still running counts
    assert [m.entry.id for m in plan.past] == ["atelier-passe"]
    assert [p.name for p in plan.places() if p.kind == "intercommunalite"] == [
        "CA d'Epinal", "CC de Mirecourt Dompaire"]


def test_a_rencontre_overseas_is_shown_at_its_own_time(tmp_path):
    """Saint-Denis de La Réunion is three hours ahead of Paris in November: the agenda says 19 h,
    as its participants read their watches, not Paris' 16 h."""
    write_commons(tmp_path / "content", [
        meetup("veillee", "2026-11-28T19:00:00+04:00", "2026-11-28T22:00:00+04:00", "97411",
               fuseau="Indian/Reunion", titre="Veillée contée"),
    ])
    result = CliRunner().invoke(main, ["rencontres", "agenda", "--contenu", str(tmp_path / "content"),
                                      "--maintenant", "2026-11-25T12:00:00+01:00"])
    assert result.exit_code == 0, result.output
    assert "28 novembre 2026 à 19 h 00 : Veillée contée (Atelier, Saint-Denis)" in result.output


def test_without_a_zone_a_rencontre_is_at_the_time_of_its_commune(tmp_path):
    """No `fuseau`: La Réunion's own time, in the agenda and in the calendar file, not Paris'."""
    folder, entry_id, data = meetup("kabar", "2026-11-28T19:00:00+04:00", "2026-11-28T22:00:00+04:00", "97411",
                                    titre="Kabar")
    del data["fuseau"]
    commons = write_commons(tmp_path / "content", [(folder, entry_id, data)])
    result = CliRunner().invoke(main, ["rencontres", "agenda", "--contenu", str(tmp_path / "content"),
                                      "--maintenant", "2026-11-25T12:00:00+01:00"])
    assert "28 novembre 2026 à 19 h 00 : Kabar (Atelier, Saint-Denis)" in result.output
    ics = AgendaCalendars(commons, "https://exemple.org/", "Commun", {}, NOW).meetup("kabar")
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Indian/Reunion"
    assert event.decoded("DTSTART").hour == 19


def test_territory_calendars_parse_and_hold_their_territory_only(commons):
    writer = AgendaCalendars(commons, "https://exemple.org/", "Commun test", {}, NOW)
    calendars = writer.territories(agenda(commons, NOW))
    by_name = {(p.kind, p.name): Calendar.from_ical(data) for p, data in calendars.items()}
    epci = by_name[("intercommunalite", "CA d'Epinal")]
    assert sorted(str(e["SUMMARY"]) for e in epci.walk("VEVENT")) == ["Atelier passe", "En cours"]
    assert str(epci["X-WR-CALNAME"]) == "Commun test — rencontres : CA d'Epinal"
    assert len(by_name[("departement", "Vosges")].walk("VEVENT")) == 3
    assert ("commune", "Nancy") not in by_name  # no rencontre there
    ids = {str(e["UID"]) for e in by_name[("commune", "Mirecourt")].walk("VEVENT")}
    assert ids == {"sortie-a-venir@exemple.org"}


def test_one_calendar_per_meetup(commons):
    calendars = AgendaCalendars(commons, "https://exemple.org/", "Commun test", {}, NOW)
    data = calendars.meetup("sortie-a-venir")
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1
    assert events[0]["SUMMARY"] == "Sortie au théâtre"
    assert events[0].decoded("DTSTART") == datetime.fromisoformat("2027-01-15T18:00:00+01:00")
    assert calendars.meetup("amateurs") is None


def test_calendars_assembled_from_events_written_once_are_what_icalendar_writes(tmp_path):
    """Each event is serialised once for all the calendars that list it (its commune's, EPCI's,
    département's, région's, its own, the commons'); every calendar is still, byte for byte, what
    `icalendar` writes for the whole calendar: escaped and folded lines, VTIMEZONE blocks covering
    the years of its events, and in the commons' calendar two zones (Paris and La Réunion)."""
    site, url = "Commun test", "https://exemple.org/"
    commons = write_commons(tmp_path / "content", [
        meetup("hiver", "2026-12-01T18:00:00+01:00", "2026-12-01T20:00:00+01:00", EPINAL, titre="Veillée ; « hiver »"),
        meetup("ete", "2027-07-01T12:00:00+00:00", "2027-07-01T12:00:00+00:00", MIRECOURT,
               resume="Un résumé assez long pour que la ligne de description soit pliée à soixante-quinze octets."),
        meetup("golbey", "2026-03-14T09:00:00+01:00", "2026-03-14T17:00:00+01:00", GOLBEY, type="immersion"),
        meetup("kabar", "2026-11-28T19:00:00+04:00", "2026-11-28T22:00:00+04:00", "97411", fuseau="Indian/Reunion"),
    ])
    updated = {"hiver": datetime(2026, 10, 2, 8, 30, tzinfo=UTC)}  # the others: built at NOW
    stamps = {i: updated.get(i, NOW) for i in ("hiver", "ete", "golbey", "kabar")}
    view = public_view(commons)

    def written_by_icalendar(ids, name):
        calendar = header(site, name)
        for entry_id in sorted(ids):
            calendar.add_component(event(view, commons.entries[entry_id], url, stamps))
        years = [e.decoded(k).year for e in calendar.walk("VEVENT") for k in ("dtstart", "dtend") if k in e]
        calendar.add_missing_timezones(first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 12, 31))
        return calendar.to_ical()

    plan = agenda(commons, NOW)
    calendars = AgendaCalendars(commons, url, site, updated, NOW)
    by_place = calendars.territories(plan)
    for place, data in by_place.items():
        ids = {m.entry.id for m in (*plan.upcoming, *plan.past) if m.places.get(place.kind) == place}
        assert data == written_by_icalendar(ids, f"{site} — rencontres : {place.name}"), place.name
    assert {p.name for p in by_place if p.kind == "region"} == {"Grand Est", "La Réunion"}
    assert calendars.meetup("kabar") == written_by_icalendar({"kabar"}, f"{site} — Kabar")
    write_calendar(tmp_path / "rencontres.ics", view, commons.schemas.by_folder["rencontres"], url, stamps, site)
    whole = (tmp_path / "rencontres.ics").read_bytes()
    assert whole == written_by_icalendar(stamps, f"{site} : rencontres")
    assert [str(z["TZID"]) for z in Calendar.from_ical(whole).walk("VTIMEZONE")] in (
        ["Europe/Paris", "Indian/Reunion"], ["Indian/Reunion", "Europe/Paris"])


def test_dashboard_measures_each_facet_on_its_own(commons):
    """Two sides of one facet, counted facet by facet: « mixes something » would say 2 of 4."""
    board = dashboard(commons)
    pratique, milieu, structure = (board.crossing("projets", f) for f in ("pratique", "milieu", "structure"))
    assert (pratique.total, pratique.both, pratique.one_side, pratique.unknown, pratique.percent) == (4, 1, 3, 0, 25)
    assert (milieu.both, milieu.one_side, milieu.percent) == (2, 2, 50)
    assert (structure.both, structure.one_side, structure.unknown, structure.percent) == (0, 0, 4, 0)
    assert [(period, s.total, s.both) for period, s in board.over_time("projets", "milieu")] == [
        ("2025", 1, 1), ("2026", 2, 1), ("sans date", 1, 0)]
    assert [(period, s.both) for period, s in board.over_time("projets", "pratique", "trimestre")] == [
        ("2025 T1", 1), ("2026 T2", 0), ("2026 T4", 0), ("sans date", 0)]
    # The person without consent is not counted: "sortie-a-venir" has one publishable actor.
    meetups = [board.crossing("rencontres", f) for f in ("pratique", "milieu")]
    assert [(m.total, m.both, m.one_side) for m in meetups] == [(3, 2, 1), (3, 1, 2)]
    assert board.initiative["rencontres"] == {"un_acteur": 2, "un_groupe": 1, "avec_facilitation": 1}


def test_which_univers_meet_which_takes_two_actors(commons):
    """An amateur rural actor alone does not make amateurs meet rural actors: another actor must."""
    board = dashboard(commons)
    amateur, pro = ("pratique", "amateur"), ("pratique", "professionnel")
    rural, urbain = ("milieu", "rural"), ("milieu", "urbain")
    assert board.values() == [amateur, pro, rural, urbain]
    counts = board.meetings()
    assert counts[(amateur, pro)] == counts[(pro, amateur)] == 3  # p-2025, atelier-passe, en-cours
    assert counts[(amateur, rural)] == 1  # en-cours only: in the others the amateur is the rural one
    assert counts[(amateur, urbain)] == 2
    assert counts[(amateur, amateur)] == 6  # where amateurs take part at all


def test_graph_and_territories_without_cooperation(commons):
    board = dashboard(commons)
    links = {entry.id: actors for entry, actors in board.links()}
    assert links["p-2026-seul"] == ["amateurs"]  # never the hidden person
    assert [p.name for p in board.quiet["intercommunalite"]] == ["Métropole du Grand Nancy"]
    assert [p.name for p in board.quiet["commune"]] == ["Nancy"]


def test_facilitators_and_where_they_facilitate(commons):
    found = facilitators(commons)
    assert [(f.entry.id, f.roles, [p.id for p in f.projects], [m.id for m in f.meetups]) for f in found] == [
        ("mediatrice", ["mediateur"], ["p-2025"], ["atelier-passe"])]


def test_job_blender_day_editions_and_days_are_known_by_their_type(tmp_path):
    """An edition is a project of type Job Blender Day, a day a rencontre of type immersion:
    whatever their ids and whichever tools they name."""
    from maillage.site.meetpages import EDITIONS_PAGE, MeetPages

    commons = write_commons(tmp_path / "content", [
        actor("hote", EPINAL, PRO_URBAIN, roles=["hote_immersion"]),
        actor("visiteur", GOLBEY, AMATEUR_RURAL),
        project("printemps", [("hote", "porteur"), ("visiteur", "participant")], type="job_blender_day",
                titre="Journées croisées du printemps"),
        project("kit-sans-type", [("hote", "porteur")], titre="Un projet ordinaire"),
        meetup("chez-l-hote", "2027-03-18T09:00:00+01:00", "2027-03-18T17:00:00+01:00", EPINAL,
               type="immersion", titre="Une journée en régie", hote="hote", participants=["visiteur"]),
        meetup("atelier", "2027-03-19T09:00:00+01:00", "2027-03-19T12:00:00+01:00", EPINAL, titre="Un atelier"),
    ])
    html = MeetPages(commons, NOW, {}).page(EDITIONS_PAGE[0], "job-blender-day/")
    assert "Journées croisées du printemps" in html and "Un projet ordinaire" not in html
    assert ">Hote</a> accueille</h4>" in html  # the edition's proposed pairing, under its heading
    upcoming = html[html.index('id="jours-upcoming"'):html.index('id="jours-past"')]
    assert "Une journée en régie" in upcoming and "accueil : Hote" in upcoming
    assert "Un atelier" not in html
