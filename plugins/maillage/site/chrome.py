"""Render the theme's page chrome once per URL depth for pages outside the navigation.

Material renders the whole nav, the `<head>` assets and the footer with its configuration
script on every page. For the thousands of entry and territory pages (not in the nav, so
nothing in it is active, no previous or next page) that HTML only depends on how deep the
page is, because links are relative. Measured: the nav was a third of the theme's time per
page, the head and the footer another third. Those pages get a compact navigation (the same
links, `partials/maillage/nav-compact.html`) and their cached parts lose the templates'
indentation: an entry page is a third lighter, for every visitor and for Pagefind.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `maillage apercu` renders without importing MkDocs
    from mkdocs.structure.pages import Page

# Indentation and blank lines of the theme's templates (the parts cached here hold no `<pre>`).
_LAYOUT = re.compile(r"[ \t]*\n\s*")
# Preformatted text, where spaces are content, and scripts (data); elsewhere a run of spaces
# renders as one.
_KEPT = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")  # not \s: a no-break space is text
_SPACES = re.compile(r"[ \t]{2,}")
# The same runs where there is no tab: a pattern starting with a plain character is searched
# for far faster than one starting with a class (six times, on entry pages).
_ONLY_SPACES = re.compile(r"  +")


class ChromeCache:
    """Rendered parts of the theme (`nav`, `head`, `tail`) by URL depth, for pages not in the
    navigation; a new one every build (`mkdocs serve` rebuilds)."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, int], str] = {}

    @staticmethod
    def _key(page: Page | None, part: str) -> tuple[str, int] | None:
        if page is None or not page.file.inclusion.is_not_in_nav():
            return None
        return part, _depth(page)

    def cacheable(self, page: Page | None) -> bool:
        """Whether the page's chrome comes from the cache (a page outside the navigation)."""
        return page is not None and page.file.inclusion.is_not_in_nav()

    def get(self, page: Page | None, part: str) -> str | None:
        """The cached HTML of a part for this page, if any."""
        key = self._key(page, part)
        return None if key is None else self._html.get(key)

    def put(self, page: Page | None, part: str, html: str) -> str:
        """Remember a rendered part (when cacheable) and return it, without the templates' layout
        whitespace (one newline stands for any run of it)."""
        key = self._key(page, part)
        if key is not None:
            html = self._html[key] = _LAYOUT.sub("\n", html)
        return html


def _depth(page: Page) -> int:
    return page.url.strip("/").count("/") + 1 if page.url.strip("/") else 0


def without_layout(html: str) -> str:
    """HTML without its templates' indentation, blank lines and runs of spaces, preformatted text
    and scripts kept as they are (an entry page loses about a tenth of its bytes, the same text
    shown)."""
    parts = _KEPT.split(html)
    parts[::2] = [_single_spaces(_INDENT.sub("\n", part)) for part in parts[::2]]
    return "".join(parts)


def _single_spaces(text: str) -> str:
    """Runs of spaces and tabs made one space. A run of two needs "  " or a tab, which a substring
    search finds far faster than the regular expression scans for it (most parts have neither)."""
    if "\t" in text:
        return _SPACES.sub(" ", text)
    return _ONLY_SPACES.sub(" ", text) if "  " in text else text
