"""Fixtures of the bridge tests: a real git repository holding a small commons, and a bridge on it."""

from __future__ import annotations

import sys
from pathlib import Path

import git
import pytest
from starlette.testclient import TestClient

# Tests run with --import-mode=importlib: make the shared helper module importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from bridge_helpers import SECRET, TOKEN, make_repository, write_config

from maillage.bridge.app import create_app
from maillage.bridge.config import BridgeConfig, load_config


@pytest.fixture
def repository(tmp_path: Path) -> git.Repo:
    """The commons repository (local forge)."""
    return make_repository(tmp_path / "commun")


@pytest.fixture
def config(tmp_path: Path, repository: git.Repo) -> BridgeConfig:
    """A configuration on the local forge with the test secret."""
    path = write_config(tmp_path, Path(repository.working_dir))
    return load_config(path, {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})


@pytest.fixture
def client(config: BridgeConfig):
    """A test client on the application; the worker thread is not started (tests drive it)."""
    app = create_app(config, run_worker=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        test_client.bridge = app.bridge
        yield test_client


@pytest.fixture
def demo_client(tmp_path: Path):
    """A test client on a repository holding the whole demo commons."""
    repository = make_repository(tmp_path / "commun", full=True)
    path = write_config(tmp_path, Path(repository.working_dir))
    config = load_config(path, {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    app = create_app(config, run_worker=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        test_client.bridge = app.bridge
        yield test_client
