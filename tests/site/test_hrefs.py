"""Links made from contributed URLs are valid: no anchor without a target, no raw `<`, `>`,
spaces or backslashes in an `href` (the Nu Html Checker rejects both)."""

from __future__ import annotations

import re

import pytest

from maillage.model import default_schemas
from maillage.site.fields import FieldRenderer
from maillage.site.labels import Labels
from maillage.site.richtext import RichText
from maillage.site.sanitize import clean
from maillage.site.urls import href

_RAW_IN_HREF = re.compile(r'href="[^"]*[\s<>\\][^"]*"')


@pytest.mark.parametrize(
    "source",
    [
        '<a href="javascript:alert(1)">texte</a>',
        '<a href="vbscript:msgbox(1)" title="t">texte</a>',
        '<a href="data:text/html,x">texte</a>',
        "<a>texte</a>",
    ],
)
def test_anchor_whose_url_is_dropped_is_unwrapped(source: str) -> None:
    assert str(clean(f"<p>avant {source} après</p>")) == "<p>avant texte après</p>"


def test_unwrapping_keeps_the_other_links_and_their_order() -> None:
    html = str(clean('<p><a href="javascript:x()">un</a> <a href="https://a.fr/">deux</a> <a>trois</a></p>'))
    assert html == '<p>un <a href="https://a.fr/" rel="noopener noreferrer nofollow ugc">deux</a> trois</p>'


def test_sanitized_hrefs_are_percent_encoded() -> None:
    html = str(clean('<a href="https://a.fr/un chemin<b>\\c?x=1&amp;y=2">lien</a>'))
    assert 'href="https://a.fr/un%20chemin%3Cb%3E%5Cc?x=1&amp;y=2"' in html
    assert not _RAW_IN_HREF.search(html)


def test_markdown_links_in_bodies_are_encoded_too() -> None:
    html = str(RichText().render("Voir <https://a.fr/x\\y> et [ici](<https://a.fr/un lien>)."))
    assert "https://a.fr/x%5Cy" in html
    assert "https://a.fr/un%20lien" in html
    assert not _RAW_IN_HREF.search(html)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.fr/page?x=1&y=deux#haut", "https://a.fr/page?x=1&y=deux#haut"),
        ("https://a.fr/déjà vu", "https://a.fr/d%C3%A9j%C3%A0%20vu"),
        ('https://a.fr/<"\\>', "https://a.fr/%3C%22%5C%3E"),
        ("https://a.fr/%C3%A9", "https://a.fr/%C3%A9"),  # existing escapes are kept
        ("https://a.fr/100%", "https://a.fr/100%25"),  # a lone % is encoded
    ],
)
def test_href_encodes_what_a_uri_cannot_hold(url: str, expected: str) -> None:
    assert href(url) == expected


def test_url_and_email_fields_render_encoded_hrefs_with_readable_text() -> None:
    labels = Labels(default_schemas())
    fields = FieldRenderer(labels, RichText(), lambda target: None)
    acteurs = default_schemas().by_folder["acteurs"]
    site = str(fields.value(acteurs, ("site_web",), "https://a.fr/un site<x>", set()))
    assert site == (
        '<a href="https://a.fr/un%20site%3Cx%3E" rel="noopener noreferrer nofollow ugc">'
        "https://a.fr/un site&lt;x&gt;</a>"
    )
    mail = str(fields.value(acteurs, ("contact", "courriel"), "a b@c.fr", set()))
    assert mail == '<a href="mailto:a%20b@c.fr">a b@c.fr</a>'


@pytest.mark.parametrize(
    ("address", "href_value"),
    [
        ("contact@asso.fr?bcc=espion%40evil.example", "mailto:contact@asso.fr%3Fbcc%3Despion%2540evil.example"),
        ("o'brien+atelier@example.org", "mailto:o%27brien%2Batelier@example.org"),
        ("a@b.fr&body=x,c@d.fr", "mailto:a@b.fr%26body%3Dx%2Cc@d.fr"),
    ],
)
def test_a_mailto_link_holds_one_address_and_never_a_query(address: str, href_value: str) -> None:
    """Even a value that slipped past validation cannot add recipients or a body to the message."""
    fields = FieldRenderer(Labels(default_schemas()), RichText(), lambda target: None)
    acteurs = default_schemas().by_folder["acteurs"]
    mail = str(fields.value(acteurs, ("contact", "courriel"), address, set()))
    assert mail.startswith(f'<a href="{href_value.replace("&", "&amp;")}">')
    assert "?" not in mail.split('"')[1] and "&amp;" not in mail.split('"')[1].replace("%26", "")
