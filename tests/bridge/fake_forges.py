"""Fake GitHub, GitLab and Forgejo servers following the documented APIs the adapters use.

Each fake keeps real state (branches, files, pull/merge requests), checks the token, and can
inject faults: 5xx, 429 with Retry-After, slow answers (timeouts), lost answers (the action is
done but the client gets a 502, so its retry meets "already exists"), and replication lag (a
lookup misses an object that exists, so the create call gets the forge's "already exists").
Used by the adapter tests and by scripts/bench_bridge.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

from werkzeug.wrappers import Request, Response

FAULTS = ("503", "429", "403", "timeout", "lost", "lag")


@dataclass
class Fault:
    """Fail the next `count` requests matching `method` and `pattern` (on the raw, encoded path)."""

    method: str
    pattern: str
    kind: str
    count: int = 1


EXISTING_FILES = {"content/acteurs/existant.md": "---\nnom: x\n---\n"}


@dataclass
class FakeForge:
    """Common machinery: routing on the raw path, auth, faults, a request log."""

    token: str
    slow_seconds: float = 2.0
    random_failure_rate: float = 0.0
    seed: int = 0
    faults: list[Fault] = field(default_factory=list)
    log: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    unknown_repository = "Not Found"  # the message of a path outside the repository's prefix

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    repo: Repository = field(init=False)

    def file_at(self, branch: str, path: str) -> str | None:
        """A file's text on a branch."""
        return self.repo.branches[branch].get(path)

    def branches(self) -> list[str]:
        """Every branch name."""
        return list(self.repo.branches)

    def __call__(self, request: Request) -> Response:
        raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
        path = raw.split("?", 1)[0]
        if path == "/__bilan":  # introspection for a fake running in another process (the benchmark)
            with self.lock:
                failures = [status for _, _, status in self.log if status >= 500 or status == 429]
                return _json({"propositions": self.proposals(), "echecs": failures})
        fault = self._fault(request.method, path)
        if fault == "timeout":
            time.sleep(self.slow_seconds)
        elif fault in ("503", "429", "403"):
            return self._respond(request, path, self._failure(fault))
        if not self.authorised(request):
            return self._respond(request, path, _json({"message": "Bad credentials"}, 401))
        with self.lock:
            self.lagging = fault == "lag"
            response = self.dispatch(request, path)
        if fault == "lost":
            response = _json({"message": "Bad gateway"}, 502)
        return self._respond(request, path, response)

    def _respond(self, request: Request, path: str, response: Response) -> Response:
        with self.lock:
            self.log.append((request.method, path, response.status_code))
        return response

    def _failure(self, kind: str) -> Response:
        if kind == "429":
            return _json({"message": "API rate limit exceeded"}, 429, {"Retry-After": "1"})
        if kind == "403":  # GitHub's primary rate limit: 403 with the remaining count at zero
            reset = str(int(time.time()) + 1)
            headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
            return _json({"message": "API rate limit exceeded"}, 403, headers)
        return _json({"message": "Service unavailable"}, 503)

    def _fault(self, method: str, path: str) -> str | None:
        with self.lock:
            for fault in self.faults:
                if fault.count > 0 and fault.method == method and re.search(fault.pattern, path):
                    fault.count -= 1
                    return fault.kind
            if self.random_failure_rate and self.rng.random() < self.random_failure_rate:
                return self.rng.choice(("503", "429", "lost"))
        return None

    def authorised(self, request: Request) -> bool:
        """Whether the request carries the right token (each forge has its own header)."""
        raise NotImplementedError

    def dispatch(self, request: Request, path: str) -> Response:
        """Answer a request for any path: the forge-wide ones, then the repository's (`route`)."""
        if not path.startswith(self.prefix):
            return _json({"message": self.unknown_repository}, 404)
        body = request.get_json(silent=True) or {}
        return self.route(request, request.method, path[len(self.prefix) :], body)

    def route(self, request: Request, method: str, path: str, body: dict) -> Response:
        """Answer one request; `path` is relative to the repository's API prefix."""
        raise NotImplementedError

    def calls(self, method: str, pattern: str) -> int:
        """How many requests matched (faulty ones included)."""
        return sum(1 for m, p, _ in self.log if m == method and re.search(pattern, p))


