"""Fixtures of the export tests: the small commons of `export_fixture`, exported once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Tests run with --import-mode=importlib: make the shared fixture module importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from export_fixture import CREATED, SITE, UPDATED, Exported, write_content

from maillage.exports import write_all
from maillage.model import load_commons


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The fixture commons, loaded and exported once for the whole session."""
    root = tmp_path_factory.mktemp("exports")
    content = write_content(root)
    commons = load_commons(content)
    # The fixture must be a valid commons. Draw results evolve with the draw tool: their
    # problems are tolerated, since exports must cope with whatever an entry holds anyway.
    errors = [p for p in commons.errors if "/tirages/" not in p.path.replace("\\", "/")]
    assert errors == [], errors
    out = root / "site"
    paths = write_all(commons, out, SITE, updated=UPDATED, created=CREATED)
    return Exported(content, out, commons, paths)
