"""HTML of the generated pages, from our own Jinja templates (one environment, autoescape on)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import markdown
from jinja2 import Environment, Template
from markupsafe import Markup

from maillage.model import Commons, Entry, EntryType, entry_zone, first_value, outlines, territory
from maillage.model.collation import name_key
from maillage.model.dates import parse_moment
from maillage.model.numbers import french_count
from maillage.model.settings import Settings
from maillage.model.territory import Place
from maillage.site import text, urls
from maillage.site.catalogue import Catalogue, TerritoryPage
from maillage.site.chrome import without_layout
from maillage.site.facets import Facet, Facets, ListingItem, Pages
from maillage.site.facts import Facts
from maillage.site.fields import FieldRenderer
from maillage.site.labels import Labels
from maillage.site.mapview import map_layers, map_page
from maillage.site.pictures import Pictures
from maillage.site.relations import Relations
from maillage.site.richtext import RichText
from maillage.site.templating import add_shared_macros, page_environment, template_name
from maillage.site.testimonies import Testimonies

if TYPE_CHECKING:
    from maillage.federation import Federation

_NOT_YET = object()
HOME_UPCOMING = 3  # events the home page announces
_TERRITORY_QUERY = {"commune": "commune", "intercommunalite": "epci", "departement": "departement"}

# Sections that a feature adds to the pages of the types naming it in `x-section`, as
# "module:function" imported on first use (a draw's section loads SciPy). The function takes
# the entry, the commons and a link maker (entry id → safe link or None) and returns safe HTML.
SECTIONS = {"tirage": "maillage.draw.page:render_section"}
Section = Callable[[Entry, Commons, Callable[[str], Markup | None]], Markup]


class UnknownSection(ValueError):
    """A type names in `x-section` a section no feature provides."""


def json_for_script(data: Any) -> Markup:
    """JSON safe inside `<script>`: `<`, `>` and `&` escaped so no text can close the element."""
    dumped = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    dumped = dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(dumped)


def form_edit_url(settings: Settings, entry: Entry) -> str | None:
    """Where a person without a forge account proposes a change to an entry: the web form's edit page."""
    if not settings.form_url:
        return None
    return f"{settings.form_url.rstrip('/')}/modifier/{entry.type.folder}/{entry.id}"


