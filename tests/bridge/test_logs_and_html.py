"""Logs never hold secrets and are JSON; the pages are valid HTML (Nu Html Checker)."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from bridge_helpers import ACTOR, TOKEN, submit

from maillage.bridge.logs import JsonFormatter

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_log_lines_are_json_and_mask_secrets():
    record = logging.makeLogRecord(
        {"name": "maillage.bridge.worker", "levelname": "WARNING", "msg": f"échec avec {TOKEN}",
         "erreur": f"Bearer {TOKEN}", "soumission": "ab12"}
    )
    line = JsonFormatter([TOKEN]).format(record)
    data = json.loads(line)
    assert TOKEN not in line
    assert data["niveau"] == "warning" and data["soumission"] == "ab12" and data["erreur"] == "Bearer ***"


def test_a_multipart_upload_is_refused_in_french(client):
    page = client.get("/proposer/acteurs")
    assert page.status_code == 200
    response = client.post(
        "/proposer/acteurs", files={"fichier": ("a.txt", b"x")}, headers={"origin": "http://testserver"}
    )
    assert response.status_code == 400 and "Envoi invalide" in response.text
    assert "Traceback" not in response.text


@pytest.mark.skipif(not VNU.exists() or shutil.which("java") is None, reason="vnu.jar or java missing")
def test_pages_are_valid_html(client, tmp_path):
    pages = {
        "accueil": client.get("/").text,
        "acteur": client.get("/proposer/acteurs").text,
        "tirage": client.get("/proposer/tirages").text,
        "erreurs": submit(client, "/proposer/acteurs", {"nom": "x", "site_web": "y"}, action="apercu").text,
        "apercu": submit(client, "/proposer/acteurs", ACTOR, action="apercu").text,
        "modification": client.get("/modifier/acteurs/chorale-a-travers-chants").text,
        "choix-commune": submit(client, "/proposer/acteurs", {**ACTOR, "commune": "88160"}, action="apercu").text,
        "apercu-modification": submit(
            client, "/modifier/acteurs/chorale-a-travers-chants", {**ACTOR, "commune": "Saint-Dié-des-Vosges"},
            action="apercu",
        ).text,
        "suivi": submit(client, "/proposer/acteurs", ACTOR).text,
        "introuvable": client.get("/proposer/inconnus").text,
    }
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, "utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert [(Path(m.get("url", "")).name, m.get("message")) for m in messages] == []
