"""Entry pages rendered in two processes: the full build's second core for the pages themselves.

Once MkDocs has read every page and built its Jinja environment (`on_env`), a forked child renders
and writes every second entry page with MkDocs' own page function, the same environment and the
same navigation, while the parent renders the others. The child inherits everything in memory
(nothing is pickled), so each page is the same byte for byte as in a one-process build. In the
parent, a page left to the child gets an empty template (known to the parent's environment only):
MkDocs writes nothing for it (the child does), and the line MkDocs logs for an empty page is
filtered out. What the child logs (a warning
counts in strict mode) is sent back and logged again by the parent.

Used only where it is safe: a full build (not the preview), a machine with two cores or more,
`fork` available with no other thread, and no other plugin handling the events that run on a page
left to the child or read the written site (their work would be lost with the child, or would
read the site before the child has written it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import Files, InclusionLevel

from maillage.site.forked import Forked, can_fork

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# Renders nothing, so that MkDocs writes nothing (the child writes the page).
ELSEWHERE_TEMPLATE = "maillage/ailleurs.html"
# The events MkDocs runs on a page in `_build_page` (around its template), and after the pages.
_PAGE_EVENTS = ("page_context", "post_page", "post_build")
_SKIPPED = "Page skipped: '{src}'. Generated empty output."


def two_cores() -> bool:
    """Whether this machine lets the build use two cores (and `fork` may be used now)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2 and can_fork()


def others_on_page_events(config: MkDocsConfig, ours: object) -> bool:
    """Whether a plugin other than `ours` handles the events run while a page is written."""
    return any(getattr(method, "__self__", None) is not ours
               for event in _PAGE_EVENTS for method in config.plugins.events[event])


def every_second(files: Files, sources: Collection[str]) -> list[Page]:
    """Every second page among `sources`, in MkDocs' order: the child's share."""
    wanted = set(sources)  # a list here made this quadratic: 0.9 s at 15,000 entries
    pages = [file.page for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
             if file.src_uri in wanted and file.page is not None]
    return pages[1::2]


class Apart:
    """The child rendering its share of the pages, and the parent's side of the deal."""

    def __init__(self, pages: list[Page], config: MkDocsConfig, files: Files, nav: Navigation,
                 env: Environment) -> None:
        self.sources = {page.file.src_uri for page in pages}
        self.child = Forked(lambda: _render(pages, config, files, nav, env))
        env.loader = ChoiceLoader([DictLoader({ELSEWHERE_TEMPLATE: ""}), env.loader])  # type: ignore[list-item]
        for page in pages:  # after the fork: the child renders them with their own template
            page.meta["template"] = ELSEWHERE_TEMPLATE
        self._filter = _SkippedFilter(self.sources)
        logging.getLogger(mkdocs_build.__name__).addFilter(self._filter)

    def wait(self) -> str | None:
        """Wait for the child: None when its pages are written, else why not. What it logged is
        logged again here."""
        failure = self.child.wait()
        logging.getLogger(mkdocs_build.__name__).removeFilter(self._filter)
        for name, level, message in self.child.result or []:
            logging.getLogger(name).log(level, message)
        return failure

    def kill(self) -> None:
        """Stop the child (a failed build)."""
        self.child.kill()
        self.child.wait()
        logging.getLogger(mkdocs_build.__name__).removeFilter(self._filter)


def _render(pages: list[Page], config: MkDocsConfig, files: Files, nav: Navigation,
            env: Environment) -> list[tuple[str, int, str]]:
    """In the child: render and write the pages as MkDocs' build loop does; what was logged."""
    documents = files.documentation_pages(inclusion=InclusionLevel.is_included)
    with _captured() as records:
        for page in pages:
            mkdocs_build._build_page(page, config, documents, nav, env)  # type: ignore[arg-type]
    return records


@contextmanager
def _captured() -> Iterator[list[tuple[str, int, str]]]:
    """Hold back MkDocs' log records (warnings and above) for the parent, instead of printing them."""
    logger = logging.getLogger("mkdocs")
    records: list[tuple[str, int, str]] = []
    handler = _Collect(records)
    saved = logger.handlers[:]
    logger.handlers = [handler]
    try:
        yield records
    finally:
        logger.handlers = saved


class _Collect(logging.Handler):
    def __init__(self, records: list[tuple[str, int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _SkippedFilter(logging.Filter):
    """Drops MkDocs' "empty output" line for the pages the child writes."""

    def __init__(self, sources: set[str]) -> None:
        super().__init__()
        self.lines = {_SKIPPED.format(src=src) for src in sources}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.lines
