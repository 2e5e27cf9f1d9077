"""The preview (`mkdocs serve`, `make site`): an edit of entries shows in a second or two.

MkDocs rebuilds the whole site on every change (and with `--dirty` still renders every generated
page, Pagefind and the exports again). Here the plugin keeps what the last build made — the
commons and its parsed files, MkDocs' files, navigation and theme — and after a change of entry
files only:
- loads the commons again, parsing only the changed files (`LoadCache`), checked as strictly as a
  build: an error is reported in French and the last valid site stays served;
- renders again the pages the change can reach: the entries changed, added or removed, the
  entries they link to or that link to them (before and after), every page that linked to them
  or tried to (`BuildState.record`), their territory pages, the actors whose
  suggestions or things to borrow change (`Suggester.reached_by` says whom to ask again), and
  the pages made from the whole commons (listings, map, agenda, dashboard, coverage,
  territories, editorial pages) — these last just after the others are written, in a thread, a
  request for one of them waiting for it (`Preview.gate`);
- removes the pages of removed entries and of territories left empty, so nothing stale is served;
- writes the search index, the open data and the calendars in a background process (`Deferred`).
Any other change (mkdocs.yml, schemas, theme, an editorial page, an image) gets MkDocs' full build.
Tests compare the preview with a full build of the same content, page for page.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from maillage.model import SchemaSet
from maillage.model.layout import Kind, Layout, scan
from maillage.model.numbers import french_decimal
from maillage.site import search, text, urls
from maillage.site.forked import Forked
from maillage.site.inclusion import generated_inclusion

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

    from maillage.model import Commons
    from maillage.site.catalogue import Catalogue
    from maillage.site.meetpages import MeetPages
    from maillage.site.plugin import GeneratedPage, MaillagePlugin

log = logging.getLogger("mkdocs.plugins.maillage")

# What changes in the content folder the preview handles itself: entries and their data files
# (hidden files, such as an editor's swap files, are never published).
_ENTRY_KINDS = (Kind.ENTRY, Kind.DATA)
_IGNORED_KINDS = (Kind.HIDDEN,)
# Pages made from the whole commons: always rendered again (one each).
# MkDocs' development server logs each request it answers with an error (404) as a warning.
_SERVER_LOG = "mkdocs.livereload"
_WHOLE_COMMONS = ("listing", "territories", "map", "search", "data", "meet")


@dataclass
class BuildState:
    """What the last full build left, for the preview to render pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation | None = None
    env: Environment | None = None
    theme: Environment | None = None
    schemas: SchemaSet | None = None
    complete: bool = False
    # The content folder's files (relative path → kind and stamp) and the other watched files.
    stamps: dict[str, tuple[Kind, tuple[int, int]]] = field(default_factory=dict)
    watched: dict[str, tuple[int, int]] = field(default_factory=dict)
    # For each generated page: the URLs it links to (site-relative) and the entries (`@id`) and
    # communes (`@commune:<code>`) it asked to link to.
    links: dict[str, frozenset[str]] = field(default_factory=dict)

    def record(self, src: str, hrefs: Iterable[str], page_url: str, attempts: Iterable[str]) -> None:
        """Remember what a generated page links to (relative hrefs resolved from its URL)."""
        folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        keys = {f"@{target}" for target in attempts}
        for href in hrefs:
            if not href or "://" in href or href.startswith(("/", "mailto:", "tel:")):
                continue
            keys.add(_normal_url(posixpath.join(folder, href)))
        self.links[src] = frozenset(keys)

    def linking(self, keys: set[str]) -> set[str]:
        """The pages that linked (or tried to) to any of these URLs or `@` keys."""
        return {src for src, targets in self.links.items() if not targets.isdisjoint(keys)}


