"""A regional draw's pool, frozen from the local commons' published exports.

At `tirage preparer`, a regional commons reads each local commons it declares (`communs_locaux`)
now — no last good copy: a pool must not be drawn from an old one — and keeps, for the draw, the
exact bytes each one published: its manifest `commun.json` and its `acteurs.json`, under
`communs-figes/<draw id>/<key>/` beside `content/` (committed with the draw). The SHA-256 of
each manifest, and of the actors file it vouches for, go into the draw's commitments
(`engagements.communs_locaux`): anyone can check later that the frozen pool is what those
exports said, and that the copy kept is the one committed.

Only what a local commons publishes is kept: its exports hold only actors whose consent to
publication is recorded (`maillage.exports.public`), and nothing is added here.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from maillage.census.fields import ACTORS
from maillage.exports.manifest import MANIFEST_NAME
from maillage.federation import texts
from maillage.federation.fetch import (
    Copy,
    ReadError,
    Reading,
    checked_manifest,
    fetch,
    http_client,
    verify_files,
    wanted_files,
)
from maillage.federation.gather import Sourced, gather, locations, source_keys
from maillage.model import Commons
from maillage.model.dates import french_datetime
from maillage.model.settings import load_settings

FROZEN_FOLDER = "communs-figes"  # beside content/ and autorites/
READ_AT_FILE = "lecture.json"


class FrozenError(Exception):
    """A regional pool that cannot be frozen or read back; the message is French."""


def frozen_folder(root: Path, draw_id: str) -> Path:
    """Where a draw's copies of the local commons' exports are kept."""
    return root / FROZEN_FOLDER / draw_id


def is_regional(root: Path) -> bool:
    """Whether the commons in `root` (the folder of `mkdocs.yml`) gathers local commons."""
    return bool(load_settings(root).local_commons)


def freeze(root: Path, draw_id: str, client: Any = None) -> list[dict[str, Any]]:
    """Read every local commons now and keep its exports for the draw; what the commitments
    record of each (`FrozenError` naming the commons that cannot be read: no pool without it)."""
    settings = load_settings(root)
    declared = locations(settings, root)
    read = []
    try:
        with _reading_client([where for where, _ in declared], client) as reader:
            for where, _key in declared:
                try:
                    read.append(fetch(where, {ACTORS}, reader))
                except ReadError as error:
                    raise FrozenError(texts.FREEZE_UNREADABLE.format(location=where, problem=error)) from None
    except ReadError as error:  # no HTTP client to read with (httpx missing): said in French
        raise FrozenError(str(error)) from None
    copies = list(zip(source_keys(settings, list(read)), read, strict=True))
    folder = frozen_folder(root, draw_id)
    if folder.exists():  # a preparation that failed after reading: read again, keep the newest
        shutil.rmtree(folder)
    for key, copy in copies:
        _write(folder / key, copy)
    return [describe(key, copy) for key, copy in copies]


def describe(key: str, copy: Copy) -> dict[str, Any]:
    """What the commitments say of one local commons' frozen exports."""
    return {
        "cle": key,
        "nom": copy.name,
        "adresse": copy.location,
        "lu_le": copy.read_at.isoformat(),
        "manifeste": hashlib.sha256(copy.manifest_bytes).hexdigest(),
        "fichiers": {name: copy.digest(name) for name in sorted(copy.files)},
    }


def read_frozen(root: Path, draw_id: str) -> list[tuple[str, Copy]]:
    """The frozen copies of a draw, each verified against its own manifest (`FrozenError` if not)."""
    folder = frozen_folder(root, draw_id)
    result = []
    for place in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        try:
            raw = (place / MANIFEST_NAME).read_bytes()
            manifest = checked_manifest(json.loads(raw.decode("utf-8")))
            read = json.loads((place / READ_AT_FILE).read_text("utf-8"))
            files = {name: (place / name).read_bytes() for name in wanted_files(manifest, {ACTORS})}
            copy = Copy(read["adresse"], manifest, files, datetime.fromisoformat(read["lu_le"]), raw)
        except (OSError, ValueError, KeyError, TypeError, ReadError) as error:
            raise FrozenError(texts.FROZEN_UNREADABLE.format(folder=place, problem=error)) from None
        for name, data in files.items():
            try:
                verify_files(manifest, {name: data})
            except ReadError:
                raise FrozenError(texts.FROZEN_INCONSISTENT.format(name=copy.name, file=name, folder=place)) from None
        result.append((place.name, copy))
    return result


