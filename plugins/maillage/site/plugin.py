"""The `maillage` MkDocs plugin: thin hooks that hand the work to the site modules.

Phases (as Material's tags plugin): the commons is loaded and every generated page is
decided once in `on_files`; pages are rendered in `on_page_content`; the open data and
the Pagefind index are written in one bulk step in `on_post_build`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import get_build_datetime

from maillage import exports
from maillage.draw.publish import verification_files
from maillage.exports.jsonld import entry_jsonld
from maillage.model import Commons, Entry, EntryType, SchemaDefinitionError, SchemaSet, load_commons, schemas_for
from maillage.model.commons import LoadCache
from maillage.model.gitdates import FileDates, by_entry, file_dates
from maillage.model.layout import Kind, Layout, scan
from maillage.model.settings import (
    CONFIG_FILE,
    Settings,
    SettingsError,
    read_plugin_options,
    settings_from_options,
)
from maillage.site import install, legal, search, text, urls
from maillage.site.catalogue import Catalogue, TerritoryPage, build_catalogue
from maillage.site.chrome import ChromeCache, without_layout
from maillage.site.collector import FullCollections
from maillage.site.config import MaillageConfig
from maillage.site.forked import Forked, can_fork
from maillage.site.halves import Apart, every_second, others_on_page_events, two_cores
from maillage.site.inclusion import generated_inclusion
from maillage.site.labels import Labels
from maillage.site.pictures import PictureError, Pictures
from maillage.site.policy import content_security_policy
from maillage.site.preview import BuildState, Deferred, Preview, snapshot
from maillage.site.render import Renderer, UnknownSection, section
from maillage.site.sanitize import clean

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

    from maillage.federation import Federation
    from maillage.federation.gather import Memory
    from maillage.site.meetpages import MeetPages

log = logging.getLogger("mkdocs.plugins.maillage")

ASSETS = Path(__file__).parent / "assets"
OVERRIDES = Path(__file__).parent / "overrides"
ASSETS_URL = "assets/maillage"
STYLESHEETS = ("maillage.css", "meet.css")
# Resized pictures, kept between builds beside mkdocs.yml (as Material's social cards are).
PICTURE_CACHE = Path(".cache/maillage/images")
_HREF = re.compile(r'href="([^"#?]*)')


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """What a generated page shows: an entry, a listing, a territory, or a fixed page."""

    kind: str
    title: str
    entry: Entry | None = None
    entry_type: EntryType | None = None
    territory: TerritoryPage | None = None
    number: int = 1  # a long listing's page


class MaillagePlugin(BasePlugin[MaillageConfig]):
    """Entry pages, listings, territory pages, map, search and open data for a commons."""

    def __init__(self) -> None:
        self.commons: Commons | None = None
        self.catalogue: Catalogue | None = None
        self.renderer: Renderer | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.meet: MeetPages | None = None
        self.settings = Settings()
        self.editorial: set[str] = set()
        self.history = FileDates()
        self.pictures: Pictures | None = None
        self.repo_url: str | None = None
        self.census: str | None = None  # the coverage page's Markdown
        self._data_page: tuple[SchemaSet, str] | None = None
        self.full_collections = FullCollections()
        # The preview (`mkdocs serve`): what the last build left, to redo only what an edit changes.
        self.serving = False
        self.load_cache = LoadCache()
        self.state: BuildState | None = None
        self.deferred = Deferred()
        self.beside: Forked | None = None  # a full build's open data and calendars, written apart
        self.apart: Apart | None = None  # a full build's entry pages rendered by a second process
        self.halving = False  # whether this build renders entry pages in two processes
        self.nav: Navigation | None = None
        self.federation: Federation | None = None
        self.federation_memory: Memory | None = None  # the preview's `federation.gather.Memory`, kept across edits

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is the preview (the plugin then lives from one build to the next)."""
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        """Stop the background work of the preview."""
        self.deferred.stop()
        self.serving, self.state, self.load_cache = False, None, LoadCache()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer | None:
        """The preview: after an edit of entries only, redo the pages it changes (`site/preview.py`);
        after any other change, MkDocs' full build."""
        if not self.config.enabled:
            return None
        preview = Preview(self, builder)  # type: ignore[arg-type]
        server.builder = preview.rebuild  # type: ignore[method-assign]
        server.set_app(preview.gate(server.get_app()))
        return server

    # Runs before other plugins so they see our theme directory and assets.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Add our theme overrides (below a project's own `custom_dir`) and our CSS/JS."""
        if not self.config.enabled:
            return None
        missing = install.missing_libraries()
        if missing:
            raise PluginError(install.MISSING_SITE_LIBRARIES.format(libraries=", ".join(missing)))
        options = {"territoire": self.config.territoire, "formulaire_url": self.config.formulaire_url,
                   "communs_locaux": self.config.communs_locaux}
        path = Path(config.config_file_path or CONFIG_FILE)
        try:
            lines = read_plugin_options(path)[1] if path.is_file() else {}
            self.settings = settings_from_options(options, str(path), lines)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        self.repo_url = config.repo_url
        if self.settings.local_commons:
            _add_to_nav(config, text.LOCAL_COMMONS_TITLE, urls.LOCAL_COMMONS_PAGE)
        position = 1 if config.theme.custom_dir else 0
        if str(OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(position, str(OVERRIDES))
        for name in STYLESHEETS:
            css = f"{ASSETS_URL}/{name}"
            if css not in config.extra_css:
                config.extra_css.append(css)
        script = f"{ASSETS_URL}/maillage.js"
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
        return config

    # Runs first: before MkDocs walks the content folder (it follows links), refuse what it may not hold.
    @event_priority(50)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse links, special files and raw files of the content folder (`maillage.model.layout`)."""
        if not self.config.enabled:
            return
        layout = scan(Path(config.docs_dir), _schemas(config), Path(config.config_file_path or ".").parent)
        if layout.problems:
            problems = "\n".join(p.format() for p in layout.problems)
            raise PluginError(text.BUILD_FAILED.format(count=len(layout.problems), problems=problems))

    # Runs first, so that other plugins never see the raw entry files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Load the commons once; swap entry files for generated pages; add the other pages."""
        if not self.config.enabled:
            return None
        content_dir = Path(config.docs_dir)
        self.state = BuildState(config, files) if self.serving else None
        if self.state is None:
            self.full_collections.put_off()  # until the build ends (site/collector.py)
        commons = self.load(config)
        if self.state is not None:
            # Taken before the pages are made: a file changed meanwhile is seen by the next edit.
            taken = snapshot(config, commons.schemas)
            if taken is not None:
                self.state.stamps, self.state.watched = taken.stamps, taken.watched
        self.history = file_dates(content_dir) if self.config.git_dates else FileDates()
        # Our page templates are looked up through the theme, a commons' `custom_dir` first. Page
        # contents are rendered before MkDocs builds its own environment (`on_env`): ask the theme now.
        theme = config.theme.get_env()
        if self.state is not None:
            self.state.theme = theme
        self.prepare(commons, config, theme)
        self.pages = {}
        self.editorial = self._keep_accepted(files, content_dir, commons.schemas)
        for entry in commons.entries.values():
            existing = files.get_file_from_path(urls.entry_src(entry))
            if existing is not None:
                files.remove(existing)
        self._add_pages(files, config)
        self._add_assets(files, config)
        if self.state is None and self.config.parallel and can_fork():
            # The second core: the open data and calendars are written while MkDocs renders the pages.
            self.beside = Forked(functools.partial(self.write_deferred, Path(config.site_dir), config))
        self.halving = (self.state is None and self.config.parallel and two_cores()
                        and not others_on_page_events(config, self))
        return files

    def load(self, config: MkDocsConfig, layout: Layout | None = None) -> Commons:
        """The commons, refused (in French, every problem) when it has errors; the preview keeps
        the parsed files from one build to the next, and gives the content folder it just scanned."""
        commons = load_commons(
            Path(config.docs_dir), _schemas(config) if self.state is None or self.state.schemas is None
            else self.state.schemas, display_base=Path(config.config_file_path or ".").parent,
            scope=self.settings.scope,  # a commune given by name is explained inside the territory
            cache=self.load_cache if self.serving else None, layout=layout,
        )
        if commons.errors:
            problems = "\n".join(p.format() for p in commons.errors)
            raise PluginError(text.BUILD_FAILED.format(count=len(commons.errors), problems=problems))
        if self.state is not None:
            self.state.schemas = commons.schemas
        self.federation = self._gather(commons, config) if self.settings.local_commons else None
        return self.federation.commons if self.federation is not None else commons

    def prepare(self, commons: Commons, config: MkDocsConfig, theme: Environment) -> None:
        """Everything the pages are rendered from, computed once per build from the commons."""
        self.commons = commons
        self.catalogue = build_catalogue(commons, _now())
        dates = self.history.updated
        labels = Labels(commons.schemas)
        cache = Path(config.config_file_path or CONFIG_FILE).parent / PICTURE_CACHE
        self.pictures = _checked_pictures(Pictures(Path(config.docs_dir), cache, labels), self.catalogue)
        self.renderer = Renderer(
            self.catalogue, labels, dates, _edit_base(config), self.config.territory_limit,
            self.settings, self.pictures, config.repo_url, self.config.taille_page_liste,
        )
        self.meet = self._meet_pages(commons, dates, config) if self.config.meet else None
        self.renderer.bind(theme)
        if self.meet is not None:
            self.meet.bind(theme)
        if self.config.census_page:
            from maillage.census.report import render_report, report_places

            self.census = render_report(commons, report_places(commons, self.settings.scope))

    @staticmethod
    def _keep_accepted(files: Files, content_dir: Path, schemas: SchemaSet) -> set[str]:
        """Drop every file of the content folder that the model does not accept (the build has
        already failed if there was one: this only makes sure nothing else is ever copied);
        return the editorial pages, whose HTML is sanitized like an entry body."""
        kinds = {item.relative: item.kind for item in scan(content_dir, schemas).files}
        root = os.path.realpath(content_dir)
        editorial = set()
        for file in list(files):
            if file.generated_by is not None or not file.abs_src_path:
                continue
            if os.path.commonpath([root, os.path.realpath(file.abs_src_path)]) != root:
                continue  # the theme's own files
            kind = kinds.get(file.src_uri)
            # A data file is part of its entry, published with the entry's own files, never raw.
            if kind in (None, Kind.HIDDEN, Kind.DATA):
                files.remove(file)
            elif kind is Kind.PAGE:
                editorial.add(file.src_uri)
        return editorial

    def _add_pages(self, files: Files, config: MkDocsConfig) -> None:
        catalogue = self.catalogue
        assert catalogue is not None
        # Every commons has a legal notice and an accessibility statement in its footer: the
        # kit's pages stand in for those it has not written (our own text, not sanitized).
        for src in legal.missing_pages(self.editorial):
            content = legal.default_page(src, config.site_name, catalogue.built_at.date())
            files.append(File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        for src, page, in_nav in self.planned_pages():
            self._generate(files, config, src, page, in_nav)
        layers = self.map_layers(config)
        if layers is not None:
            _replace(files, layers)
        if self.census is not None:
            # Markdown of our own making (no contributed text), rendered by MkDocs like a page of
            # content/ but never sanitized: its map is inline SVG.
            self._refuse_editorial_at(urls.CENSUS_PAGE)
            _replace(files, File.generated(config, urls.CENSUS_PAGE, content=self.census))

    def map_layers(self, config: MkDocsConfig) -> File | None:
        """The territory's outlines under the map (`carte/contours.json`), when it has some."""
        layers = self.renderer.map_layers() if self.renderer is not None else None
        if layers is None:
            return None
        src = urls.MAP_PAGE.removesuffix(".md") + "/" + urls.MAP_LAYERS_FILE
        return File.generated(config, src, content=json.dumps(layers, separators=(",", ":")))

    def planned_pages(self) -> list[tuple[str, GeneratedPage, bool]]:
        """(source path, page, in the nav) of every page we generate, entries first."""
        catalogue = self.catalogue
        assert catalogue is not None
        # A gathered entry has no page here: its page is at its own commons.
        planned = [(urls.entry_src(entry), GeneratedPage("entry", entry.title, entry=entry), False)
                   for entry in catalogue.entries.values() if not entry.remote]
        for entry_type in catalogue.commons.schemas.types:
            if entry_type.listing:
                title = entry_type.plural.capitalize()
                planned.append((urls.listing_src(entry_type), GeneratedPage("listing", title, entry_type=entry_type),
                                True))
                # A long listing's other pages (`acteurs/page/2/` …), outside the nav.
                count = urls.listing_page_count(len(catalogue.by_type.get(entry_type.folder, [])),
                                                self.config.taille_page_liste)
                planned += [(urls.listing_page_src(entry_type, n),
                             GeneratedPage("listing", text.LISTING_PAGE_TITLE.format(title=title, number=n),
                                           entry_type=entry_type, number=n), False) for n in range(2, count + 1)]
        for page in catalogue.territories.values():
            planned.append((urls.place_src(page.place), GeneratedPage("territory", page.place.name, territory=page),
                            False))
        planned.append((urls.TERRITORIES_PAGE, GeneratedPage("territories", text.TERRITORIES_TITLE), True))
        planned.append((urls.MAP_PAGE, GeneratedPage("map", text.MAP_TITLE), True))
        planned.append((urls.SEARCH_PAGE, GeneratedPage("search", text.SEARCH_TITLE), False))
        if self.config.exports:
            planned.append((urls.DATA_PAGE, GeneratedPage("data", text.DATA_TITLE), True))
        if self.federation is not None:
            planned.append((urls.LOCAL_COMMONS_PAGE, GeneratedPage("local_commons", text.LOCAL_COMMONS_TITLE), True))
        if self.meet is not None:
            planned += [(src, GeneratedPage("meet", title), True) for src, title in self.meet.pages()]
        return planned

    def _gather(self, commons: Commons, config: MkDocsConfig) -> Federation:
        """A regional commons: the local commons it declares, read once per build, beside its own
        entries. What could not be read is said, never fatal (see `text.FEDERATION_NOTE`)."""
        # Imported here: only a regional commons reads other commons (and links their actors).
        from maillage.federation import gather

        if self.serving and self.federation_memory is None:
            from maillage.federation.gather import Memory

            self.federation_memory = Memory()  # the preview reads the local commons again every 5 minutes
        federation = gather(commons, Path(config.config_file_path or CONFIG_FILE).parent, self.settings,
                            memory=self.federation_memory)
        for warning in federation.warnings:
            log.info(text.FEDERATION_NOTE.format(warning=warning))
        return federation

    def _meet_pages(self, commons: Commons, dates: dict[Path, datetime], config: MkDocsConfig) -> MeetPages:
        """The meeting features' pages and sections."""
        # Imported here: the meeting features load SciPy (pairings); a site built with
        # `meet: false` does not pay for it.
        from maillage.site.meetpages import MeetOptions, MeetPages

        options = MeetOptions(self.config.meet_suggestions, self.config.meet_stale_days,
                              self.config.meet_places_per_host)
        previous = self.meet if self.state is not None else None  # the preview: unchanged actors kept
        return MeetPages(commons, self.catalogue.built_at if self.catalogue else _now(), dates, options,
                         self.settings.scope, previous)

    def _refuse_editorial_at(self, src: str) -> None:
        """An editorial page where the site generates one would silently disappear: refuse it."""
        if src in self.editorial:
            raise PluginError(text.RESERVED_PAGE.format(path=src))

    def _generate(self, files: Files, config: MkDocsConfig, src: str, page: GeneratedPage, in_nav: bool = True) -> None:
        taken = self.pages.get(src)
        if taken is not None and taken.entry is not None:
            # An entry named like one of the site's own pages (`acteurs/index.md`, `rencontres/agenda.md`)
            # would silently lose its page: refuse it and say which file to rename.
            raise PluginError(text.RESERVED_ID.format(path=taken.entry.document.path, id=taken.entry.id))
        self._refuse_editorial_at(src)
        inclusion = generated_inclusion(config, src, in_nav)
        # The content is empty: the page's HTML comes from our templates in `on_page_content`.
        _replace(files, File.generated(config, src, content="", inclusion=inclusion))
        self.pages[src] = page

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                src = f"{ASSETS_URL}/{path.relative_to(ASSETS).as_posix()}"
                _replace(files, File.generated(config, src, abs_src_path=str(path)))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        """The preview renders pages again with this build's navigation."""
        self.nav = nav
        if self.config.enabled and self.state is not None:
            self.state.nav = nav

    # Runs last: a second process may render pages with the environment from here on.
    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Give the theme the chrome cache (a new one each build: `mkdocs serve` rebuilds); on a
        full build, hand every second entry page to a second process (`site/halves.py`)."""
        if not self.config.enabled:
            return None
        if self.state is not None:
            self.state.env = env
        env.globals["maillage_chrome"] = ChromeCache()
        env.globals["maillage_csp"] = content_security_policy()
        # Material's templates indent generously: a fifth of an entry page was whitespace, which
        # every visitor downloads and Pagefind parses. Dropping the lines and indentation that
        # block tags leave saves 9 % of the demo's HTML, with the same text in every page.
        env.trim_blocks = True
        env.lstrip_blocks = True
        env.globals["maillage_legal"] = legal_links(files)
        env.globals["maillage_listings"] = self._listings()
        if self.halving and self.nav is not None and two_cores():
            entries = [src for src, page in self.pages.items() if page.kind == "entry"]
            self.apart = Apart(every_second(files, entries), config, files, self.nav, env)
        return env

    def _listings(self) -> list[dict[str, str]]:
        """Where a lost visitor can go (the 404 page): each listing, the territories and the map."""
        assert self.commons is not None
        links = [{"url": urls.listing_url(t.folder), "title": t.plural.capitalize()}
                 for t in self.commons.schemas.types if t.listing]
        places = [{"url": "territoires/", "title": text.TERRITORIES_TITLE}, {"url": "carte/", "title": text.MAP_TITLE}]
        return links + places

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Generated pages: our title (escaped: Material prints it raw), no front matter of theirs.
        Editorial pages: their front matter escaped (the theme prints it raw), no template of theirs."""
        if self.config.enabled and page.file.src_uri in self.editorial:
            page.meta = _escaped_meta(page.meta)
            # The marker is a comment, which the sanitizer drops: a paragraph of our own stands in for it.
            return markdown.replace(urls.TERRITORY_MARKER, f"\n\n{urls.TERRITORY_SLOT}\n\n", 1)
        generated = self.pages.get(page.file.src_uri) if self.config.enabled else None
        if generated is None:
            return None
        page.meta = {"title": str(escape(generated.title))}
        if generated.kind == "entry":
            page.meta["hide"] = ["toc"]
        # MkDocs builds a new Markdown converter for every page (about 0.5 ms each); generated
        # pages have no Markdown of MkDocs' to convert, their HTML comes in `on_page_content`.
        page.render = functools.partial(_no_markdown, page)  # type: ignore[method-assign]
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Generated pages get their HTML from our templates; editorial pages are sanitized."""
        if self.config.enabled and page.file.src_uri in self.editorial:
            # Contributed like an entry body, sanitized by the same policy (its first heading stays its title).
            return self._editorial(str(clean(html, keep_h1=True)), page)
        generated = self.pages.get(page.file.src_uri) if self.config.enabled else None
        if generated is None:
            return None
        renderer = self.renderer
        assert renderer is not None and self.commons is not None
        page.toc = get_toc([])
        if self.halving and generated.kind == "entry":
            return ""  # rendered in `on_page_context`, by whichever process writes the page
        renderer.attempts = set()
        html = self._generated(generated, page, config)
        if self.state is not None:
            # What the page shows of others, for the preview: the pages it links to, and the entries
            # and communes it tried to link to (a link appears when they do).
            self.state.record(page.file.src_uri, _HREF.findall(html), page.url, renderer.attempts)
        return html

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        """An entry page's HTML when entry pages render in two processes: made by the process
        that writes the page (`site/halves.py`), so that each process makes half of them."""
        generated = self.pages.get(page.file.src_uri) if self.halving else None
        if generated is None or generated.kind != "entry":
            return None
        if self.apart is not None and page.file.src_uri in self.apart.sources:
            return None  # the second process writes this one
        page.content = self._generated(generated, page, config)
        return context

    def _generated(self, generated: GeneratedPage, page: Page, config: MkDocsConfig) -> str:
        renderer = self.renderer
        assert renderer is not None and self.commons is not None
        url = page.url
        if generated.kind == "entry" and generated.entry is not None:
            entry = generated.entry
            absolute = urljoin(config.site_url or "", url)
            jsonld = entry_jsonld(entry, self.commons, absolute)
            extra = self.meet.entry_section(entry, url) if self.meet is not None else None
            calendar = self.meet.calendar_file(entry) if self.meet is not None else None
            return renderer.entry(entry, url, jsonld, extra, calendar)
        if generated.kind == "listing" and generated.entry_type is not None:
            if generated.number == 1:
                self._write_listing_records(generated.entry_type, config)
            return renderer.listing(generated.entry_type, url, generated.number)
        if generated.kind == "territory" and generated.territory is not None:
            place = generated.territory.place
            extra = self.meet.territory_section(place, url) if self.meet is not None else None
            return renderer.territory(generated.territory, url, extra)
        if generated.kind == "territories":
            return renderer.territories(url)
        if generated.kind == "map":
            return renderer.map(url)
        if generated.kind == "meet" and self.meet is not None:
            return self.meet.page(page.file.src_uri, url)
        if generated.kind == "local_commons" and self.federation is not None:
            crossing = self.meet.across_commons() if self.meet is not None else []
            return renderer.local_commons(self.federation, url, crossing)
        if generated.kind == "data":
            # Rendered here rather than by MkDocs: its links point at files written after the build.
            # It depends on the schemas alone: the preview keeps it from one edit to the next.
            if self._data_page is None or self._data_page[0] is not self.commons.schemas:
                html = renderer.data_page(exports.data_page_markdown(self.commons.schemas))
                self._data_page = (self.commons.schemas, html)
            return self._data_page[1]
        return renderer.search(url)

    def _editorial(self, html: str, page: Page) -> str:
        """A commons' own pages, once sanitized: the territory summary where the home page asks for
        it, and the web form next to the forge on the contributing page."""
        renderer = self.renderer
        assert renderer is not None
        slot = f"<p>{urls.TERRITORY_SLOT}</p>"
        if slot in html:
            summary = renderer.territory_summary(page.url)
            _add_to_toc(page, html, html.index(slot), summary)
            html = html.replace(slot, summary, 1)
        if page.file.src_uri == urls.CONTRIBUTE_PAGE:
            block = renderer.contribute(self.settings.form_url, self.repo_url)
            end = html.find("</h1>")
            html = html[:end + 5] + block + html[end + 5:] if end >= 0 else block + html
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """The thousands of pages outside the navigation (entries, territories) lose the theme's
        indentation around their cached chrome too (`site/chrome.py`)."""
        if self.config.enabled and page.file.inclusion.is_not_in_nav():
            return without_layout(output)
        return None

    # Runs last: the site must be complete before it is indexed.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the open data, then index the whole site with Pagefind in one bulk step (in the
        background under the preview: they never delay the pages)."""
        if not self.config.enabled or self.commons is None:
            return
        site_dir = Path(config.site_dir)
        if self.pictures is not None:
            self.pictures.write(site_dir)
        if self.state is not None:
            self.state.complete = True
            self.deferred.start(functools.partial(self.write_deferred, site_dir, config), site_dir,
                                self.search_indexing() if self.config.search_index else None)
            return
        apart, self.apart = self.apart, None
        if apart is not None and (failure := apart.wait()) is not None:
            raise PluginError(text.PAGES_APART_FAILED.format(reason=failure))
        beside, self.beside = self.beside, None
        if beside is None:
            self.write_deferred(site_dir, config)
        elif (failure := beside.wait()) is not None:
            raise PluginError(text.BESIDE_FAILED.format(reason=failure))
        if self.config.search_index:
            records = self._write_search_records(site_dir)
            try:
                search.index(site_dir, how=self.search_indexing(records is not None))
            except search.SearchIndexError as exc:
                raise PluginError(text.PAGEFIND_FAILED.format(reason=exc)) from exc
            finally:
                if records is not None:
                    shutil.rmtree(records, ignore_errors=True)
        self.full_collections.restore()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves no work running, and the garbage collector as it was."""
        self.full_collections.restore()
        if self.apart is not None:
            self.apart.kill()
            self.apart = None
        if self.beside is not None:
            self.beside.kill()
            self.beside.wait()
            self.beside = None

    def write_deferred(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The files made from the whole commons that no page waits for: open data, the draws'
        verification files, calendars and the cooperation graph."""
        assert self.commons is not None
        if self.config.exports:
            # The open data's dates are the entry pages' "Mis à jour le" (git), never the checkout's;
            # a gathered entry's, its own commons'.
            updated = by_entry(self.commons, self.history.updated)
            if self.federation is not None:
                updated.update(self.federation.updated)
            scope = self.settings.scope
            exports.write_all(
                self.commons, site_dir, config.site_url or "", updated, by_entry(self.commons, self.history.created),
                site_name=config.site_name, territory=scope.label if scope else None,
            )
        for entry in self.commons.entries.values():
            if entry.remote:
                continue  # a gathered entry's files are beside its page, at its own commons
            # Next to the draw's page: its data and the standalone script that checks it.
            for name, data in verification_files(entry, self.commons).items():
                path = site_dir / urls.entry_url(entry) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        if self.meet is not None:
            # Next to their pages: `territoires/<slug>/agenda.ics`, `rencontres/<id>/agenda.ics`, the graph.
            for relative, data in self.meet.files(config.site_url or "", config.site_name).items():
                path = site_dir / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)

    def _write_listing_records(self, entry_type: EntryType, config: MkDocsConfig) -> None:
        """Beside a long listing, its `fiches.json` (written with its first page, so that the
        preview keeps it as fresh as the page)."""
        assert self.renderer is not None
        records = self.renderer.listing_records(entry_type)
        if records is not None:
            path = Path(config.site_dir) / urls.listing_url(entry_type.folder) / urls.LISTING_RECORDS
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(records)

    def search_indexing(self, records: bool = False) -> search.Indexing:
        """How Pagefind indexes this site: the entry pages of every type (and the gathered entries'
        search records when written), in runs of `recherche_pages_par_lot` pages if set."""
        assert self.commons is not None
        pages = sum(1 for entry in self.commons.entries.values() if not entry.remote)
        if records and self.catalogue is not None:
            pages += sum(1 for entry in self.catalogue.entries.values() if entry.remote)
        folders = [entry_type.folder for entry_type in self.commons.schemas.types]
        # No entry page: no glob, Pagefind indexes what there is, as it always did.
        glob = search.entry_pages_glob(folders, urls.SEARCH_RECORDS if records else None) if pages else None
        return search.Indexing(glob, self.config.recherche_pages_par_lot, pages)

    def _write_search_records(self, site_dir: Path) -> Path | None:
        """The entries gathered from local commons, one short page each for Pagefind to index
        (they have no page here); the folder to remove once indexed, if any."""
        remote = [e for e in self.catalogue.entries.values() if e.remote] if self.catalogue else []
        if not remote or self.renderer is None:
            return None
        folder = site_dir / urls.SEARCH_RECORDS
        for index, entry in enumerate(remote):
            path = folder / f"{index // 1000}" / f"{entry.id}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.renderer.search_record(entry), "utf-8")
        return folder


def _now() -> datetime:
    """The build's "now": `SOURCE_DATE_EPOCH` when set (reproducible builds, as MkDocs reads it)."""
    return get_build_datetime()


def _schemas(config: MkDocsConfig) -> SchemaSet:
    """The commons' own schemas (`schemas/` beside mkdocs.yml) or those shipped with Maillage,
    checked with the sections their types name (a bad schema fails the build in French)."""
    try:
        schemas = schemas_for(Path(config.config_file_path or ".").parent)
        for entry_type in schemas.types:
            if entry_type.section is not None:
                section(entry_type.section)
    except (SchemaDefinitionError, UnknownSection) as exc:
        raise PluginError(str(exc)) from exc
    return schemas


def legal_links(files: Files) -> list[dict[str, str]]:
    """The footer's links to the legal notice and the accessibility statement, when the commons has
    them; the statement's `conformite` (its front matter) is shown, as the RGAA asks."""
    links = []
    for src, title in urls.LEGAL_PAGES:
        file = files.get_file_from_path(src)
        if file is None or file.page is None:
            continue
        if src == urls.ACCESSIBILITY_PAGE:
            title = text.ACCESSIBILITY_FOOTER.format(status=file.page.meta.get("conformite") or text.NOT_AUDITED)
        links.append({"url": file.url, "title": title})
    return links


def _add_to_nav(config: MkDocsConfig, title: str, src: str) -> None:
    """Add a generated page at the end of a hand-made nav that does not name it yet."""
    nav = config.nav
    if not isinstance(nav, list):
        return  # no nav: MkDocs lists every page
    named = [value for item in nav if isinstance(item, dict) for value in item.values()] + nav
    if src not in named:
        nav.append({title: src})


def _no_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Stands in for `Page.render` on generated pages (see `on_page_markdown`)."""
    page.content = ""


_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')


def _add_to_toc(page: Page, html: str, at: int, inserted: str) -> None:
    """List the sections of `inserted` (put at offset `at` of `html`) in the page's table of
    contents, in their place among the page's own sections: the toc was made from its Markdown."""
    items = page.toc.items
    siblings = items[0].children if len(items) == 1 and items[0].level == 1 else items
    before = sum(1 for link in siblings if 0 <= html.find(f'id="{link.id}"') < at)
    siblings[before:before] = [AnchorLink(title, id, 2) for id, title in _H2.findall(inserted)]


def _escaped_meta(meta: object) -> dict:
    """An editorial page's front matter with every text escaped for HTML, and without `template`
    (a contributor does not choose how the theme renders the page)."""

    def escape_all(value: object) -> object:
        if isinstance(value, str):
            return str(escape(value))
        if isinstance(value, list):
            return [escape_all(item) for item in value]
        if isinstance(value, dict):
            return {str(escape(str(key))): escape_all(item) for key, item in value.items()}
        return value

    if not isinstance(meta, dict):
        return {}
    return {str(escape(str(key))): escape_all(value) for key, value in meta.items() if key != "template"}


def _replace(files: Files, file: File) -> None:
    """Add a generated file, replacing any file at the same source path."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def _edit_base(config: MkDocsConfig) -> str | None:
    """`repo_url` + `edit_uri`: where a contributor edits a file of the content folder."""
    if not config.repo_url or not config.edit_uri:
        return None
    base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
    return base if base.endswith("/") else base + "/"


def _checked_pictures(pictures: Pictures, catalogue: Catalogue) -> Pictures:
    """Decode and resize every published entry's picture now: a bad one fails the build before
    any page is written, and all of them are named at once."""
    problems = []
    for entry in catalogue.entries.values():
        try:
            pictures.of(entry)
        except PictureError as error:
            problems.append(str(error))
    if problems:
        raise PluginError(text.PICTURES_FAILED.format(count=len(problems), problems="\n".join(problems)))
    return pictures
