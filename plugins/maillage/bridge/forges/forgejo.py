"""Forgejo and Gitea: the multi-file contents API with `new_branch`, then a pull request.

Repeat-safe: the branch is looked up first and a 409/422 "already exists" is reconciled by
looking it up again; the pull request is looked up by base and head before creating one
(409 "pull request already exists" is reconciled the same way).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from maillage.bridge.forges.base import Change, Proposal
from maillage.bridge.forges.http import ForgeClient, unexpected
from maillage.bridge.queue import ACCEPTED, REJECTED


class ForgejoForge:
    """Pull requests on a Forgejo or Gitea repository (`owner/name`)."""

    def __init__(
        self,
        api: str,
        repository: str,
        base_branch: str,
        labels: tuple[str, ...],
        token: Callable[[], str],
        timeout: float,
        author: tuple[str, str],
    ):
        self.prefix = f"/repos/{repository}"
        self.base = base_branch
        self.labels = labels
        self._token = token
        self.author = author
        self.api = ForgeClient(api, {"Accept": "application/json"}, timeout)
        self._label_ids: list[int] | None = None

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"token {self._token()}"}
        return self.api.request(method, self.prefix + path, headers=headers, **kwargs)

    def _get(self, path: str, **kwargs) -> dict | list | None:
        response = self._call("GET", path, ok=(200,), **kwargs)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise unexpected(response)
        return response.json()

    def _branch_exists(self, branch: str) -> bool:
        return self._get(f"/branches/{quote(branch, safe='')}") is not None

    def propose(self, change: Change) -> Proposal:
        """Commit on a new branch, then the pull request (each step reconciled if done)."""
        if not self._branch_exists(change.branch):
            self._commit(change)
        return self._pull_request(change)

    def _commit(self, change: Change) -> None:
        file = {
            "operation": "update" if change.is_edit else "create",
            "path": change.path,
            "content": base64.b64encode(change.text.encode("utf-8")).decode("ascii"),
        }
        if change.is_edit:
            current = self._get(f"/contents/{quote(change.path)}", params={"ref": self.base})
            if isinstance(current, dict):
                file["sha"] = current["sha"]
        body = {
            "branch": self.base,
            "new_branch": change.branch,
            "message": change.commit_message,
            "author": {"name": self.author[0], "email": self.author[1]},
            "files": [file],
        }
        response = self._call("POST", "/contents", json=body, ok=(201,))
        if response.status_code != 201 and not (
            response.status_code in (409, 422) and self._branch_exists(change.branch)
        ):
            raise unexpected(response)

    def _find(self, branch: str) -> dict | None:
        found = self._get(f"/pulls/{quote(self.base, safe='')}/{quote(branch, safe='')}")
        return found if isinstance(found, dict) else None

    def _pull_request(self, change: Change) -> Proposal:
        pull = self._find(change.branch)
        if pull is None:
            body = {
                "head": change.branch,
                "base": self.base,
                "title": change.title,
                "body": change.description,
                "labels": self._labels(),
            }
            response = self._call("POST", "/pulls", json=body, ok=(201,))
            if response.status_code == 201:
                pull = response.json()
            elif response.status_code in (409, 422):
                pull = self._find(change.branch)
            if pull is None:
                raise unexpected(response)
        return Proposal(url=pull["html_url"], number=str(pull["number"]))

    def _labels(self) -> list[int]:
        if self._label_ids is None:
            wanted = set(self.labels)
            found = self._get("/labels", params={"limit": 50}) or [] if wanted else []
            self._label_ids = [label["id"] for label in found if label.get("name") in wanted]
        return self._label_ids

    def decision(self, proposal: Proposal, branch: str) -> str | None:
        """Merged → accepted; closed → rejected; open → None."""
        pull = self._get(f"/pulls/{proposal.number}")
        if not isinstance(pull, dict):
            return None
        if pull.get("merged"):
            return ACCEPTED
        return REJECTED if pull.get("state") == "closed" else None
