"""Make contributed HTML safe: an allowlist sanitizer (nh3, i.e. ammonia) and nothing else.

Rendered Markdown of entry bodies, long text fields and editorial pages passes through `clean`
before it reaches a page: one policy for everything contributed. Only structural tags survive;
no event handler, no `style`, no `id` but a heading's plain anchor (lowercase words and hyphens,
so that no contributed id can stand for the theme's `__…` elements and a table of contents
still links to its headings), no image (a third-party request), and links keep
only http, https, mailto and tel URLs — `javascript:`, `data:` and `vbscript:` are dropped.
A link whose URL was dropped is unwrapped (its text stays), and kept URLs are
percent-encoded so that no `href` holds a space, `<`, `>` or a backslash.
"""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup

from maillage.site import urls

_TAGS = {
    "p", "br", "hr", "a", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small",
    "sub", "sup", "abbr", "q", "cite", "code", "kbd", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "div", "span",
}
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
for _heading in _HEADINGS:
    _ATTRIBUTES[_heading] = {"id"}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes produced by the admonition extension, the only ones we keep.
_CLASSES = {"admonition", "admonition-title", "note", "warning", "tip", "info", "danger", "example"}
_H1 = re.compile(r"<(/?)h1([ >])")
_ANCHOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# nh3's serialisation: attributes double-quoted, `<`, `>`, `"` and `&` in values escaped.
_ANCHOR = re.compile(r"<a(\s[^>]*)?>|</a>")
_HREF = re.compile(r'\shref="([^"]*)"')


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _ANCHOR_ID.fullmatch(value) else None
    if attribute != "class":
        return value
    kept = [name for name in value.split() if name in _CLASSES]
    return " ".join(kept) or None


def clean(html: str, *, keep_h1: bool = False) -> Markup:
    """Sanitize contributed HTML. On an entry page the page's own `<h1>` is the title, so `<h1>`
    becomes `<h2>`; an editorial page (`keep_h1`) keeps its first heading as its title."""
    safe = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    # nh3 re-serialises the tree, so a literal "<h1>" or "<a" can only be a real tag here.
    safe = _fix_anchors(safe)
    return Markup(safe if keep_h1 else _H1.sub(r"<\1h2\2", safe))


def _fix_anchors(safe: str) -> str:
    """Unwrap anchors left without `href` (nh3 still gives them `rel`), percent-encode the others.

    Anchors never nest once parsed, so each `</a>` closes the last opened one.
    """
    kept: list[bool] = []

    def rewrite(match: re.Match[str]) -> str:
        if match.group(0) == "</a>":
            return "</a>" if not kept or kept.pop() else ""
        href = _HREF.search(match.group(1) or "")
        kept.append(href is not None)
        if href is None:
            return ""
        encoded = html.escape(urls.href(html.unescape(href.group(1))))
        return match.group(0).replace(href.group(0), f' href="{encoded}"', 1)

    return _ANCHOR.sub(rewrite, safe)
