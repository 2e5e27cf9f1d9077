"""The durable queue of contributions: SQLite in WAL mode with `synchronous=FULL`.

A submission is committed (and fsynced) before the person gets a reply, so a `kill -9` of the
service at any moment loses nothing that was acknowledged. The state machine is:

    en_attente --(worker: branch + commit + PR, each step idempotent)--> proposee
    proposee   --(maintainer merges / closes; forge sync or CLI)--------> acceptee | refusee

A submission stays `en_attente` until its proposal is recorded; a crash in between only means
the worker redoes idempotent steps, which the forge adapters reconcile (no second branch or PR).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PENDING = "en_attente"
PROPOSED = "proposee"
ACCEPTED = "acceptee"
REJECTED = "refusee"
STATES = (PENDING, PROPOSED, ACCEPTED, REJECTED)
OPEN_STATES = (PENDING, PROPOSED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    tracking_token TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('creation', 'modification')),
    title TEXT NOT NULL,
    file_text TEXT NOT NULL,
    state TEXT NOT NULL,
    branch TEXT NOT NULL,
    proposal_url TEXT NOT NULL DEFAULT '',
    proposal_number TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until REAL NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_due ON submissions (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS submissions_entry ON submissions (folder, entry_id);
"""
# Columns added after the first release: (name, declaration), added to older queue files on open.
_ADDED_COLUMNS = (
    # The entry file an edit was built on (its text when the edit was sent), to detect later changes.
    ("base_text", "TEXT NOT NULL DEFAULT ''"),
    # A keyed fingerprint of the sender's address (never the address): the per-address cap.
    ("origin", "TEXT NOT NULL DEFAULT ''"),
    # Set by the worker when the entry changed since and both sides changed the same fields.
    ("conflict", "TEXT NOT NULL DEFAULT ''"),
)


@dataclass(frozen=True)
class Submission:
    """One contribution: the full text of the file to propose and where it stands."""

    id: str
    idempotency_key: str
    tracking_token: str
    folder: str
    entry_id: str
    action: str
    title: str
    file_text: str
    state: str
    branch: str
    proposal_url: str
    proposal_number: str
    attempts: int
    next_attempt_at: float
    last_error: str
    lease_owner: str
    lease_until: float
    created_at: float
    updated_at: float
    base_text: str = ""
    origin: str = ""
    conflict: str = ""


@dataclass(frozen=True)
class NewSubmission:
    """What the form hands to the queue."""

    idempotency_key: str
    folder: str
    action: str
    title: str
    file_text: str
    base_text: str = ""
    origin: str = ""


def branch_name(submission_id: str, entry_id: str) -> str:
    """The branch of a submission: `contribution/<id>-<slug>` (both parts made by the server)."""
    return f"contribution/{submission_id}-{entry_id}"


