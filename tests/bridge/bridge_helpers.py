"""Helpers shared by the bridge tests: a demo repository, a configuration, form submission."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import git
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content"
SAMPLE = {
    "acteurs": ["chorale-a-travers-chants", "compagnie-du-fil-tendu", "julien-perrin", "lea-marchal"],
}
SECRET = "secret-de-test-pour-les-formulaires"
TOKEN = "jeton-tres-secret-de-la-forge-123456"
_STAMP = re.compile(r'name="_tampon" value="([^"]+)"')


def make_repository(path: Path, full: bool = False) -> git.Repo:
    """A git repository on branch main with a few demo entries committed (all of them if `full`)."""
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    if full:
        shutil.copytree(DEMO, path / "content")
    for folder, ids in ({} if full else SAMPLE).items():
        (path / "content" / folder).mkdir(parents=True)
        for entry_id in ids:
            shutil.copy(DEMO / folder / f"{entry_id}.md", path / "content" / folder / f"{entry_id}.md")
    repo.git.add("content")
    repo.index.commit("Commun de départ")
    return repo


def write_config(directory: Path, repository: Path, **overrides: str) -> Path:
    """A TOML configuration using the local forge on `repository`, limits relaxed for tests."""
    limits = {
        "delai_min_secondes": "0",
        "par_ip_par_heure": "100000",
        "global_par_minute": "100000",
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
    return client.post(url, data=data, headers={"origin": "http://testserver"}, **kwargs)


ACTOR = {
    "nom": "Théâtre de l'Œuf",
    "forme": "organisation",
    "nature": "association",
    "commune": "88160",
    "echelle": "commune",
    "disciplines": ["theatre", "danse"],
    "texte": "Une compagnie qui **joue** partout.",
}