def _in_build_order(files: Files, config: MkDocsConfig, before: dict[str, GeneratedPage],
                    planned: dict[str, tuple[GeneratedPage, bool]]) -> Files:
    """MkDocs' files with the generated pages in the order a full build adds them (the sitemap
    lists pages in this order): where they were, in the plugin's order, new ones created."""
    current = list(files)
    generated = before.keys() | planned.keys()
    first = next((i for i, f in enumerate(current) if f.src_uri in generated), len(current))
    pages = []
    for src, (_, in_nav) in planned.items():
        file = files.get_file_from_path(src)
        if file is None:
            file = File.generated(config, src, content="", inclusion=generated_inclusion(config, src, in_nav))
        pages.append(file)
    return Files([f for f in current[:first] if f.src_uri not in generated] + pages
                 + [f for f in current[first:] if f.src_uri not in generated])


@contextmanager
def warnings_counted(strict: bool) -> Iterator[None]:
    """Count the warnings logged while pages render again; in strict mode, say that a build would
    fail on them. The server's request log is left out: a visitor asking meanwhile for a page that
    is gone (a 404, logged as a warning by MkDocs' server) is no problem of the content."""
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    counter.addFilter(lambda record: not record.name.startswith(_SERVER_LOG))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        yield
    finally:
        logger.removeHandler(counter)
    count = sum(n for _, n in counter.get_counts())
    if count and strict:
        log.error(text.PREVIEW_STRICT.format(count=count))


def _normal_url(url: str) -> str:
    normal = posixpath.normpath(url)
    return "" if normal == "." else normal.removesuffix("/index.html").removesuffix("index.html").strip("/") + "/"


@dataclass
class Snapshot:
    """The content folder's files (relative path → kind and stamp), the stamps of the other files a
    change of which needs a full build, and the content folder's scan (loaded from, not scanned again)."""

    stamps: dict[str, tuple[Kind, tuple[int, int]]]
    watched: dict[str, tuple[int, int]]
    layout: Layout


def snapshot(config: MkDocsConfig, schemas: SchemaSet) -> Snapshot | None:
    """The content folder's files with their stamps, and the stamps of the other files a change of
    which needs a full build (mkdocs.yml, the commons' schemas, the theme's folder, `watch`);
    None when the content folder has a file the build refuses (the full build says which)."""
    base = Path(config.config_file_path or ".").parent
    layout = scan(Path(config.docs_dir), schemas, base)
    if layout.problems:
        return None
    stamps = {f.relative: (f.kind, f.stamp) for f in layout.files if f.kind not in _IGNORED_KINDS}
    roots = [base / "schemas", *(Path(p) for p in config.watch)]
    if config.config_file_path:
        roots.append(Path(config.config_file_path))
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    watched: dict[str, tuple[int, int]] = {}
    for root in roots:
        for path in [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file()):
            info = path.stat()
            watched[str(path)] = (info.st_mtime_ns, info.st_size)
    return Snapshot(stamps, watched, layout)


@dataclass
class Change:
    """Entry files added, removed or changed since the last build (relative paths)."""

    paths: set[str]
    ids: set[str]
    now: Snapshot


