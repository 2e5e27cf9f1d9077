"""GitHub: the Git Data API (blob, tree, commit, ref), then a pull request.

Steps, each safe to repeat: look the branch up; if absent build blob → tree → commit on top of
the base and create the ref (422 "Reference already exists" means an earlier attempt made it:
look it up again). Then look for a pull request from that branch (any state) before creating
one (422 "A pull request already exists" is reconciled the same way). Labels are set with the
issues API, which keeps labels already present.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from maillage.bridge.forges.base import Change, Proposal
from maillage.bridge.forges.http import ForgeClient, unexpected
from maillage.bridge.queue import ACCEPTED, REJECTED

_BASE_TTL = 30.0


class GitHubForge:
    """Pull requests on a GitHub repository (`owner/name`)."""

    def __init__(
        self,
        api: str,
        repository: str,
        base_branch: str,
        labels: tuple[str, ...],
        token: Callable[[], str],
        timeout: float,
    ):
        self.owner = repository.split("/", 1)[0]
        self.prefix = f"/repos/{repository}"
        self.base = base_branch
        self.labels = labels
        self._token = token
        self._lock = threading.Lock()
        self._base_cache: tuple[float, str, str] | None = None
        self.api = ForgeClient(
            api,
            {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"},
            timeout,
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._token()}"}
        return self.api.request(method, self.prefix + path, headers=headers, **kwargs)

    def propose(self, change: Change) -> Proposal:
        """Branch, commit and pull request for one change (each step reconciled if done)."""
        if self._branch_sha(change.branch) is None:
            self._create_branch(change)
        return self._pull_request(change)

    def _branch_sha(self, branch: str) -> str | None:
        response = self._call("GET", f"/git/ref/heads/{branch}", ok=(200,))
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise unexpected(response)
        return response.json()["object"]["sha"]

    def _base(self) -> tuple[str, str]:
        """The base branch's commit and tree, looked up at most every `_BASE_TTL` seconds: a
        proposal built on a base a few seconds old merges just the same, for two requests less."""
        with self._lock:
            if self._base_cache and time.monotonic() - self._base_cache[0] < _BASE_TTL:
                return self._base_cache[1], self._base_cache[2]
        base = self._branch_sha(self.base)
        if base is None:
            raise unexpected(self._call("GET", f"/git/ref/heads/{self.base}", ok=(200,)))
        tree = self._json("GET", f"/git/commits/{base}", None)["tree"]["sha"]
        with self._lock:
            self._base_cache = (time.monotonic(), base, tree)
        return base, tree

    def _create_branch(self, change: Change) -> None:
        base, base_tree = self._base()
        blob = self._json("POST", "/git/blobs", {"content": change.text, "encoding": "utf-8"})["sha"]
        entry = {"path": change.path, "mode": "100644", "type": "blob", "sha": blob}
        tree = self._json("POST", "/git/trees", {"base_tree": base_tree, "tree": [entry]})["sha"]
        commit_body = {"message": change.commit_message, "tree": tree, "parents": [base]}
        commit = self._json("POST", "/git/commits", commit_body)["sha"]
        response = self._call(
            "POST", "/git/refs", json={"ref": f"refs/heads/{change.branch}", "sha": commit}, ok=(201,)
        )
        if response.status_code == 422 and self._branch_sha(change.branch) is not None:
            return  # "Reference already exists": an earlier attempt created it.
        if response.status_code != 201:
            raise unexpected(response)

    def _json(self, method: str, path: str, body: dict | None) -> dict:
        response = self._call(method, path, json=body, ok=(200, 201))
        if response.status_code not in (200, 201):
            raise unexpected(response)
        return response.json()

    def _find_pull(self, branch: str) -> dict | None:
        params = {"head": f"{self.owner}:{branch}", "state": "all", "base": self.base}
        response = self._call("GET", "/pulls", params=params, ok=(200,))
        if response.status_code != 200:
            raise unexpected(response)
        pulls = response.json()
        return pulls[0] if pulls else None

    def _pull_request(self, change: Change) -> Proposal:
        pull = self._find_pull(change.branch)
        if pull is None:
            body = {"title": change.title, "head": change.branch, "base": self.base, "body": change.description}
            response = self._call("POST", "/pulls", json=body, ok=(201,))
            if response.status_code == 201:
                pull = response.json()
            elif response.status_code == 422:
                pull = self._find_pull(change.branch)  # "A pull request already exists"
            if pull is None:
                raise unexpected(response)
        if self.labels:
            response = self._call("POST", f"/issues/{pull['number']}/labels", json={"labels": list(self.labels)})
            if response.status_code not in (200, 201):
                raise unexpected(response)
        return Proposal(url=pull["html_url"], number=str(pull["number"]))

    def decision(self, proposal: Proposal, branch: str) -> str | None:
        """Merged → accepted; closed without merge → rejected; open → None."""
        pull = self._json("GET", f"/pulls/{proposal.number}", None)
        if pull.get("merged"):
            return ACCEPTED
        return REJECTED if pull.get("state") == "closed" else None
