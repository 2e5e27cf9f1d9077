"""Gather the local commons a regional commons declares, beside its own entries.

`gather` reads every local commons (`fetch`), rebuilds their entries (`rebuild`), shows each
actor once (`duplicates`) and returns the regional commons as one `Commons` — its own entries
and the gathered ones, references and backlinks computed over all — with what it read from
whom and every French warning. Nothing here stops a build: a commons that cannot be read
is named, and shown from its last good copy when there is one.
"""

from __future__ import annotations

import copy as copy_module
import dataclasses
import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from maillage.census.fields import ACTORS
from maillage.federation import texts
from maillage.federation.duplicates import DUPLICATES_FILE, Group, Merged, merge_actors, merge_identical
from maillage.federation.fetch import Copy, Reading, cache_folder, read_all
from maillage.federation.rebuild import Rebuilt, rebuild, rename_references
from maillage.model import Commons, Entry, with_entries
from maillage.model.commons import names_gathered
from maillage.model.dates import french_datetime
from maillage.model.schemas import values_at
from maillage.model.settings import Settings
from maillage.model.slug import unique_slug


@dataclass
class LocalSource:
    """One local commons as this build read it."""

    location: str
    key: str
    name: str | None = None
    site: str | None = None
    territory: str | None = None
    version: int | None = None
    fresh: bool = False
    read_at: datetime | None = None
    problem: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # data file → SHA-256 of the copy shown

    @property
    def label(self) -> str:
        """How the commons is named: its site's name, else where it is read from."""
        return self.name or self.location

    @property
    def shown(self) -> bool:
        """Whether its entries are shown (fresh, or from the last good copy)."""
        return self.name is not None


@dataclass
class Federation:
    """The regional commons with the local ones gathered, and how each was read."""

    commons: Commons
    sources: list[LocalSource]
    groups: list[Group] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    updated: dict[str, datetime] = field(default_factory=dict)  # gathered entry id → last change there
    linked: bool = True  # False when the linkage was not installed: no actor was merged

    def source(self, key: str) -> LocalSource | None:
        """The local commons known by a key."""
        return next((s for s in self.sources if s.key == key), None)


def locations(settings: Settings, root: Path) -> list[tuple[str, str]]:
    """(where to read, key) of each local commons; paths are read from `root`."""
    found = []
    for local in settings.local_commons:
        where = local.location
        if urlsplit(where).scheme not in ("http", "https"):
            where = str((root / where).resolve())
        found.append((where, local.key))
    return found


def source_keys(settings: Settings, copies: list[Copy | None]) -> list[str]:
    """The key of each local commons (in `settings`' order, `copies` read from each): the one
    settings give, or, for an address that names no one (`http://127.0.0.1:8001/donnees/`), one
    made from what its manifest declares — its territory (« Moselle (57) » → `moselle`), else its
    name —, suffixed `-2`, `-3`… in declaration order when two commons would share it."""
    taken = {local.key for local in settings.local_commons if local.named}
    keys = []
    for local, copy in zip(settings.local_commons, copies, strict=True):
        if local.named:
            keys.append(local.key)
            continue
        label = (copy.manifest.get("territoire") or copy.name) if copy is not None else None
        wanted = re.sub(r"\s*\([^()]*\)\s*$", "", label) if isinstance(label, str) else local.key
        key = unique_slug(wanted, taken, fallback="commun")
        taken.add(key)
        keys.append(key)
    return keys


# (where it was read, key, the reading, the folder its files stand for in messages)
Sourced = tuple[str, str, Reading, Path]


@dataclass
class Memory:
    """What a preview (`mkdocs serve`) keeps from one gathering to the next, so that an edit costs
    what it costs in a local commons: the readings of the local commons (read again once they are
    `refresh` seconds old, or after `forget()`; a new `mkdocs.yml` starts a new memory), the
    entries rebuilt from each copy, and the actors' linkage while none of its inputs changed."""

    refresh: float = 300.0
    declared: list[tuple[str, str]] | None = None
    readings: list[Sourced] | None = None
    read_at: float = 0.0
    rebuilt: dict[tuple[str, int], tuple[Copy, Rebuilt]] = field(default_factory=dict)
    linkage: tuple[str, Merged] | None = None

    def recall(self, declared: list[tuple[str, str]]) -> list[Sourced] | None:
        """The readings kept, if they are of these local commons and recent enough."""
        if self.readings is None or declared != self.declared or time.monotonic() - self.read_at > self.refresh:
            return None
        return self.readings

    def keep(self, declared: list[tuple[str, str]], readings: list[Sourced]) -> None:
        """Remember new readings (what was rebuilt from the old ones is forgotten)."""
        self.declared, self.readings, self.read_at, self.rebuilt = declared, readings, time.monotonic(), {}

    def forget(self) -> None:
        """Read the local commons again at the next gathering."""
        self.readings, self.rebuilt, self.linkage = None, {}, None

    def rebuild(self, copy: Copy, key: str, schemas: Any, folder: Path) -> Rebuilt:
        """The entries of a copy, rebuilt once per copy."""
        kept = self.rebuilt.get((key, id(copy)))
        if kept is None or kept[0] is not copy:
            kept = (copy, rebuild(copy, key, schemas, folder))
            self.rebuilt[(key, id(copy))] = kept
        return kept[1]

    def link(self, inputs: str, compute: Callable[[], Merged]) -> Merged:
        """The actors' linkage, computed again only when `inputs` (their fingerprint) changed."""
        if self.linkage is None or self.linkage[0] != inputs:
            self.linkage = (inputs, compute())
        return self.linkage[1]