def frozen_commons(commons: Commons, root: Path, draw_id: str) -> Commons:
    """The commons with the actors of its draw's frozen copies beside its own (as a regional
    build gathers them: the same ids `<key>-<id>`, an actor of two commons shown once)."""
    copies = read_frozen(root, draw_id)
    if not copies:
        return commons
    readings: list[Sourced] = [
        (copy.location, key, Reading(copy.location, copy, fresh=True), frozen_folder(root, draw_id) / key)
        for key, copy in copies
    ]
    return gather(commons, root, load_settings(root), readings=readings).commons


def check_frozen(root: Path, draw_id: str, committed: list[dict[str, Any]]) -> list[str]:
    """The frozen copies against the commitments: one French problem per difference."""
    problems = []
    folder = frozen_folder(root, draw_id)
    for item in committed:
        place = folder / item["cle"]
        try:
            manifest_digest = hashlib.sha256((place / MANIFEST_NAME).read_bytes()).hexdigest()
        except OSError:
            problems.append(texts.FROZEN_MISSING.format(name=item["nom"], folder=place))
            continue
        if manifest_digest != item["manifeste"]:
            problems.append(texts.FROZEN_CHANGED.format(name=item["nom"], file=MANIFEST_NAME, folder=place))
        for name, digest in item["fichiers"].items():
            try:
                found = hashlib.sha256((place / name).read_bytes()).hexdigest()
            except OSError:
                found = None
            if found != digest:
                problems.append(texts.FROZEN_CHANGED.format(name=item["nom"], file=name, folder=place))
    return problems


def changed_since(committed: list[dict[str, Any]], client: Any = None) -> list[str]:
    """Which local commons publish other exports today than the ones frozen (information only)."""
    notes = []
    try:
        with _reading_client([str(item["adresse"]) for item in committed], client) as reader:
            for item in committed:
                try:
                    now = fetch(item["adresse"], set(), reader)
                except ReadError as error:
                    notes.append(texts.NOW_UNREADABLE.format(name=item["nom"], problem=error))
                    continue
                if hashlib.sha256(now.manifest_bytes).hexdigest() != item["manifeste"]:
                    notes.append(texts.CHANGED_SINCE.format(name=item["nom"], date=french_datetime(
                        datetime.fromisoformat(item["lu_le"]))))
    except ReadError as error:  # no HTTP client to read with (httpx missing)
        return [texts.NOW_UNREADABLE.format(name=item["nom"], problem=error) for item in committed]
    return notes


@contextmanager
def _reading_client(addresses: list[str], client: Any) -> Iterator[Any]:
    """The HTTP client to read `addresses` with: the caller's; none when they are all paths; or one
    of our own, closed after use (`ReadError` when httpx is missing)."""
    if client is not None or not any(address.startswith(("http://", "https://")) for address in addresses):
        yield client
        return
    own = http_client()
    try:
        yield own
    finally:
        own.close()


def _write(place: Path, copy: Copy) -> None:
    place.mkdir(parents=True)
    (place / MANIFEST_NAME).write_bytes(copy.manifest_bytes)
    for name, data in copy.files.items():
        (place / name).write_bytes(data)
    (place / READ_AT_FILE).write_text(
        json.dumps({"adresse": copy.location, "lu_le": copy.read_at.isoformat()}, ensure_ascii=False) + "\n", "utf-8")
