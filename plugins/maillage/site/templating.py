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
from weakref import WeakKeyDictionary

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    select_autoescape,
)
from jinja2.bccache import Bucket

TEMPLATES = Path(__file__).parent / "templates"
FRAGMENTS = "fragments/maillage"  # where a commons puts its own copy of one of our templates


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process for one theme: the preview makes a new environment for
    every edit, and compiling our templates again took a tenth of its time at 15,000 entries. A
    template whose source changed is compiled again (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# One cache per theme environment (its extensions and settings shape the compiled code).
_COMPILED: WeakKeyDictionary[Environment, _CompiledTemplates] = WeakKeyDictionary()


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
    compiled = _COMPILED.get(theme)
    if compiled is None:
        compiled = _COMPILED[theme] = _CompiledTemplates()
    env = theme.overlay(**settings, bytecode_cache=compiled)
    # An overlay shares the theme's dictionaries: ours get their own, so that our filters never
    # reach the theme's templates.
    env.filters = dict(theme.filters)
    env.globals = dict(theme.globals)
    return env


def template_name(name: str) -> str:
    """The name a template is looked up by (and a commons overrides): `fragments/maillage/entry.html`."""
    return f"{FRAGMENTS}/{name}"


def add_shared_macros(env: Environment) -> None:
    """Give our templates their shared macros (`show_picture`, `origin`) as globals, once the
    environment has its filters. Imported by each template instead (`{% from … import %}`), they
    cost at every render a set difference over all the globals (Jinja's check that the imported
    template need not see new ones): twice for each of 15,000 entry pages."""
    env.globals["show_picture"] = env.get_template(template_name("picture.html")).module.picture
    env.globals["origin"] = env.get_template(template_name("origin.html")).module.origin
