"""The preview (`mkdocs serve`) after each kind of edit equals a full build of the same content.

One real `mkdocs serve` of a small synthetic commons (actors with offers and needs, tools,
projects, experiences, rencontres, draws: references, suggestions, territories), edited the way
a contributor edits: an entry changed, added, deleted, renamed, an entry others link to, an actor
moved to another commune, a thing to borrow added then moved (other actors' suggestions), a
person who withdraws consent (out of the listing, territories and suggestions), a rencontre moved
to another day and place (agenda, calendars), an invalid entry then fixed. After each edit the
served folder (pages, open data, calendars) is compared, file by file, with `mkdocs build` of the
same content, and the search index holds the same pages with the same text.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import ROOT, build_site, search_index, write_config

from maillage.site.preview import warnings_counted

sys.path.insert(0, str(ROOT / "scripts"))
from serving import Server
from synthetic_commons import generate

DONE = "Aperçu à jour en"
DEFERRED = "recherche, données ouvertes et agendas à jour"
REFUSED = "Aperçu non mis à jour"


class Served(Server):
    """A `mkdocs serve` of the commons in `directory`, once it serves and its background work ended."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.content = directory / "content"
        temporary = directory / "tmp"
        temporary.mkdir()
        # One "now" for the preview and the full builds it is compared with (calendars are stamped).
        self.now = str(int(time.time()))
        super().__init__(directory / "mkdocs.yml", temporary, {"SOURCE_DATE_EPOCH": self.now})
        self.wait_for("Serving on")
        self.wait_for(DEFERRED)
        self.site = self.site_dir()

    def wait_for(self, text: str, timeout: float = 180) -> str:
        """The next console line holding `text` (failing with the console when it never comes)."""
        line = self.next_line(text, timeout)
        if line is None:
            raise AssertionError(f"« {text} » never came:\n{''.join(self.console[-40:])}")
        return line

    def edited(self) -> str:
        """Wait for the preview after an edit, and for its background work; the console line."""
        line = self.wait_for(DONE)
        self.wait_for(DEFERRED)
        return line


def _write(path: Path, text: str) -> None:
    """Write a file as an editor does, making sure its stamp changes (same-second edits)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, "utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    directory = tmp_path_factory.mktemp("apercu")
    content = directory / "content"
    generate(content, actors=30, others=4)
    (content / "index.md").write_text("# Accueil\n\n<!-- maillage:territoire -->\n", "utf-8")
    write_config(directory, content, {"git_dates": False, "territoire": {"departements": ["88"]}})
    server = Served(directory)
    try:
        yield server
    finally:
        server.stop()


def assert_same_as_full_build(served: Served, tmp_path: Path) -> None:
    """Every file of the served site equals the full build's, and there is no other."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", served.now)
        full = build_site(served.directory / "mkdocs.yml", tmp_path / "full", site_url=served.url)
    ignored = ("pagefind/",)
    assert search_index(served.site) == search_index(full), "the search index differs from a full build's"
    theirs = {p.relative_to(full).as_posix() for p in full.rglob("*") if p.is_file()}
    ours = {p.relative_to(served.site).as_posix() for p in served.site.rglob("*") if p.is_file()}
    # The index is Pagefind's own work on these pages (written in the background, checked apart).
    theirs, ours = ({p for p in files if not p.startswith(ignored)} for files in (theirs, ours))
    assert sorted(ours - theirs) == [], "files served that a full build does not make"
    assert sorted(theirs - ours) == [], "files of a full build missing from the preview"
    different = [p for p in sorted(theirs) if (full / p).read_bytes() != (served.site / p).read_bytes()]
    assert different == [], "files that differ from a full build"
    shutil.rmtree(full)


def test_editing_an_actor_renders_its_pages_again(served: Served, tmp_path: Path) -> None:
    path = served.content / "acteurs" / "acteur-00003.md"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^nom: .*$", "nom: Le Collectif Renommé", text)
    text = re.sub(r"(?m)^propose:\n(?:- [^\n]*\n)*", "propose:\n- transport\n- materiel_technique\n", text)
    _write(path, text)
    line = served.wait_for(DONE)
    assert "acteurs/acteur-00003.md" in line
    page = urllib.request.urlopen(served.url + "acteurs/acteur-00003/").read().decode()
    assert "Le Collectif Renommé" in page
    # The listing is made again just after the entry's page: asked for meanwhile, it waits for it.
    listing = urllib.request.urlopen(served.url + "acteurs/").read().decode()
    assert "Le Collectif Renommé" in listing
    served.wait_for(DEFERRED)
    assert_same_as_full_build(served, tmp_path)


def test_an_entry_others_link_to(served: Served, tmp_path: Path) -> None:
    path = served.content / "projets" / "projet-00001.md"
    _write(path, re.sub(r"(?m)^titre: .*$", "titre: Un projet au nouveau titre", path.read_text("utf-8")))
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_moving_an_actor_to_another_commune(served: Served, tmp_path: Path) -> None:
    path = served.content / "acteurs" / "acteur-00007.md"
    # Gérardmer: a commune with no entry yet gets its territory page, the old one may lose it.
    _write(path, re.sub(r"(?m)^commune: .*$", "commune: '88196'", path.read_text("utf-8")))
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_adding_an_entry(served: Served, tmp_path: Path) -> None:
    source = (served.content / "acteurs" / "acteur-00004.md").read_text("utf-8")
    source = re.sub(r"(?m)^nom: .*$", "nom: Les Nouveaux Venus", source)
    source = re.sub(r"(?m)^commune: .*$", "commune: '88160'", source)
    _write(served.content / "acteurs" / "les-nouveaux-venus.md", source)
    served.edited()
    page = urllib.request.urlopen(served.url + "acteurs/les-nouveaux-venus/").read().decode()
    assert "Les Nouveaux Venus" in page
    assert_same_as_full_build(served, tmp_path)


