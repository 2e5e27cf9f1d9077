"""A rencontre proposed through the web form is at its place's time: typed « 2031-03-18 09:00 » in
Le Tampon, it is 9 h in La Réunion, and the preview says so in words."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from bridge_helpers import SECRET, TOKEN, make_repository, submit, write_config
from starlette.testclient import TestClient

from maillage.bridge.app import create_app
from maillage.bridge.config import load_config

REUNION = 'site_name: La Réunion\nplugins:\n  - maillage:\n      territoire:\n        departements: ["974"]\n'
RENCONTRE = {"titre": "Kabar au Tampon", "type": "atelier", "debut": "2031-03-18 19:00", "fin": "2031-03-18 23:00",
             "lieu.commune": "Le Tampon", "echelle": "commune"}


@pytest.fixture
def reunion(tmp_path: Path):
    repository = make_repository(tmp_path / "commun")
    (Path(repository.working_dir) / "mkdocs.yml").write_text(REUNION, "utf-8")
    config = load_config(write_config(tmp_path, Path(repository.working_dir)),
                         {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    with TestClient(create_app(config, run_worker=False), base_url="http://testserver") as client:
        yield client


def test_a_time_without_offset_is_at_the_time_of_the_commune_and_said_in_words(reunion):
    response = submit(reunion, "/proposer/rencontres", RENCONTRE, action="apercu")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "debut: '2031-03-18T19:00:00+04:00'" in page  # the file
    assert "<dd>18 mars 2031 à 19 h 00 (heure du lieu)</dd>" in page  # the entry as a person reads it


def test_a_wrong_offset_shows_in_the_preview(reunion):
    """+01:00 copied from a metropolitan example: the preview reads 22 h, so the person notices."""
    response = submit(reunion, "/proposer/rencontres", {**RENCONTRE, "debut": "2031-03-18T19:00:00+01:00"},
                      action="apercu")
    assert "<dd>18 mars 2031 à 22 h 00 (heure du lieu)</dd>" in html.unescape(response.text)
