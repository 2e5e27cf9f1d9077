"""HTML of the meeting features for the site: pages, entry-page sections and calendar files.

Built once per site build from what `maillage.meet` computes (MkDocs-free: the site plugin calls
it, and imports it only when the meeting features are on). Every value is escaped by the
templates (autoescape on); links are relative to the page being rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, Template
from markupsafe import Markup

from maillage.meet import texts
from maillage.meet.agenda import Agenda, AgendaCalendars, agenda
from maillage.meet.dashboard import Dashboard, dashboard
from maillage.meet.facilitators import Facilitator, facilitators
from maillage.meet.freshness import StaleEntry, stale_entries
from maillage.meet.involvement import facilitators_of
from maillage.meet.pairing import DEFAULT_PLACES, IMMERSION_TYPE, Pairing, PairingError, is_edition, pair
from maillage.meet.profiles import Profile, offers, profiles
from maillage.meet.suggest import Suggester, Suggestion, across
from maillage.meet.vocabulary import Vocabulary, vocabulary_of
from maillage.model import Commons, Entry
from maillage.model.gitdates import by_entry
from maillage.model.territory import Place, Scope
from maillage.site import urls
from maillage.site.charts import swatch
from maillage.site.cooperation import CooperationPage
from maillage.site.facets import HERE
from maillage.site.templating import add_shared_macros, page_environment, template_name
from maillage.site.text import SCALE_LABELS, french_date, french_datetime

CALENDAR_FILE = "agenda.ics"
GRAPH_FILE = "graphe.svg"  # next to the cooperation page: SVG stays out of the pages' content

# Generated pages: (source path, French title).
AGENDA_PAGE = ("rencontres/agenda.md", "Agenda des rencontres")
COOPERATION_PAGE = ("cooperations.md", "Coopérations entre univers")
FACILITATORS_PAGE = ("facilitateurs.md", "Facilitateur·rices et médiateur·rices")
EDITIONS_PAGE = ("job-blender-day.md", "Job Blender Day : journées d'immersion")
MAINTENANCE_PAGE = ("maintenance.md", "Fiches à vérifier")


@dataclass
class MeetOptions:
    """What the site's configuration says about the meeting features."""

    suggestions: int = 5
    stale_days: int = 365
    places_per_host: int = DEFAULT_PLACES


