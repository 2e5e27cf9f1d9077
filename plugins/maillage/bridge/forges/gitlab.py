"""GitLab: one call to the commits API with `actions` (creating the branch), then a merge request.

Repeat-safe: the branch is looked up first; "A branch called … already exists" (400) is
reconciled by looking it up again; a merge request from the branch (any state) is looked up
before creating one, and 409 "Another open merge request already exists" is reconciled too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from maillage.bridge.forges.base import Change, Proposal
from maillage.bridge.forges.http import ForgeClient, unexpected
from maillage.bridge.queue import ACCEPTED, REJECTED


class GitLabForge:
    """Merge requests on a GitLab project (path `group/project` or numeric id)."""

    def __init__(
        self,
        api: str,
        project: str,
        base_branch: str,
        labels: tuple[str, ...],
        token: Callable[[], str],
        timeout: float,
        author: tuple[str, str],
    ):
        self.prefix = f"/projects/{quote(project, safe='')}"
        self.base = base_branch
        self.labels = labels
        self._token = token
        self.author = author
        self.api = ForgeClient(api, {}, timeout)

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.api.request(method, self.prefix + path, headers={"PRIVATE-TOKEN": self._token()}, **kwargs)

    def _branch_exists(self, branch: str) -> bool:
        response = self._call("GET", f"/repository/branches/{quote(branch, safe='')}", ok=(200,))
        if response.status_code not in (200, 404):
            raise unexpected(response)
        return response.status_code == 200

    def propose(self, change: Change) -> Proposal:
        """Commit on a new branch, then the merge request (each step reconciled if done)."""
        if not self._branch_exists(change.branch):
            body = {
                "branch": change.branch,
                "start_branch": self.base,
                "commit_message": change.commit_message,
                "author_name": self.author[0],
                "author_email": self.author[1],
                "actions": [
                    {
                        "action": "update" if change.is_edit else "create",
                        "file_path": change.path,
                        "content": change.text,
                    }
                ],
            }
            response = self._call("POST", "/repository/commits", json=body, ok=(201,))
            if response.status_code != 201 and not (
                response.status_code == 400 and self._branch_exists(change.branch)
            ):
                raise unexpected(response)
        return self._merge_request(change)

    def _find(self, branch: str) -> dict | None:
        params = {"source_branch": branch, "target_branch": self.base, "state": "all"}
        response = self._call("GET", "/merge_requests", params=params, ok=(200,))
        if response.status_code != 200:
            raise unexpected(response)
        found = response.json()
        return found[0] if found else None

    def _merge_request(self, change: Change) -> Proposal:
        request = self._find(change.branch)
        if request is None:
            body = {
                "source_branch": change.branch,
                "target_branch": self.base,
                "title": change.title,
                "description": change.description,
                "labels": ",".join(self.labels),
                "remove_source_branch": True,
            }
            response = self._call("POST", "/merge_requests", json=body, ok=(201,))
            if response.status_code == 201:
                request = response.json()
            elif response.status_code == 409:
                request = self._find(change.branch)
            if request is None:
                raise unexpected(response)
        return Proposal(url=request["web_url"], number=str(request["iid"]))

    def decision(self, proposal: Proposal, branch: str) -> str | None:
        """Merged → accepted; closed → rejected; opened → None."""
        response = self._call("GET", f"/merge_requests/{proposal.number}", ok=(200,))
        if response.status_code != 200:
            raise unexpected(response)
        state = response.json().get("state")
        return {"merged": ACCEPTED, "closed": REJECTED}.get(state)