class Preview:
    """Stands in for the server's builder: the pages an edit changes, or MkDocs' full build."""

    def __init__(self, plugin: MaillagePlugin, full_build: Callable[[], None]) -> None:
        self.plugin = plugin
        self.full_build = full_build
        # Pages made from the whole commons, rendered right after the others (second phase): their
        # site-relative URLs, which a request waits for (`gate`), and the thread rendering them.
        self.pending: dict[str, str] = {}
        self._second: threading.Thread | None = None
        self._stop_second = False

    def gate(self, app: Callable[..., Any]) -> Callable[..., Any]:
        """The server's application, made to wait for a page still to be rendered again: a request
        never gets a page older than the edit it follows."""

        def waiting(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            second, pending = self._second, self.pending
            if second is not None and pending:
                path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
                state = self.plugin.state
                mount = urlsplit(state.config.site_url or "/").path if state is not None else "/"
                if _normal_url(path.removeprefix(mount).lstrip("/")) in pending.values():
                    second.join()
            return app(environ, start_response)

        return waiting

    def rebuild(self) -> None:
        """Called by the server after files changed."""
        plugin = self.plugin
        plugin.deferred.stop()  # its files would be those of the previous content
        start = time.monotonic()
        leftover = self._stop_second_phase()
        state = plugin.state
        change = self._change(state) if state is not None and state.complete else None
        if change is None:
            log.info(text.PREVIEW_FULL)
            self.pending = {}
            self.full_build()
            return
        if not change.paths and not leftover:
            plugin.deferred.resume()
            return
        assert state is not None
        try:
            with warnings_counted(state.config.strict):
                rendered, removed, later = self._update(state, change)
        except PluginError as exc:
            # The last valid site stays served; the next edit starts again from it.
            log.error(text.PREVIEW_REFUSED.format(reason=exc))
            self.pending = leftover
            return
        log.info(text.PREVIEW_DONE.format(
            seconds=french_decimal(time.monotonic() - start), changed=text.french_list(sorted(change.paths)),
            rendered=rendered, removed=removed))
        self._start_second_phase(state, {**leftover, **later})

    def _stop_second_phase(self) -> dict[str, str]:
        """Stop rendering the pages made from the whole commons; those not rendered yet."""
        second = self._second
        if second is not None:
            self._stop_second = True
            second.join()
        self._second, self._stop_second = None, False
        return dict(self.pending)

    def _start_second_phase(self, state: BuildState, pages: dict[str, str]) -> None:
        """Render the pages made from the whole commons (listings, map, dashboard, coverage, the
        editorial pages) after the page that was edited is served; then the background work."""
        self.pending = pages
        plugin = self.plugin

        def second() -> None:
            start = time.monotonic()
            with warnings_counted(state.config.strict):
                for src in sorted(pages):
                    if self._stop_second:
                        return  # the next edit renders them (`pending`)
                    self._render(state, [src])
                self.pending = {}
            log.info(text.PREVIEW_WHOLE.format(seconds=french_decimal(time.monotonic() - start), count=len(pages)))
            plugin.deferred.start(lambda: plugin.write_deferred(Path(state.config.site_dir), state.config),
                                  Path(state.config.site_dir),
                                  plugin.search_indexing() if plugin.config.search_index else None)

        self._second = threading.Thread(target=second, daemon=True)
        self._second.start()

    def _change(self, state: BuildState) -> Change | None:
        """The entry files changed since the last build, or None when something else changed."""
        assert state.schemas is not None
        now = snapshot(state.config, state.schemas)
        if now is None or now.watched != state.watched:
            return None
        stamps = now.stamps
        paths = {p for p in stamps.keys() | state.stamps.keys() if stamps.get(p) != state.stamps.get(p)}
        for path in paths:
            kinds = {item[0] for item in (stamps.get(path), state.stamps.get(path)) if item is not None}
            if not kinds <= set(_ENTRY_KINDS):
                return None
        return Change(paths, {posixpath.splitext(posixpath.basename(p))[0] for p in paths}, now)

    def _update(self, state: BuildState, change: Change) -> tuple[int, int, dict[str, str]]:
        """Load the commons again, render the pages the change reaches but those made from the whole
        commons; (rendered, removed, the latter by source path with their URLs)."""
        plugin, config, files = self.plugin, state.config, state.files
        before = _Before(plugin)
        commons = plugin.load(config, change.now.layout)
        assert state.theme is not None
        plugin.prepare(commons, config, state.theme)
        planned = {src: (page, in_nav) for src, page, in_nav in plugin.planned_pages()}
        added = planned.keys() - before.pages.keys()
        removed = before.pages.keys() - planned.keys()
        reached = self._reached(state, before, change, added | removed, planned)
        for src in sorted(removed):
            self._remove(state, src)
        for src in added:
            if src in plugin.editorial:
                raise PluginError(text.RESERVED_PAGE.format(path=src))
        if added or removed:
            state.files = files = _in_build_order(files, config, before.pages, planned)
        for src, (page, _) in planned.items():
            taken = before.pages.get(src)
            if page.entry is None and taken is not None and taken.entry is not None:
                raise PluginError(text.RESERVED_ID.format(path=taken.entry.document.path, id=taken.entry.id))
        plugin.pages = {src: page for src, (page, _) in planned.items()}
        targets = (reached | added) & planned.keys()
        targets |= plugin.editorial
        census = files.get_file_from_path(urls.CENSUS_PAGE) if plugin.census is not None else None
        if census is not None and census.content_string != plugin.census:
            census.content_string = plugin.census
            targets.add(urls.CENSUS_PAGE)
        whole = {src for src in targets if src in plugin.editorial or src == urls.CENSUS_PAGE
                 or (src in planned and planned[src][0].kind in _WHOLE_COMMONS)}
        self._render(state, sorted(targets - whole))
        self._write_files(state)
        if added or removed:
            for name in config.theme.static_templates:
                mkdocs_build._build_theme_template(name, state.env, files, config, state.nav)  # type: ignore[arg-type]
        state.stamps = change.now.stamps
        later = {src: file.url for src in whole if (file := files.get_file_from_path(src)) is not None}
        return len(targets), len(removed), later

    def _reached(self, state: BuildState, before: _Before, change: Change, come_or_gone: set[str],
                 planned: dict[str, tuple[GeneratedPage, bool]]) -> set[str]:
        """The generated pages an edit of these entries may change."""
        plugin = self.plugin
        catalogues = [c for c in (before.catalogue, plugin.catalogue) if c is not None]
        ids = set(change.ids)
        # Entries linked to or from a changed one, in the commons before and after.
        for commons in (before.commons, plugin.commons):
            for reference in commons.references if commons is not None else ():
                if reference.source in change.ids:
                    ids.add(reference.target)
                elif reference.target in change.ids:
                    ids.add(reference.source)
        ids |= self._meeting(before, change.ids)
        reached: set[str] = set()
        keys = {f"@{i}" for i in change.ids}
        for catalogue in catalogues:
            for entry_id in ids:
                entry = catalogue.entries.get(entry_id)
                if entry is not None:
                    reached.add(urls.entry_src(entry))
            for entry_id in change.ids:
                entry = catalogue.entries.get(entry_id) or catalogue.commons.entries.get(entry_id)
                if entry is None:
                    continue
                keys.add(urls.entry_url(entry))
                if entry.type.listing:
                    reached.add(urls.listing_src(entry.type))
                for place in catalogue.places_of.get(entry_id, {}).values():
                    reached.add(urls.place_src(place))
        for src in come_or_gone:
            page = planned[src][0] if src in planned else before.pages[src]
            if page.territory is not None and page.territory.place.kind == "commune":
                keys.add(f"@commune:{page.territory.place.code}")
            keys.add(_normal_url(src.removesuffix(".md") + "/"))
        reached |= state.linking(keys)
        reached |= {src for src, (page, _) in planned.items() if page.kind in _WHOLE_COMMONS}
        return reached

    def _meeting(self, before: _Before, changed: set[str]) -> set[str]:
        """Actors whose suggestions or things to borrow change, and the Job Blender Day editions
        (their pairings weigh every actor). An actor the change can reach (`reached_by`: it searched
        as far as where a changed actor or thing is) is asked again; its page is made again only
        when the answer differs."""
        after = self.plugin.meet
        if before.meet is None or after is None:
            return set()
        found = set(before.meet.pairings) | set(after.pairings)
        old, new = before.meet.suggester, after.suggester
        # Carried over for the pages not made again (those made again record theirs).
        for name in ("reach", "borrow_reach", "given", "lent_given"):
            getattr(new, name).update(getattr(old, name))
        limit = after.options.suggestions
        lenders = {thing.id for s in (old, new) for thing in s.things.values() if set(thing.lenders) & changed}
        asked: set[str] = set()
        lent: set[str] = set()
        for suggester in (old, new):
            for entry_id in changed:
                profile = suggester.profiles.get(entry_id)
                if profile is not None:
                    asked |= {a for a, rank in suggester.reached_by(profile).items() if rank <= old.reach.get(a, -1)}
            for entry_id in changed | lenders:
                thing = suggester.things.get(entry_id)
                if thing is not None:
                    lent |= {a for a, rank in suggester.reached_by_thing(thing).items()
                             if rank <= old.borrow_reach.get(a, -1)}
        found |= {a for a in asked - changed if new.for_actor(a, limit) != old.given.get(a)}
        found |= {a for a in lent - changed if new.to_borrow(a, limit) != old.lent_given.get(a)}
        return found

    def _write_files(self, state: BuildState) -> None:
        """The files the pages need that are not pages: the map's outlines, the pictures."""
        plugin, config, files = self.plugin, state.config, state.files
        layers = plugin.map_layers(config)
        if layers is not None:
            known = files.get_file_from_path(layers.src_uri)
            if known is None or known.content_string != layers.content_string:
                if known is not None:
                    files.remove(known)
                files.append(layers)
                layers.copy_file()
        if plugin.pictures is not None:
            plugin.pictures.write(Path(config.site_dir))

    def _remove(self, state: BuildState, src: str) -> None:
        """Take a page out of the site: its file in MkDocs' list, its folder in the served site."""
        file = state.files.get_file_from_path(src)
        state.links.pop(src, None)
        if file is None:
            return
        state.files.remove(file)
        folder = Path(state.config.site_dir) / file.url
        if file.url and folder.is_dir():
            shutil.rmtree(folder)
        elif Path(file.abs_dest_path).is_file():
            os.remove(file.abs_dest_path)

    def _render(self, state: BuildState, sources: list[str]) -> None:
        """Read and write these pages as MkDocs' build does (its own functions, page by page)."""
        config, files = state.config, state.files
        documents = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for src in sources:
            file = files.get_file_from_path(src)
            if file is None:
                continue
            if file.page is None:
                Page(None, file, config)
            assert file.page is not None
            mkdocs_build._populate_page(file.page, config, files)
            mkdocs_build._build_page(file.page, config, documents, state.nav, state.env)  # type: ignore[arg-type]


class _Before:
    """The plugin's state before an edit (the pages that linked to a changed entry are found
    from it, and so are the entries it linked to)."""

    def __init__(self, plugin: MaillagePlugin) -> None:
        self.commons: Commons | None = plugin.commons
        self.catalogue: Catalogue | None = plugin.catalogue
        self.meet: MeetPages | None = plugin.meet
        self.pages: dict[str, GeneratedPage] = dict(plugin.pages)


class Deferred:
    """The work no page waits for under the preview — open data, calendars, draws' files and the
    Pagefind index — done in a background process (`Forked`), stopped when the next edit comes.
    The index is written beside the site and swapped in whole, so a search never reads half an index."""

    def __init__(self) -> None:
        self.work: Forked | None = None
        self._job: tuple[Callable[[], None], Path, search.Indexing | None] | None = None
        self._interrupted = False

    def start(self, write: Callable[[], None], site_dir: Path, index: search.Indexing | None) -> None:
        """Start the work for the site as it is now (stopping any work still running); Pagefind
        indexes it as `index` says, if given."""
        self.stop()
        self._job, self._interrupted = (write, site_dir, index), False

        def work() -> None:
            write()
            if index is not None:
                _swap_index(site_dir, index)

        started = time.monotonic()
        self.work = Forked(work)
        threading.Thread(target=self._report, args=(self.work, started), daemon=True).start()

    def resume(self) -> None:
        """Start again the work that was stopped, when nothing changed meanwhile."""
        if self._job is not None and self._interrupted:
            self.start(*self._job)

    def _report(self, work: Forked, started: float) -> None:
        failure = work.wait()
        if self.work is work:
            self.work = None
        if failure == "":
            return  # stopped for a newer edit
        if failure is not None:
            log.error(text.DEFERRED_FAILED.format(reason=failure))
        else:
            log.info(text.DEFERRED_DONE.format(seconds=french_decimal(time.monotonic() - started)))

    def stop(self) -> None:
        """Stop the work (and the Pagefind it runs) if it is still running."""
        work, self.work = self.work, None
        if work is not None and work.pid is not None:
            self._interrupted = True
            work.kill()


def _swap_index(site_dir: Path, how: search.Indexing) -> None:
    """Index the site into a folder beside the live index, then put it in place."""
    fresh, live, old = site_dir / ".pagefind-nouveau", site_dir / "pagefind", site_dir / ".pagefind-ancien"
    for folder in (fresh, old):
        shutil.rmtree(folder, ignore_errors=True)
    search.index(site_dir, output=fresh, how=how)
    if live.exists():
        live.rename(old)
    fresh.rename(live)
    shutil.rmtree(old, ignore_errors=True)
