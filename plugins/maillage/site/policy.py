"""The site's Content-Security-Policy: a second wall behind the sanitizer.

GitHub Pages and GitLab Pages let a site set no HTTP header, so the policy travels in each page
as `<meta http-equiv="Content-Security-Policy">` (first in `<head>`, before any script). It allows
only the site's own scripts (Material's inline scripts are served as files by our theme
overrides, `overrides/partials/javascripts/`), Pagefind's WebAssembly (`'wasm-unsafe-eval'`), the
site's own styles, and images from the site and the map's tile server. A meta policy cannot set
`frame-ancestors`: a host that can send headers should add `frame-ancestors 'none'` there.
"""

from __future__ import annotations

# The map's tiles (`assets/map.js`): the only third-party origin a page may reach.
TILE_ORIGINS = ("https://tile.openstreetmap.org",)

DIRECTIVES = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:", *TILE_ORIGINS)),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


def content_security_policy() -> str:
    """The policy, as the value of a `Content-Security-Policy` header or meta element."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in DIRECTIVES)
