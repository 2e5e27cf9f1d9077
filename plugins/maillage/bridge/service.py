"""Run the service: uvicorn serving the application, and the worker in a process of its own.

Two processes so that talking to the forge never competes with answering people for Python's
global lock; they share only the queue (SQLite in WAL mode). The worker stops when the service
does, and also when the service dies (it watches its parent); submissions it held are freed
(leases of dead workers) and taken up by the next one.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

import uvicorn

from maillage.bridge import logs
from maillage.bridge.app import create_app
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import make_forge
from maillage.bridge.queue import Queue
from maillage.bridge.worker import Worker

_WORKER_POLL = 0.25  # seconds between two looks at the queue
_WORKER_NICENESS = 10


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
    # "spawn": a fresh interpreter, not a fork of a process that already runs threads.
    context = multiprocessing.get_context("spawn")
    worker = context.Process(target=run_worker, args=(config, os.getpid()), name="maillage-worker", daemon=True)
    worker.start()
    try:
        uvicorn.run(
            create_app(config, run_worker=False),
            host=config.service.adresse,
            port=config.service.port,
            log_config=None,  # keep our JSON handlers
            proxy_headers=False,  # X-Forwarded-For is read by the app, from trusted proxies only
            server_header=False,
            access_log=False,
        )
    finally:
        worker.terminate()
        worker.join(timeout=30)
