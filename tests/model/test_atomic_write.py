"""Every file Maillage writes (entries, census working files, pages) is replaced atomically and
created like any file the user writes: its mode follows the umask, an existing file keeps its own."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from maillage.model.write import write_all_atomic, write_atomic


@pytest.fixture
def umask() -> Iterator[object]:
    """Set the process umask for one test, then restore it."""
    previous = os.umask(0o022)

    def set_umask(mask: int) -> None:
        os.umask(mask)

    yield set_umask
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_a_normal_write_gives(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "content" / "acteurs" / "compagnie.md"
    write_atomic(path, "---\nnom: Compagnie\n---\n")
    normal = tmp_path / "normal.md"
    normal.write_text("x", "utf-8")
    assert mode(path) == mode(normal) == expected
    assert path.read_text("utf-8") == "---\nnom: Compagnie\n---\n"


def test_an_existing_file_keeps_its_mode(tmp_path, umask):
    path = tmp_path / "fiche.md"
    path.write_text("avant", "utf-8")
    path.chmod(0o640)
    write_atomic(path, "après")
    assert mode(path) == 0o640 and path.read_text("utf-8") == "après"


def test_nothing_is_left_behind(tmp_path):
    write_atomic(tmp_path / "a.md", "a")
    write_atomic(tmp_path / "a.md", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_several_files_are_written_all_or_nothing(tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_text("ancien", "utf-8")
    blocked = tmp_path / "dossier-bloque"
    blocked.write_text("un fichier, pas un dossier", "utf-8")
    with pytest.raises(OSError):
        write_all_atomic({kept: "nouveau", blocked / "fiche.md": "impossible"})
    assert kept.read_text("utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier-bloque", "kept.md"]
    write_all_atomic({kept: "nouveau", tmp_path / "autre.md": "autre"})
    assert kept.read_text("utf-8") == "nouveau" and (tmp_path / "autre.md").read_text("utf-8") == "autre"
