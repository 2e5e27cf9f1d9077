"""What the running service holds: configuration, queue, forge, worker, commons and limits."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from maillage.bridge.abuse import RateLimiter, Stamps
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import Forge, make_forge
from maillage.bridge.queue import GroupWriter, Queue
from maillage.bridge.worker import Worker
from maillage.model import ENTRY_TYPES, Commons, Entry, load_commons

_RECHECK_SECONDS = 5.0


class CommonsCache:
    """The commons, loaded once and reloaded when an entry folder changes (checked every few seconds)."""

    def __init__(self, content: Path):
        self.content = content
        self._lock = threading.Lock()
        self._commons: Commons | None = None
        self._signature: tuple[float, ...] = ()
        self._checked = 0.0
        self._choices: dict[str, list[Entry]] = {}
        self.version = 0  # bumped at every reload, for caches of pages built from the commons

    def _current_signature(self) -> tuple[float, ...]:
        # Newest file time and file count per folder: an edit in place does not touch the
        # folder's own time. A few milliseconds for ten thousand entries, every few seconds.
        signature: list[float] = []
        for entry_type in ENTRY_TYPES:
            folder = self.content / entry_type.folder
            times = [e.stat().st_mtime for e in os.scandir(folder) if e.name.endswith(".md")] if folder.is_dir() else []
            signature += [len(times), max(times, default=0.0)]
        return tuple(signature)

    def get(self) -> Commons:
        """The commons as of at most a few seconds ago."""
        now = time.monotonic()
        with self._lock:
            if self._commons is None or now - self._checked > _RECHECK_SECONDS:
                self._checked = now
                signature = self._current_signature()
                if self._commons is None or signature != self._signature:
                    self._commons = load_commons(self.content, display_base=self.content)
                    self._signature = signature
                    self._choices = {}
                    self.version += 1
            return self._commons

    def choices(self, folder: str) -> list[Entry]:
        """Entries of a type that may be shown to the public (people without consent never are),
        in id order; computed once per loaded commons (forms list them on every page)."""
        commons = self.get()
        with self._lock:
            if folder not in self._choices:
                self._choices[folder] = [e for e in commons.of_type(folder) if e.publishable]
            return self._choices[folder]


@dataclass
class Bridge:
    """Everything a request handler needs."""

    config: BridgeConfig
    queue: Queue
    forge: Forge
    stamps: Stamps
    limiter: RateLimiter
    commons: CommonsCache
    worker: Worker
    writer: GroupWriter
    started: float = field(default_factory=time.time)

    @classmethod
    def from_config(cls, config: BridgeConfig, forge: Forge | None = None) -> Bridge:
        """Build the service's parts from the configuration (the forge can be injected in tests)."""
        queue = Queue(config.service.file_attente)
        forge = forge or make_forge(config.forge)
        limits = config.limites
        limiter = RateLimiter(limits.par_ip_par_heure, 3600.0, limits.global_par_minute, 60.0)
        return cls(
            config=config,
            queue=queue,
            forge=forge,
            stamps=Stamps(config.service.secret),
            limiter=limiter,
            commons=CommonsCache(config.service.contenu),
            worker=Worker(Queue(config.service.file_attente, durable=False), forge, config),
            writer=GroupWriter(queue),
        )
