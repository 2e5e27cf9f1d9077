"""The GitHub, GitLab and Forgejo adapters against fake servers that follow each documented API.

Faults are injected at every step: 5xx, 429 with Retry-After, timeouts, lost answers (done on
the server, 502 for the client) and lookups that miss an existing object (so the forge answers
"already exists"). Whatever happens, retries end with exactly one branch and one proposal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from bridge_helpers import TOKEN
from fake_forges import FakeForgejo, FakeGitHub, FakeGitLab, Fault
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from maillage.bridge.config import load_config
from maillage.bridge.forges import Change, ForgeRefused, ForgeUnavailable, make_forge
from maillage.bridge.queue import ACCEPTED, PROPOSED, NewSubmission, Queue
from maillage.bridge.worker import Worker

TEXT = '---\nschema_version: 1\nnom: "Théâtre"\n---\n\nUn texte « accentué ».\n'
KINDS = ("github", "gitlab", "forgejo")
# The creating call of each step, per forge: where faults hurt most.
STEPS = {
    "github": [("POST", r"/git/blobs$"), ("POST", r"/git/trees$"), ("POST", r"/git/commits$"),
               ("POST", r"/git/refs$"), ("POST", r"/pulls$"), ("POST", r"/labels$")],
    "gitlab": [("POST", r"/repository/commits$"), ("POST", r"/merge_requests$")],
    "forgejo": [("GET", r"/labels$"), ("POST", r"/contents$"), ("POST", r"/pulls$")],  # labels: fetched once
}
BRANCH_LOOKUP = {"github": r"/git/ref/heads/contribution", "gitlab": r"/branches/contribution",
                 "forgejo": r"/branches/contribution"}
PROPOSAL_LOOKUP = {"github": r"/pulls$", "gitlab": r"/merge_requests$", "forgejo": r"/pulls/main/"}


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    """A threaded local HTTP server (a slow answer must not block the next request), shared by the
    module's tests (stopping one takes half a second); each test installs its own fake."""
    httpserver = HTTPServer(threaded=True)
    httpserver.start()
    yield httpserver
    httpserver.stop()


def setup(kind: str, server: HTTPServer, tmp_path, timeout: float = 2.0):
    """A fake forge of `kind` served locally, and the adapter configured for it."""
    fake = {"github": FakeGitHub, "gitlab": FakeGitLab, "forgejo": FakeForgejo}[kind](TOKEN, slow_seconds=timeout + 0.5)
    server.clear()
    server.expect_request(re.compile(".*")).respond_with_handler(fake)
    api = server.url_for("").rstrip("/") + {"github": "", "gitlab": "/api/v4", "forgejo": "/api/v1"}[kind]
    path = tmp_path / "bridge.toml"
    path.write_text(
        f'[forge]\ntype = "{kind}"\ndepot = "commun/fiches"\napi = "{api}"\ndelai_reseau = {timeout}\n'
        '[service]\nfile_attente = "file.sqlite3"\n',
        "utf-8",
    )
    config = load_config(path, {"MAILLAGE_FORGE_TOKEN": TOKEN, "MAILLAGE_BRIDGE_SECRET": "s" * 16})
    return fake, make_forge(config.forge), config


def change(branch: str = "contribution/ab12-theatre", is_edit: bool = False, path: str = "content/acteurs/theatre.md"):
    return Change(branch, path, TEXT, is_edit, "Nouvelle fiche acteur : Théâtre", "Relisez.", "Formulaire : ajout")


def propose_until_done(forge, proposal_change: Change, attempts: int = 10):
    """Retry like the worker does, without waiting; return the proposal and the failures seen."""
    failures = []
    for _ in range(attempts):
        try:
            return forge.propose(proposal_change), failures
        except ForgeUnavailable as exc:
            failures.append(exc)
    raise AssertionError(f"not proposed after {attempts} attempts: {failures}")


def assert_one_proposal(fake, branch: str, text: str = TEXT, path: str = "content/acteurs/theatre.md") -> None:
    assert fake.branches().count(branch) == 1
    assert fake.proposals() == [branch]
    assert fake.file_at(branch, path) == text


