"""Fixtures of the contribution tests: a small content directory to add entries to."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Tests run with --import-mode=importlib: make the helper module importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from maillage.model import render_entry

EXISTING = {
    ("acteurs", "compagnie-du-fil-tendu"): {
        "schema_version": 1,
        "nom": "Compagnie du Fil tendu",
        "forme": "organisation",
        "nature": "structure_culturelle",
        "commune": "88160",
        "echelle": "departement",
    },
    ("outils", "world-cafe"): {
        "schema_version": 1,
        "titre": "World café",
        "categorie": "methode_animation",
        "objectif": "Faire parler un grand groupe par petites tables.",
        "licence": "CC-BY-SA-4.0",
    },
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid commons with one actor and one tool."""
    root = tmp_path / "content"
    for (folder, entry_id), data in EXISTING.items():
        path = root / folder / f"{entry_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_entry(data, "Présentation."), "utf-8")
    return root
