"""The cooperation dashboard as pictures, on a crafted commons built as a site: charts drawn at build
time as inline SVG, each named and described for screen readers with its table behind a
disclosure; a headline that measures each facet (and so can move); axe clean in Chromium."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from meet_crafted import AMATEUR_RURAL, EPINAL, GOLBEY, MIRECOURT, PRO_URBAIN, actor, meetup, project, write_commons

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browsing import Tab, serve
from test_accessibility import AXE, PHONE

SAINT_DIE = "88413"


@pytest.fixture(scope="module")
def site(site_builder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cooperations")
    content = directory / "content"
    write_commons(content, [
        actor("amateurs", EPINAL, AMATEUR_RURAL),
        actor("pros", GOLBEY, PRO_URBAIN),
        actor("pros-ruraux", MIRECOURT, {"pratique": "professionnel", "milieu": "rural"}),
        actor("seuls", SAINT_DIE, AMATEUR_RURAL),
        # 2026: amateurs meet professionals; 2027: professionals among themselves.
        project("p-croise", [("amateurs", "porteur"), ("pros", "partenaire")], date_debut="2026-03-01"),
        project("p-entre-pros", [("pros", "porteur"), ("pros-ruraux", "partenaire")], date_debut="2027-03-01"),
        project("p-seul", [("seuls", "porteur")], commune=SAINT_DIE, date_debut="2027-05-01"),
        meetup("atelier", "2026-10-01T18:00:00+02:00", "2026-10-01T20:00:00+02:00", GOLBEY,
               participants=["amateurs", "pros-ruraux"]),
    ])
    return site_builder(content, directory, {"search_index": False, "git_dates": False,
                                             "territoire": {"departements": ["88"]}})


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    return (site / "cooperations" / "index.html").read_text("utf-8")


def test_the_headline_measures_each_facet(page: str) -> None:
    pratique = re.search(r'<li data-facet="pratique">(.*?)</li>', page, re.S).group(1)
    assert "1 projet sur 3 (33 %)" in pratique and "1 rencontre sur 1 (100 %)" in pratique
    milieu = re.search(r'<li data-facet="milieu">(.*?)</li>', page, re.S).group(1)
    assert "2 projets sur 3 (67 %)" in milieu and "0 rencontre sur 1 (0 %)" in milieu
    assert "mêlent plusieurs univers" not in page  # no « any of six » that always says 100 %


def test_every_chart_is_inline_svg_named_described_and_tabled(page: str) -> None:
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="maillage-chart"[^>]*>.*?</svg>', page, re.S)
    # The facets bar chart, one small chart per facet stated (pratique, milieu), the matrix, the map.
    assert len(charts) == 5
    for chart in charts:
        ident = re.search(r'aria-labelledby="([^ "]+)-titre \1-desc"', chart).group(1)
        assert 'role="img"' in chart
        assert re.search(rf'<title id="{ident}-titre">[^<]+</title><desc id="{ident}-desc">[^<]{{20,}}</desc>', chart)
    figures = re.findall(r'<figure class="maillage-graphique.*?</figure>', page, re.S)
    assert len(figures) == 4 and all("<details>" in f and ("<table>" in f or "<ul" in f) for f in figures)
    assert "<script" not in "".join(figures)  # drawn at build time, nothing to run
    assert "Pratique, 1 projet sur 3 et 1 rencontre sur 1" in page  # the first chart's words


def test_the_map_says_where_nothing_crosses(page: str) -> None:
    described = re.search(r'<desc id="coop-territoires-desc">([^<]+)</desc>', page).group(1)
    assert "des acteurs, mais rien ne s&#39;y croise encore" in described  # Saint-Dié's intercommunality
    assert "<title>CA de Saint-Dié-des-Vosges : des acteurs, mais rien ne s&#39;y croise encore</title>" in page
    assert "<title>CA d&#39;Epinal : des univers s&#39;y croisent</title>" in page


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["bureau", "telephone"])
def test_axe_finds_nothing_with_every_table_open(browser: object, server: str, viewport: dict | None) -> None:
    context = browser.new_context(locale="fr-FR", **({"viewport": viewport} if viewport else {}))
    try:
        tab = Tab(context.new_page())
        tab.open(server + "cooperations/")
        tab.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        tab.page.evaluate(AXE.read_text("utf-8"))
        result = tab.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
        width = tab.page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= (viewport or {"width": 1280})["width"]
        assert tab.visit.errors() == []
    finally:
        context.close()