def gather(commons: Commons, root: Path, settings: Settings, client: Any = None,
           readings: list[Sourced] | None = None, memory: Memory | None = None) -> Federation:
    """The regional commons (its `mkdocs.yml` in `root`) with the local commons it declares, read
    now (or recalled from a preview's `memory`), or with `readings` already made (a draw's frozen
    copies, `federation.frozen`)."""
    if readings is None:
        declared = locations(settings, root)
        readings = memory.recall(declared) if memory is not None else None
    if readings is None:
        fresh = read_all([where for where, _ in declared], commons.schemas.by_folder, root, client)
        keys = source_keys(settings, [reading.copy for reading in fresh])
        readings = [(where, key, reading, cache_folder(root, where))
                    for (where, _), key, reading in zip(declared, keys, fresh, strict=True)]
        if memory is not None:
            memory.keep(declared, readings)
    sources, warnings, gathered, updated = [], [], [], {}
    seen: set[str] = set()
    for where, key, reading, folder in readings:
        source = LocalSource(where, key, fresh=reading.fresh, problem=reading.problem)
        sources.append(source)
        warnings += _reading_warnings(reading)
        if reading.copy is None:
            continue
        copy = reading.copy
        _describe(source, copy)
        if _is_loopback(copy.site):
            warnings.append(texts.LOOPBACK.format(name=copy.name, site=copy.site))
        rebuilt = (memory.rebuild if memory is not None else rebuild)(copy, source.key, commons.schemas, folder)
        source.counts = rebuilt.counts
        warnings += rebuilt.warnings
        for entry in rebuilt.entries:
            if entry.id in commons.entries or entry.id in seen:
                warnings.append(texts.ID_TAKEN.format(name=copy.name, url=entry.origins[0].url, id=entry.id))
                continue
            seen.add(entry.id)
            gathered.append(entry)
        updated.update(rebuilt.updated)
    order = {s.key: index for index, s in enumerate(sources)}
    own_actors, remote_actors = commons.of_type(ACTORS), [e for e in gathered if e.type.folder == ACTORS]

    def link() -> Merged:
        return merge_actors(list(own_actors), remote_actors, order, root, commons.root, settings.scope,
                            settings.linkage_engine)

    actors = memory.link(_linkage_inputs(own_actors, remote_actors, root), link) if memory else link()
    others = [e for e in commons.entries.values() if e.type.folder != ACTORS]
    identical = merge_identical(others + [e for e in gathered if e.type.folder != ACTORS], order, commons.schemas)
    warnings += actors.warnings
    alias = {**actors.alias, **identical.alias}
    # Gathered entries shown (one per group), and the commons' own entries that local commons
    # publish too (they come back with their origins).
    shown = [_renamed(e, alias, commons) if e.remote else e
             for e in actors.entries + identical.entries if e.remote or e.origins]
    joined = with_entries(commons, shown)
    warnings += _missing(commons, joined)
    groups = sorted(actors.groups + identical.groups, key=lambda g: (g.kept.type.order, g.kept.title, g.kept.id))
    return Federation(joined, sources, groups, warnings, updated, actors.linked)


def _renamed(entry: Entry, alias: dict[str, str], commons: Commons) -> Entry:
    """A gathered entry whose references name entries shown under another id, renamed — in a
    copy: the entry rebuilt from its commons' export stays as published (a preview reuses it)."""
    patterns = [pattern for pattern, _folder in commons.schemas.reference_fields(entry.type)]
    if not any(isinstance(t, str) and t in alias for p in patterns for _path, t in values_at(entry.data, p)):
        return entry
    data = copy_module.deepcopy(entry.data)
    for pattern in patterns:
        rename_references(data, pattern, lambda target: alias.get(target, target))
    return dataclasses.replace(entry, document=dataclasses.replace(entry.document, data=data))


def _linkage_inputs(own: list[Entry], remote: list[Entry], root: Path) -> str:
    """A fingerprint of everything the actors' linkage reads: the actors (the remote ones are
    rebuilt once per copy: their ids and objects stand for them) and `doublons.yaml` (the territory
    is in `mkdocs.yml`, whose change starts a new preview and memory)."""
    digest = hashlib.sha256()
    for entry in own:
        digest.update(json.dumps([entry.id, entry.data, entry.document.body], sort_keys=True, default=str).encode())
    digest.update(repr([(e.id, id(e)) for e in remote]).encode())
    decisions = root / DUPLICATES_FILE
    digest.update(decisions.read_bytes() if decisions.is_file() else b"")
    return digest.hexdigest()


def _missing(commons: Commons, joined: Commons) -> list[str]:
    """The commons' own references to entries of local commons that do not publish them (now)."""
    found = []
    for entry in commons.entries.values():
        for pattern, _folder in commons.schemas.reference_fields(entry.type):
            for _path, target in values_at(entry.data, pattern):
                if isinstance(target, str) and target not in joined.entries and names_gathered(commons, target):
                    found.append(texts.MISSING_GATHERED.format(path=entry.document.path, id=target))
    return found


def _reading_warnings(reading: Reading) -> list[str]:
    if reading.problem is None:
        return []
    if reading.copy is None:
        return [texts.NO_COPY.format(location=reading.location, problem=reading.problem)]
    return [texts.KEPT_COPY.format(name=reading.copy.name, location=reading.location, problem=reading.problem,
                                   date=french_datetime(reading.copy.read_at))]


def _describe(source: LocalSource, copy: Copy) -> None:
    source.name, source.site, source.version = copy.name, copy.site, copy.version
    source.territory, source.read_at = copy.manifest.get("territoire"), copy.read_at
    source.digests = {name: copy.digest(name) for name in copy.files}


def _is_loopback(site: str) -> bool:
    host = urlsplit(site).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
