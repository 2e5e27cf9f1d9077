"""Shared fixtures: synthetic listings generated in code (no committed data files)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import synthetic_listings


@pytest.fixture(scope="session")
def listings_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five small synthetic listings of the Vosges with their mappings and truth."""
    directory = tmp_path_factory.mktemp("listes")
    synthetic_listings.write(synthetic_listings.generate(150, seed=3, departements=("88",)), directory)
    return directory
