"""The regional scale: include the open-data exports of several local commons, deduplicated.

A regional commons names the `donnees/` folders of local commons (a path, or an http(s) URL);
their JSON exports (one file per type, as `maillage.exports` writes them) are read at build
time and never copied into `content/`. Each record keeps its origin. Actors present in several
local commons are merged with the census linkage (`maillage.census.link.link_records` with the
`REGIONAL` settings: shared SIRET/SIREN/RNA first, then splink with the census's reference
model, only sure pairs, never two actors of the same local commons); if splink cannot run, a
deterministic fallback merges on identifiers and on normalised name + commune, never within
one commons either, and the result says so.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from maillage.meet import texts
from maillage.model import slugify

FOLDERS = ("acteurs", "projets", "rencontres")
MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 20
IDENTIFIER_FIELDS = ("identifiants.siret", "identifiants.siren", "identifiants.rna")
METHOD_SPLINK = "splink"
METHOD_FALLBACK = "identifiants"


class RegionalError(ValueError):
    """A local commons that cannot be read; the message is French and names the source."""


@dataclass
class Source:
    """One local commons: where it was read, its site address, and its records by type."""

    location: str
    site: str | None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the origin is shown: the local site's address, or where the files were read."""
        return self.site or self.location


@dataclass(frozen=True, slots=True)
class Origin:
    """A record as published by one local commons."""

    source: Source
    record: dict[str, Any]

    @property
    def url(self) -> str | None:
        """The record's page on the local site (http(s) only: anything else is not a link)."""
        value = self.record.get("url")
        return value if isinstance(value, str) and urlsplit(value).scheme in ("http", "https") else None


@dataclass
class RegionalActor:
    """One actor of the region, possibly published by several local commons."""

    name: str
    commune: str | None
    origins: list[Origin]


@dataclass
class Region:
    """The local commons included, their actors merged, their projects and rencontres listed."""

    sources: list[Source]
    actors: list[RegionalActor]
    entries: dict[str, list[Origin]]
    method: str
    note: str | None = None


