"""Pictures: an image file of the commons, named with its alternative text, credit and licence in
the entry, checked by `maillage verifier` and decoded, stripped and resized by the site build."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from maillage.model import load_commons

ROOT = Path(__file__).resolve().parents[2]
FINISTERE = Path(__file__).parent / "fixtures" / "finistere"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def copy_commons(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FINISTERE, content)
    return content


def set_picture(content: Path, path: str) -> Path:
    """Point the bagad's picture at `path`; return the entry's file."""
    entry = content / "acteurs" / "bagad-de-quimper.md"
    entry.write_text(entry.read_text("utf-8").replace("fichier: images/bagad.jpg", f"fichier: {path}"), "utf-8")
    return entry


def test_an_entry_page_shows_its_picture_in_responsive_formats_without_metadata(finistere_site: Path) -> None:
    html = page(finistere_site, "acteurs/bagad-de-quimper")
    figure = html[html.index('<figure class="maillage-picture"'):html.index("</figure>")]
    assert 'alt="Six sonneurs en ligne, vus de face, sur fond bleu"' in figure
    assert 'width="800" height="600"' in figure  # the size is known before the file loads
    assert re.search(r'<source type="image/webp" sizes="[^"]+" srcset="[^"]+-320\.webp 320w, [^"]+-640\.webp 640w, '
                     r'[^"]+-800\.webp 800w">', figure)
    assert "<figcaption>Photo : bagad (fictif) — Creative Commons Attribution – Partage" in figure
    files = sorted(p.name.split("-", 1)[1] for p in (finistere_site / "assets/maillage/images").iterdir()
                   if p.name.startswith(re.search(r"images/([0-9a-f]+)-320", figure).group(1)))
    assert files == ["320.jpg", "320.webp", "640.jpg", "640.webp", "800.jpg", "800.webp"]
    resized = next((finistere_site / "assets/maillage/images").glob("*-800.jpg"))
    assert dict(Image.open(resized).getexif()) == {}  # the original's camera and GPS position are gone
    listing = page(finistere_site, "acteurs")
    assert re.search(r'<li class="maillage-card"[^>]*>\s*<picture>.*?alt=""', listing, re.S)  # the name says it


def test_a_persons_picture_needs_their_consent(finistere_site: Path) -> None:
    """Élise consented to her page, not to her contact details nor her photo."""
    html = page(finistere_site, "acteurs/elise-le-goff")
    assert "<picture>" not in html and "Portrait" not in html
    cards = page(finistere_site, "acteurs").split('<li class="maillage-card"')[1:]
    card = next(c for c in cards if "elise-le-goff" in c)
    assert "<picture>" not in card
    assert not any("elise" in p.name for p in (finistere_site / "assets/maillage/images").iterdir())


def test_verifier_names_a_missing_or_unsafe_picture(tmp_path: Path) -> None:
    content = copy_commons(tmp_path)
    set_picture(content, "images/absente.jpg")
    problems = [p.format() for p in load_commons(content).errors]
    assert len(problems) == 1
    assert problems[0].endswith("acteurs/bagad-de-quimper.md:8:3: « image.fichier » : le dossier des fiches n'a pas "
                                "d'image « images/absente.jpg » (écrivez le chemin depuis ce dossier, par exemple "
                                "images/logo.png)")
    entry = content / "acteurs" / "bagad-de-quimper.md"
    for unsafe in ("../secret.jpg", "/etc/logo.png", "images/logo.svg"):
        entry.write_text(re.sub(r"fichier: .*", f"fichier: {unsafe}", entry.read_text("utf-8")), "utf-8")
        message = " ".join(p.message for p in load_commons(content).errors)
        assert "n'est pas le chemin d'une image du dossier des fiches" in message, unsafe


def test_a_picture_needs_its_alternative_text(tmp_path: Path) -> None:
    content = copy_commons(tmp_path)
    entry = content / "acteurs" / "bagad-de-quimper.md"
    entry.write_text(re.sub(r"  texte_alternatif: .*\n", "", entry.read_text("utf-8"), count=1), "utf-8")
    message = " ".join(p.message for p in load_commons(content).errors)
    assert "texte_alternatif" in message


def test_a_file_that_only_looks_like_an_image_fails_the_build_in_french(
    tmp_path: Path, site_builder: Callable[[Path, Path, dict[str, object]], Path], caplog: pytest.LogCaptureFixture
) -> None:
    content = copy_commons(tmp_path)
    # The first bytes of a PNG (the content folder accepts it), then anything.
    (content / "images" / "faux.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>" * 20)
    set_picture(content, "images/faux.png")
    with pytest.raises(Abort):
        site_builder(content, tmp_path, {"git_dates": False, "search_index": False})
    message = caplog.text
    assert "1 image(s) inutilisable(s)" in message
    assert "content/acteurs/bagad-de-quimper.md:8:3: « image.fichier » : « images/faux.png » n'est pas une image " \
           "PNG, JPEG, WebP ou GIF lisible (son contenu n'est celui d'aucun de ces formats)" in message
    assert "Traceback" not in message and str(tmp_path) not in message


def test_a_decompression_bomb_is_refused(
    tmp_path: Path, site_builder: Callable[[Path, Path, dict[str, object]], Path], caplog: pytest.LogCaptureFixture
) -> None:
    content = copy_commons(tmp_path)
    Image.new("1", (9000, 9000)).save(content / "images" / "bombe.png", optimize=True)  # 81 Mpx, a few kB
    assert (content / "images" / "bombe.png").stat().st_size < 100_000
    set_picture(content, "images/bombe.png")
    with pytest.raises(Abort):
        site_builder(content, tmp_path, {"git_dates": False, "search_index": False})
    assert "plus de 40 millions de pixels" in caplog.text
