"""Markdown of contributed long text fields (`deroulement`, `enseignements`…), rendered then sanitized."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from maillage.site.sanitize import clean

_EXTENSIONS = ["tables", "sane_lists", "admonition"]


class RichText:
    """One Markdown converter reused for every field of the build (creating one is costly)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")

    def render(self, text: str) -> Markup:
        """Markdown → sanitized HTML."""
        self._md.reset()
        return clean(self._md.convert(text))
