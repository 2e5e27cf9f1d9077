#!/usr/bin/env python3
"""Load and fault benchmark of the contribution form service (`maillage formulaire`), loopback only.

N concurrent clients submit actor forms for a fixed time against the real service (a subprocess)
whose forge is a fake GitHub failing part of its requests (503, 429 with Retry-After, lost
answers). Halfway through, the service is killed with SIGKILL and restarted; a client whose
request died resends the same form, as a browser would. Then the queue is drained and the
proposals counted.

Reported: p50/p95 latency of an accepted submission (the POST answered 303), submissions
acknowledged, pull requests created, lost (acknowledged but missing from the queue or without
a pull request) and duplicated (a form that became two submissions, or a branch with two pull
requests). Bounded: `--duree` seconds of load, `--max` submissions, 120 s to drain.

    .venv/bin/python scripts/bench_bridge.py --clients 100 --duree 20 --echecs 0.1 --pause 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bridge"))

from bridge_helpers import Service, free_port  # noqa: E402
from fake_forges import FakeGitHub  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402

TOKEN = "jeton-du-banc-d-essai-0123456789"
SECRET = "secret-du-banc-d-essai"
STAMP = re.compile(r'name="_tampon" value="([^"]+)"')
FORM = {
    "forme": "organisation",
    "nature": "association",
    "commune": "88160",
    "echelle": "commune",
    "disciplines": ["theatre", "musique"],
    "texte": "Une association du banc d'essai.",
}


def serve_fake_forge(port: int, failure_rate: float) -> None:
    """The fake GitHub, in its own low-priority process: it stands for a remote forge, so it
    should not steal CPU from the service being measured."""
    os.nice(10)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(port=port, threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(
        FakeGitHub(TOKEN, random_failure_rate=failure_rate, seed=1)
    )
    server.start()
    while True:
        time.sleep(3600)


def write_config(directory: Path, api: str, port: int) -> Path:
    content = directory / "content"
    shutil.copytree(ROOT / "content", content)
    path = directory / "bridge.toml"
    path.write_text(
        f"""
[service]
port = {port}
url_publique = "http://127.0.0.1:{port}"
contenu = "{content}"
file_attente = "{directory / 'file.sqlite3'}"
journal = "info"

[forge]
type = "github"
depot = "commun/fiches"
api = "{api}"
delai_reseau = 2.0

[limites]
delai_min_secondes = 0
par_ip_par_heure = 1000000
global_par_minute = 1000000
propositions_ouvertes_par_adresse = 1000000
propositions_ouvertes_max = 1000000
nouvel_essai_max_secondes = 2.0
""",
        "utf-8",
    )
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children still running (Linux /proc)."""
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(p) for p in task.read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Load:
    """The clients' shared results."""

    def __init__(self, limit: int):
        self.limit = limit
        self.started = 0
        self.latencies: list[float] = []
        self.acknowledged: dict[str, str] = {}  # title -> tracking token
        self.acknowledged_at: list[float] = []
        self.resent = 0
        self.in_flight = 0
        self.refused = Counter()