class Queue:
    """Thread-safe access to the queue file; one connection per thread.

    `durable=False` is for the worker: its writes (leases, retry times, "proposed") may be lost
    in a power cut without harm, since every forge step is redone idempotently, so they skip the
    disk sync and hold the write lock only briefly. Inserting a submission is always synced.
    """

    def __init__(self, path: Path, durable: bool = True):
        self.path = path
        self.durable = durable
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = self._db()
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        present = {row[1] for row in db.execute("PRAGMA table_info(submissions)")}
        for name, declaration in _ADDED_COLUMNS:
            if name not in present:
                db.execute(f"ALTER TABLE submissions ADD COLUMN {name} {declaration}")
        db.execute("CREATE INDEX IF NOT EXISTS submissions_origin ON submissions (origin, state)")

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            # FULL: the WAL is fsynced at every commit, so an acknowledged insert survives power loss.
            db.execute("PRAGMA synchronous=FULL" if self.durable else "PRAGMA synchronous=NORMAL")
            if self.durable:
                # Copying the WAL back into the database (and syncing it) is left to the worker
                # (`checkpoint`), so that no person's request ever waits for it.
                db.execute("PRAGMA wal_autocheckpoint=0")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _require_durable(self) -> None:
        if not self.durable:
            raise RuntimeError("submissions are only inserted through a durable queue")

    def add(self, new: NewSubmission, entry_id_for: Callable[[set[str]], str]) -> tuple[Submission, bool]:
        """Insert a submission once per idempotency key; return it and whether it is new.

        `entry_id_for(reserved)` picks the entry id inside the write transaction, knowing the ids
        reserved by open creations, so two concurrent submissions never get the same file name.
        The commit is durable (fsynced) when this returns.
        """
        result = self.add_many([(new, entry_id_for)])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def add_many(
        self, items: list[tuple[NewSubmission, Callable[[set[str]], str]]]
    ) -> list[tuple[Submission, bool] | Exception]:
        """`add` for several submissions in one transaction: one fsync for all (group commit).
        A submission whose id cannot be chosen gets its exception; the others are kept."""
        self._require_durable()
        results = []
        with self._connection() as db:
            reserved = {
                r[0]
                for r in db.execute(
                    "SELECT entry_id FROM submissions WHERE action = 'creation' AND state IN (?, ?)", OPEN_STATES
                )
            }
            for new, entry_id_for in items:
                try:
                    results.append(self._insert(db, new, entry_id_for, reserved))
                except ValueError as exc:  # an id refused by the model: nothing was inserted for it
                    results.append(exc)
        return results

    def _insert(
        self,
        db: sqlite3.Connection,
        new: NewSubmission,
        entry_id_for: Callable[[set[str]], str],
        reserved: set[str],
    ) -> tuple[Submission, bool]:
        row = db.execute("SELECT * FROM submissions WHERE idempotency_key = ?", (new.idempotency_key,)).fetchone()
        if row is not None:
            return Submission(**dict(row)), False
        entry_id = entry_id_for(reserved)
        if new.action == "creation":
            reserved.add(entry_id)
        submission_id = secrets.token_hex(5)
        now = time.time()
        db.execute(
            "INSERT INTO submissions (id, idempotency_key, tracking_token, folder, entry_id, action,"
            " title, file_text, state, branch, created_at, updated_at, base_text, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                submission_id,
                new.idempotency_key,
                secrets.token_urlsafe(18),
                new.folder,
                entry_id,
                new.action,
                new.title,
                new.file_text,
                PENDING,
                branch_name(submission_id, entry_id),
                now,
                now,
                new.base_text,
                new.origin,
            ),
        )
        row = db.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()
        return Submission(**dict(row)), True

    def by_key(self, idempotency_key: str) -> Submission | None:
        """A submission by its idempotency key."""
        return self._one("SELECT * FROM submissions WHERE idempotency_key = ?", idempotency_key)

    def get(self, submission_id: str) -> Submission | None:
        """A submission by id."""
        return self._one("SELECT * FROM submissions WHERE id = ?", submission_id)

    def by_token(self, token: str) -> Submission | None:
        """A submission by its tracking token (the only handle the public gets)."""
        return self._one("SELECT * FROM submissions WHERE tracking_token = ?", token)

    def _one(self, sql: str, *args: object) -> Submission | None:
        row = self._db().execute(sql, args).fetchone()
        return Submission(**dict(row)) if row else None

    def list(self, state: str | None = None) -> list[Submission]:
        """Submissions, oldest first, optionally in one state."""
        if state:
            rows = self._db().execute("SELECT * FROM submissions WHERE state = ? ORDER BY created_at", (state,))
        else:
            rows = self._db().execute("SELECT * FROM submissions ORDER BY created_at")
        return [Submission(**dict(r)) for r in rows]

    def due(self, now: float, limit: int = 20) -> list[Submission]:
        """Pending submissions whose next attempt time has come and that no worker holds."""
        rows = self._db().execute(
            "SELECT * FROM submissions WHERE state = ? AND next_attempt_at <= ? AND lease_until <= ?"
            " ORDER BY next_attempt_at, created_at LIMIT ?",
            (PENDING, now, now, limit),
        )
        return [Submission(**dict(r)) for r in rows]

    def claim(self, submission_id: str, owner: str, seconds: float) -> bool:
        """Hold a pending submission for one attempt, so that two workers (an old one still
        finishing after its service was killed, and the new one) never work on it together."""
        now = time.time()
        with self._connection() as db:
            cursor = db.execute(
                "UPDATE submissions SET lease_owner = ?, lease_until = ? WHERE id = ? AND state = ?"
                " AND lease_until <= ?",
                (owner, now + seconds, submission_id, PENDING, now),
            )
            return cursor.rowcount == 1

    def release_dead_leases(self, alive: Callable[[str], bool]) -> int:
        """Free submissions held by workers that no longer exist (killed mid-attempt)."""
        now = time.time()
        held = self._db().execute(
            "SELECT id, lease_owner FROM submissions WHERE state = ? AND lease_until > ?", (PENDING, now)
        ).fetchall()
        dead = [row[0] for row in held if not alive(row[1])]
        if dead:
            with self._connection() as db:
                db.executemany("UPDATE submissions SET lease_until = 0 WHERE id = ?", [(d,) for d in dead])
        return len(dead)

    def next_due_time(self) -> float | None:
        """When the next pending submission becomes due (None: nothing pending)."""
        row = self._db().execute(
            "SELECT MIN(next_attempt_at) FROM submissions WHERE state = ?", (PENDING,)
        ).fetchone()
        return row[0]

    def counts(self) -> dict[str, int]:
        """How many submissions are in each state."""
        found = dict(self._db().execute("SELECT state, COUNT(*) FROM submissions GROUP BY state").fetchall())
        return {state: int(found.get(state, 0)) for state in STATES}

    def oldest_pending_age(self) -> float:
        """Seconds since the oldest submission still waiting was received (0 if none): the
        number to watch, since it grows when the worker or the forge is stuck."""
        row = self._db().execute("SELECT MIN(created_at) FROM submissions WHERE state = ?", (PENDING,)).fetchone()
        return max(0.0, time.time() - row[0]) if row[0] is not None else 0.0

    def count_open(self) -> int:
        """Submissions waiting or proposed and not yet decided (the open bot PR count)."""
        row = self._db().execute(
            "SELECT COUNT(*) FROM submissions WHERE state IN (?, ?)", OPEN_STATES
        ).fetchone()
        return int(row[0])

    def count_open_from(self, origin: str) -> int:
        """Open submissions sent from one address (by its fingerprint)."""
        row = self._db().execute(
            "SELECT COUNT(*) FROM submissions WHERE origin = ? AND state IN (?, ?)", (origin, *OPEN_STATES)
        ).fetchone()
        return int(row[0])

    def mark_conflict(self, submission_id: str, text: str) -> None:
        """Record (or clear, with "") that the entry changed since and which fields conflict."""
        with self._connection() as db:
            db.execute("UPDATE submissions SET conflict = ? WHERE id = ?", (text, submission_id))

    def count_proposed(self) -> int:
        """Proposals open on the forge."""
        row = self._db().execute("SELECT COUNT(*) FROM submissions WHERE state = ?", (PROPOSED,)).fetchone()
        return int(row[0])

    def mark_proposed(self, submission_id: str, url: str, number: str) -> None:
        """Record the proposal made on the forge (idempotent)."""
        with self._connection() as db:
            db.execute(
                "UPDATE submissions SET state = ?, proposal_url = ?, proposal_number = ?, last_error = '',"
                " lease_until = 0, updated_at = ? WHERE id = ? AND state = ?",
                (PROPOSED, url, number, time.time(), submission_id, PENDING),
            )

    def mark_retry(self, submission_id: str, delay: float, error: str) -> None:
        """Count a failed attempt and schedule the next one."""
        now = time.time()
        with self._connection() as db:
            db.execute(
                "UPDATE submissions SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                " lease_until = 0, updated_at = ? WHERE id = ? AND state = ?",
                (now + delay, error[:500], now, submission_id, PENDING),
            )

    def mark_decided(self, submission_id: str, state: str) -> None:
        """A maintainer accepted or rejected the proposal."""
        if state not in (ACCEPTED, REJECTED):
            raise ValueError(state)
        with self._connection() as db:
            db.execute(
                "UPDATE submissions SET state = ?, updated_at = ? WHERE id = ?",
                (state, time.time(), submission_id),
            )

    def checkpoint(self) -> None:
        """Copy committed pages from the WAL into the database without blocking anyone."""
        self._db().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


