"""What `content/` may hold: entries, editorial pages and images; everything else refused by name.

A contributor can touch any file of the content folder. Links would make the build publish what
they point at (the build's environment, `/etc/passwd`, `.git/config`, a whole directory), FIFOs
would block whoever reads them, and raw HTML, SVG or script files would be published as they are.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from maillage.cli import main
from maillage.model import EntryError, default_schemas, load_commons, read_document
from maillage.model.layout import Kind, scan

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
AVIF = b"\x00\x00\x00\x1cftypavif" + b"\x00" * 32
ICO = b"\x00\x00\x01\x00\x01\x00" + b"\x00" * 32


def messages(content: Path) -> dict[str, str]:
    """The error of each refused file, by path relative to the content folder's parent."""
    commons = load_commons(content, display_base=content.parent)
    return {p.path: p.message for p in commons.errors}


def check(content: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(main, ["verifier", "content"])
    return result.exit_code, result.output


def test_entries_editorial_pages_images_and_dot_files_are_accepted(write, content, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    (content / "index.md").write_text("# Accueil\n", "utf-8")
    (content / "guides" / "pratiques").mkdir(parents=True)
    (content / "guides" / "pratiques" / "forum.md").write_text("# Forum ouvert\n", "utf-8")
    for name, data in {"logo.png": PNG, "photo.JPG": JPEG, "a.gif": GIF, "b.webp": WEBP, "c.avif": AVIF,
                       "favicon.ico": ICO}.items():
        (content / "images" / name).parent.mkdir(exist_ok=True)
        (content / "images" / name).write_bytes(data)
    (content / "acteurs" / "portrait.jpeg").write_bytes(JPEG)
    (content / "outils").mkdir()
    (content / "outils" / ".gitkeep").write_text("", "utf-8")
    layout = scan(content, default_schemas())
    assert layout.problems == []
    kinds = {f.relative: f.kind for f in layout.files}
    assert kinds == {
        "acteurs/compagnie-des-sapins.md": Kind.ENTRY,
        "acteurs/portrait.jpeg": Kind.IMAGE,
        "guides/pratiques/forum.md": Kind.PAGE,
        "images/a.gif": Kind.IMAGE,
        "images/b.webp": Kind.IMAGE,
        "images/c.avif": Kind.IMAGE,
        "images/favicon.ico": Kind.IMAGE,
        "images/logo.png": Kind.IMAGE,
        "images/photo.JPG": Kind.IMAGE,
        "index.md": Kind.PAGE,
        "outils/.gitkeep": Kind.HIDDEN,
    }
    assert list(load_commons(content).entries) == ["compagnie-des-sapins"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.html", b"<script>alert(1)</script>"),
        ("carte.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("outils/script.js", b"alert(1)"),
        ("theme/extra.css", b"body{background:url(https://evil.example/)}"),
        ("notes.txt", b"texte"),
        ("README", b"texte"),
        ("acteurs/page.HTM", b"<script>alert(1)</script>"),
        ("index.MD", b"# majuscules"),
    ],
)
def test_raw_files_are_refused_by_name(content, name, data, monkeypatch):
    (content / name).parent.mkdir(parents=True, exist_ok=True)
    (content / name).write_bytes(data)
    shown = f"content/{name}"
    assert messages(content)[shown].startswith(f"fichier refusé : « {Path(name).name} » serait publié tel quel")
    status, output = check(content, monkeypatch)
    assert status == 1
    assert f"{shown}:1:1: fichier refusé" in output


@pytest.mark.parametrize(
    ("name", "data", "format_name"),
    [
        ("photo.png", b"<html><script>alert(1)</script>", "PNG"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 16, "JPG"),
        ("vide.gif", b"", "GIF"),
        ("image.webp", b'<svg onload="alert(1)">', "WEBP"),
    ],
)
def test_a_file_named_like_an_image_must_be_one(content, name, data, format_name):
    (content / name).write_bytes(data)
    message = messages(content)[f"content/{name}"]
    assert message.startswith(f"« {name} » n'est pas une image {format_name} valide")


def test_an_image_over_five_megabytes_is_refused(content):
    (content / "affiche.png").write_bytes(PNG + b"\x00" * (5 * 1024 * 1024))
    assert messages(content)["content/affiche.png"].startswith("image trop lourde")


def test_markdown_in_a_sub_folder_of_an_entry_folder_is_refused(write, content, valid_actor):
    """It is published as a raw page today, unchecked: it is a misplaced entry."""
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    write("acteurs/sous", "x.md", "---\ntitle: x\n---\n<script>alert(1)</script>\n")
    assert messages(content) == {
        "content/acteurs/sous/x.md": (
            "fichier Markdown mal placé : « x.md » est dans un sous-dossier de content/acteurs/ ; une fiche se place "
            "directement dans content/acteurs/, une page éditoriale hors des dossiers de fiches"
        )
    }


@pytest.mark.parametrize(
    "target",
    ["/proc/self/environ", "/etc/passwd", "../.git/config", "/etc", "acteurs", "/nulle/part"],
    ids=["environ", "passwd", "git-config", "directory", "inner-directory", "dangling"],
)
def test_symbolic_links_are_refused_and_never_followed(write, content, valid_actor, target, monkeypatch):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    (content.parent / ".git").mkdir()
    (content.parent / ".git" / "config").write_text("[remote]\n\turl = https://jeton@forge.example/\n", "utf-8")
    (content / "lien.txt").symlink_to(target)
    assert messages(content) == {
        "content/lien.txt": (
            "lien symbolique refusé : « lien.txt » renvoie vers un autre fichier ou dossier, que le site publierait "
            "tel quel ; remplacez le lien par le fichier lui-même"
        )
    }
    status, output = check(content, monkeypatch)
    assert status == 1 and "jeton" not in output and "root:" not in output


def test_a_link_named_like_an_entry_is_refused_not_loaded(write, content, valid_actor):
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    (content / "acteurs" / "copie.md").symlink_to("compagnie-des-sapins.md")
    (content / "projets").mkdir()
    (content / "projets" / "environ.md").symlink_to("/proc/self/environ")
    commons = load_commons(content, display_base=content.parent)
    assert list(commons.entries) == ["compagnie-des-sapins"]
    assert sorted(p.path for p in commons.errors) == ["content/acteurs/copie.md", "content/projets/environ.md"]
    assert all(p.message.startswith("lien symbolique refusé") for p in commons.errors)


def test_a_fifo_is_refused_without_being_opened(write, content, valid_actor, monkeypatch):
    """Reading a FIFO blocks until someone writes to it: the check would hang."""
    write("acteurs", "compagnie-des-sapins.md", valid_actor)
    os.mkfifo(content / "tube")
    os.mkfifo(content / "acteurs" / "tube.md")
    found = messages(content)
    assert set(found) == {"content/tube", "content/acteurs/tube.md"}
    assert found["content/tube"] == (
        "fichier spécial refusé : « tube » n'est pas un fichier ordinaire (tube nommé, périphérique ou socket) ; "
        "supprimez-le"
    )
    assert check(content, monkeypatch)[0] == 1


def test_sockets_and_devices_are_refused(content):
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(content / "prise.sock"))
        try:
            os.mknod(content / "zero.png", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
            names = {"content/prise.sock", "content/zero.png"}
        except PermissionError:  # creating a device needs CAP_MKNOD
            names = {"content/prise.sock"}
        found = messages(content)
        assert set(found) == names
        assert all(m.startswith("fichier spécial refusé") for m in found.values())
    finally:
        listener.close()


def test_reading_an_entry_never_follows_a_link_nor_waits_on_a_fifo(tmp_path, valid_actor):
    """Whatever lists the files, the model's reader itself refuses links and special files."""
    (tmp_path / "vraie.md").write_text(valid_actor, "utf-8")
    (tmp_path / "lien.md").symlink_to(tmp_path / "vraie.md")
    os.mkfifo(tmp_path / "tube.md")
    with pytest.raises(EntryError) as link:
        read_document(tmp_path / "lien.md", "lien.md")
    assert link.value.problems[0].message.startswith("lien symbolique refusé")
    with pytest.raises(EntryError) as fifo:
        read_document(tmp_path / "tube.md", "tube.md")
    assert fifo.value.problems[0].message.startswith("fichier spécial refusé")


def test_a_data_file_is_read_like_an_entry_never_through_a_link_nor_from_a_fifo(tmp_path):
    """An entry's JSON data file (a draw's record) is contributed too: the same reader, the same checks."""
    from maillage.model import Document
    from maillage.model.datafile import attach

    entry = tmp_path / "tirage.md"
    (tmp_path / "tirage.json").symlink_to("/proc/self/environ")
    problems = attach(Document("content/tirages/tirage.md", {}, ""), entry, ("journal",))
    assert [p.message.split(" :")[0] for p in problems] == ["lien symbolique refusé"]
    (tmp_path / "tirage.json").unlink()
    os.mkfifo(tmp_path / "tirage.json")
    problems = attach(Document("content/tirages/tirage.md", {}, ""), entry, ("journal",))
    assert [p.message.split(" :")[0] for p in problems] == ["fichier spécial refusé"]
    (tmp_path / "tirage.json").unlink()
    (tmp_path / "tirage.json").write_text('{"journal": [{"note": "ok\\u001b]0;titre\\u0007"}]}', "utf-8")
    problems = attach(Document("content/tirages/tirage.md", {}, ""), entry, ("journal",))
    assert [(p.path, p.field) for p in problems] == [("content/tirages/tirage.json", "journal.0.note")]
    assert "ESC (U+001B)" in problems[0].message
