"""Installs that fit the job: the base install is the model and the command line; each concern is an
extra of pyproject.toml, and a command whose extra is missing says which one to install."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from maillage.cli import EXTRAS

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
# The extra that carries the libraries of each package (ARCHITECTURE.md says which package may import which).
EXTRA_OF_PACKAGE = {"site": "site", "bridge": "formulaire", "census": "recensement", "draw": "tirage",
                    "meet": "rencontres", "federation": "regional"}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=;!~]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _extra(name: str) -> set[str]:
    """The distributions an extra installs, following `maillage[other]` references."""
    found = set()
    for requirement in PROJECT["optional-dependencies"][name]:
        if requirement.startswith("maillage["):
            for other in requirement[len("maillage[") : requirement.index("]")].split(","):
                found |= _extra(other)
        else:
            found.add(_name(requirement))
    return found


def _library_owners() -> dict[str, set[str]]:
    rules = ARCHITECTURE[ARCHITECTURE.index("### Rules") :]
    block = re.findall(r"```text\n(.*?)```", rules, re.S)[1]
    owners = {}
    for line in block.splitlines():
        words = line.split()
        packages = {w for w in words if w in EXTRA_OF_PACKAGE}
        owners |= {library: packages for library in words if library not in EXTRA_OF_PACKAGE}
    return owners


def test_every_command_group_names_an_extra_that_exists():
    assert set(EXTRAS.values()) <= set(PROJECT["optional-dependencies"])


def test_the_base_install_has_no_heavy_library():
    distributions = importlib.metadata.packages_distributions()
    heavy = {_name(d) for library in _library_owners() for d in distributions.get(library, [library])}
    base = {_name(r) for r in PROJECT["dependencies"]}
    assert heavy, "the library rules of ARCHITECTURE.md were not read"
    assert not base & heavy


@pytest.mark.parametrize(("library", "packages"), sorted(_library_owners().items()))
def test_each_heavy_library_comes_with_the_extra_of_the_packages_using_it(library, packages):
    distributions = importlib.metadata.packages_distributions()
    names = {_name(d) for d in distributions.get(library, [library])}
    for package in packages:
        extra = EXTRA_OF_PACKAGE[package]
        provided = _extra(extra) | (_extra("spark") if extra == "recensement" else set())
        assert names & provided, f"{library} ({package}) is not in the extra « {extra} »"


def test_tests_install_every_extra():
    everything = set().union(*(_extra(n) for n in PROJECT["optional-dependencies"] if n not in ("test", "geographie")))
    assert everything <= _extra("test")


DEMO_DRAW = str(sorted((ROOT / "content" / "tirages").glob("*.md"))[0])


@pytest.mark.parametrize(
    ("library", "command", "extra"),
    [
        ("scipy", ["tirage", "verifier", DEMO_DRAW], "tirage"),
        ("starlette", ["formulaire", "--config", str(ROOT / "deploy" / "bridge.toml")], "formulaire"),
        ("splink", ["recensement", "relier", "--dossier", "recensement-absent"], "recensement"),
    ],
)
def test_a_missing_extra_is_named_in_french(tmp_path, library, command, extra):
    # A library that is not installed: Python refuses the import exactly as it would then.
    script = f"import sys\nsys.modules[{library!r}] = None\nfrom maillage.cli import main\nmain({command!r})\n"
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert f"a besoin de « {library} », qui n'est pas installé : installez l'extra « {extra} »" in completed.stderr
