"""Run the service: uvicorn serving the application, and the worker in a process of its own.

Two processes so that talking to the forge never competes with answering people for Python's
global lock; they share only the queue (SQLite in WAL mode). The worker stops when the service
does, and also when the service dies (it watches its parent); submissions it held are freed
(leases of dead workers) and taken up by the next one.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading

import uvicorn

from maillage.bridge import logs
from maillage.bridge.app import create_app
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import make_forge
from maillage.bridge.protocol import connection_cap, guarded_protocol
from maillage.bridge.queue import Queue
from maillage.bridge.worker import Worker

_WORKER_POLL = 0.25  # seconds between two looks at the queue
_WORKER_NICENESS = 10
_SUPERVISION_PERIOD = 2.0

log = logging.getLogger("maillage.bridge.service")


def _secrets(config: BridgeConfig) -> list[str]:
    return [config.forge.token, config.forge.github_cle, config.service.secret.decode("utf-8", "replace")]


def run_worker(config: BridgeConfig, parent: int) -> None:
    """The worker process: process the queue until stopped or orphaned."""
    logs.configure(config.service.journal, _secrets(config))
    # Proposals are not latency-sensitive, answers to people are: let the web process go first.
    os.nice(_WORKER_NICENESS)
    worker = Worker(Queue(config.service.file_attente, durable=False), make_forge(config.forge), config)
    worker.poll = _WORKER_POLL
    signal.signal(signal.SIGTERM, lambda signum, frame: worker.stop_soon())
    worker.run(stop_when=lambda: os.getppid() != parent)


def serve(config: BridgeConfig) -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop both processes; SIGKILL loses nothing acknowledged)."""
    logs.configure(config.service.journal, _secrets(config))
    supervisor = WorkerSupervisor(config)
    supervisor.start()
    service = config.service
    connections = connection_cap(service.connexions_max)
    if connections < service.connexions_max:
        log.warning(
            "limite de descripteurs trop basse pour connexions_max : plafond abaissé (voir LimitNOFILE)",
            extra={"connexions_max": service.connexions_max, "plafond": connections},
        )
    try:
        uvicorn.run(
            create_app(config, run_worker=False),
            host=service.adresse,
            port=service.port,
            log_config=None,  # keep our JSON handlers
            proxy_headers=False,  # X-Forwarded-For is read by the app, from trusted proxies only
            server_header=False,
            access_log=False,
            # Slow clients: headers in time or the connection is closed, a cap on connections
            # within the descriptor limit (bridge/protocol.py), idle connections closed.
            http=guarded_protocol(service.delai_entetes_secondes, connections),
            timeout_keep_alive=service.delai_inactivite_secondes,
            h11_max_incomplete_event_size=16 * 1024,
        )
    finally:
        supervisor.stop()


class WorkerSupervisor:
    """Starts the worker process and starts it again if it ever dies."""

    def __init__(self, config: BridgeConfig):
        # "spawn": a fresh interpreter, not a fork of a process that already runs threads.
        self.context = multiprocessing.get_context("spawn")
        self.config = config
        self.process: multiprocessing.process.BaseProcess | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="maillage-supervisor", daemon=True)

    def _spawn(self) -> None:
        self.process = self.context.Process(
            target=run_worker, args=(self.config, os.getpid()), name="maillage-worker", daemon=True
        )
        self.process.start()

    def start(self) -> None:
        """Start the worker and its watch."""
        self._spawn()
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(_SUPERVISION_PERIOD):
            if self.process is not None and not self.process.is_alive():
                log.error("le travailleur s'est arrêté : redémarrage", extra={"code": self.process.exitcode})
                self._spawn()

    def stop(self) -> None:
        """Stop watching, then stop the worker (it finishes its current attempt)."""
        self._stop.set()
        if self.process is not None:
            self.process.terminate()
            self.process.join(timeout=30)