class GroupWriter:
    """Inserts submissions from many requests in shared transactions (group commit).

    With `synchronous=FULL` every commit waits for the disk; on a busy disk that wait, not the
    CPU, limits how many people can send at once. One writer thread commits whatever arrived
    while the previous commit was syncing, and each caller is answered only once its row is on
    disk: acknowledged still means durable.
    """

    def __init__(self, queue: Queue):
        self.queue = queue
        self._pending: list[tuple[NewSubmission, Callable[[set[str]], str], Future]] = []
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="maillage-queue-writer", daemon=True)
        self._thread.start()

    def _require_durable(self) -> None:
        if not self.durable:
            raise RuntimeError("submissions are only inserted through a durable queue")

    def add(self, new: NewSubmission, entry_id_for: Callable[[set[str]], str]) -> Future:
        """Queue an insert; the future resolves to (submission, is_new) once it is durable."""
        future: Future = Future()
        with self._lock:
            self._pending.append((new, entry_id_for, future))
            self._lock.notify()
        return future

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._pending:
                    self._lock.wait()
                batch, self._pending = self._pending, []
            try:
                results = self.queue.add_many([(new, pick) for new, pick, _ in batch])
            except Exception as exc:  # each caller gets the error (a French page), none hangs
                for _, _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, _, future), result in zip(batch, results, strict=True):
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)
