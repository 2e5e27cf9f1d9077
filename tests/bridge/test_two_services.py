"""Two form services in one process (two commons, or a service and its tests) never share a page."""

from __future__ import annotations

from pathlib import Path

from bridge_helpers import SECRET, TOKEN, make_repository, write_config
from starlette.testclient import TestClient

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config


def _client(directory: Path, full: bool) -> TestClient:
    repository = make_repository(directory / "commun", full=full)
    config = load_config(write_config(directory, Path(repository.working_dir)),
                         {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    return TestClient(create_app(config, run_worker=False), base_url="http://testserver")


def test_each_service_serves_the_forms_of_its_own_commons(tmp_path):
    (tmp_path / "petit").mkdir()
    (tmp_path / "demo").mkdir()
    with _client(tmp_path / "petit", full=False) as small, _client(tmp_path / "demo", full=True) as demo:
        small_form = small.get("/proposer/projets").text
        demo_form = demo.get("/proposer/projets").text
    # The project form lists the actors a project may name: each commons its own.
    assert "theatre-de-la-rotonde" in demo_form
    assert "theatre-de-la-rotonde" not in small_form
    assert "chorale-a-travers-chants" in small_form