def _json(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def _sha(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


class Repository:
    """Branches as full file maps (path → text); enough for what the adapters do."""

    def __init__(self, files: dict[str, str]):
        self.branches: dict[str, dict[str, str]] = {"main": dict(files)}
        self.heads: dict[str, str] = {"main": _sha("main", json.dumps(files, sort_keys=True))}

    def create_branch(self, name: str, start: str, files: dict[str, str], message: str) -> str:
        tree = {**self.branches[start], **files}
        self.branches[name] = tree
        self.heads[name] = _sha(self.heads[start], message, json.dumps(tree, sort_keys=True))
        return self.heads[name]


class FakeGitHub(FakeForge):
    """The Git Data API, pulls and issue labels of one repository `owner/name`."""

    def __init__(self, token: str, repository: str = "commun/fiches", files: dict[str, str] | None = None, **kw):
        super().__init__(token, **kw)
        self.prefix = f"/repos/{repository}"
        self.owner = repository.split("/")[0]
        self.repo = Repository(files or dict(EXISTING_FILES))
        self.blobs: dict[str, str] = {}
        self.trees: dict[str, dict[str, str]] = {_sha("tree-main"): dict(self.repo.branches["main"])}
        self.commits: dict[str, dict] = {self.repo.heads["main"]: {"tree": _sha("tree-main"), "parents": []}}
        self.refs: dict[str, str] = {"main": self.repo.heads["main"]}
        self.pulls: list[dict] = []

    def authorised(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def route(self, request: Request, method: str, path: str, body: dict) -> Response:
        if method == "GET" and path.startswith("/git/ref/heads/"):
            name = unquote(path[len("/git/ref/heads/") :])
            if name not in self.refs or self.lagging:
                return _json({"message": "Not Found"}, 404)
            return _json({"ref": f"refs/heads/{name}", "object": {"sha": self.refs[name], "type": "commit"}})
        if method == "GET" and path.startswith("/git/commits/"):
            commit = self.commits.get(path.rsplit("/", 1)[1])
            return _json({"tree": {"sha": commit["tree"]}}) if commit else _json({"message": "Not Found"}, 404)
        if method == "POST" and path == "/git/blobs":
            sha = _sha("blob", body["content"])
            self.blobs[sha] = body["content"]
            return _json({"sha": sha}, 201)
        if method == "POST" and path == "/git/trees":
            tree = dict(self.trees[body["base_tree"]])
            for entry in body["tree"]:
                tree[entry["path"]] = self.blobs[entry["sha"]]
            sha = _sha("tree", json.dumps(tree, sort_keys=True))
            self.trees[sha] = tree
            return _json({"sha": sha}, 201)
        if method == "POST" and path == "/git/commits":
            sha = _sha("commit", body["tree"], *body["parents"], body["message"])
            self.commits[sha] = {"tree": body["tree"], "parents": body["parents"], "message": body["message"]}
            return _json({"sha": sha}, 201)
        if method == "POST" and path == "/git/refs":
            name = body["ref"].removeprefix("refs/heads/")
            if name in self.refs:
                return _json({"message": "Reference already exists"}, 422)
            self.refs[name] = body["sha"]
            return _json({"ref": body["ref"], "object": {"sha": body["sha"]}}, 201)
        if method == "GET" and path == "/pulls":
            query = parse_qs(request.query_string.decode())
            head = query.get("head", [""])[0]
            found = [] if self.lagging else [p for p in self.pulls if f"{self.owner}:{p['head']['ref']}" == head]
            return _json(found)
        if method == "POST" and path == "/pulls":
            if any(p["head"]["ref"] == body["head"] for p in self.pulls):
                message = f"A pull request already exists for {self.owner}:{body['head']}."
                return _json({"message": "Validation Failed", "errors": [{"message": message}]}, 422)
            if body["head"] not in self.refs:
                return _json({"message": "Validation Failed"}, 422)
            number = len(self.pulls) + 1
            pull = {
                "number": number,
                "html_url": f"https://github.example/{self.owner}/pull/{number}",
                "head": {"ref": body["head"]},
                "base": {"ref": body["base"]},
                "title": body["title"],
                "body": body["body"],
                "state": "open",
                "merged": False,
                "labels": [],
            }
            self.pulls.append(pull)
            return _json(pull, 201)
        match = re.fullmatch(r"/issues/(\d+)/labels", path)
        if method == "POST" and match:
            pull = self.pulls[int(match.group(1)) - 1]
            pull["labels"] = sorted(set(pull["labels"]) | set(body["labels"]))
            return _json([{"name": n} for n in pull["labels"]])
        match = re.fullmatch(r"/pulls/(\d+)", path)
        if method == "GET" and match:
            return _json(self.pulls[int(match.group(1)) - 1])
        return _json({"message": "Not Found"}, 404)

    def file_at(self, branch: str, path: str) -> str | None:
        """A file's text on a branch."""
        commit = self.commits[self.refs[branch]]
        return self.trees[commit["tree"]].get(path)

    def branches(self) -> list[str]:
        """Every branch name."""
        return list(self.refs)

    def proposals(self) -> list[str]:
        """The head branch of every pull request."""
        return [p["head"]["ref"] for p in self.pulls]


class FakeGitLab(FakeForge):
    """Repository commits (with actions), branches and merge requests of one project."""

    unknown_repository = "404 Project Not Found"

    def __init__(self, token: str, project: str = "commun/fiches", files: dict[str, str] | None = None, **kw):
        super().__init__(token, **kw)
        self.prefix = "/api/v4/projects/" + project.replace("/", "%2F")
        self.repo = Repository(files or dict(EXISTING_FILES))
        self.requests: list[dict] = []

    def authorised(self, request: Request) -> bool:
        return request.headers.get("PRIVATE-TOKEN") == self.token

    def route(self, request: Request, method: str, path: str, body: dict) -> Response:
        if method == "GET" and path.startswith("/repository/branches/"):
            name = unquote(path[len("/repository/branches/") :])
            if name not in self.repo.branches or self.lagging:
                return _json({"message": "404 Branch Not Found"}, 404)
            return _json({"name": name, "commit": {"id": self.repo.heads[name]}})
        if method == "POST" and path == "/repository/commits":
            name = body["branch"]
            if name in self.repo.branches:
                message = f"A branch called '{name}' already exists. Switch to that branch in order to make changes"
                return _json({"message": message}, 400)
            files = {}
            for action in body["actions"]:
                exists = action["file_path"] in self.repo.branches[body["start_branch"]]
                if (action["action"] == "create") == exists:
                    return _json({"message": "A file with this name already exists"}, 400)
                files[action["file_path"]] = action["content"]
            sha = self.repo.create_branch(name, body["start_branch"], files, body["commit_message"])
            return _json({"id": sha, "message": body["commit_message"]}, 201)
        if method == "GET" and path == "/merge_requests":
            query = parse_qs(request.query_string.decode())
            source = query.get("source_branch", [""])[0]
            return _json([] if self.lagging else [m for m in self.requests if m["source_branch"] == source])
        if method == "POST" and path == "/merge_requests":
            if any(m["source_branch"] == body["source_branch"] and m["state"] == "opened" for m in self.requests):
                message = f"Another open merge request already exists for this source branch: !{len(self.requests)}"
                return _json({"message": [message]}, 409)
            iid = len(self.requests) + 1
            request_ = {
                "iid": iid,
                "web_url": f"https://gitlab.example/commun/fiches/-/merge_requests/{iid}",
                "source_branch": body["source_branch"],
                "target_branch": body["target_branch"],
                "title": body["title"],
                "labels": [label for label in body.get("labels", "").split(",") if label],
                "state": "opened",
            }
            self.requests.append(request_)
            return _json(request_, 201)
        match = re.fullmatch(r"/merge_requests/(\d+)", path)
        if method == "GET" and match:
            return _json(self.requests[int(match.group(1)) - 1])
        return _json({"message": "404 Not Found"}, 404)

    def proposals(self) -> list[str]:
        """The source branch of every merge request."""
        return [m["source_branch"] for m in self.requests]


class FakeForgejo(FakeForge):
    """Forgejo/Gitea: branches, multi-file contents API, labels and pulls of one repository."""

    def __init__(self, token: str, repository: str = "commun/fiches", files: dict[str, str] | None = None, **kw):
        super().__init__(token, **kw)
        self.prefix = f"/api/v1/repos/{repository}"
        self.repo = Repository(files or dict(EXISTING_FILES))
        self.pulls: list[dict] = []
        self.labels = [{"id": 7, "name": "contribution"}, {"id": 8, "name": "autre"}]

    def authorised(self, request: Request) -> bool:
        return request.headers.get("Authorization") == f"token {self.token}"

    def route(self, request: Request, method: str, path: str, body: dict) -> Response:
        if method == "GET" and path.startswith("/branches/"):
            name = unquote(path[len("/branches/") :])
            if name not in self.repo.branches or self.lagging:
                return _json({"message": "branch not found"}, 404)
            return _json({"name": name, "commit": {"id": self.repo.heads[name]}})
        if method == "GET" and path.startswith("/contents/"):
            file_path = unquote(path[len("/contents/") :])
            ref = parse_qs(request.query_string.decode()).get("ref", ["main"])[0]
            text = self.repo.branches.get(ref, {}).get(file_path)
            return _json({"message": "not found"}, 404) if text is None else _json({"sha": _sha("blob", text)})
        if method == "POST" and path == "/contents":
            name = body["new_branch"]
            if name in self.repo.branches:
                return _json({"message": f"branch already exists [name: {name}]"}, 422)
            files = {}
            base = self.repo.branches[body["branch"]]
            for file in body["files"]:
                current = base.get(file["path"])
                if file["operation"] == "update" and (current is None or file.get("sha") != _sha("blob", current)):
                    return _json({"message": "sha does not match"}, 422)
                files[file["path"]] = base64.b64decode(file["content"]).decode("utf-8")
            self.repo.create_branch(name, body["branch"], files, body["message"])
            return _json({"commit": {"sha": self.repo.heads[name]}}, 201)
        if method == "GET" and path == "/labels":
            return _json(self.labels)
        match = re.fullmatch(r"/pulls/([^/]+)/([^/]+)", path)
        if method == "GET" and match:
            base, head = unquote(match.group(1)), unquote(match.group(2))
            found = [p for p in self.pulls if p["head"]["ref"] == head and p["base"]["ref"] == base]
            return _json(found[0]) if found and not self.lagging else _json({"message": "not found"}, 404)
        if method == "POST" and path == "/pulls":
            if any(p["head"]["ref"] == body["head"] and p["state"] == "open" for p in self.pulls):
                return _json({"message": "pull request already exists for these targets"}, 409)
            number = len(self.pulls) + 1
            pull = {
                "number": number,
                "html_url": f"https://forgejo.example/commun/fiches/pulls/{number}",
                "head": {"ref": body["head"]},
                "base": {"ref": body["base"]},
                "title": body["title"],
                "labels": [label for label in self.labels if label["id"] in body.get("labels", [])],
                "state": "open",
                "merged": False,
            }
            self.pulls.append(pull)
            return _json(pull, 201)
        match = re.fullmatch(r"/pulls/(\d+)", path)
        if method == "GET" and match:
            return _json(self.pulls[int(match.group(1)) - 1])
        return _json({"message": "Not Found"}, 404)

    def proposals(self) -> list[str]:
        """The head branch of every pull request."""
        return [p["head"]["ref"] for p in self.pulls]
