"""Entry pages start with the key facts, and the site reads as French: French order of names, a
French 404 page that helps, agreement of « Toutes », codes called by their name."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from maillage.model.collation import name_key
from maillage.site.chrome import without_layout

FINISTERE = Path(__file__).parent / "fixtures" / "finistere"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def facts(html: str) -> str:
    """The key facts block of an entry page."""
    start = html.index('<div class="maillage-facts"')
    return html[start:html.index("</div>", start)]


def test_an_actor_page_says_what_it_offers_seeks_where_and_how_to_reach_it(finistere_site: Path) -> None:
    block = facts(page(finistere_site, "acteurs/bagad-de-quimper"))
    assert re.search(r"<dt[^>]*>Propose</dt>\s*<dd>des artistes, des bénévoles</dd>", block)
    assert re.search(r"<dt[^>]*>Recherche</dt>\s*<dd>un lieu de répétition</dd>", block)
    assert re.search(r"<dt[^>]*>Où</dt>\s*<dd><a href=\"../../territoires/quimper-29232/\">Quimper</a>", block)
    assert '<a class="md-button md-button--primary" href="mailto:bagad@kemper-izel.example.org">Contacter</a>' in block
    assert "<li>Amateur</li>" in block and "<li>Musique</li>" in block  # univers and disciplines as tags


def test_no_contact_button_for_a_person_who_did_not_consent_to_it(finistere_site: Path) -> None:
    html = page(finistere_site, "acteurs/elise-le-goff")
    assert "Contacter" not in html and "elise@example.org" not in html


def test_a_rencontre_page_says_when_where_and_offers_to_register_and_to_add_it(finistere_site: Path) -> None:
    html = page(finistere_site, "rencontres/journee-d-immersion-au-theatre-de-morlaix")
    block = facts(html)
    assert 'data-fin="2031-04-10T17:00:00+02:00"' in block
    assert re.search(r"<dt[^>]*>Quand</dt>\s*<dd>jeudi 10 avril 2031, de 9 h 00 à 17 h 00 "
                     r"<strong class=\"maillage-past\" data-maillage-past hidden>Passée</strong>", block)
    # Its commune leads to the commune's page, as an actor's does.
    assert ('Théâtre du Pays de Morlaix, 20 rue Gambetta, <a href="../../territoires/morlaix-29151/">Morlaix</a>'
            in block)
    assert (finistere_site / "territoires/morlaix-29151/index.html").is_file()
    assert 'href="https://example.org/inscription-morlaix" data-maillage-upcoming>S&#39;inscrire</a>' in block
    assert 'href="agenda.ics" download>Ajouter à mon agenda</a>' in block
    assert (finistere_site / "rencontres/journee-d-immersion-au-theatre-de-morlaix/agenda.ics").is_file()
    info = html[html.index('<dl class="maillage-fields">'):] if 'class="maillage-fields"' in html else ""
    assert "Début" not in info and "Inscription" not in info  # said once, at the top


def test_a_tool_page_leads_to_the_whole_tool_with_the_button_its_schema_names(built_site: Path) -> None:
    block = facts(page(built_site, "outils/forum-ouvert"))
    assert re.search(r'<a class="md-button" href="https://[^"]+">Voir l&#39;outil complet</a>', block)


def test_a_past_rencontre_says_so_and_offers_no_registration(finistere_site: Path) -> None:
    block = facts(page(finistere_site, "rencontres/veillee-contee-a-douarnenez"))
    assert "data-maillage-past>Passée</strong>" in block  # not hidden
    assert "S&#39;inscrire" not in block


def test_names_are_in_french_alphabetical_order(built_site: Path) -> None:
    assert sorted(["Xertigny", "Épinal", "Eloyes", "Œuilly", "Ozerailles"], key=name_key) == [
        "Eloyes", "Épinal", "Œuilly", "Ozerailles", "Xertigny"]
    communes = page(built_site, "territoires")
    section = communes[communes.index('id="echelle-commune"'):]
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)
    assert names.index("Épinal") < names.index("Xertigny")
    assert names == sorted(names, key=name_key)


def test_a_drop_down_filter_agrees_with_its_noun(built_site: Path) -> None:
    html = page(built_site, "acteurs")
    assert '<option value="">Toutes les communes</option>' in html
    assert "<option value=\"\">Tous</option>" not in html


def test_the_404_page_is_french_and_helps(built_site: Path) -> None:
    html = (built_site / "404.html").read_text("utf-8")
    assert "<title>Page introuvable - " in html and "<h1>Page introuvable</h1>" in html
    assert 'action="/recherche/"' in html and 'href="/acteurs/">Acteurs</a>' in html
    assert '<a href="/.">Retour à l\'accueil</a>' in html  # the home page, from any depth
    assert "Not found" not in html


def test_the_contributing_page_starts_with_buttons_to_the_web_form(finistere_site: Path) -> None:
    html = page(finistere_site, "contribuer")
    top = html[html.index('<h1 id="contribuer">'):html.index('<h2 id="modifier-les-fichiers">')]
    buttons = re.findall(r'<a class="md-button md-button--primary" href="([^"]+)">([^<]+)</a>', top)
    assert buttons == [
        ("https://formulaire.example.org/proposer/acteurs", "Proposer un acteur"),
        ("https://formulaire.example.org/proposer/experiences", "Raconter une expérience"),
        ("https://formulaire.example.org/proposer/rencontres", "Proposer une rencontre"),
    ]
    assert "demande de fusion" in top  # the files and pull requests stay, for those who want them


def test_without_a_web_form_the_buttons_lead_to_the_github_issue_forms(tmp_path: Path, site_builder) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures" / "finistere", tmp_path / "content")
    site = site_builder(tmp_path / "content", tmp_path, {"git_dates": False, "search_index": False},
                        repo_url="https://github.com/exemple/commun-29")
    html = page(site, "contribuer")
    assert ('<a class="md-button md-button--primary" href="https://github.com/exemple/commun-29/issues/new?'
            'template=experience.yml">Raconter une expérience</a>') in html
    assert 'href="https://github.com/exemple/commun-29/issues/new/choose">Les tickets-formulaires</a>' in html
    assert "formulaire en ligne" not in html


def test_a_commons_without_legal_pages_gets_them_in_every_footer(finistere_site: Path) -> None:
    assert not (FINISTERE / "mentions-legales.md").exists() and not (FINISTERE / "accessibilite.md").exists()
    for path in ("", "acteurs", "acteurs/bagad-de-quimper", "territoires"):
        footer = page(finistere_site, path).split('class="md-footer"', 1)[1]
        assert re.search(r'href="[./]*/?mentions-legales/">Mentions légales</a>', footer), path
        assert re.search(r'href="[./]*/?accessibilite/">Accessibilité : non conforme</a>', footer), path
    statement = page(finistere_site, "accessibilite")
    assert "<h2 id=\"etat-de-conformite\">État de conformité</h2>" in statement  # the RGAA's structure
    assert "Voies de recours" in statement and "À COMPLÉTER" in statement  # blanks left in plain sight
    assert "Hébergement" in page(finistere_site, "mentions-legales")


def test_entry_pages_stay_within_their_budget(built_site: Path, demo_commons) -> None:
    """An entry page weighs at most 14 KB of HTML, the whole page (the median of the demo's;
    `scripts/page_sizes.py` says where the bytes go)."""
    sizes = sorted(len(page(built_site, f"{entry.type.folder}/{entry.id}").encode())
                   for entry in demo_commons.entries.values() if entry.publishable)
    assert len(sizes) > 60
    assert sizes[len(sizes) // 2] <= 14_000


def test_an_entry_page_carries_no_chrome_it_does_not_use(built_site: Path) -> None:
    html = page(built_site, "outils/balade-sensible-du-territoire")
    assert "md-sidebar--secondary" not in html  # its table of contents is hidden: left out, not sent empty
    assert 'data-md-component="announce"' not in html  # no announcement
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    assert "search" not in config and not any(key.startswith("search.") for key in config["translations"])
    assert "Font Awesome" not in html and "\n  " not in html  # no icon licence comment, no indentation
    # The repository is linked from the footer, in words, not from the header with its icon.
    assert "md-header__source" not in html and 'data-md-component="source"' not in html
    assert "data-pagefind-filter" not in html  # the site's search never filters
    footer = html.split('class="md-footer"', 1)[1]
    assert '<a href="https://example.org/maillage/vosges">Sources du commun (maillage/vosges)</a>' in footer
    links = html[html.index('<div class="maillage-links"'):]
    # Under « Projets » a project's status, not « projet » again; under « Auteurs » the type is said.
    assert '>Veillées contées de la Vôge</a> <span class="maillage-kind-inline">(Terminé)</span>' in links
    assert '>Léa Marchal</a> <span class="maillage-kind-inline">(acteur)</span>' in links


def test_an_entry_page_loses_its_template_indentation_but_not_its_preformatted_text(finistere_site: Path) -> None:
    html = page(finistere_site, "outils/cercle-de-parole")
    article = html[html.index('<div class="maillage-entry"'):html.index('<script type="application/ld+json">')]
    assert "Tour de parole\n     chacun·e, deux minutes\nTour" in article  # the code block as written
    outside = re.sub(r"<pre\b.*?</pre>", "", article, flags=re.S)
    assert not re.search(r"\n[ \t]", outside)  # the template's layout, not the reader's text


def test_runs_of_spaces_and_tabs_become_one_space_and_single_ones_stay() -> None:
    assert without_layout("<p>a  b\t\tc \t d e</p>\n    <p>f</p>") == "<p>a b c d e</p>\n<p>f</p>"
    assert without_layout("<p>a b\tc</p>") == "<p>a b\tc</p>"  # nothing to collapse: as it was
    assert without_layout("<pre>a  b</pre>  <p>c</p>") == "<pre>a  b</pre> <p>c</p>"
    assert without_layout("<p>a   b  c</p>") == "<p>a b c</p>"  # no tab: runs of spaces alone


def test_the_home_page_shows_what_is_coming_up_figures_and_the_territory(finistere_site: Path) -> None:
    html = page(finistere_site, "")
    coming = html[html.index('<ul class="maillage-upcoming">'):html.index('<h2 id="en-chiffres">')]
    assert "Journée d&#39;immersion au Théâtre de Morlaix" in coming and "10 avril 2031" in coming
    assert "Veillée contée" not in coming  # over at build time; the script hides the others once over
    assert 'data-fin="2031-04-10T17:00:00+02:00"' in coming
    drawing = re.search(r'<a class="maillage-mini-map" href="carte/"><svg viewBox="0 0 400 \d+" role="img" '
                        r'aria-label="Voir la carte : 3 communes avec des fiches">(.*?)</svg>', html)
    assert drawing is not None and drawing.group(1).count("<circle") == 3  # Quimper, Douarnenez, Morlaix
    assert "Territoire du commun : <strong>Finistère (29)</strong>" in html
    toc = html[html.index('<nav class="md-nav md-nav--secondary"'):]
    toc = toc[:toc.index("</nav>")]
    # Its sections are in the table of contents, in their place before the page's own.
    assert re.findall(r'href="#([^"]+)"', toc) == ["a-venir", "en-chiffres", "participer"]
