"""What the git history says about a draw: when it was published, and whether it was rewritten.

A commit date is written by whoever commits: git alone never proves "before" (the
time-stamp token does, see `timestamp`). What the history does show is consistency:

- the commitments searched for are the SHA-256 of *these* commitments (date and rules
  included), so re-preparing the same pool later gives another marker;
- the first version of the draw ever committed with commitments must have these very
  commitments: a draw is prepared once;
- every committed version of the draw's journal must be a beginning of today's journal:
  an answer once published cannot become another one;
- each event records the commit that published the events before it (`depot`), so a
  history rewritten and force-pushed no longer holds the commits the journal names;
- an answer added by a pull request or the web form is attributed to the commit that added it.

Versions are read with one `git log` and one `git cat-file --batch`; only the journal part of
each data file is parsed (it sits between two known keys), so that a long history of a
20,000-volunteer draw stays fast.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from maillage.model import parse_document
from maillage.model.problems import EntryError


@dataclass(frozen=True, slots=True)
class Version:
    """The draw as one commit left it."""

    commit: str
    date: datetime
    author: str
    journal: list[dict[str, Any]] | None  # None: no data file at this commit
    front: dict[str, Any] | None  # the entry's front matter, None when unreadable or absent


@dataclass(slots=True)
class History:
    """The commits that touched a draw's entry or data file, oldest first."""

    available: bool
    reason: str = ""
    versions: list[Version] = field(default_factory=list)
    root: Path | None = None
    head: str | None = None

    def first_prepared(self) -> Version | None:
        """The oldest version whose journal starts with a preparation."""
        return next((v for v in self.versions if v.journal and _kind(v.journal[0]) == "preparation"), None)

    def first_with(self, digest: str) -> Version | None:
        """The oldest version whose preparation holds these commitments."""
        return next((v for v in self.versions if v.journal and _commitments_of(v.journal) == digest), None)

    def latest_prefix(self, journal: list[dict[str, Any]]) -> tuple[Version, int] | None:
        """The newest version whose (non-empty) journal begins today's journal, and its length."""
        fingerprints = [e.get("empreinte") for e in journal]
        for version in reversed(self.versions):
            past = [e.get("empreinte") for e in version.journal or []]
            if past and past == fingerprints[: len(past)]:
                return version, len(past)
        return None

    def by_commit(self, commit: str) -> Version | None:
        """The version of a given commit (full hash), if it touched the draw."""
        return next((v for v in self.versions if v.commit == commit), None)

    def published(self, commit: str) -> list[str]:
        """The remote-tracking branches that contain a commit (empty: not pushed anywhere)."""
        if self.root is None:
            return []
        output = _git(self.root, "branch", "-r", "--contains", commit, "--format=%(refname:short)")
        return [line.strip() for line in (output or "").splitlines() if line.strip()]

    @cached_property
    def has_remote(self) -> bool:
        """Whether the repository knows any remote."""
        return bool(self.root is not None and (_git(self.root, "remote") or "").strip())

    def added(self, item: dict[str, Any]) -> Version | None:
        """The oldest version whose `reponses` hold this answer (who brought it in)."""
        for version in self.versions:
            answers = (version.front or {}).get("reponses") or []
            if any(
                isinstance(a, dict) and all(a.get(k) == item.get(k) for k in ("acteur", "reponse", "date"))
                for a in answers
            ):
                return version
        return None


def read_history(entry: Path, data_file: Path) -> History:
    """Every commit touching the entry or its data file (none when the folder is not in git)."""
    folder = entry.resolve().parent
    root_text = _git(folder, "rev-parse", "--show-toplevel")
    if root_text is None:
        return History(available=False, reason="pas de dépôt git")
    root = Path(root_text.strip())
    head = (_git(root, "rev-parse", "--verify", "-q", "HEAD") or "").strip() or None
    if head is None:
        return History(available=True, root=root)
    paths = [str(p.resolve().relative_to(root)) for p in (entry, data_file)]
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    log = _git(
        root,
        "log",
        "--reverse",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--format=%x01%H%x00%cI%x00%an <%ae>",
        "--",
        *paths,
    )
    if log is None:
        return History(available=False, reason="historique git illisible")
    commits = _parse_log(log, paths)
    blobs = _read_blobs(root, {b for c in commits for b in c[3].values() if b})
    versions = []
    for sha, date, author, files in commits:
        data_blob, entry_blob = files.get(paths[1]), files.get(paths[0])
        versions.append(
            Version(
                sha,
                datetime.fromisoformat(date),
                author,
                _journal_of(blobs.get(data_blob)),
                _front_of(blobs.get(entry_blob)),
            )
        )
    history = History(available=True, versions=versions, root=root, head=head)
    if shallow:
        history.reason = "copie partielle (shallow) : l'historique ancien manque"
    return history


def _parse_log(log: str, paths: list[str]) -> list[tuple[str, str, str, dict[str, str | None]]]:
    """Commits with, for each of our paths it touched, the blob it left (None: deleted).

    A path the commit did not touch keeps the blob of the previous commit.
    """
    commits: list[tuple[str, str, str, dict[str, str | None]]] = []
    current: dict[str, str | None] = {}
    for chunk in log.split("\x01")[1:]:
        header, _, rest = chunk.partition("\n")
        sha, date, author = header.split("\x00")
        for line in rest.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            new_blob = meta.split()[3]
            if path in paths:
                current[path] = None if set(new_blob) == {"0"} else new_blob
        commits.append((sha, date, author, dict(current)))
    return commits


def _read_blobs(root: Path, ids: set[str]) -> dict[str, bytes]:
    if not ids:
        return {}
    order = sorted(ids)
    process = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input="\n".join(order).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    found: dict[str, bytes] = {}
    data, offset = process.stdout, 0
    for blob in order:
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        offset = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        found[blob] = data[offset : offset + size]
        offset += size + 1
    return found


def _journal_of(raw: bytes | None) -> list[dict[str, Any]] | None:
    """The journal of a data file's text; only its part is parsed when the layout allows."""
    if raw is None:
        return None
    text = raw.decode("utf-8", errors="replace")
    start = text.find('\n "journal": ')
    if start >= 0:
        end = text.find('\n "', start + 1)
        part = text[start + 1 : end if end >= 0 else len(text) - 2].rstrip().rstrip(",")
        try:
            value = json.loads("{" + part + "}").get("journal")
            return value if isinstance(value, list) else []
        except ValueError:
            pass
    try:
        whole = json.loads(text)
    except ValueError:
        return []
    journal = whole.get("journal") if isinstance(whole, dict) else None
    return journal if isinstance(journal, list) else []


def _front_of(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        return parse_document(raw, "historique").data
    except EntryError:
        return None


def _kind(event: Any) -> Any:
    return event.get("evenement") if isinstance(event, dict) else None


def _commitments_of(journal: list[Any]) -> Any:
    first = journal[0] if journal and isinstance(journal[0], dict) else {}
    details = first.get("details") if isinstance(first.get("details"), dict) else {}
    return details.get("engagements") if first.get("evenement") == "preparation" else None


def _git(cwd: Path, *args: str) -> str | None:
    try:
        process = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return process.stdout if process.returncode == 0 else None
