"""The strict build and the files of content/ that are not entries.

Editorial pages are contributed like entries: their HTML is sanitized by the same policy and their
front matter escaped. Links, special files and raw files fail the build with a French message naming
the file, before MkDocs walks the folder (it follows links) and before anything is copied.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

Builder = Callable[[Path, Path, dict[str, object]], Path]
OPTIONS: dict[str, object] = {"search_index": False, "git_dates": False}
ACTOR = """\
---
schema_version: 1
nom: Compagnie des Sapins
forme: organisation
nature: association
commune: "08105"
echelle: commune
---
Une compagnie de Charleville-Mézières.
"""
FAKE_SECRET = "secret-de-ci-3f9a7c"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A small commons of the Ardennes: one actor and a home page."""
    root = tmp_path / "content"
    (root / "acteurs").mkdir(parents=True)
    (root / "acteurs" / "compagnie-des-sapins.md").write_text(ACTOR, "utf-8")
    (root / "index.md").write_text("# Accueil\n", "utf-8")
    return root


def refused(content: Path, tmp_path: Path, site_builder: Builder, caplog: pytest.LogCaptureFixture) -> str:
    """Build strictly, expect a failure, return its message (and check that nothing was published)."""
    with pytest.raises((PluginError, Abort)) as caught:
        site_builder(content, tmp_path, OPTIONS)
    site = tmp_path / "site"
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert published == []
    return str(caught.value) + caplog.text


@pytest.mark.parametrize(
    "target", ["/proc/self/environ", "/etc/passwd", "../.git/config", "/etc"],
    ids=["environ", "passwd", "git-config", "directory"],
)
def test_a_link_in_content_fails_the_build_and_its_target_is_never_published(
    content: Path, tmp_path: Path, site_builder: Builder, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch, target: str,
) -> None:
    monkeypatch.setenv("MAILLAGE_FAUX_SECRET_CI", FAKE_SECRET)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: {FAKE_SECRET}\n", "utf-8")
    (content / "env.txt").symlink_to(target)
    message = refused(content, tmp_path, site_builder, caplog)
    assert "content/env.txt:1:1: lien symbolique refusé : « env.txt »" in message
    assert FAKE_SECRET not in message and "root:" not in message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("page.html", "<script>alert(1)</script>", "fichier refusé : « page.html » serait publié tel quel"),
        ("carte.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "fichier refusé : « carte.svg »"),
        ("acteurs/sous/x.md", "<script>alert(1)</script>", "fichier Markdown mal placé : « x.md »"),
    ],
)
def test_raw_files_fail_the_build_with_their_name(
    content: Path, tmp_path: Path, site_builder: Builder, caplog: pytest.LogCaptureFixture,
    name: str, text: str, expected: str,
) -> None:
    (content / name).parent.mkdir(parents=True, exist_ok=True)
    (content / name).write_text(text, "utf-8")
    assert f"content/{name}:1:1: {expected}" in refused(content, tmp_path, site_builder, caplog)


def test_an_editorial_page_where_the_site_makes_one_fails_the_build(
    content: Path, tmp_path: Path, site_builder: Builder, caplog: pytest.LogCaptureFixture
) -> None:
    (content / "recensement.md").write_text("# Recensement\n\n<script>alert(1)</script>\n", "utf-8")
    message = refused(content, tmp_path, site_builder, caplog)
    assert "content/recensement.md : le site produit lui-même cette page" in message


def test_editorial_pages_are_sanitized_like_entry_bodies(content: Path, tmp_path: Path, site_builder: Builder) -> None:
    (content / "guides").mkdir()
    (content / "guides" / "piege.md").write_text(
        "---\n"
        "title: \"</title><script>alert('titre')</script>\"\n"
        "description: '\"><script>alert(1)</script>'\n"
        "template: 404.html\n"
        "---\n\n"
        "# Une page piégée\n\n"
        "<script>alert('corps')</script>\n\n"
        "<iframe src=\"javascript:alert('iframe')\"></iframe>\n\n"
        "<img src=x onerror=\"alert('img')\">\n\n"
        "Paragraphe {: onclick=\"alert('attr')\" }\n\n"
        "## Sous-titre {: #__config }\n\n"
        "[lien](javascript:alert('lien')) et [vrai lien](https://example.org/)\n",
        "utf-8",
    )
    (content / "images").mkdir()
    (content / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    (content / ".env").write_text(f"SECRET={FAKE_SECRET}\n", "utf-8")
    site = site_builder(content, tmp_path, OPTIONS)
    html = (site / "guides" / "piege" / "index.html").read_text("utf-8")
    article = html[html.index('id="contenu"'):html.index("</article>")]
    for tag in ("<script", "<iframe", "<img"):
        assert tag not in article, tag
    # The payloads stay readable as text; never as attributes.
    assert re.findall(r"<[^>]*\son\w+\s*=", article) == []
    assert re.findall(r"""(?:href|src)=["']?\s*javascript:""", article) == []
    assert html.count("<script>") == 0  # not even the theme's: its scripts are files (CSP)
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; - " in html
    assert 'content="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert html.count('id="__config"') == 1
    assert '<h1 id="une-page-piegee">Une page piégée</h1>' in article  # its own title, kept
    assert 'href="https://example.org/"' in article and "Page introuvable" not in html
    # Images are published; dot files never are.
    assert (site / "images" / "logo.png").read_bytes().startswith(b"\x89PNG")
    assert not (site / ".env").exists()
    assert not any(FAKE_SECRET in p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file())


def test_every_page_carries_the_content_security_policy_first(
    content: Path, tmp_path: Path, site_builder: Builder
) -> None:
    from maillage.site.policy import content_security_policy

    site = site_builder(content, tmp_path, OPTIONS)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">'
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text("utf-8")
        head = html[: html.index("</head>")]
        assert meta in head, page
        assert head.index(meta) < head.index("<script"), page
        assert "<script>" not in html, page  # no inline script: the policy allows none
