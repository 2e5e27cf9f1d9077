"""The worker: turns pending submissions into proposals on the forge, retrying with backoff.

Every attempt starts from the queue's durable state and every forge step is idempotent, so the
worker may be killed at any point: the next run redoes what was not recorded, and the adapters
find the branch or pull request an interrupted attempt left behind.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from maillage.bridge import messages as msg
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import Change, Forge, ForgeRefused, ForgeUnavailable, Proposal
from maillage.bridge.queue import PROPOSED, Queue, Submission
from maillage.bridge.submission import checkbox_paths
from maillage.bridge.versions import Carried, carry_onto_current
from maillage.forms import form_fields
from maillage.model import EntryError, SchemaSet, entry_path, read_document, render_entry, schemas_for

log = logging.getLogger("maillage.bridge.worker")

_FIRST_DELAY = 2.0
_REFUSED_DELAY = 600.0  # a refusal needs a maintainer (token, permissions): retry rarely
_FULL_DELAY = 60.0
_SYNC_EVERY = 300.0
_CHECKPOINT_EVERY = 2.0


def repository_path(content_folder: str, folder: str, entry_id: str) -> str:
    """Path of an entry inside the repository, checked by the model's `entry_path`."""
    root = Path("/maillage-depot") / content_folder
    relative = entry_path(root, folder, entry_id).relative_to(root.resolve())
    return f"{content_folder}/{relative.as_posix()}" if content_folder else relative.as_posix()


def change_for(
    submission: Submission, content_folder: str, schemas: SchemaSet, carried: Carried | None = None
) -> Change:
    """The forge change for a submission (names come from the queue's checked slug, never input)."""
    entry_type = schemas.by_folder[submission.folder]
    path = repository_path(content_folder, submission.folder, submission.entry_id)
    is_edit = submission.action == "modification"
    carried = carried or Carried(submission.file_text, "", False)
    template = msg.PR_TITLE_EDIT if is_edit else msg.PR_TITLE_NEW
    title = template.format(type=entry_type.singular, title=" ".join(submission.title.split())[:120])
    description = msg.PR_BODY.format(type=entry_type.singular, path=path, id=submission.id)
    if carried.conflict:
        title = msg.PR_TITLE_CONFLICT.format(title=title)
        description += msg.PR_CONFLICT.format(lines=carried.conflict)
    elif carried.rebased:
        description += msg.PR_REBASED
    return Change(
        branch=submission.branch,
        path=path,
        text=carried.text,
        is_edit=is_edit,
        title=title,
        description=description,
        commit_message=msg.COMMIT_MESSAGE.format(
            action="modification" if is_edit else "ajout", path=path, id=submission.id
        ),
    )


def owner_id() -> str:
    """This worker's name in leases: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str) -> bool:
    """Whether the worker named `owner` still runs (other hosts are assumed alive)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def backoff(attempts: int, retry_after: float | None, ceiling: float) -> float:
    """Delay before the next attempt: exponential with jitter, never below what the forge asked."""
    delay = min(ceiling, _FIRST_DELAY * 2 ** min(attempts, 20)) * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


