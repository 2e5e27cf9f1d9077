"""Options of the `maillage` MkDocs plugin (prefixed by concern, as Material's plugins do)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class MaillageConfig(Config):
    """`plugins: - maillage:` options in mkdocs.yml."""

    enabled = c.Type(bool, default=True)

    # Show "Mis à jour le" from git history (one `git log` for the whole build).
    git_dates = c.Type(bool, default=True)

    # Index the built site with Pagefind after the build (under `mkdocs serve` too).
    search_index = c.Type(bool, default=True)

    # Write the open-data files (CSV, JSON, GeoJSON, iCalendar, Atom) after the build.
    exports = c.Type(bool, default=True)

    # How many entries of each type a territory page lists before linking to the filtered listing.
    territory_limit = c.Type(int, default=60)
