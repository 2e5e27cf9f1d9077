"""Make contributed HTML safe: an allowlist sanitizer (nh3, i.e. ammonia) and nothing else.

Rendered Markdown of entry bodies and long text fields passes through `clean` before it
reaches a page. Only structural tags survive; no event handler, no `style`, no `id` (which
could clobber the page's own elements), no image (a third-party request), and links keep
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
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes produced by the admonition extension, the only ones we keep.
_CLASSES = {"admonition", "admonition-title", "note", "warning", "tip", "info", "danger", "example"}
_H1 = re.compile(r"<(/?)h1>")
# nh3's serialisation: attributes double-quoted, `<`, `>`, `"` and `&` in values escaped.
_ANCHOR = re.compile(r"<a(\s[^>]*)?>|</a>")
_HREF = re.compile(r'\shref="([^"]*)"')


def _keep_class(element: str, attribute: str, value: str) -> str | None:
    if attribute != "class":
        return value
    kept = [name for name in value.split() if name in _CLASSES]
    return " ".join(kept) or None


def clean(html: str) -> Markup:
    """Sanitize contributed HTML; the page's own `<h1>` is the title, so `<h1>` becomes `<h2>`."""
    safe = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        attribute_filter=_keep_class,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )
    # nh3 re-serialises the tree, so a literal "<h1>" or "<a" can only be a real tag here.
    return Markup(_H1.sub(r"<\1h2>", _fix_anchors(safe)))


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
