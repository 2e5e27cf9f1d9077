"""A public site's due: a legal notice and an accessibility statement (RGAA), linked from every
footer. A commons writes its own (`maillage nouveau` starts them from its kit); one that lacks
them gets the kit's pages at build time, with their « À COMPLÉTER » blanks in plain sight, so that
no published commons is without them.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

from jinja2 import Environment, StrictUndefined

from maillage.model.dates import french_date
from maillage.site import urls

# The same templates `maillage nouveau` writes into a new commons (data of the package, read as
# files: the site does not import the starter).
KIT_CONTENT = "starter/kit/content"


def default_page(src: str, site_name: str, today: date) -> str:
    """The Markdown of the kit's page for `src` (`mentions-legales.md`, `accessibilite.md`)."""
    template = resources.files("maillage").joinpath(f"{KIT_CONTENT}/{src}.j2").read_text("utf-8")
    env = Environment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    return env.from_string(template).render(site_name=site_name, today=french_date(today))


def missing_pages(present: set[str]) -> list[str]:
    """The legal pages a commons lacks, by source path."""
    return [src for src, _ in urls.LEGAL_PAGES if src not in present]
