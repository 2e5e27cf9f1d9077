#!/usr/bin/env python3
"""Slowloris against the contribution form service (`maillage formulaire`), loopback only.

`--connexions` slow clients (2,000 by default) each open a connection, send the start of a
request and then one more header line every `--intervalle` seconds, never finishing; a client the
service closes opens a new connection at once, so the attack keeps its count for `--duree`
seconds. Meanwhile a probe asks `GET /sante` twice a second on a fresh connection (2 s timeout).

Two runs in the same invocation, on the same machine:
- "comme le constat": the service as the red-team found it — a 1,024-descriptor limit (systemd's
  default) and no header timeout (`delai_entetes_secondes` of an hour, no connection cap);
- "déploiement": the limits of deploy/ (LimitNOFILE=65536, `deploy/bridge.toml` timeouts).

Reported per run: probes answered and their latency (p50, p95, max), slow connections the service
closed, new connections refused, and the service's user CPU time.

    .venv/bin/python scripts/bench_slowloris.py --connexions 2000 --duree 30
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bridge"))

from bridge_helpers import SECRET, TOKEN, free_port, make_repository, write_config  # noqa: E402


@dataclass
class Attack:
    """What the slow clients saw."""

    opened: int = 0
    closed_by_service: int = 0
    refused: int = 0
    held: int = 0
    peak_held: int = 0


@dataclass
class Probes:
    """What the health probe saw."""

    latencies: list[float] = field(default_factory=list)
    failures: int = 0


async def slow_client(port: int, interval: float, stop: float, attack: Attack) -> None:
    """One slow client: a request that never ends; a new connection whenever the service closes it."""
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            attack.refused += 1
            await asyncio.sleep(interval)
            continue
        attack.opened += 1
        attack.held += 1
        attack.peak_held = max(attack.peak_held, attack.held)
        try:
            writer.write(b"GET /proposer/acteurs HTTP/1.1\r\nHost: formulaire\r\n")
            await writer.drain()
            while time.monotonic() < stop:
                try:
                    data = await asyncio.wait_for(reader.read(1), interval)
                except TimeoutError:
                    writer.write(b"X-Lent: a\r\n")
                    await writer.drain()
                    continue
                if not data:
                    attack.closed_by_service += 1
                    break
        except OSError:
            attack.closed_by_service += 1
        finally:
            attack.held -= 1
            writer.close()


def probe(url: str, start: float, stop: float, results: multiprocessing.Queue) -> None:
    """`GET /sante` twice a second, each on a fresh connection, 2 s at most — in a process of its
    own, so that the attackers' event loop never delays the probe."""
    latencies, failures = [], 0
    time.sleep(max(0.0, start - time.monotonic()))
    with httpx.Client(timeout=2.0, limits=httpx.Limits(max_keepalive_connections=0)) as client:
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                ok = client.get(url + "/sante").status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.monotonic() - started)
            else:
                failures += 1
            time.sleep(max(0.0, 0.5 - (time.monotonic() - started)))
    results.put((latencies, failures))


async def attack(port: int, clients: int, interval: float, stop: float) -> Attack:
    seen = Attack()
    await asyncio.gather(*(slow_client(port, interval, stop, seen) for _ in range(clients)))
    return seen


def attack_and_probe(port: int, clients: int, interval: float, seconds: float) -> tuple[Attack, Probes]:
    now = time.monotonic()
    stop = now + seconds
    results: multiprocessing.Queue = multiprocessing.Queue()
    # The probe starts once the slow connections have piled up.
    prober = multiprocessing.Process(
        target=probe, args=(f"http://127.0.0.1:{port}", now + min(3.0, seconds / 4), stop, results)
    )
    prober.start()
    seen = asyncio.run(attack(port, clients, interval, stop))
    latencies, failures = results.get(timeout=60)
    prober.join()
    return seen, Probes(latencies, failures)


def start_service(config: Path, port: int, log: Path, descriptors: int) -> subprocess.Popen:
    """The real service in a subprocess, with this descriptor limit (as systemd's LimitNOFILE)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))


    command = [sys.executable, "-m", "maillage.cli", "formulaire", "--config", str(config), "--port", str(port)]
    env = {**os.environ, "MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN}
    with log.open("a") as handle:
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=handle, preexec_fn=limit)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sante", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the service did not start: " + log.read_text()[-2000:])


def user_cpu_seconds(pid: int) -> float:
    """User CPU time of a process (and its finished children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[13])) / os.sysconf("SC_CLK_TCK")


def run(label: str, workdir: Path, descriptors: int, overrides: dict[str, str], options: argparse.Namespace) -> None:
    # Within this machine's hard limit (a container may cap it below the unit's 65,536).
    descriptors = min(descriptors, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    repository = make_repository(workdir / "commun")
    config = write_config(workdir, Path(repository.working_dir), **overrides)
    port = free_port()
    process = start_service(config, port, workdir / "service.log", descriptors)
    try:
        cpu_before = user_cpu_seconds(process.pid)
        seen, probes = attack_and_probe(port, options.connexions, options.intervalle, options.duree)
        cpu = user_cpu_seconds(process.pid) - cpu_before
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    answered = len(probes.latencies)
    total = answered + probes.failures
    lat = sorted(probes.latencies) or [float("nan")]
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    print(f"\n{label} (descripteurs : {descriptors})")
    print(f"  /sante : {answered}/{total} réponses ; latence p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
    print(f"  connexions lentes : {seen.opened} ouvertes (au plus {seen.peak_held} à la fois), "
          f"{seen.closed_by_service} fermées par le service, {seen.refused} refusées")
    print(f"  temps CPU utilisateur du service : {cpu:.1f} s pour {options.duree:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connexions", type=int, default=2000, help="clients lents simultanés")
    parser.add_argument("--duree", type=float, default=30.0, help="durée de l'attaque, en secondes")
    parser.add_argument("--intervalle", type=float, default=2.0, help="secondes entre deux lignes d'en-tête")
    options = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = options.connexions + 256
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, needed), hard))
    as_found = {"service__delai_entetes_secondes": "3600.0", "service__connexions_max": "1000000"}
    deployed = {
        "service__delai_entetes_secondes": "10.0", "service__delai_corps_secondes": "30.0",
        "service__connexions_max": "4096", "service__requetes_simultanees_max": "64",
    }
    with tempfile.TemporaryDirectory(prefix="maillage-slowloris-") as directory:
        (Path(directory) / "constat").mkdir()
        (Path(directory) / "deploiement").mkdir()
        run("comme le constat", Path(directory) / "constat", 1024, as_found, options)
        run("déploiement", Path(directory) / "deploiement", 65536, deployed, options)


if __name__ == "__main__":
    main()