class Worker:
    """Processes due submissions, one at a time, in a background thread."""

    def __init__(self, queue: Queue, forge: Forge, config: BridgeConfig):
        self.queue = queue
        self.forge = forge
        self.config = config
        # Remote forges are latency-bound: a few submissions at once. Each submission is only
        # ever handled by one thread (a batch is finished before the next is fetched).
        self.concurrency = 1 if config.forge.type == "local" else 4
        self.owner = owner_id()
        # Long enough for one whole attempt (about a dozen requests), short enough to recover.
        self.lease_seconds = 30.0 + 12 * config.forge.delai_reseau
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_sync = 0.0
        self._last_checkpoint = 0.0
        # In its own process the worker is not woken by the web side: it polls the queue.
        self.poll = 5.0

    def process(self, submission: Submission) -> bool:
        """One attempt for one submission; True when its proposal is recorded."""
        if not self.queue.claim(submission.id, self.owner, self.lease_seconds):
            return False  # another worker holds it
        limits = self.config.limites
        if self.queue.count_proposed() >= limits.propositions_ouvertes_max:
            self.queue.mark_retry(submission.id, _FULL_DELAY, msg.LOG_TOO_MANY_OPEN)
            return False
        schemas = schemas_for(self.config.service.contenu.parent)
        carried = self.carry(submission, schemas)
        if carried.conflict != submission.conflict:
            self.queue.mark_conflict(submission.id, carried.conflict)
        change = change_for(submission, self.config.forge.dossier_contenu, schemas, carried)
        try:
            proposal = self.forge.propose(change)
        except ForgeUnavailable as exc:
            delay = backoff(submission.attempts, exc.retry_after, limits.nouvel_essai_max_secondes)
            log.warning("forge indisponible", extra={"soumission": submission.id, "erreur": str(exc), "delai": delay})
            self.queue.mark_retry(submission.id, delay, str(exc))
            return False
        except ForgeRefused as exc:
            log.error("forge refuse", extra={"soumission": submission.id, "erreur": str(exc)})
            self.queue.mark_retry(submission.id, _REFUSED_DELAY, str(exc))
            return False
        self.queue.mark_proposed(submission.id, proposal.url, proposal.number)
        log.info("proposition faite", extra={"soumission": submission.id, "numero": proposal.number})
        return True

    def carry(self, submission: Submission, schemas: SchemaSet) -> Carried:
        """An edit carried onto the entry as the service's commons has it now (see `versions`)."""
        if submission.action != "modification" or not submission.base_text:
            return Carried(submission.file_text, "", False)
        entry_type = schemas.by_folder[submission.folder]
        path = entry_path(self.config.service.contenu, submission.folder, submission.entry_id)
        try:
            current = read_document(path)
        except EntryError:
            current = None
        current_text = render_entry(current.data, current.body) if current is not None else None
        unordered = checkbox_paths(form_fields(entry_type, schemas))
        return carry_onto_current(submission.file_text, submission.base_text, current_text, unordered)

    def run_once(self, now: float | None = None) -> int:
        """Process every submission due now; return how many were proposed."""
        due = self.queue.due(time.time() if now is None else now)
        if self.concurrency == 1 or len(due) < 2:
            return sum(self._attempt(s) for s in due)
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="maillage-forge") as pool:
            return sum(pool.map(self._attempt, due))

    def _attempt(self, submission: Submission) -> bool:
        if self._stop.is_set():
            return False
        try:
            return self.process(submission)
        except Exception:
            # A bug must not kill the worker nor lose the submission: log, retry later.
            log.exception("erreur inattendue", extra={"soumission": submission.id})
            self.queue.mark_retry(submission.id, _REFUSED_DELAY, "erreur interne")
            return False

    def sync_decisions(self) -> None:
        """Ask the forge whether open proposals were merged or closed."""
        for submission in self.queue.list(PROPOSED):
            try:
                decision = self.forge.decision(
                    Proposal(submission.proposal_url, submission.proposal_number), submission.branch
                )
            except (ForgeUnavailable, ForgeRefused) as exc:
                log.warning("suivi impossible", extra={"soumission": submission.id, "erreur": str(exc)})
                return
            if decision:
                self.queue.mark_decided(submission.id, decision)

    def wake(self) -> None:
        """Tell the worker a new submission is waiting."""
        self._wake.set()

    def run(self, stop_when: Callable[[], bool] = lambda: False) -> None:
        """Work in the current thread until `stop()` is called or `stop_when()` is true."""
        self._loop(stop_when)

    def _loop(self, stop_when: Callable[[], bool] = lambda: False) -> None:
        while not self._stop.is_set() and not stop_when():
            self._wake.clear()
            try:
                self.queue.release_dead_leases(owner_alive)
                self.run_once()
                if time.time() - self._last_checkpoint > _CHECKPOINT_EVERY:
                    self._last_checkpoint = time.time()
                    self.queue.checkpoint()
                if time.time() - self._last_sync > _SYNC_EVERY:
                    self._last_sync = time.time()
                    self.sync_decisions()
                next_due = self.queue.next_due_time()
            except Exception:
                log.exception("erreur de la boucle du travailleur")
                next_due = None
            wait = self.poll if next_due is None else min(self.poll, max(0.0, next_due - time.time()))
            self._wake.wait(wait)

    def start(self) -> None:
        """Run in a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name="maillage-worker", daemon=True)
        self._thread.start()

    def stop_soon(self) -> None:
        """Ask the loop to stop after the current attempt (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    def stop(self) -> None:
        """Ask the thread to stop and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=30)
