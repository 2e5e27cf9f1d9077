"""Markdown of contributed long text fields (`deroulement`, `enseignements`…), rendered then sanitized."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup, escape

from maillage.site.sanitize import clean

_EXTENSIONS = ["tables", "sane_lists", "admonition"]

# Text with none of these is plain prose for Markdown: paragraphs separated by blank lines.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>#|~&!]|^(?: {0,3}(?:\d+[.)]|[-+=:])| {4}|\t)|  $", re.MULTILINE)
_PARAGRAPHS = re.compile(r"\n\s*\n")


class RichText:
    """One Markdown converter reused for every field of the build (creating one is costly)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")

    def render(self, text: str) -> Markup:
        """Markdown → sanitized HTML (plain prose takes a shortcut: escaped paragraphs)."""
        if not _MARKDOWN_SYNTAX.search(text):
            paragraphs = (part.strip() for part in _PARAGRAPHS.split(text))
            return Markup("\n").join(Markup(f"<p>{escape(part)}</p>") for part in paragraphs if part)
        self._md.reset()
        return clean(self._md.convert(text))
