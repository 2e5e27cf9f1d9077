"""Static audit of built HTML: only the site's own scripts, no handlers, no dangerous URLs or tags.

Parsing uses the standard library's `html.parser`, which, like a browser, decodes character
references inside attribute values and reads `<script>` contents as raw text.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from maillage.site.policy import content_security_policy

# Schemes that run code or smuggle a document (`livescript:` and `mocha:` are Netscape's).
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "srcset",
    "lowsrc",
    "dynsrc",
    "cite",
    "ping",
    "codebase",
    "longdesc",
    "usemap",
    "manifest",
    "icon",
    "profile",
}
# Never in a page of ours: frames, plugins, base URL changes, styles, SVG animation of attributes.
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "math",
    "xml",
    "layer",
    "ilayer",
    "bgsound",
    "animate",
    "set",
    "animatetransform",
    "animatemotion",
    "foreignobject",
    "portal",
}
FORBIDDEN_ATTRIBUTES = {"style", "srcdoc"}
# The site's own script files, relative to the site root: Material's bundle, and every script the
# maillage plugin ships (its assets folder), vendored Leaflet included.
_ASSETS = Path(__file__).resolve().parents[2] / "plugins" / "maillage" / "site" / "assets"
OWN_SCRIPTS = re.compile(
    r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js|"
    + "|".join(re.escape("assets/maillage/" + p.relative_to(_ASSETS).as_posix())
               for p in sorted(_ASSETS.rglob("*.js")))
)
# Material's inline scripts differ from page to page only by the path to the site root
# (relative, or absolute on the 404 page).
_ROOT_PATH = re.compile(r'URL\("(?:/[^"]*|(?:\.\./)*(?:\.\.|\.))"')
_ALLOWED_META = {"viewport", "description", "generator", "author"}


def normalise_script(text: str) -> str:
    """An inline script with its relative root path replaced, to compare it across pages."""
    return _ROOT_PATH.sub('URL("ROOT"', text.strip())


def _dangerous(url: str) -> bool:
    # Browsers drop ASCII whitespace and control characters before reading a scheme.
    squeezed = "".join(c for c in url if ord(c) > 0x20).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


class PageAudit(HTMLParser):
    """Findings on one page; `theme_scripts` are the allowed inline scripts (normalised)."""

    def __init__(self, page: str, site_url: str, theme_scripts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.site_url = site_url
        self.theme_scripts = theme_scripts
        self.findings: list[str] = []
        self.inline_scripts: list[str] = []
        self._script: tuple[str | None, str | None] | None = None  # (type, id) of the open <script>
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in FORBIDDEN_ATTRIBUTES:
                self.findings.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and _dangerous(value):
                self.findings.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"<{tag}>")
        elif tag == "script":
            self._open_script(values)
        elif tag == "meta" and "http-equiv" in values:
            if (values["http-equiv"], values.get("content")) != ("Content-Security-Policy", content_security_policy()):
                self.findings.append(f"<meta {sorted(values)}>")
        elif tag == "meta" and "name" in values and values["name"] not in _ALLOWED_META:
            self.findings.append(f"<meta {sorted(values)}>")
        elif tag == "link" and urlsplit(values.get("href", "")).scheme and values.get("rel") != "canonical":
            self.findings.append(f"<link href={values.get('href')!r}>")
        elif tag == "form" and not any(name.startswith("data-maillage-") for name in values):
            self.findings.append("<form> not of the site")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def _open_script(self, values: dict[str, str]) -> None:
        src = values.get("src")
        if src is not None:
            target = urlsplit(urljoin(f"http://site/{self.page}", src))
            if target.netloc != "site" or not OWN_SCRIPTS.fullmatch(target.path.lstrip("/")):
                self.findings.append(f"<script src={src!r}>")
        self._script = (values.get("type"), values.get("id"))
        self._script_text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        kind, ident = self._script
        text = "".join(self._script_text)
        self._script = None
        if not text.strip():
            return
        if kind == "application/ld+json":
            self._check_json(text, "JSON-LD", forbid_markup=True)
        elif kind == "application/json" and ident == "__config":
            self._check_json(text, "__config", forbid_markup=False)
        elif kind == "application/json" and (ident or "").startswith("maillage-"):
            # The site's own data islands (the map's view): JSON, never able to close their script.
            self._check_json(text, ident, forbid_markup=True)
        elif kind in (None, "", "text/javascript") and normalise_script(text) in self.theme_scripts:
            self.inline_scripts.append(text)
        else:
            self.findings.append(f"<script type={kind!r} id={ident!r}>{text[:60]!r}")

    def _check_json(self, text: str, what: str, forbid_markup: bool) -> None:
        try:
            json.loads(text)
        except ValueError:
            self.findings.append(f"{what} is not JSON: {text[:60]!r}")
        if forbid_markup and ("<" in text or ">" in text):
            self.findings.append(f"{what} holds markup characters")


def theme_scripts(page: Path) -> set[str]:
    """The normalised inline scripts of a page that holds no content (Material's 404 page)."""
    found = set()
    for match in re.finditer(r"<script>(.*?)</script>", page.read_text("utf-8"), re.S):
        found.add(normalise_script(match.group(1)))
    return found


def audit_site(site: Path, site_url: str) -> dict[str, list[str]]:
    """Findings of every HTML page of a built site, by page (pages without findings left out)."""
    allowed = theme_scripts(site / "404.html")
    findings = {}
    for path in sorted(site.rglob("*.html")):
        page = PurePosixPath(path.relative_to(site).as_posix()).as_posix()
        parser = PageAudit(page, site_url, allowed)
        parser.feed(path.read_text("utf-8"))
        parser.close()
        if parser.findings:
            findings[page] = parser.findings
    return findings
