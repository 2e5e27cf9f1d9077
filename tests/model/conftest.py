"""Helpers to build small commons on disk for model tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from maillage.model import Commons, load_commons

VALID_ACTOR = """\
---
schema_version: 1
nom: Compagnie des Sapins
forme: organisation
nature: association
commune: "88196"
echelle: commune
---
Une compagnie de théâtre de Gérardmer.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content directory."""
    root = tmp_path / "content"
    root.mkdir()
    return root


@pytest.fixture
def write(content: Path) -> Callable[..., Path]:
    """Write an entry file (text or bytes) under `content/<folder>/<name>`."""

    def _write(folder: str, name: str, text: str | bytes) -> Path:
        path = content / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    return _write


@pytest.fixture
def check(content: Path) -> Callable[[], Commons]:
    """Load the content directory with paths shown relative to its parent."""
    return lambda: load_commons(content, display_base=content.parent)


def actor_text(**fields: str) -> str:
    """A valid actor entry with some front-matter lines replaced or added (values are raw YAML)."""
    lines = VALID_ACTOR.split("---\n")[1].splitlines()
    keys = [line.split(":")[0] for line in lines]
    for key, value in fields.items():
        if key in keys:
            lines[keys.index(key)] = f"{key}: {value}"
        else:
            lines.append(f"{key}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\nCorps.\n"


@pytest.fixture
def actor() -> Callable[..., str]:
    """`actor(commune='"88160"')`: a valid actor entry with some fields replaced (raw YAML values)."""
    return actor_text


@pytest.fixture
def valid_actor() -> str:
    """The text of a valid actor entry."""
    return VALID_ACTOR
