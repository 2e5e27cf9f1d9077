"""Témoignages on a commons of another département (the Finistère fixture): quoted on the page of
the rencontre they are about and on the pages of the actors around it, an invitation to testify
once the rencontre is over (through the web form or the forge's issue form, the rencontre filled
in), nothing of a testimony without consent, and never the consent record itself."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pytest

from maillage.model import render_entry

FINISTERE = Path(__file__).parent / "fixtures" / "finistere"
FORM = "https://formulaire.example.org/"
REPO = "https://github.com/exemple/commun-29"
PAST = "veillee-contee-a-douarnenez"
COMING = "journee-d-immersion-au-theatre-de-morlaix"


def written_testimony(rencontre: str, signature: str, words: str, published: bool, **more: object) -> str:
    data = {
        "schema_version": 1,
        "titre": f"Ce que {signature} en retient",
        "rencontre": rencontre,
        "recit": words,
        "signature": signature,
        "role": "public",
        **more,
        "consentement": {"publication": published, "date": "2026-02-08", "recueilli_par": "courriel du 8 février"},
    }
    return render_entry(data, "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, site_builder) -> Path:
    directory = tmp_path_factory.mktemp("temoignages")
    content = directory / "content"
    shutil.copytree(FINISTERE, content)
    (content / "temoignages").mkdir()
    (content / "temoignages" / "maiwenn.md").write_text(written_testimony(
        PAST, "Maïwenn", "Les contes en breton m'ont ramenée chez ma grand-mère.\n\nÀ refaire l'hiver prochain.",
        True, acteur="bagad-de-quimper"), "utf-8")
    (content / "temoignages" / "sans-accord.md").write_text(written_testimony(
        PAST, "Yann", "Un récit que personne n'a accepté de publier.", False), "utf-8")
    options = {"territoire": {"departements": ["29"]}, "git_dates": False, "formulaire_url": FORM,
               "search_index": False}
    return site_builder(content, directory, options, repo_url=REPO)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def section(html: str) -> str:
    match = re.search(r'<section class="maillage-testimonies".*?</section>', html, re.S)
    assert match, "no testimonies section"
    return match.group(0)


def test_the_rencontre_page_quotes_its_testimony_signed_and_dated(site: Path) -> None:
    block = section(page(site, f"rencontres/{PAST}"))
    assert "Témoignages (1)" in block
    assert "<p>Les contes en breton m&#39;ont ramenée chez ma grand-mère.</p><p>À refaire l&#39;hiver prochain.</p>" \
        in block
    assert "— Maïwenn, dans le public, le 8 février 2026" in block
    assert 'href="../../temoignages/maiwenn/"' in block


def test_a_past_rencontre_invites_to_testify_through_the_form_or_the_issue_form(site: Path) -> None:
    block = htmllib.unescape(section(page(site, f"rencontres/{PAST}")))
    assert f'href="{FORM}proposer/temoignages?rencontre={PAST}">Témoigner (sans compte)' in block
    assert f'href="{REPO}/issues/new?template=temoignage.yml&rencontre={PAST}">Témoigner avec un compte GitHub' \
        in block
    assert "data-maillage-past hidden" not in block


def test_a_rencontre_to_come_keeps_the_invitation_for_later(site: Path) -> None:
    block = section(page(site, f"rencontres/{COMING}"))
    assert 'data-fin="2031-04-10T17:00:00+02:00"' in block  # the browser shows it once that is past
    assert block.count("data-maillage-past hidden") == 2
    assert re.search(r"<p data-maillage-upcoming>Une fois la rencontre passée", block)
    assert "Témoignages (" not in block


def test_the_actors_around_the_rencontre_show_what_was_said_of_it(site: Path) -> None:
    for actor in ("bagad-de-quimper", "theatre-du-pays-de-morlaix"):  # its author's actor; the host
        block = section(page(site, f"acteurs/{actor}"))
        assert "— Maïwenn, dans le public, à propos de « <a" in block, actor
        assert "Veillée contée à Douarnenez" in block


def test_a_testimony_without_consent_is_published_nowhere(site: Path) -> None:
    assert not (site / "temoignages" / "sans-accord").exists()
    for built in site.rglob("*"):
        if built.is_file() and built.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".geojson"):
            text = built.read_text("utf-8", errors="replace")
            assert "Yann" not in text and "personne n'a accepté" not in text, built


def test_the_consent_record_is_never_shown(site: Path) -> None:
    html = page(site, "temoignages/maiwenn")
    assert "Maïwenn" in html
    assert "courriel du 8 février" not in html and "Votre accord" not in html
    for built in site.rglob("*.json"):
        assert "courriel du 8 février" not in built.read_text("utf-8", errors="replace"), built
