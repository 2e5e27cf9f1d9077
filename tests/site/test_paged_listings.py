"""A listing longer than `taille_page_liste` is split into numbered pages (the way to every entry
without JavaScript) and carries all its cards as data for the filters; a shorter one is unchanged.

Built on the Finistère commons with one card a page (`paged_site`, tests/conftest.py): three
actors, two rencontres, one tool.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, write_config

from maillage.model import load_commons

CARD_TITLE = re.compile(r'<li class="maillage-card"[^>]*>.*?<h2><a href="[^"]*">([^<]*)</a></h2>', re.S)
NAV = re.compile(r'<nav class="maillage-pages" aria-label="([^"]*)" data-maillage-pages>(.*?)</nav>', re.S)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def actor_names(site: Path) -> set[str]:
    commons = load_commons(site.parent / "content")
    return {e.title for e in commons.entries.values() if e.type.folder == "acteurs"}


def test_every_actor_is_reached_through_the_numbered_pages(paged_site: Path) -> None:
    seen: list[str] = []
    path, visited = "acteurs", []
    while path is not None:
        visited.append(path)
        text = page(paged_site, path)
        seen += [html.unescape(t) for t in CARD_TITLE.findall(text)]
        label, links = NAV.search(text).groups()
        number = len(visited)
        assert label == "Pages de la liste des acteurs"
        assert f"<p>Page {number} sur 3</p>" in links
        # The current page is marked, and is the only one so marked.
        assert re.findall(r'aria-current="page" aria-label="Page (\d+), page actuelle"', links) == [str(number)]
        assert "1 sur 3 acteurs</p>" in text
        following = re.search(r'<a href="([^"]*)" rel="next">Page suivante</a>', links)
        if number > 1:
            assert 'rel="prev">Page précédente</a>' in links
        # Links are relative to the page: resolved as a browser would.
        path = _resolve(path, following.group(1)) if following else None
    assert visited == ["acteurs", "acteurs/page/2", "acteurs/page/3"]
    assert sorted(seen) == sorted(actor_names(paged_site))


def _resolve(base: str, href: str) -> str:
    """The site path a link of the page at `base` (`acteurs/page/2`, its `index.html` inside) leads to."""
    parts = base.split("/")
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece:
            parts.append(piece)
    return "/".join(parts)


def test_the_filters_counts_are_over_every_entry_of_a_paged_listing(paged_site: Path) -> None:
    text = page(paged_site, "acteurs")
    # One card on the page, but the communes of all three actors, each counted once.
    for commune in ("Douarnenez", "Morlaix", "Quimper"):
        count = rf'data-label="{commune}"> {commune} <span class="maillage-count" data-count="\d+">\(1\)</span>'
        assert re.search(count, text)
    assert 'data-records="../acteurs/fiches.json"' in text
    assert "data-maillage-show-all hidden>Tout afficher</button>" in text


def test_the_records_hold_every_card_as_data(paged_site: Path) -> None:
    records = json.loads((paged_site / "acteurs" / "fiches.json").read_text("utf-8"))
    assert sorted(r["t"] for r in records) == sorted(actor_names(paged_site))
    bagad = next(r for r in records if r["t"] == "Bagad de Kemper-Izel")
    assert bagad["u"] == "acteurs/bagad-de-quimper/"
    assert bagad["v"]["commune"] == ["29232"] and bagad["k"] == "Association · Quimper"
    assert "Musique" in bagad["g"]
    # Its picture: every width, WebP and fallback, relative to the site root, as the card's srcset.
    width, height, variants = bagad["i"]
    assert (width, height) == (variants[-1][0], 600)
    assert all((paged_site / webp).is_file() and (paged_site / fallback).is_file() for _, webp, fallback in variants)


def test_a_listing_that_fits_one_page_is_unchanged(paged_site: Path, finistere_site: Path) -> None:
    # One tool: the listing of one card a page holds it whole, byte for byte as without the option.
    assert page(paged_site, "outils") == page(finistere_site, "outils")
    assert not (paged_site / "outils" / "fiches.json").exists()
    assert not (paged_site / "outils" / "page").exists()
    assert "maillage-pages" not in page(finistere_site, "acteurs")


def test_a_page_size_that_is_no_count_is_refused_in_french(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = write_config(tmp_path, FIXTURES / "finistere", {"taille_page_liste": 0})
    with pytest.raises(Abort):
        load_config(config_file=str(config))
    assert "option 'taille_page_liste': attendu un nombre entier d'au moins 1, pas « 0 »" in caplog.text
