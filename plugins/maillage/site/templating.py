"""Our page templates, resolved through the theme's Jinja environment, so that a commons can
override any of them from its theme `custom_dir` as Material lets users override its own.

As Material's tags plugin does (`material/plugins/tags/renderer`), the templates are looked up
by the theme's loader first: `<custom_dir>/fragments/maillage/entry.html` replaces our entry
page, `<custom_dir>/fragments/maillage/meet/agenda.html` the agenda. Those not overridden come
from `site/templates/`, which is not a theme directory (MkDocs would publish its files). The
environment is an overlay of the theme's with autoescape on: every value a template prints is
escaped unless it is `Markup` built by our code, in an override too.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
FRAGMENTS = "fragments/maillage"  # where a commons puts its own copy of one of our templates


def page_environment(theme: Environment | None = None) -> Environment:
    """An environment for our templates: the theme's loader first (a commons' overrides), then
    ours; the theme's filters and globals (copied, never changed); autoescape on."""
    ours = PrefixLoader({"fragments": PrefixLoader({"maillage": FileSystemLoader(TEMPLATES)})})
    loaders: list[BaseLoader] = [theme.loader, ours] if theme is not None and theme.loader else [ours]
    settings = {
        "loader": ChoiceLoader(loaders),
        "autoescape": select_autoescape(default=True, default_for_string=True),
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if theme is None:
        return Environment(**settings)
    env = theme.overlay(**settings)
    # An overlay shares the theme's dictionaries: ours get their own, so that our filters never
    # reach the theme's templates.
    env.filters = dict(theme.filters)
    env.globals = dict(theme.globals)
    return env


def template_name(name: str) -> str:
    """The name a template is looked up by (and a commons overrides): `fragments/maillage/entry.html`."""
    return f"{FRAGMENTS}/{name}"
