"""Helpers shared by the bridge tests: a commons repository, a configuration, form submission."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import git
import httpx
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content"
# The tests' own small commons (four actors, two of them persons, one without consent): what the
# tests assert about names and ids is written here, never read from the demo.
SAMPLE = ROOT / "tests" / "fixtures" / "petit-commun"
SECRET = "secret-de-test-pour-les-formulaires"
TOKEN = "jeton-tres-secret-de-la-forge-123456"
_STAMP = re.compile(r'name="_tampon" value="([^"]+)"')
_BASE = re.compile(r'name="_base" value="([^"]+)"')


def make_repository(path: Path, full: bool = False) -> git.Repo:
    """A git repository on branch main holding the tests' small commons (or, if `full`, a copy of the
    demo: a rich commons with an entry of every type, whose exact contents no test relies on)."""
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    shutil.copytree(DEMO if full else SAMPLE, path / "content")
    repo.git.add("content")
    repo.index.commit("Commun de départ")
    return repo


def write_config(directory: Path, repository: Path, **overrides: str) -> Path:
    """A TOML configuration using the local forge on `repository`, limits relaxed for tests."""
    limits = {
        "delai_min_secondes": "0",
        "par_ip_par_heure": "100000",
        "global_par_minute": "100000",
        "propositions_ouvertes_par_adresse": "100000",
        "propositions_ouvertes_max": "100000",
    }
    forge = {"type": '"local"', "depot": f'"{repository}"'}
    service = {
        "contenu": f'"{repository / "content"}"',
        "file_attente": f'"{directory / "file.sqlite3"}"',
        "url_publique": '"http://testserver"',
    }
    for key, value in overrides.items():
        section, _, name = key.partition("__")
        {"limites": limits, "forge": forge, "service": service}[section][name] = value
    text = f"""
[service]
{chr(10).join(f"{k} = {v}" for k, v in service.items())}

[forge]
{chr(10).join(f"{k} = {v}" for k, v in forge.items())}

[limites]
{chr(10).join(f"{k} = {v}" for k, v in limits.items())}
"""
    path = directory / "bridge.toml"
    path.write_text(text, "utf-8")
    return path


def stamp_of(html: str) -> str:
    """The signed stamp of a rendered form."""
    found = _STAMP.search(html)
    assert found, "no stamp in the form"
    return found.group(1)


def submit(client: TestClient, url: str, fields: dict[str, str | list[str]], action: str = "envoyer", **kwargs):
    """Open the form, then post `fields` with its stamp (as a browser would)."""
    page = client.get(url)
    data = {**fields, "_tampon": stamp_of(page.text), "_action": action}
    base = _BASE.search(page.text)
    if base and "_base" not in fields:
        data["_base"] = base.group(1)
    headers = {"origin": "http://testserver", **kwargs.pop("headers", {})}
    return client.post(url, data=data, headers=headers, **kwargs)


ACTOR = {
    "nom": "Théâtre de l'Œuf",
    "forme": "organisation",
    "nature": "association",
    "commune": "Épinal",
    "echelle": "commune",
    "disciplines": ["theatre", "danse"],
    "texte": "Une compagnie qui **joue** partout.",
}


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """`maillage formulaire` in a subprocess, killable with SIGKILL (the kill tests and the benchmark)."""

    def __init__(self, config: Path, port: int, log: Path, secrets: dict[str, str]):
        self.command = [sys.executable, "-m", "maillage.cli", "formulaire", "--config", str(config)]
        self.command += ["--port", str(port)]
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.secrets = secrets  # MAILLAGE_BRIDGE_SECRET, MAILLAGE_FORGE_TOKEN: never in the configuration
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start the service and wait until it answers; the seconds that took."""
        started = time.monotonic()
        with self.log.open("a") as log:
            self.process = subprocess.Popen(self.command, env={**os.environ, **self.secrets}, stdout=log, stderr=log)
        while time.monotonic() - started < 60:
            try:
                if httpx.get(self.url + "/sante", timeout=1).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the service did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """A normal stop, if still running."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class _FormReader(HTMLParser):
    """What a browser would send for a page's form as it stands (inputs, checked boxes, selected
    options, text areas), buttons left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.values.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_values(html: str) -> dict[str, list[str]]:
    """The fields of a rendered form with their current values, as a browser would post them."""
    reader = _FormReader()
    reader.feed(html)
    found: dict[str, list[str]] = {}
    for name, value in reader.values:
        found.setdefault(name, []).append(value)
    return found


def post_form(client: TestClient, url: str, html: str, changes: dict[str, str | list[str]], action: str = "envoyer",
              **kwargs):
    """Post the form of `html` as it stands, with `changes`, as a browser would."""
    data = {**form_values(html), **{k: v if isinstance(v, list) else [v] for k, v in changes.items()},
            "_action": [action]}
    headers = {"origin": "http://testserver", **kwargs.pop("headers", {})}
    return client.post(url, data=data, headers=headers, **kwargs)
