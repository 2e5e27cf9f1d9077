"""`kill -9` of the real service at any moment loses nothing acknowledged and duplicates nothing.

The service runs as a subprocess (`maillage formulaire`) on the local git forge. Clients keep
submitting; the service is killed with SIGKILL several times (during requests and while the
worker commits) and restarted. A client whose request died resends the same form (same stamp),
as a browser retry would. At the end every acknowledged submission is in the queue, proposed,
with exactly one branch.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
from bridge_helpers import ACTOR, SECRET, Service, free_port, make_repository, write_config

_STAMP = re.compile(r'name="_tampon" value="([^"]+)"')


def submit_until_acknowledged(service: Service, number: int, stop_at: float) -> str | None:
    """Send one form; on a dead connection resend the very same form until it is acknowledged."""
    client = httpx.Client(timeout=5)
    form = None
    while time.monotonic() < stop_at:
        try:
            if form is None:
                page = client.get(service.url + "/proposer/acteurs")
                form = {**ACTOR, "nom": f"Acteur {number}", "_tampon": _STAMP.search(page.text).group(1),
                        "_action": "envoyer"}
            response = client.post(service.url + "/proposer/acteurs", data=form,
                                   headers={"origin": service.url})
            if response.status_code == 303:
                return response.headers["location"]
            raise AssertionError(f"unexpected {response.status_code}: {response.text[-500:]}")
        except httpx.TransportError:
            time.sleep(0.05)  # the service is down: retry the same form
    return None


def test_sigkill_loses_nothing_acknowledged(tmp_path):
    repository = make_repository(tmp_path / "commun")
    port = free_port()
    config = write_config(tmp_path, Path(repository.working_dir), service__url_publique=f'"http://127.0.0.1:{port}"')
    service = Service(config, port, tmp_path / "service.log", {"MAILLAGE_BRIDGE_SECRET": SECRET})
    service.start()
    acknowledged: dict[int, str] = {}
    stop_at = time.monotonic() + 60

    def client(worker: int) -> None:
        for index in range(worker, 60, 4):
            location = submit_until_acknowledged(service, index, stop_at)
            if location:
                acknowledged[index] = location

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        for delay in (0.7, 0.4, 0.9):  # kills during requests and during the worker's commits
            time.sleep(delay)
            service.kill()
            service.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + 60
        while httpx.get(service.url + "/sante").json()["file_attente"]["en_attente"] and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for thread in threads:
            thread.join(timeout=1)
        service.stop()

    assert len(acknowledged) == 60
    db = sqlite3.connect(tmp_path / "file.sqlite3")
    rows = db.execute("SELECT tracking_token, state, branch, title FROM submissions").fetchall()
    tokens = {row[0]: row for row in rows}
    for location in acknowledged.values():
        token = location.split("/suivi/")[1].split("?")[0]
        assert token in tokens
    assert len(rows) == 60  # a resent form never became a second submission
    assert sorted(r[3] for r in rows) == sorted(f"Acteur {n}" for n in range(60))
    assert {r[1] for r in rows} == {"proposee"}
    branches = [b.name for b in repository.branches if b.name.startswith("contribution/")]
    assert sorted(branches) == sorted(r[2] for r in rows)
    log = (tmp_path / "service.log").read_text("utf-8")
    assert SECRET not in log
    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert records and all({"moment", "niveau", "message"} <= set(r) for r in records)
    assert not any("/suivi/" in r.get("chemin", "") and r["chemin"] != "/suivi/…" for r in records)


def children(pid: int) -> set[int]:
    return {int(c) for task in Path(f"/proc/{pid}/task").glob("*/children") for c in task.read_text().split()}


def test_a_dead_worker_is_started_again(tmp_path):
    repository = make_repository(tmp_path / "commun")
    port = free_port()
    config = write_config(tmp_path, Path(repository.working_dir), service__url_publique=f'"http://127.0.0.1:{port}"')
    service = Service(config, port, tmp_path / "service.log", {"MAILLAGE_BRIDGE_SECRET": SECRET})
    service.start()
    try:
        workers = children(service.process.pid)
        assert len(workers) >= 1
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        location = submit_until_acknowledged(service, 1, time.monotonic() + 30)
        assert location
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "proposée" not in httpx.get(service.url + location).text:
            time.sleep(0.2)
        assert "proposée" in httpx.get(service.url + location).text
        assert children(service.process.pid).isdisjoint(workers)
    finally:
        service.stop()
    assert "le travailleur s'est arrêté" in (tmp_path / "service.log").read_text("utf-8")
