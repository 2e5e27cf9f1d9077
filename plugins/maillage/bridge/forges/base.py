"""What every forge adapter does, and the two ways it can fail.

An adapter turns a `Change` into a branch, a commit and a pull/merge request. Every step is
idempotent: it first looks for what a previous (possibly interrupted) attempt left behind, and a
forge's "already exists" answer is reconciled by looking the object up, never reported as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Change:
    """One file to create or replace on a new branch, and the request text around it."""

    branch: str
    path: str  # relative to the repository root, always under the content folder
    text: str
    is_edit: bool
    title: str
    description: str
    commit_message: str


@dataclass(frozen=True)
class Proposal:
    """A pull/merge request (or, for local git, a branch) on the forge."""

    url: str
    number: str


class ForgeUnavailable(Exception):
    """The forge is down, slow, rate-limited or answered 5xx: try again later.

    `retry_after` is the delay the forge asked for (Retry-After, rate-limit reset), if any.
    """

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class ForgeRefused(Exception):
    """The forge refused the request for a reason a retry will not fix without a maintainer
    (bad token, missing repository, protected branch). The submission is kept and retried slowly."""


class Forge(Protocol):
    """A place where contributions become reviewable proposals."""

    def propose(self, change: Change) -> Proposal:
        """Create (or find) the branch with the change and the proposal for it."""
        ...

    def decision(self, proposal: Proposal, branch: str) -> str | None:
        """`acceptee` or `refusee` once a maintainer decided, else None."""
        ...
