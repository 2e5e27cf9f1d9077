"""Contributed text is untrusted: XSS payloads stay inert text, file names never escape `content/`.

Every line of the XSS corpora (tests/fixtures/xss, see its SOURCES.md) is submitted in every free
text field of every entry type and in the body; what reaches the proposal's file must be valid
YAML that parses back to exactly the submitted text, and the pages must show it escaped. (The
built site's side is checked by the site tests.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bridge_helpers import ACTOR, submit

from maillage.bridge.queue import NewSubmission
from maillage.bridge.worker import repository_path
from maillage.forms import form_fields, values_from_data
from maillage.forms.communes import answers_from_codes
from maillage.model import default_schemas, is_slug, load_commons, parse_document

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = sorted(
    {
        line.strip()
        for path in sorted((ROOT / "tests" / "fixtures" / "xss").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }
)
FREE_KINDS = ("text", "textarea", "lines")


def free_text_fields(entry_type, schemas, present):
    """(name, field) of every field that accepts any text (no format, pattern or choice); in a
    repeat group, the first row's fields when the demo entry has that row (`present` names)."""
    constrained = {
        ".".join(map(str, path))
        for path, schema in schemas.fields(entry_type)
        if "format" in schema or "pattern" in schema or "enum" in schema or "x-reference" in schema
    }

    def walk(fields, prefix):
        for field in fields:
            name = prefix + field.path[-1]
            pattern = re.sub(r"\.0\.", ".*.", name)
            if field.kind == "group":
                yield from walk(field.children, name + ".")
            elif field.kind == "repeat":
                yield from walk(field.children, name + ".0.")
            elif (
                field.kind in FREE_KINDS
                and pattern not in constrained
                and field.path[0] != "consentement"  # kept for people only; the server fills it
                and (".0." not in name or name in present)
            ):
                yield name, field

    return list(walk(form_fields(entry_type, schemas), ""))


def demo_values(commons, entry_type):
    """Valid form values for a type, from its richest publishable demo entry (most fields filled)."""
    # A type whose every entry is a person's (a testimony) takes them, with the consent box ticked.
    everyone = entry_type.person is not None and entry_type.person.field is None
    candidates = [e for e in commons.of_type(entry_type.folder) if e.publishable and (everyone or not e.is_person)]
    values = max((values_from_data(entry_type, e.data, commons.schemas) for e in candidates), key=len)
    answers_from_codes(entry_type, values, commons.schemas)  # communes as the edit form shows them
    consent = {f"{entry_type.person.consent}.publication": ["on"]} if everyone else {}
    return {k: v for k, v in values.items() if not k.startswith("consentement.")} | consent


def value_at(data, dotted):
    for part in dotted.split("."):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


@pytest.mark.parametrize("entry_type", default_schemas().types, ids=lambda t: t.folder)
def test_xss_payloads_stay_inert_text_in_the_proposed_file(demo_client, entry_type):
    client = demo_client
    commons = load_commons(client.bridge.config.service.contenu)
    base = demo_values(commons, entry_type)
    fields = free_text_fields(entry_type, commons.schemas, set(base))
    assert fields, entry_type.folder
    accepted = 0
    for payload in PAYLOADS:
        values = dict(base)
        used = [(n, f) for n, f in fields if f.max_length is None or len(payload) <= f.max_length]
        for name, _ in used:
            values[name] = [payload]
        values["texte"] = [f"Intro\n\n{payload}\n"]
        response = submit(client, f"/proposer/{entry_type.folder}", values, follow_redirects=False)
        assert response.status_code == 303, (payload, response.text[-3000:])
        accepted += 1
        submission = client.bridge.queue.list()[-1]
        document = parse_document(submission.file_text.encode("utf-8"), "proposition.md")
        for name, field in used:
            expected = [payload] if field.kind == "lines" else payload
            assert value_at(document.data, name) == expected, (name, payload)
        # A testimony takes no body (its form has none): one posted anyway is not taken.
        assert document.body.strip() == (f"Intro\n\n{payload}" if entry_type.testimony is None else "")
    assert accepted == len(PAYLOADS)


def test_xss_payloads_are_escaped_in_every_page(client):
    for payload in PAYLOADS:
        fields = {**ACTOR, "nom": payload[:200], "resume": payload[:300], "texte": payload}
        preview = submit(client, "/proposer/acteurs", fields, action="apercu")
        html = preview.text
        if any(c in payload for c in "<>\"'&"):
            assert payload[:200] not in html and payload not in html, payload
        tracking = submit(client, "/proposer/acteurs", fields)
        if tracking.status_code == 200:
            assert "<script" not in tracking.text.lower().replace('<script src="/statique/bridge.js" defer>', "")


TRAVERSALS = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "C:\\Windows\\system.ini",
    "\u2215etc\u2215passwd",  # division slash
    "\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc",  # fullwidth dots and solidus
    "\u2024\u2024/\u2024\u2024/etc",  # one-dot leaders
    "....//....//etc",
    "content/../../x",
    "\u202e../evil",  # right-to-left override
]


@pytest.mark.parametrize("title", TRAVERSALS)
def test_titles_that_look_like_paths_only_ever_write_a_slug_under_content(client, repository, title):
    response = submit(client, "/proposer/acteurs", {**ACTOR, "nom": title}, follow_redirects=False)
    assert response.status_code in (303, 422), response.text
    if response.status_code == 422:
        return
    [submission] = client.bridge.queue.list()
    assert is_slug(submission.entry_id)
    assert client.bridge.worker.run_once() == 1
    changed = repository.git.diff("--name-only", f"main...{submission.branch}").splitlines()
    assert changed == [f"content/acteurs/{submission.entry_id}.md"]
    assert repository.git.status("--porcelain") == ""


@pytest.mark.parametrize(
    "url",
    [
        "/modifier/acteurs/..%2F..%2Fetc%2Fpasswd",
        "/modifier/acteurs/%2e%2e",
        "/modifier/..%2Facteurs/chorale-a-travers-chants",
        "/proposer/..%2F..%2Ftmp",
        "/proposer/acteurs%5C..%5C..",
        "/modifier/acteurs/chorale-a-travers-chants%2F..%2F..%2Fx",
        "/statique/..%2F..%2Fconfig.py",
        "/statique/../app.py",
    ],
)
def test_paths_in_urls_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.text


@pytest.mark.parametrize("entry_id", ["../x", "..", "a/b", "a\\b", "/abs", "x\u2215y", "Majuscule", ""])
def test_repository_paths_refuse_anything_but_a_slug(entry_id):
    with pytest.raises(ValueError):
        repository_path("content", "acteurs", entry_id)
    with pytest.raises(ValueError):
        repository_path("content", "../acteurs", "ok")


def test_a_tampered_queue_row_never_writes_outside_content(client, repository):
    queue = client.bridge.queue
    queue.add(NewSubmission("cle", "acteurs", "creation", "x", "---\n---\n"), lambda reserved: "../../evil")
    assert client.bridge.worker.run_once() == 0
    [submission] = queue.list()
    assert submission.state == "en_attente" and submission.last_error
    assert [b.name for b in repository.branches] == ["main"]
