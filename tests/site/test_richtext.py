"""Contributed Markdown becomes safe HTML, with or without the plain-prose shortcut."""

from __future__ import annotations

import pytest

from maillage.site.richtext import RichText
from maillage.site.sanitize import clean


@pytest.fixture(scope="module")
def rich() -> RichText:
    return RichText()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Deux luthiers.\n\nUne apprentie.", "<p>Deux luthiers.</p>\n<p>Une apprentie.</p>"),
        ("Un *mot* et un [lien](https://example.org).", '<em>mot</em>'),
        ("- un\n- deux", "<li>deux</li>"),
        ("# Titre", "<h2>Titre</h2>"),  # the page's h1 is the entry's title
    ],
)
def test_markdown_is_rendered(rich: RichText, source: str, expected: str) -> None:
    assert expected in rich.render(source)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        '<a href="vbscript:msgbox(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<p style="color:red" onclick="alert(1)">x</p>',
        "<iframe src=https://example.org></iframe>",
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<div id="__config">x</div>',
        "Texte & <b onmouseover=alert(1)>gras</b>",
    ],
)
def test_dangerous_markup_is_removed(rich: RichText, source: str) -> None:
    html = str(rich.render(source)).lower()
    for forbidden in ("<script", "<img", "<iframe", "<svg", "javascript:", "vbscript:", "data:", "onerror",
                      "onclick", "onmouseover", "style=", 'id="'):
        assert forbidden not in html, (source, html)


def test_plain_prose_is_escaped_not_interpreted(rich: RichText) -> None:
    html = rich.render('Il a dit "bonjour" à l\'équipe.\nPuis il est parti.')
    assert html == "<p>Il a dit &#34;bonjour&#34; à l&#39;équipe.\nPuis il est parti.</p>"


def test_links_keep_safe_schemes_and_get_rel(rich: RichText) -> None:
    html = str(rich.render("[site](https://example.org) [écrire](mailto:a@example.org)"))
    assert 'href="https://example.org"' in html and 'href="mailto:a@example.org"' in html
    assert 'rel="noopener noreferrer nofollow ugc"' in html


def test_clean_keeps_only_admonition_classes() -> None:
    html = clean('<div class="admonition warning md-header evil">x</div>')
    assert html == '<div class="admonition warning">x</div>'