class Browser:
    """A minimal HTTP/1.1 client on one kept-alive connection, with the CSRF cookie.

    Far lighter than a general client: with a hundred of them in this process, the measured
    latency is the service's, not the load generator's.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if method == "POST":
            head += [
                f"Origin: http://{self.host}:{self.port}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        try:
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await self.writer.drain()
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("connection closed")
            headers: dict[str, str] = {}
            while (line := await self.reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            content = await self.reader.readexactly(int(headers.get("content-length", "0")))
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.writer.close()
            self.reader = self.writer = None
            raise ConnectionError(str(exc)) from exc
        if "set-cookie" in headers:
            self.cookie = headers["set-cookie"].split(";", 1)[0]
        return int(status_line.split()[1]), headers, content


async def client(number: int, url: str, load: Load, stop_at: float, give_up_at: float, pause: float) -> None:
    host, port = url.removeprefix("http://").split(":")
    browser = Browser(host, int(port))
    sequence = 0
    while time.monotonic() < stop_at and load.started < load.limit:
        load.started += 1
        sequence += 1
        title = f"Banc {number}-{sequence}"
        form = None
        while time.monotonic() < give_up_at:
            try:
                if form is None:
                    _, _, page = await browser.request("GET", "/proposer/acteurs")
                    stamp = STAMP.search(page.decode()).group(1)
                    form = urlencode({**FORM, "nom": title, "_tampon": stamp, "_action": "envoyer"}, doseq=True)
                began = time.perf_counter()
                load.in_flight += 1
                try:
                    status, headers, _ = await browser.request("POST", "/proposer/acteurs", form.encode())
                finally:
                    load.in_flight -= 1
                elapsed = time.perf_counter() - began
            except ConnectionError:
                if form is not None:
                    load.resent += 1  # the service died under this request: send the same form again
                await asyncio.sleep(0.1)
                continue
            if status == 303:
                load.latencies.append(elapsed)
                load.acknowledged[title] = headers["location"].split("/suivi/")[1].split("?")[0]
                load.acknowledged_at.append(time.monotonic())
            else:
                load.refused[status] += 1
            break
        await asyncio.sleep(pause)  # a person reads the confirmation, then starts another form


async def run_load(url: str, clients: int, duration: float, pause: float, load: Load, service: Service) -> float:
    stop_at = time.monotonic() + duration
    tasks = [asyncio.create_task(client(n, url, load, stop_at, stop_at + 60, pause)) for n in range(clients)]
    await asyncio.sleep(duration / 2)
    deadline = time.monotonic() + 5
    while load.in_flight < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.001)  # kill while submissions are being answered
    service.kill()
    restart = await asyncio.to_thread(service.start)
    load.restarted_at = time.monotonic()
    await asyncio.gather(*tasks)
    return restart


def drain(url: str, seconds: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if httpx.get(url + "/sante", timeout=5).json()["file_attente"]["en_attente"] == 0:
            return time.monotonic() - began
        time.sleep(0.5)
    return -1.0


def server_latencies(log: Path) -> list[float]:
    """Durations of the accepted submissions as the service logged them (JSON lines)."""
    found = []
    for line in log.read_text("utf-8", errors="replace").splitlines():
        if line.startswith("{") and '"methode": "POST"' in line and '"statut": 303' in line:
            found.append(json.loads(line)["duree_ms"])
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duree", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--max", type=int, default=20000, help="submissions at most")
    parser.add_argument("--echecs", type=float, default=0.1, help="share of forge requests that fail")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds each client waits between two forms")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per fake forge request otherwise

    directory = Path(tempfile.mkdtemp(prefix="banc-bridge-"))
    forge_port = free_port()
    forge_url = f"http://127.0.0.1:{forge_port}"
    forge = multiprocessing.get_context("spawn").Process(target=serve_fake_forge, args=(forge_port, args.echecs))
    forge.start()
    port = free_port()
    config = write_config(directory, forge_url, port)
    service = Service(
        config, port, directory / "service.log", {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}
    )
    load = Load(args.max)
    load_before = os.getloadavg()[0]
    try:
        service.start()
        restart = asyncio.run(run_load(service.url, args.clients, args.duree, args.pause, load, service))
        drained = drain(service.url, 120)
        service_cpu = cpu_seconds(service.process.pid)
        summary = httpx.get(forge_url + "/__bilan", timeout=30).json()
    finally:
        service.stop()
        forge.terminate()
        forge.join()

    db = sqlite3.connect(directory / "file.sqlite3")
    rows = db.execute("SELECT title, tracking_token, branch, state FROM submissions").fetchall()
    by_token = {token: branch for _, token, branch, _ in rows}
    pull_heads = Counter(summary["propositions"])
    lost = sum(1 for token in load.acknowledged.values() if pull_heads.get(by_token.get(token, "")) is None)
    duplicated = sum(n - 1 for n in Counter(title for title, *_ in rows).values() if n > 1)
    duplicated += sum(n - 1 for n in pull_heads.values() if n > 1)
    failures = Counter(summary["echecs"])
    print(f"clients                 : {args.clients} (pause {args.pause} s entre deux envois), {args.duree:.0f} s,"
          " SIGKILL + redémarrage à mi-parcours")
    print(f"forge factice           : {args.echecs:.0%} d'échecs injectés ({dict(failures)})")
    print(f"latence d'un envoi      : p50 {percentile(load.latencies, 0.5) * 1000:.0f} ms, "
          f"p95 {percentile(load.latencies, 0.95) * 1000:.0f} ms, max {max(load.latencies) * 1000:.0f} ms")
    server = server_latencies(directory / "service.log")
    print(f"dont dans le service    : p50 {percentile(server, 0.5):.0f} ms, p95 {percentile(server, 0.95):.0f} ms "
          "(du début de la requête à la fin de la réponse, vu par l'application)")
    print(f"envois acquittés        : {len(load.acknowledged)} ({len(load.acknowledged) / args.duree:.0f}/s), "
          f"renvoyés après coupure : {load.resent}, refusés : {dict(load.refused)}")
    print(f"redémarrage             : {restart:.1f} s ; file vidée en {drained:.1f} s")
    after_restart = sum(1 for t in load.acknowledged_at if t >= load.restarted_at)
    print(f"CPU du service          : {service_cpu * 1000 / max(1, after_restart):.1f} ms par envoi acquitté "
          f"(web + travailleur, instance redémarrée, propositions comprises)")
    print(f"propositions créées     : {sum(pull_heads.values())}")
    print(f"charge de la machine    : {load_before:.1f} avant, {os.getloadavg()[0]:.1f} après "
          f"(moyenne sur 1 min, {os.cpu_count()} cœurs)")
    print(f"perdues                 : {lost}")
    print(f"en double               : {duplicated}")
    shutil.rmtree(directory, ignore_errors=True)
    return 0 if lost == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
