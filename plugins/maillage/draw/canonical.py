"""Canonical JSON and SHA-256 fingerprints: the bytes every commitment is computed from.

Canonical JSON here means: keys sorted, no insignificant whitespace, UTF-8, no floats
(every number the draw hashes is an integer or a decimal written as text), so any
language reproduces the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

from maillage import __version__


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes of a value made of dicts, lists, strings, integers, booleans, None."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of a value."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def software_fingerprint() -> str:
    """SHA-256 over the maillage version and every source file of the draw package.

    Files are taken in name order, each as its name, a zero byte, the SHA-256 of its content,
    so that a change to any line of the draw code changes the fingerprint.
    """
    digest = hashlib.sha256(f"maillage {__version__}\x00".encode())
    package = resources.files("maillage.draw")
    files = sorted(
        (item for item in _walk(package) if item.name.endswith((".py", ".html"))),
        key=lambda item: _relative(item, package),
    )
    for item in files:
        digest.update(_relative(item, package).encode() + b"\x00")
        digest.update(hashlib.sha256(item.read_bytes()).digest())
    return digest.hexdigest()


def _walk(folder: Any) -> list[Any]:
    found = []
    for item in folder.iterdir():
        if item.is_dir():
            if item.name != "__pycache__":
                found.extend(_walk(item))
        else:
            found.append(item)
    return found


def _relative(item: Any, root: Any) -> str:
    return str(item).removeprefix(str(root)).lstrip("/\\").replace("\\", "/")


def _refuse_floats(value: Any) -> None:
    # Floats print differently across languages; a commitment must not depend on that.
    if isinstance(value, float):
        raise TypeError(f"float in canonical JSON: {value!r}")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
