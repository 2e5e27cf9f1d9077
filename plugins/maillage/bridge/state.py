"""What the running service holds: configuration, queue, forge, worker, commons and limits."""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from maillage.bridge.abuse import RateLimiter, Stamps
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import Forge, make_forge
from maillage.bridge.queue import GroupWriter, Queue
from maillage.bridge.worker import Worker
from maillage.forms.communes import commune_choices
from maillage.model import Commons, Entry, SchemaSet, load_commons, schemas_for
from maillage.model.schemas import event_start
from maillage.model.settings import Settings, load_settings

_RECHECK_SECONDS = 5.0

log = logging.getLogger("maillage.bridge.commons")


class CommonsCache:
    """The commons, loaded once and reloaded in the background when an entry file changes."""

    def __init__(self, content: Path):
        self.content = content
        # The commons' own schemas (`schemas/` beside the content folder) or the shipped ones.
        self.schemas: SchemaSet = schemas_for(content.parent)
        self._lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._commons: Commons | None = None
        self._signature: tuple[float, ...] = ()
        self._choices: dict[str, list[Entry]] = {}
        self.version = 0  # bumped at every reload, for caches of pages built from the commons

    def _current_signature(self) -> tuple[float, ...]:
        # Newest file time and file count per folder: an edit in place does not touch the
        # folder's own time. A few milliseconds for ten thousand entries, every few seconds.
        signature: list[float] = []
        for entry_type in self.schemas.types:
            folder = self.content / entry_type.folder
            times = [e.stat().st_mtime for e in os.scandir(folder) if e.name.endswith(".md")] if folder.is_dir() else []
            signature += [len(times), max(times, default=0.0)]
        return tuple(signature)

    def get(self) -> Commons:
        """The commons as last loaded (loaded now if never): never waits for a reload."""
        if self._commons is None:
            self.refresh()
        assert self._commons is not None
        return self._commons

    def refresh(self) -> None:
        """Reload the commons if an entry file was added, removed or changed."""
        with self._reload_lock:
            signature = self._current_signature()
            if self._commons is not None and signature == self._signature:
                return
            commons = load_commons(self.content, self.schemas, display_base=self.content)
            with self._lock:
                self._commons, self._signature, self._choices = commons, signature, {}
                self.version += 1

    def watch(self, stop: threading.Event) -> None:
        """Refresh every few seconds until `stop` is set (run in a background thread, so that
        scanning or reloading a large commons never holds up a request)."""
        while not stop.wait(_RECHECK_SECONDS):
            try:
                self.refresh()
            except Exception:
                log.exception("rechargement du commun impossible")

    def choices(self, folder: str, begun_by: datetime | None = None) -> list[Entry]:
        """Entries of a type that may be shown to the public (people without consent never are),
        in id order; computed once per loaded commons (forms list them on every page). With
        `begun_by` (an aware moment), only the events begun by then, each at its own place's time
        (what a testimony may be about)."""
        commons = self.get()
        with self._lock:
            if folder not in self._choices:
                self._choices[folder] = [e for e in commons.of_type(folder) if e.publishable]
            found = self._choices[folder]
        return found if begun_by is None else [e for e in found if _begun(e, begun_by)]


def _begun(entry: Entry, moment: datetime) -> bool:
    """Whether an event (a type with `x-calendrier`) had begun at `moment`: a rencontre in La Réunion
    begins four hours before one at the same hour in Épinal, whatever the server's zone."""
    start = event_start(entry.type, entry.data)
    return start is not None and start <= moment


@dataclass(frozen=True)
class BuiltBody:
    """A response body built once: as is, gzipped, and a tag of its content (for ETags)."""

    raw: bytes
    packed: bytes
    tag: str


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
    settings: Settings = field(default_factory=Settings)  # the commons' territory, from its mkdocs.yml
    started: float = field(default_factory=time.time)
    # Rendered empty forms by (type, version of the commons), stamp left as a slot (see pages).
    empty_forms: dict[tuple[str, int, int | None], str] = field(default_factory=dict)

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
            settings=load_settings(config.service.contenu.resolve().parent),
        )

    @functools.cached_property
    def commune_list(self) -> BuiltBody:
        """The territory's communes for the commune picker, as JSON and gzipped JSON (built once)."""
        text = json.dumps(commune_choices(self.settings.scope), ensure_ascii=False, separators=(",", ":"))
        raw = text.encode("utf-8")
        return BuiltBody(raw, gzip.compress(raw, 9, mtime=0), hashlib.sha256(raw).hexdigest()[:20])