def _read_bytes(location: str, name: str) -> bytes:
    """One export file from a folder path or an http(s) base URL, at most MAX_BYTES."""
    scheme = urlsplit(location).scheme
    try:
        if scheme in ("http", "https"):
            url = urljoin(location if location.endswith("/") else location + "/", name)
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
                data = response.read(MAX_BYTES + 1)
        else:
            path = Path(location) / name
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise RegionalError(texts.REGIONAL_BAD_SOURCE.format(
            source=location, reason=texts.REGIONAL_UNREADABLE.format(reason=f"{name} : {exc}"))) from exc
    if len(data) > MAX_BYTES:
        raise RegionalError(texts.REGIONAL_BAD_SOURCE.format(
            source=location, reason=texts.REGIONAL_TOO_LARGE.format(limit=MAX_BYTES // (1024 * 1024))))
    return data


def read_source(location: str) -> Source:
    """Read the JSON exports of one local commons; bad records are skipped and reported."""
    source = Source(location, None)
    for folder in FOLDERS:
        data = _read_bytes(location, f"{folder}.json")
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RegionalError(texts.REGIONAL_BAD_SOURCE.format(
                source=location, reason=texts.REGIONAL_UNREADABLE.format(reason=f"{folder}.json : {exc}"))) from exc
        for key, expected in (("type", folder), ("fiches", list)):
            value = document.get(key) if isinstance(document, dict) else None
            if not (value == expected if isinstance(expected, str) else isinstance(value, list)):
                raise RegionalError(texts.REGIONAL_BAD_SOURCE.format(
                    source=location, reason=f"{folder}.json : " + texts.REGIONAL_NOT_EXPORT.format(key=key)))
        site = document.get("source")
        if isinstance(site, str) and urlsplit(site).scheme in ("http", "https"):
            source.site = site
        kept = []
        for index, record in enumerate(document["fiches"], start=1):
            title = record.get("nom" if folder == "acteurs" else "titre") if isinstance(record, dict) else None
            if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not isinstance(title, str):
                reason = texts.REGIONAL_BAD_RECORD.format(index=index, reason="« id » ou nom/titre manquant")
                where = f"{location} ({folder}.json)"
                source.problems.append(texts.REGIONAL_BAD_SOURCE.format(source=where, reason=reason))
                continue
            kept.append(record)
        source.records[folder] = kept
    return source


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _census_fields(record: dict[str, Any]) -> dict[str, str]:
    """An exported actor in the census's vocabulary (the fields its linkage compares)."""
    return {
        "nom": _text(record, "nom"), "commune": _text(record, "commune"),
        "adresse": _text(record, "contact.adresse"), "telephone": _text(record, "contact.telephone"),
        "courriel": _text(record, "contact.courriel"), "site_web": _text(record, "site_web"),
        "siren": _text(record, "identifiants.siren"), "siret": _text(record, "identifiants.siret"),
        "rna": _text(record, "identifiants.rna"), "forme": _text(record, "forme"), "nature": _text(record, "nature"),
    }


def _link_with_census(origins: list[Origin]) -> dict[int, str]:
    """Cluster of each origin (by index), from the census linkage with the regional settings."""
    from maillage.census.link import REGIONAL, link_records
    from maillage.census.records import normalise_fields

    records = []
    for index, origin in enumerate(origins):
        record = normalise_fields(_census_fields(origin.record))
        record.update(uid=f"{index:07d}", source=origin.source.location, record_id=str(index))
        records.append(record)
    result = link_records(records, linkage=REGIONAL)
    return {int(uid): cluster for uid, cluster in result.clusters.items()}


def _conflict(a: Origin, b: Origin) -> bool:
    """Two actors of one commons, or two different SIREN or RNA numbers: never merged."""
    return a.source is b.source or any(
        _text(a.record, f) and _text(b.record, f) and _text(a.record, f) != _text(b.record, f)
        for f in ("identifiants.siren", "identifiants.rna")
    )


def _fallback(origins: list[Origin]) -> dict[int, str]:
    """Cluster of each origin without splink: the same official identifier, or the same slug of
    name + commune, never across a conflict."""
    parent = list(range(len(origins)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(origins))}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = sorted((find(i), find(j)))  # the smaller index wins: stable clusters
        if a == b or any(_conflict(origins[x], origins[y]) for x in members[a] for y in members[b]):
            return
        parent[b] = a
        members[a] += members.pop(b)

    first: dict[Any, int] = {}
    for index, origin in enumerate(origins):
        keys = [(f, _text(origin.record, f)) for f in IDENTIFIER_FIELDS if _text(origin.record, f)]
        name = slugify(_text(origin.record, "nom"))
        if name:
            keys.append(("nom+commune", name, _text(origin.record, "commune")))
        for key in keys:
            if key in first:
                union(first[key], index)
            else:
                first[key] = index
    return {i: str(find(i)) for i in range(len(origins))}


def regional(locations: list[str], use_splink: bool = True) -> Region:
    """Read every local commons and merge their actors."""
    sources = [read_source(location) for location in locations]
    origins = [Origin(s, r) for s in sources for r in s.records["acteurs"]]
    method, note = METHOD_FALLBACK, texts.REGIONAL_PENDING.format(reason="désactivé")
    clusters: dict[int, str] | None = None
    if use_splink and len(origins) > 1:
        try:
            clusters = _link_with_census(origins)
            method, note = METHOD_SPLINK, None
        except Exception as exc:
            note = texts.REGIONAL_PENDING.format(reason=f"{type(exc).__name__}: {exc}")
    if clusters is None:
        clusters = _fallback(origins)
    grouped: dict[str, list[Origin]] = {}
    for index, origin in enumerate(origins):
        grouped.setdefault(clusters[index], []).append(origin)
    actors = []
    for members in grouped.values():
        head = members[0].record
        commune = _text(head, "commune") or None
        actors.append(RegionalActor(_text(head, "nom"), commune, members))
    actors.sort(key=lambda a: (slugify(a.name), a.commune or "", a.origins[0].source.location))
    entries = {folder: [Origin(s, r) for s in sources for r in s.records[folder]] for folder in FOLDERS[1:]}
    for items in entries.values():
        items.sort(key=lambda o: (_text(o.record, "debut") or _text(o.record, "date_debut"), _text(o.record, "titre")))
    return Region(sources, actors, entries, method, note)
