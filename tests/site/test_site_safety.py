"""Hostile contributed values never become markup; privacy rules hold; bad content fails the build."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from maillage.model import load_commons

_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "svg", "math", "style", "base"}


class MarkupAudit(HTMLParser):
    """Collects what would be dangerous as real markup (escaped text is harmless and ignored)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_map = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.in_map = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ours = tag == "script" and (
            values.get("type") in ("application/ld+json", "application/json")
            or "assets/maillage/" in (values.get("src") or "")
        )
        # The coverage page's maps: drawn by our code from the shipped geography and counts.
        if tag == "figure" and values.get("class") == "maillage-carte":
            self.in_map = True
        # The map's legend symbols (site/mapview.py) and the dashboard's charts (site/charts.py):
        # drawings of our own, whose every text is escaped.
        drawings = {"maillage-symbol", "maillage-chart", "maillage-swatch"}
        ours = ours or (tag == "svg" and (self.in_map or values.get("class") in drawings))
        if tag in _FORBIDDEN_TAGS and not ours:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.found.append(f"{tag}[{name}]")
            url = "".join((value or "").split()).lower()
            if name in {"href", "src", "action", "xlink:href"} and url.startswith(_DANGEROUS_SCHEMES):
                self.found.append(f"{tag}[{name}={value}]")


def audit(html: str) -> list[str]:
    """Dangerous tags, event handlers and URLs present as real markup in a fragment."""
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser.found


def generated_pages(site: Path) -> list[Path]:
    """Every page the plugin generates from contributed values (the home page is editorial, with
    the theme's icons; the census page holds only counts and official commune names, in our SVG map)."""
    return [p for p in site.rglob("index.html") if p.parent not in (site, site / "recensement")]


def content_of(html: str) -> str:
    """The article of a page (the theme's own scripts are outside it)."""
    start = html.index('id="contenu"')
    return html[start:html.index("</article>", start)]


def test_no_dangerous_markup_in_any_page(hostile_site: Path) -> None:
    pages = generated_pages(hostile_site)
    assert len(pages) > 8
    for path in pages:
        article = content_of(path.read_text("utf-8"))
        assert audit(article) == [], path


def test_front_matter_values_are_escaped(hostile_site: Path) -> None:
    html = (hostile_site / "acteurs/troupe-hostile/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;nom&#39;)&lt;/script&gt; Troupe" in html
    assert "<title>&lt;script&gt;" in html
    assert 'href="https://example.org/&#39;onmouseover=&#39;alert(&#39;url&#39;)"' in html
    project = (hostile_site / "projets/projet-hostile/index.html").read_text("utf-8")
    assert "<script>alert('projet')" not in project


def test_bodies_are_sanitized(hostile_site: Path) -> None:
    article = content_of((hostile_site / "acteurs/troupe-hostile/index.html").read_text("utf-8"))
    assert "<h2>Titre du corps</h2>" in article  # the page's only h1 is the entry title
    assert article.count("<h1") == 1
    assert 'id="__config"' not in article
    # Its javascript: URL is dropped, and so is the anchor (an <a rel> without href is invalid).
    assert "lien piégé" in article and "nofollow ugc\">lien piégé" not in article
    assert "&lt;/script&gt;&lt;script&gt;" in article
    experience = content_of((hostile_site / "experiences/experience-hostile/index.html").read_text("utf-8"))
    assert "<em>bon</em>" in experience and audit(experience) == []


def test_json_ld_cannot_close_its_script(hostile_site: Path) -> None:
    html = (hostile_site / "acteurs/troupe-hostile/index.html").read_text("utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    assert "<" not in script.group(1) and ">" not in script.group(1)


def test_person_without_consent_is_nowhere_and_links_to_it_are_dropped(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".geojson", ".ics", ".atom", ".xml"}:
            content = path.read_text("utf-8", errors="replace")
            for needle in ("personne-sans-consentement", "Zoé Secrète", "zoe.secrete", "03 29 99 99 99"):
                assert needle not in content, (path, needle)


def test_contact_of_person_shown_only_with_consent(hostile_site: Path) -> None:
    html = (hostile_site / "acteurs/personne-discrete/index.html").read_text("utf-8")
    assert "Paul Discret" in html
    for needle in ("paul.discret@example.org", "03 29 11 11 11", "rue Cachée"):
        assert needle not in html
    organisation = (hostile_site / "acteurs/troupe-hostile/index.html").read_text("utf-8")
    assert "mailto:troupe@example.org" in organisation


def test_upcoming_rencontre_shown_on_its_host(hostile_site: Path) -> None:
    html = (hostile_site / "acteurs/troupe-hostile/index.html").read_text("utf-8")
    section = html[html.index("Rencontres à venir"):]
    assert "../../rencontres/rencontre-hostile/" in section


def test_invalid_content_fails_the_build_with_french_file_and_line(
    tmp_path: Path, site_builder: Callable[[Path, Path, dict[str, object]], Path], caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    (content / "acteurs").mkdir(parents=True)
    (content / "index.md").write_text("# Accueil\n", "utf-8")
    (content / "acteurs/mauvais.md").write_text(
        "---\nschema_version: 1\nnom: Mauvais\nforme: organisation\nnature: inconnue\n"
        "commune: \"88160\"\nechelle: commune\n---\n",
        "utf-8",
    )
    with pytest.raises((PluginError, Abort)) as caught:
        site_builder(content, tmp_path, {"search_index": False, "exports": False})
    message = str(caught.value) + caplog.text
    assert "mauvais.md:5" in message and "nature" in message


# `index` is every type's listing page; `agenda` is reserved by the rencontre schema (`x-ids-reserves`).
@pytest.mark.parametrize(("folder", "entry_id"), [("acteurs", "index"), ("rencontres", "agenda")])
def test_an_entry_named_like_a_site_page_is_refused_by_the_check_and_the_build(
    tmp_path: Path, site_builder: Callable[[Path, Path, dict[str, object]], Path], caplog: pytest.LogCaptureFixture,
    folder: str, entry_id: str,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    # A copy of a valid entry of that type, under the reserved name.
    shutil.copy(sorted((content / folder).glob("*.md"))[0], content / folder / f"{entry_id}.md")
    expected = f"{folder}/{entry_id}.md:1:1: « {entry_id} » est un nom réservé aux pages du site"
    assert any(expected in p.format() for p in load_commons(content).errors)
    with pytest.raises((PluginError, Abort)) as caught:
        site_builder(content, tmp_path, {"search_index": False, "exports": False, "git_dates": False})
    message = str(caught.value) + caplog.text
    assert expected in message
