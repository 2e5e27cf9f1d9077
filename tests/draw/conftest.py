"""Fixtures of the draw tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# Tests run with --import-mode=importlib: make the shared fixture module importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from draw_fixture import Builder, draw_data

from maillage.model import render_entry, write_atomic


@pytest.fixture
def make_draw(tmp_path: Path) -> Builder:
    """Write actors and a draw into a fresh content folder; return the draw's path."""

    def build(actors: dict[str, dict[str, Any]], draw: dict[str, Any] | None = None, folder: str = "content") -> Path:
        content = tmp_path / folder
        for actor_id, data in actors.items():
            write_atomic(content / "acteurs" / f"{actor_id}.md", render_entry(data, "Présentation."))
        path = content / "tirages" / "tirage-essai.md"
        write_atomic(path, render_entry(draw or draw_data(), "Le texte du tirage reste tel quel."))
        return path

    return build
