"""Render Material's navigation once per URL depth for pages outside the navigation.

Material renders the whole nav on every page; for the thousands of entry and territory
pages (not in the nav, so nothing in it is active) the HTML only depends on how deep the
page is, because links are relative. Measured: a third of the theme's time per page.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page


class NavCache:
    """Rendered nav HTML by URL depth, for pages not in the navigation; reset every build."""

    def __init__(self) -> None:
        self._html: dict[int, str] = {}

    @staticmethod
    def _key(page: Page | None) -> int | None:
        if page is None or not page.file.inclusion.is_not_in_nav():
            return None
        return _depth(page)

    def get(self, page: Page | None) -> str | None:
        """The cached nav for this page, if any."""
        key = self._key(page)
        return None if key is None else self._html.get(key)

    def put(self, page: Page | None, html: str) -> str:
        """Remember a rendered nav (when cacheable) and return it."""
        key = self._key(page)
        if key is not None:
            self._html[key] = html
        return html


def _depth(page: Page) -> int:
    return page.url.strip("/").count("/") + 1 if page.url.strip("/") else 0
