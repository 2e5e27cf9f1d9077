"""Slow clients (slowloris) cannot hold the form service: the real service, in a subprocess.

A connection that never finishes its headers is closed; a body trickled byte by byte is cut with
a French 408; connections beyond the cap are closed at once; requests beyond the concurrency
limit get a 503 while `/sante` still answers. The load test with 2,000 slow connections is
`scripts/bench_slowloris.py` (timings belong in scripts, not in the suite).
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from bridge_helpers import SECRET, TOKEN, Service, free_port, make_repository, write_config

from maillage.bridge.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    repository = make_repository(tmp_path / "commun")
    config = write_config(
        tmp_path, Path(repository.working_dir),
        service__delai_entetes_secondes="1.0", service__delai_corps_secondes="1.0",
        service__connexions_max="40", service__requetes_simultanees_max="1",
    )
    running = Service(config, free_port(), tmp_path / "service.log",
                      {"MAILLAGE_BRIDGE_SECRET": SECRET, "MAILLAGE_FORGE_TOKEN": TOKEN})
    running.start()
    try:
        yield running
    finally:
        running.stop()


def connect(service: Service) -> socket.socket:
    port = int(service.url.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closes the connection (read until end of stream, 10 s at most)."""
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    return True


def test_a_connection_that_never_finishes_its_headers_is_closed(service: Service) -> None:
    slow = connect(service)
    slow.sendall(b"GET /sante HTTP/1.1\r\nHost: formulaire\r\nX-Lent: a")
    assert httpx.get(service.url + "/sante", timeout=5).status_code == 200
    assert closed_by_server(slow)
    # The same after a first answer on a kept-alive connection.
    kept = connect(service)
    kept.sendall(b"GET /sante HTTP/1.1\r\nHost: formulaire\r\n\r\n")
    assert kept.recv(4096).startswith(b"HTTP/1.1 200")
    kept.sendall(b"GET /sante HTTP/1.1\r\nHost: formulaire\r\n")
    assert closed_by_server(kept)


def test_a_trickled_body_is_cut_in_french(service: Service) -> None:
    slow = connect(service)
    slow.sendall(
        b"POST /proposer/acteurs HTTP/1.1\r\nHost: formulaire\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 1000\r\n\r\nnom=Compagnie"
    )
    answer = b""
    while chunk := slow.recv(4096):
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 408")
    assert "Envoi trop lent" in answer.decode("utf-8")


def test_connections_beyond_the_cap_are_closed_at_once(service: Service) -> None:
    held = [connect(service) for _ in range(60)]
    for sock in held:
        sock.settimeout(0.5)
    closed = 0
    for sock in held:
        with contextlib.suppress(TimeoutError):
            closed += sock.recv(1) == b""
    assert closed >= 15  # the cap is 40, some slots are the service's own
    for sock in held:
        sock.close()


def test_beyond_the_concurrency_limit_a_503_and_the_health_check_still_answers(service: Service) -> None:
    slow = connect(service)  # holds the only slot while its body trickles
    slow.sendall(
        b"POST /proposer/acteurs HTTP/1.1\r\nHost: formulaire\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 1000\r\n\r\nnom=Compagnie"
    )
    time.sleep(0.2)
    busy = httpx.get(service.url + "/proposer/acteurs", timeout=5)
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert "très sollicité" in busy.text
    assert httpx.get(service.url + "/sante", timeout=5).status_code == 200
    slow.close()


def test_the_deployment_files_set_the_limits_and_keep_the_service_behind_its_proxy() -> None:
    unit = (ROOT / "deploy" / "maillage-bridge.service").read_text("utf-8")
    assert "LimitNOFILE=65536" in unit  # the default 1,024 is what 1,100 slow clients exhausted
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text("utf-8"))["services"]
    assert "ports" not in compose["formulaire"]  # only the proxy is reachable from outside
    assert compose["formulaire"]["ulimits"]["nofile"]["soft"] >= 8192
    assert compose["proxy"]["ports"]
    containerfile = (ROOT / "deploy" / "Containerfile").read_text("utf-8")
    assert "compose.yaml" in containerfile and "-p 127.0.0.1:8080:8080" in containerfile
    nginx = (ROOT / "deploy" / "nginx.conf").read_text("utf-8")
    for directive in ("client_header_timeout", "client_body_timeout", "limit_conn ", "keepalive_timeout",
                      "client_max_body_size"):
        assert directive in nginx, directive
    config = load_config(ROOT / "deploy" / "bridge.toml", {"MAILLAGE_BRIDGE_SECRET": SECRET})
    assert config.service.delai_entetes_secondes <= 30 and config.service.delai_corps_secondes <= 60
    assert config.service.connexions_max >= 2048 and config.service.requetes_simultanees_max >= 8