def test_deleting_an_entry(served: Served, tmp_path: Path) -> None:
    (served.content / "experiences" / "experience-00002.md").unlink()
    served.edited()
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(served.url + "experiences/experience-00002/")
    assert gone.value.code == 404
    assert_same_as_full_build(served, tmp_path)


def test_renaming_an_entry(served: Served, tmp_path: Path) -> None:
    (served.content / "experiences" / "experience-00003.md").rename(
        served.content / "experiences" / "une-experience-renommee.md")
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_a_thing_to_borrow_added_then_moved(served: Served, tmp_path: Path) -> None:
    # Lent across the département: every actor seeking transport may now borrow it.
    thing = served.content / "ressources" / "camion-a-preter.md"
    thing.parent.mkdir(exist_ok=True)
    source = ("---\nschema_version: 1\ntitre: Camion à prêter\ngenre: transport\npreteur: acteur-00002\n"
              "conditions: gratuit\ncommune: '88160'\nechelle: departement\n---\n\nUn camion de 12 m³.\n")
    _write(thing, source)
    served.edited()
    seekers = [p.stem for p in sorted((served.content / "acteurs").glob("*.md"))
               if re.search(r"(?m)^recherche:\n(?:- [^\n]*\n)*- transport$", p.read_text("utf-8"))]
    assert seekers, "the synthetic commons has an actor seeking transport"
    page = urllib.request.urlopen(served.url + f"acteurs/{seekers[0]}/").read().decode()
    assert "Camion à prêter" in page
    assert_same_as_full_build(served, tmp_path)
    # Moved to Gérardmer, lent there only: it leaves the suggestions of actors elsewhere.
    _write(thing, source.replace("'88160'", "'88196'").replace("echelle: departement", "echelle: commune"))
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_a_person_who_withdraws_consent_leaves_every_page(served: Served, tmp_path: Path) -> None:
    path = served.content / "acteurs" / "camille-rouge.md"
    consenting = ("---\nschema_version: 1\nnom: Camille Rouge\nforme: personne\nnature: artiste\n"
                  "disciplines: [photographie]\ncommune: '88160'\nechelle: departement\n"
                  "propose: [transport, formation]\nrecherche: [lieu_diffusion]\n"
                  "consentement:\n  publication: true\n  contact: false\n  date: '2026-02-02'\n"
                  "  recueilli_par: La coordination, par courriel\n---\n\nPhotographe.\n")
    _write(path, consenting)
    served.edited()
    assert "Camille Rouge" in urllib.request.urlopen(served.url + "acteurs/").read().decode()
    assert_same_as_full_build(served, tmp_path)
    _write(path, consenting.replace("publication: true", "publication: false"))
    served.edited()
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(served.url + "acteurs/camille-rouge/")
    assert gone.value.code == 404
    assert "Camille Rouge" not in urllib.request.urlopen(served.url + "acteurs/").read().decode()
    assert_same_as_full_build(served, tmp_path)


def test_moving_a_rencontre_to_another_day_and_place(served: Served, tmp_path: Path) -> None:
    path = served.content / "rencontres" / "rencontre-00001.md"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^debut: .*$", "debut: '2031-05-12T09:00:00+02:00'", text)
    text = re.sub(r"(?m)^fin: .*$", "fin: '2031-05-12T17:00:00+02:00'", text)
    text = re.sub(r"(?m)^  commune: .*$", "  commune: '88196'", text)
    _write(path, text)
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_an_invalid_entry_keeps_the_last_valid_site_then_its_fix_shows(served: Served, tmp_path: Path) -> None:
    path = served.content / "acteurs" / "acteur-00005.md"
    valid = path.read_text("utf-8")
    _write(path, re.sub(r"(?m)^commune: .*$", "commune: '99999'", valid))
    served.wait_for(REFUSED)
    problem = served.wait_for("acteur-00005.md")
    assert "99999" in problem
    page = urllib.request.urlopen(served.url + "acteurs/acteur-00005/").read().decode()
    assert re.search(r"(?m)^nom: (.*)$", valid)[1] in page  # the last valid version, still served
    _write(path, re.sub(r"(?m)^nom: .*$", "nom: Corrigé", valid))
    served.edited()
    assert_same_as_full_build(served, tmp_path)


def test_a_gone_page_asked_for_meanwhile_is_no_warning_of_the_content(caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs' server logs each 404 as a warning: a visitor asking for a deleted entry's page while
    pages render again must not make the preview say that a strict build would fail."""
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        with warnings_counted(strict=True):
            logging.getLogger("mkdocs.livereload").warning('"GET /acteurs/parti/ HTTP/1.1" code 404')
        assert "mkdocs build" not in caplog.text
        with warnings_counted(strict=True):
            logging.getLogger("mkdocs.plugins.maillage").warning("un lien vers une fiche absente")
        assert "1 avertissement(s) ci-dessus ; en mode strict, `mkdocs build` échouerait" in caplog.text