@dataclass
class MeetPages:
    """Everything the meeting features add to a site build, computed once."""

    commons: Commons
    built_at: datetime
    dates: Mapping[Path, datetime]
    options: MeetOptions = field(default_factory=MeetOptions)
    scope: Scope | None = None  # the commons' territory: the dashboard maps the level below it
    # The previous build's (the preview): the profiles of unchanged actors are taken from it.
    previous: MeetPages | None = None

    def __post_init__(self) -> None:
        self.vocabulary: Vocabulary = vocabulary_of(self.commons.schemas)
        before = self.previous
        self.people: dict[str, Profile] = profiles(self.commons, (before.commons, before.people) if before else None)
        self.previous = None  # not kept: one build's pages never reach two builds back
        self.suggester = Suggester(self.people, self.vocabulary, offers(self.commons),
                                   before=before.suggester if before else None)
        self.agenda: Agenda = agenda(self.commons, self.built_at, self.vocabulary)
        self.dashboard: Dashboard = dashboard(self.commons, self.people)
        self.facilitators: list[Facilitator] = facilitators(self.commons)
        self.stale: list[StaleEntry] = stale_entries(self.commons, self.dates, self.built_at, self.options.stale_days)
        self._stale_ids = {s.entry.id for s in self.stale}
        self.pairings: dict[str, Pairing] = {}
        for project in self.commons.of_type("projets"):
            if project.publishable and is_edition(project):
                try:
                    found = pair(self.commons, project.id, self.options.places_per_host, self.vocabulary, self.people)
                except PairingError:
                    continue  # no host yet: the page says so
                self.pairings[project.id] = found
        self._calendar_places = {(p.kind, p.code) for p in self.agenda.places()}
        self.bind(None)

    def _template(self, name: str) -> Template:
        return self.env.get_template(template_name(f"meet/{name}"))

    def bind(self, theme: Environment | None) -> None:
        """Resolve our templates through the theme's environment (a commons' `custom_dir` first)."""
        self.env = page_environment(theme)
        self.env.filters["entry_url"] = urls.entry_url
        self.env.filters["entry_href"] = urls.entry_href
        self.env.filters["href"] = urls.href
        self.env.filters["place_url"] = urls.place_url
        self.env.globals.update(french_date=french_date, french_datetime=french_datetime, texts=texts,
                                vocabulary=self.vocabulary, calendar_file=CALENDAR_FILE, scale_labels=SCALE_LABELS,
                                agenda_url=AGENDA_PAGE[0].removesuffix(".md") + "/")
        add_shared_macros(self.env)

    def across_commons(self, limit: int = 50) -> list[tuple[Entry, Entry, Suggestion]]:
        """A regional commons: actors of different local commons (or of this one) to meet, one
        offering what the other seeks — at most `limit`, strongest first."""
        entries = [self.commons.entries[actor_id] for actor_id in self.people]
        commons_of = {entry.id: frozenset(o.key for o in entry.origins) | (frozenset() if entry.remote else {HERE})
                      for entry in entries}
        found = across(self.suggester, commons_of, self.options.suggestions)[:limit]
        return [(self.commons.entries[a], self.commons.entries[s.actor], s) for a, s in found]

    def pages(self) -> list[tuple[str, str]]:
        """(source path, title) of the pages to generate."""
        return [AGENDA_PAGE, COOPERATION_PAGE, FACILITATORS_PAGE, EDITIONS_PAGE, MAINTENANCE_PAGE]

    def _entry(self, entry_id: str) -> Entry | None:
        entry = self.commons.entries.get(entry_id)
        return entry if entry is not None and entry.publishable else None

    def page(self, src: str, page_url: str) -> str:
        """The HTML of one of our pages."""
        root = urls.root_of(page_url)
        common = {"root": root, "entry": self._entry}
        if src == AGENDA_PAGE[0]:
            return self._template("agenda.html").render(agenda=self.agenda, **common)
        if src == COOPERATION_PAGE[0]:
            coop = CooperationPage(self.dashboard, self.vocabulary, self.commons.schemas, self.scope)
            return self._template("cooperations.html").render(
                board=self.dashboard, coop=coop, graph=graph_layout(self.dashboard), graph_file=GRAPH_FILE,
                zip=zip, dict=dict, swatch=swatch, **common)
        if src == FACILITATORS_PAGE[0]:
            return self._template("facilitateurs.html").render(facilitators=self.facilitators, **common)
        if src == EDITIONS_PAGE[0]:
            editions = [p for p in self.commons.of_type("projets") if p.publishable and is_edition(p)]
            ids = {e.id for e in editions}
            days = {"upcoming": [], "past": []}
            in_edition: dict[str, list] = {}
            for when, meetups in (("upcoming", self.agenda.upcoming), ("past", self.agenda.past)):
                for meetup in meetups:
                    if meetup.type != IMMERSION_TYPE:
                        continue
                    edition = meetup.entry.data.get("projet")
                    if edition in ids:
                        in_edition.setdefault(edition, []).append(meetup)
                    else:
                        days[when].append(meetup)
            return self._template("job_blender_day.html").render(
                editions=editions, pairings=self.pairings, in_edition=in_edition, days=days, **common)
        return self._template("maintenance.html").render(stale=self.stale, days=self.options.stale_days, **common)

    def entry_section(self, entry: Entry, page_url: str) -> Markup:
        """What our features add to an entry page (badge, suggestions, pairings, facilitators, calendar)."""
        limit, suggester = self.options.suggestions, self.suggester
        html = self._template("sections.html").render(
            root=urls.root_of(page_url), entry=self._entry, subject=entry,
            stale=entry.id in self._stale_ids, days=self.options.stale_days,
            suggestions=suggester.for_actor(entry.id, limit), borrowables=suggester.to_borrow(entry.id, limit),
            pairing=self.pairings.get(entry.id), facilitating=facilitators_of(self.commons, entry),
        )
        return Markup(html)

    def calendar_file(self, entry: Entry) -> str | None:
        """The entry's own iCalendar file, relative to its page (events only)."""
        return CALENDAR_FILE if entry.type.calendar is not None else None

    def territory_section(self, place: Place, page_url: str) -> Markup | None:
        """A territory page's link to its calendar (`territoires/<slug>/agenda.ics`), when rencontres happen there."""
        if (place.kind, place.code) not in self._calendar_places:
            return None
        html = self._template("territory_calendar.html").render(root=urls.root_of(page_url), place=place)
        return Markup(html)

    def files(self, site_url: str, site_name: str) -> dict[str, bytes]:
        """Site-relative paths and bytes of the files to write after the build: the iCalendar files
        (per territory, per rencontre) and the actor–project graph."""
        updated = by_entry(self.commons, self.dates)
        files: dict[str, bytes] = {}
        calendars = AgendaCalendars(self.commons, site_url, site_name, updated, self.built_at)
        for place, data in calendars.territories(self.agenda).items():
            files[urls.place_url(place) + CALENDAR_FILE] = data
        for meetup in (*self.agenda.upcoming, *self.agenda.past):
            if meetup.entry.remote:
                continue  # its calendar is beside its page, at its own commons
            data = calendars.meetup(meetup.entry.id)
            if data is not None:
                files[urls.entry_url(meetup.entry) + CALENDAR_FILE] = data
        graph = graph_layout(self.dashboard)
        if graph is not None:
            svg = self._template("graphe.svg").render(graph=graph, board=self.dashboard)
            files[COOPERATION_PAGE[0].removesuffix(".md") + "/" + GRAPH_FILE] = svg.encode("utf-8")
        return files


@dataclass(frozen=True)
class GraphLayout:
    """Positions of an actor–project graph drawn as two columns (projects left, actors right)."""

    width: int
    height: int
    projects: list[tuple[Entry, int]]
    actors: list[tuple[str, int]]
    edges: list[tuple[int, int]]


GRAPH_ROW = 24
GRAPH_LIMIT = 120  # beyond this, the table alone stays readable; the drawing would not


def graph_layout(board: Dashboard) -> GraphLayout | None:
    """A two-column layout of the actor–project links (None when too large to draw)."""
    links = [(entry, actors) for entry, actors in board.links() if actors]
    actor_ids = sorted({a for _, actors in links for a in actors}, key=lambda a: (board.names.get(a, a), a))
    if not links or len(links) > GRAPH_LIMIT or len(actor_ids) > GRAPH_LIMIT:
        return None
    rows = max(len(links), len(actor_ids))
    height = rows * GRAPH_ROW + GRAPH_ROW
    def spread(count: int, index: int) -> int:
        return int(GRAPH_ROW + index * (height - 2 * GRAPH_ROW) / max(count - 1, 1))
    projects = [(entry, spread(len(links), i)) for i, (entry, _) in enumerate(links)]
    actors = [(a, spread(len(actor_ids), i)) for i, a in enumerate(actor_ids)]
    where = {a: y for a, y in actors}
    edges = [(y, where[a]) for (entry, y), (_, members) in zip(projects, links, strict=True) for a in members]
    return GraphLayout(760, height, projects, actors, edges)
