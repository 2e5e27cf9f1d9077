"""Shared fixtures: synthetic listings generated in code (no committed data files), a commons root."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from census_helpers import commons_root, import_all, run

import synthetic_listings


@pytest.fixture(scope="session")
def listings_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five small synthetic listings of the Vosges with their mappings and truth."""
    directory = tmp_path_factory.mktemp("listes")
    synthetic_listings.write(synthetic_listings.generate(150, seed=3, departements=("88",)), directory)
    return directory


@pytest.fixture
def census_copy(listings_dir: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A commons of the Vosges and its working folder, listings imported and normalised."""
    root = commons_root(tmp_path / "commun")
    listings = tmp_path / "listes"
    shutil.copytree(listings_dir, listings)
    workdir = root / "recensement"
    import_all(listings, workdir)
    run("normaliser", "--contenu", str(root / "content"), "--dossier", str(workdir))
    return root, workdir, listings
