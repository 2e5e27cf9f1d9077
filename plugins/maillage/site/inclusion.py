"""Whether a page the site generates appears in the navigation.

MkDocs applies a commons' `not_in_nav` patterns only to the files it finds in `content/`; a
generated page says its own inclusion. The full build and the preview ask here, so a generated page
the commons keeps out of its menu (`maintenance.md`, linked from elsewhere) is out of it in both,
and MkDocs does not list it among « pages not included in the nav » on every build.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import InclusionLevel


def generated_inclusion(config: MkDocsConfig, src: str, in_nav: bool) -> InclusionLevel:
    """In the nav when the plugin plans it there and the commons' `not_in_nav` does not name it."""
    kept_out = config.get("not_in_nav")
    if in_nav and not (kept_out and kept_out.match_file(src)):
        return InclusionLevel.INCLUDED
    return InclusionLevel.NOT_IN_NAV