class Renderer:
    """Renders every generated page; built once per build, used for thousands of pages."""

    def __init__(
        self,
        catalogue: Catalogue,
        labels: Labels,
        dates: dict[Path, datetime],
        edit_base: str | None,
        territory_limit: int,
        settings: Settings | None = None,
        pictures: Pictures | None = None,
        repo_url: str | None = None,
        listing_page_size: int = 300,
    ) -> None:
        self.catalogue = catalogue
        self.settings = settings or Settings()
        self.content_root = catalogue.commons.root.resolve()  # resolved once: dates are keyed by real paths
        self.labels = labels
        self.dates = dates
        self.edit_base = edit_base
        self.territory_limit = territory_limit
        self.listing_page_size = listing_page_size  # at least 1: the plugin's option says so
        # A long listing's facets and cards, computed once for all its numbered pages.
        self._listings: dict[str, tuple[list[Facet], list[ListingItem]]] = {}
        self.pictures = pictures
        self.facets = Facets(catalogue, labels, pictures)
        self.relations = Relations(catalogue, labels)
        self.testimonies = Testimonies(catalogue, labels, self.settings, repo_url)
        self.rich = RichText()
        self.facts = Facts(labels, catalogue.built_at)
        self.fields = FieldRenderer(labels, self.rich, self._link, self.facts.shown_keys)
        self.bind(None)
        self._root = ""  # relative prefix to the site root of the page being rendered
        self._map_layers: Any = _NOT_YET
        # Every entry id and `commune:<code>` a page asked to link to, shown or not (the preview
        # renders a page again when one of them comes, goes or changes).
        self.attempts: set[str] = set()

    def bind(self, theme: Environment | None) -> None:
        """Resolve our templates through the theme's environment (a commons' `custom_dir` first);
        called by the site plugin once the theme's environment exists."""
        self.env = page_environment(theme)
        self.env.globals.update(scale_labels=text.SCALE_LABELS, french_date=text.french_date,
                                french_datetime=text.french_datetime)
        self.env.filters["entry_url"] = urls.entry_url
        self.env.filters["entry_href"] = urls.entry_href
        self.env.filters["href"] = urls.href
        self.env.filters["place_url"] = urls.place_url
        self.env.filters["nombre"] = french_count
        add_shared_macros(self.env)
        # Compiled when first used: `maillage apercu` renders one entry and needs one template.
        self._templates: dict[str, Template] = {}

    def _template(self, name: str) -> Template:
        """One of our templates (`entry`, `listing`, …), resolved through the theme once."""
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(template_name(f"{name}.html"))
        return template

    def _link(self, target: str) -> Markup | None:
        """A link to an entry id (or `commune:<code>`), None if it must not be shown."""
        self.attempts.add(target)
        if target.startswith("commune:"):
            page = self.catalogue.territories.get(("commune", target.removeprefix("commune:")))
            if page is None:
                return None
            return Markup('<a href="{}">{}</a>').format(self._root + urls.place_url(page.place), page.place.name)
        entry = self.catalogue.get(target)
        if entry is None:
            return None
        return Markup('<a href="{}">{}</a>').format(urls.entry_href(entry, self._root), entry.title)

    def entry(self, entry: Entry, page_url: str, jsonld: dict[str, Any], extra: Markup | None = None,
              calendar_file: str | None = None) -> str:
        """The content of an entry page (the theme adds the layout around it); `extra`: trusted
        HTML sections added by other features (the meeting suggestions, pairings, badges);
        `calendar_file`: the entry's iCalendar file, relative to its page, when the site writes one."""
        self._root = urls.root_of(page_url)
        area = self.catalogue.area(entry)
        places = self.catalogue.places_of.get(entry.id, {})
        return without_layout(self._template("entry").render(
            root=self._root,
            entry=entry,
            resume=entry.data.get("resume") if isinstance(entry.data.get("resume"), str) else None,
            area=area,
            scale=self.catalogue.scale(entry) if area else None,
            commune=places.get("commune"),
            facts=self.facts.of(entry, calendar_file),
            picture=self.pictures.of(entry) if self.pictures else None,
            past=text.past_one(entry.type.feminine),
            fields=self.fields.shown_fields(entry),
            groups=self.relations.groups(entry),
            body=self.rich.render(entry.body) if entry.body.strip() else None,
            section=self._section(entry),
            edit_url=self._edit_url(entry),
            form_edit_url=form_edit_url(self.settings, entry),
            updated=self.dates.get(self.content_root / entry.type.folder / entry.source.name),
            jsonld=json_for_script(jsonld),
            extra=extra,
            testimonies=self.testimonies.section(entry, self._root, self.env),
        ))

    def listing(self, entry_type: EntryType, page_url: str, number: int = 1) -> str:
        """A type's listing page: its entries as cards, with facet filters for the script. A listing
        longer than `listing_page_size` shows page `number` of its cards (facet counts are over
        all of them), with links to the other pages and its `fiches.json` for the script."""
        facets, items = self.listing_parts(entry_type)
        schema = self.labels.schemas.for_type(entry_type)
        size = self.listing_page_size
        root = urls.root_of(page_url)
        pages = None
        if len(items) > size:
            count = urls.listing_page_count(len(items), size)
            pages = Pages(number, count, [(n, root + urls.listing_page_url(entry_type.folder, n))
                                          for n in range(1, count + 1) if n in (1, count) or abs(n - number) <= 2],
                          root + urls.listing_url(entry_type.folder) + urls.LISTING_RECORDS, len(items))
            items = items[(number - 1) * size: number * size]
        return self._template("listing").render(
            root=root,
            entry_type=entry_type,
            description=schema.get("description", ""),
            facets=facets,
            items=items,
            pages=pages,
            past=text.past_one(entry_type.feminine),
            # An empty listing (a commons that starts) asks for the first one, where to ask exists.
            contribute=(self.content_root / urls.CONTRIBUTE_PAGE).is_file(),
        )

    def listing_parts(self, entry_type: EntryType) -> tuple[list[Facet], list[ListingItem]]:
        """A listing's facets and cards, computed once per build (a long one has several pages)."""
        parts = self._listings.get(entry_type.folder)
        if parts is None:
            parts = self._listings[entry_type.folder] = self.facets.listing(entry_type)
        return parts

    def listing_records(self, entry_type: EntryType) -> bytes | None:
        """A long listing's `fiches.json` (every card as data), or None when it fits one page."""
        items = self.listing_parts(entry_type)[1]
        if len(items) <= self.listing_page_size:
            return None
        return json.dumps([item.record() for item in items], ensure_ascii=False, separators=(",", ":")).encode()

    def territory(self, page: TerritoryPage, page_url: str, extra: Markup | None = None) -> str:
        """A territory page: what happens there by type, and links up and down the hierarchy;
        `extra`: trusted HTML other features add (the territory's calendar)."""
        ancestors = []
        key = page.parent
        while key is not None:
            ancestors.append(self.catalogue.territories[key])
            key = self.catalogue.territories[key].parent
        children = sorted((self.catalogue.territories[k] for k in page.children),
                          key=lambda p: (name_key(p.place.name), p.place.code))
        query = _TERRITORY_QUERY.get(page.place.kind)
        sections = []
        for entry_type in self.labels.schemas.types:
            items = page.entries.get(entry_type.folder, [])
            if items:
                more = f"?{query}={page.place.code}" if query else ""
                sections.append((entry_type, items[: self.territory_limit], len(items), more))
        return self._template("territory").render(
            root=urls.root_of(page_url),
            page=page,
            kind=text.SCALE_LABELS[page.place.kind],
            code_label=text.CODE_LABELS[page.place.kind],
            ancestors=ancestors,
            children=children,
            sections=sections,
            catalogue=self.catalogue,
            extra=extra,
        )

    def territories(self, page_url: str) -> str:
        """The territory index: régions, départements, EPCI and communes that have entries."""
        by_kind: dict[str, list[TerritoryPage]] = {kind: [] for kind in text.SCALE_LABELS}
        for page in self.catalogue.territories.values():
            by_kind[page.place.kind].append(page)
        for pages in by_kind.values():
            pages.sort(key=lambda p: (name_key(p.place.name), p.place.code))
        return self._template("territories").render(root=urls.root_of(page_url), by_kind=by_kind)

    def map(self, page_url: str) -> str:
        """The map page: the entries of types with `x-carte` by commune, which the script maps."""
        page = map_page(self.catalogue, self.labels)
        plurals = [t.plural for t in self.labels.schemas.types if t.on_map]
        layers = self.map_layers()
        view = None
        if layers is not None:  # the first view; the outlines come from their own file
            view = {"bounds": layers["bounds"], "label": layers["label"], "contours": urls.MAP_LAYERS_FILE}
        return self._template("map").render(
            root=urls.root_of(page_url), page=page, title=text.map_title(plurals), intro=text.map_intro(plurals),
            view=json_for_script(view) if view else None,
        )

    def map_layers(self) -> dict[str, Any] | None:
        """The territory's outlines drawn under the map's tiles (`carte/contours.json`), computed
        once: the map page gives their bounds, the site writes them as a file."""
        if self._map_layers is _NOT_YET:
            self._map_layers = map_layers(self.settings.scope, self.catalogue)
        return self._map_layers

    def territory_summary(self, page_url: str) -> str:
        """The home page's summary: the territory, how many of its communes have entries, entries by type."""
        scope = self.settings.scope
        located = {place["commune"].code for place in self.catalogue.places_of.values() if "commune" in place}
        counts = [
            (t.folder, n, t.plural if n > 1 else t.singular)
            for t in self.labels.schemas.types if (n := len(self.catalogue.by_type.get(t.folder, [])))
        ]
        return self._template("summary").render(
            root=urls.root_of(page_url), label=scope.label if scope else None, counts=counts,
            covered=len(located & scope.communes) if scope else len(located),
            total=len(scope.communes) if scope else None,
            upcoming=self._upcoming(HOME_UPCOMING), mini_map=self._mini_map(located),
        )

    def _upcoming(self, limit: int) -> list[tuple[Entry, str, str]]:
        """The next events (types with a calendar) still to come at build time, soonest first, as
        (entry, start, end); the page's script hides those over when it is read."""
        found = []
        for entry_type in self.labels.schemas.types:
            calendar = entry_type.calendar
            if calendar is None:
                continue
            for entry in self.catalogue.by_type.get(entry_type.folder, []):
                start = first_value(entry.data, calendar.start)
                end = (first_value(entry.data, calendar.end) if calendar.end else None) or start
                where = entry_zone(entry_type, entry.data)
                moment = parse_moment(end, where)
                if isinstance(start, str) and moment is not None and moment >= self.catalogue.built_at:
                    found.append((parse_moment(start, where), entry, start, end))
        found.sort(key=lambda item: (item[0], item[1].id))
        return [(entry, start, end) for _, entry, start, end in found[:limit]]

    def _mini_map(self, located: set[str]) -> dict[str, Any] | None:
        """A small drawing of the territory with a dot on each commune that has entries (the map
        page has the rest); None without a declared territory or outline."""
        drawn = [shape for _, shape in self.settings.scope.outlines()] if self.settings.scope else []
        if not drawn:
            return None
        view_box, project = outlines.frame(drawn, 400)
        paths = outlines.svg_paths({str(i): shape for i, shape in enumerate(drawn)}, 400)[1].values()
        geography = territory()
        dots = sorted({project(c.lon, c.lat) for code in located
                       if (c := geography.commune(code)) is not None and c.lat is not None})
        return {"view_box": view_box, "paths": list(paths), "dots": dots}

    def contribute(self, form_url: str | None, repo_url: str | None) -> str:
        """The top of the contributing page: a button per type that asks for one (`x-proposer`),
        to the web form, else to the type's GitHub issue form; then the other ways."""
        base = form_url.rstrip("/") if form_url else None
        github = repo_url.rstrip("/") if repo_url and urlsplit(repo_url).hostname == "github.com" else None
        buttons = []
        for entry_type in self.labels.schemas.types:
            if entry_type.propose and (base or github):
                href = (f"{base}/proposer/{entry_type.folder}" if base
                        else f"{github}/issues/new?template={entry_type.schema}.yml")
                buttons.append((entry_type.propose, href))
        return self._template("contribuer").render(
            buttons=buttons, form_url=form_url, issues_url=f"{github}/issues/new/choose" if github else None)

    def search(self, page_url: str) -> str:
        """The search results page (`/recherche/?q=…`), filled by the script from Pagefind."""
        return self._template("search").render(root=urls.root_of(page_url))

    def local_commons(self, federation: Federation, page_url: str, crossing: list[tuple[Entry, Entry, Any]]) -> str:
        """A regional commons' page about the local ones it gathers: how each was read, what was
        not, actors of different commons to meet (`crossing`: actor, other, suggestion), and the
        actors shown once for several commons (with how to split or join them)."""
        from maillage.federation.fetch import SUPPORTED_VERSIONS

        types = [t for t in self.labels.schemas.types if any(s.counts.get(t.folder) for s in federation.sources)]
        return self._template("local_commons").render(
            root=urls.root_of(page_url), federation=federation, types=types, versions=SUPPORTED_VERSIONS,
            crossing=crossing,
        )

    def search_record(self, entry: Entry) -> str:
        """A short page for Pagefind about an entry gathered from a local commons (it has no page
        here): what the search finds, and the address of its page there as the result's link."""
        return self._template("search_record").render(
            entry=entry, url=urls.entry_href(entry, ""), kind=self.facets.card(entry, {}),
        )

    def data_page(self, markdown_text: str) -> str:
        """The open-data page, from the exports' own Markdown (generated from our schemas, trusted)."""
        return markdown.markdown(markdown_text, extensions=["tables", "toc", "admonition"])

    def _commune_place(self, code: str) -> Place | None:
        page = self.catalogue.territories.get(("commune", code))
        return page.place if page else None

    def _section(self, entry: Entry) -> Markup | None:
        """The section a feature adds to the entry's page (`x-section`), if its type names one."""
        name = entry.type.section
        if name is None:
            return None
        return section(name)(entry, self.catalogue.commons, self._link)

    def _edit_url(self, entry: Entry) -> str | None:
        if not self.edit_base:
            return None
        return f"{self.edit_base}{entry.type.folder}/{entry.id}.md"


def section(name: str) -> Section:
    """The function rendering a feature's section (imported on first use)."""
    if name not in SECTIONS:
        raise UnknownSection(text.UNKNOWN_SECTION.format(name=name, known=", ".join(sorted(SECTIONS))))
    module, function = SECTIONS[name].split(":")
    return getattr(importlib.import_module(module), function)