@pytest.mark.parametrize("kind", KINDS)
def test_proposal_is_made_once_and_repeating_it_changes_nothing(kind, server, tmp_path):
    fake, forge, _ = setup(kind, server, tmp_path)
    first = forge.propose(change())
    assert first.url.startswith("https://") and first.number == "1"
    assert_one_proposal(fake, "contribution/ab12-theatre")
    creations = len([c for c in fake.log if c[0] == "POST" and not c[1].endswith("/labels")])
    again = forge.propose(change())
    assert again == first
    assert len([c for c in fake.log if c[0] == "POST" and not c[1].endswith("/labels")]) == creations
    assert fake.proposals() == ["contribution/ab12-theatre"]


@pytest.mark.parametrize("kind", KINDS)
def test_labels_are_set(kind, server, tmp_path):
    fake, forge, _ = setup(kind, server, tmp_path)
    forge.propose(change())
    labels = {"github": lambda: fake.pulls[0]["labels"], "gitlab": lambda: fake.requests[0]["labels"],
              "forgejo": lambda: [label["name"] for label in fake.pulls[0]["labels"]]}[kind]()
    assert list(labels) == ["contribution"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_replaces_the_existing_file(kind, server, tmp_path):
    fake, forge, _ = setup(kind, server, tmp_path)
    edit = change(is_edit=True, path="content/acteurs/existant.md")
    forge.propose(edit)
    assert fake.file_at("contribution/ab12-theatre", "content/acteurs/existant.md") == TEXT
    assert fake.file_at("main", "content/acteurs/existant.md") != TEXT


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fault", ["503", "429", "403", "timeout", "lost"])
def test_every_step_survives_every_transient_fault(kind, fault, server, tmp_path):
    # A short network delay only where the fault is a slow answer (the test then waits it out);
    # for the other faults, a delay no busy machine reaches, so only the injected fault counts.
    fake, forge, _ = setup(kind, server, tmp_path, timeout=1.0 if fault == "timeout" else 5.0)
    for number, (method, pattern) in enumerate(STEPS[kind]):
        fake.faults = [Fault(method, pattern, fault)]
        branch = f"contribution/{number:04d}-essai"
        proposal, failures = propose_until_done(forge, change(branch))
        assert len(failures) == 1, (method, pattern)
        if fault == "429":
            assert failures[0].retry_after == 1.0
        if fault == "403":
            assert failures[0].retry_after is not None and failures[0].retry_after <= 2
        assert fake.branches().count(branch) == 1
        assert fake.proposals().count(branch) == 1
        assert proposal.url
    assert len(fake.proposals()) == len(STEPS[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_already_exists_answers_are_reconciled(kind, server, tmp_path):
    fake, forge, _ = setup(kind, server, tmp_path)
    branch = "contribution/cd34-deja"
    creation = {"github": r"/git/refs$", "gitlab": r"/repository/commits$", "forgejo": r"/contents$"}[kind]
    proposal_post = {"github": r"/pulls$", "gitlab": r"/merge_requests$", "forgejo": r"/pulls$"}[kind]
    # 1. The branch is created but the answer is lost.
    fake.faults = [Fault("POST", creation, "lost")]
    with pytest.raises(ForgeUnavailable):
        forge.propose(change(branch))
    # 2. The lookup misses the branch, so creating it meets "already exists"; the pull request
    #    is then created but that answer is lost too.
    fake.faults = [Fault("GET", BRANCH_LOOKUP[kind], "lag"), Fault("POST", proposal_post, "lost")]
    with pytest.raises(ForgeUnavailable):
        forge.propose(change(branch))
    # 3. The lookup misses the pull request, so creating it meets "already exists".
    fake.faults = [Fault("GET", PROPOSAL_LOOKUP[kind], "lag")]
    proposal = forge.propose(change(branch))
    assert_one_proposal(fake, branch)
    statuses = [status for _, _, status in fake.log]
    branch_conflict = {"github": 422, "gitlab": 400, "forgejo": 422}[kind]
    proposal_conflict = {"github": 422, "gitlab": 409, "forgejo": 409}[kind]
    assert branch_conflict in statuses and proposal_conflict in statuses
    assert len([s for s in statuses if s in (branch_conflict, proposal_conflict)]) == 2, fake.log
    assert proposal.number == "1"


@pytest.mark.parametrize("kind", KINDS)
def test_bad_token_is_refused_without_leaking_it(kind, server, tmp_path):
    fake, _, config = setup(kind, server, tmp_path)
    forge = make_forge(replace(config.forge, token="mauvais-jeton-secret"))
    with pytest.raises(ForgeRefused) as refused:
        forge.propose(change())
    assert "mauvais-jeton-secret" not in str(refused.value) and TOKEN not in str(refused.value)
    assert fake.branches() == ["main"]


@pytest.mark.parametrize("kind", KINDS)
def test_worker_delivers_every_submission_once_through_random_faults(kind, server, tmp_path):
    fake, forge, config = setup(kind, server, tmp_path)
    fake.random_failure_rate = 0.15
    queue = Queue(tmp_path / "file.sqlite3")
    for number in range(12):
        new = NewSubmission(f"cle-{number}", "acteurs", "creation", f"Acteur {number}", TEXT)
        queue.add(new, lambda reserved, n=number: f"acteur-{n}")
    worker = Worker(queue, forge, config)
    for _ in range(300):
        worker.run_once(now=10**12)  # every retry is due: no waiting in tests
        if not queue.due(10**12):
            break
    assert len(queue.list(PROPOSED)) == 12, [(s.state, s.last_error, s.attempts) for s in queue.list()]
    assert sorted(fake.proposals()) == sorted(s.branch for s in queue.list())
    assert any(status in (429, 502, 503) for _, _, status in fake.log)


@pytest.mark.parametrize("kind", KINDS)
def test_decisions_follow_the_forge(kind, server, tmp_path):
    fake, forge, config = setup(kind, server, tmp_path)
    queue = Queue(tmp_path / "file.sqlite3")
    queue.add(NewSubmission("cle", "acteurs", "creation", "Théâtre", TEXT), lambda reserved: "theatre")
    worker = Worker(queue, forge, config)
    worker.run_once()
    worker.sync_decisions()
    assert queue.list()[0].state == PROPOSED
    if kind == "gitlab":
        fake.requests[0]["state"] = "merged"
    else:
        fake.pulls[0].update(state="closed", merged=True)
    worker.sync_decisions()
    assert queue.list()[0].state == ACCEPTED


def test_retry_after_in_http_date_form():
    import email.utils

    import httpx

    from maillage.bridge.forges.http import retry_after

    when = email.utils.formatdate(1_000_030, usegmt=True)
    response = httpx.Response(429, headers={"Retry-After": when})
    assert retry_after(response, now=1_000_000) == 30
    reset = httpx.Response(403, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000045"})
    assert retry_after(reset, now=1_000_000) == 45


def test_github_app_installation_token_is_fetched_and_used(server, tmp_path):
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "app.pem").write_bytes(pem)
    issued = []

    class FakeGitHubApp(FakeGitHub):
        """Adds `POST /app/installations/{id}/access_tokens`, checking the App's RS256 JWT."""

        def dispatch(self, request, path):
            if path == "/app/installations/42/access_tokens" and request.method == "POST":
                assertion = request.headers["Authorization"].removeprefix("Bearer ")
                claims = jwt.decode(assertion, key.public_key(), algorithms=["RS256"])
                assert claims["iss"] == "1234" and claims["exp"] - claims["iat"] <= 600
                issued.append(claims)
                return Response(json.dumps({"token": self.token, "expires_at": "2099-01-01T00:00:00Z"}),
                                status=201, content_type="application/json")
            return super().dispatch(request, path)

        def authorised(self, request):
            return request.path.startswith("/app/") or super().authorised(request)

    fake = FakeGitHubApp("ghs_jeton_d_installation")
    server.clear()
    server.expect_request(re.compile(".*")).respond_with_handler(fake)
    path = tmp_path / "bridge.toml"
    path.write_text(
        f'[forge]\ntype = "github"\ndepot = "commun/fiches"\napi = "{server.url_for("").rstrip("/")}"\n'
        'github_app_id = "1234"\ngithub_installation_id = "42"\ngithub_cle_fichier = "app.pem"\n',
        "utf-8",
    )
    forge = make_forge(load_config(path, {}).forge)
    forge.propose(change("contribution/app1-essai"))
    forge.propose(change("contribution/app2-essai"))
    assert fake.proposals() == ["contribution/app1-essai", "contribution/app2-essai"]
    assert len(issued) == 1  # cached until shortly before it expires
