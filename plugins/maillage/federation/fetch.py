"""Read a local commons' open data, verified, and keep the last good copy.

A local commons is read from its `donnees/` folder: over http(s) (httpx, with timeouts and a
size cap per file, read as a stream) or, for tests and commons built on the same machine, from
a folder. The manifest (`commun.json`, `maillage.exports.manifest`) is read first: its format
version must be one this commons reads; then each data file of a type the regional schemas know,
whose SHA-256 and size must match the manifest (a copy caught halfway through a publication
does not). A copy that passes is written to the cache (`.cache/maillage/communs/`, beside
`mkdocs.yml`) in one rename; one that fails leaves the previous copy in place, and the reading
says why, in French: the regional build never breaks because a neighbour is down.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from maillage import __version__
from maillage.exports.manifest import FORMAT, FORMAT_VERSION, MANIFEST_NAME
from maillage.federation import texts
from maillage.model import is_slug

# The format versions this commons reads (`maillage.exports.manifest`).
SUPPORTED_VERSIONS = (FORMAT_VERSION,)
CACHE_FOLDER = Path(".cache/maillage/communs")
CONNECT_SECONDS = 5
READ_SECONDS = 20
MANIFEST_LIMIT = 1024 * 1024
FILE_LIMIT = 200 * 1024 * 1024  # a national export of every actor stays under this
READ_AT_FILE = "lecture.json"  # in a cached copy: where and when it was read
USER_AGENT = f"maillage/{__version__} (commun regional)"


class ReadError(Exception):
    """A local commons that cannot be read now; the message is French and says why."""


@dataclass
class Copy:
    """A local commons' open data as read once: its manifest and the data files of known types."""

    location: str
    manifest: dict[str, Any]
    files: dict[str, bytes]
    read_at: datetime
    manifest_bytes: bytes = b""  # the manifest as published (a draw freezes and hashes these bytes)

    @property
    def name(self) -> str:
        """The commons' name (its site's name)."""
        return self.manifest["nom"]

    @property
    def site(self) -> str:
        """The commons' public address, ending with a slash."""
        return self.manifest["site"]

    @property
    def version(self) -> int:
        """The format version of its open data."""
        return self.manifest["version"]

    def digest(self, name: str) -> str:
        """The SHA-256 of one of its files, as its manifest vouches for it."""
        return self.manifest["fichiers"][name]["sha256"]


@dataclass
class Reading:
    """What reading one local commons gave: a copy (fresh, or the last good one) and the problem
    that prevented a fresh one, if any."""

    location: str
    copy: Copy | None
    fresh: bool
    problem: str | None = None


def cache_folder(root: Path, location: str) -> Path:
    """Where the last good copy of a local commons is kept (one folder per address)."""
    return root / CACHE_FOLDER / hashlib.sha256(location.encode("utf-8")).hexdigest()[:20]


def read_all(locations: Iterable[str], folders: Iterable[str], root: Path, client: Any = None) -> list[Reading]:
    """Read every local commons (in parallel over the network), in the order given."""
    from concurrent.futures import ThreadPoolExecutor

    locations, wanted = list(locations), set(folders)
    if not locations:
        return []
    own_client = client is None and any(_is_url(location) for location in locations)
    if own_client:
        try:
            client = http_client()
        except ReadError:
            own_client = False  # each address then says what is missing
    try:
        with ThreadPoolExecutor(max_workers=min(8, len(locations))) as pool:
            return list(pool.map(lambda location: read(location, wanted, root, client), locations))
    finally:
        if own_client:
            client.close()


def http_client() -> Any:
    """The HTTP client the regional build reads with: timeouts, redirects followed, named."""
    httpx = _httpx()

    timeout = httpx.Timeout(READ_SECONDS, connect=CONNECT_SECONDS)
    return httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def read(location: str, folders: set[str], root: Path, client: Any = None) -> Reading:
    """A fresh, verified copy of one local commons, saved as its last good copy; or, when that
    fails, the last good copy (re-verified) and why a fresh one could not be had."""
    cache = cache_folder(root, location)
    try:
        copy = fetch(location, folders, client)
    except ReadError as error:
        return Reading(location, _cached(cache, location, folders), fresh=False, problem=str(error))
    _save(copy, cache)
    return Reading(location, copy, fresh=True)


def fetch(location: str, folders: set[str], client: Any = None) -> Copy:
    """Read and verify a local commons now (`ReadError` in French when it cannot be)."""
    read_at = datetime.now(UTC).replace(microsecond=0)
    try:
        raw = _get(location, MANIFEST_NAME, MANIFEST_LIMIT, client)
    except FileNotFoundError:
        try:
            _get(location, "acteurs.json", MANIFEST_LIMIT, client)
        except (FileNotFoundError, ReadError):
            raise ReadError(texts.MISSING_FILE.format(name=MANIFEST_NAME)) from None
        raise ReadError(texts.NO_MANIFEST.format(versions=_versions())) from None
    manifest = checked_manifest(_json(raw, MANIFEST_NAME))
    files = {}
    for name in wanted_files(manifest, folders):
        try:
            data = _get(location, name, FILE_LIMIT, client)
        except FileNotFoundError:
            raise ReadError(texts.MISSING_FILE.format(name=name)) from None
        files[name] = data
    verify_files(manifest, files)
    return Copy(location, manifest, files, read_at, raw)


def checked_manifest(document: Any) -> dict[str, Any]:
    """The manifest, if it is one of a format version this commons reads (`ReadError` if not)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ReadError(texts.NOT_MANIFEST)
    version = document.get("version")
    if version not in SUPPORTED_VERSIONS:
        raise ReadError(texts.BAD_VERSION.format(version=version, versions=_versions()))
    name = document.get("nom")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise ReadError(texts.BAD_MANIFEST_FIELD.format(field="nom"))
    site = document.get("site")
    if not isinstance(site, str) or urlsplit(site).scheme not in ("http", "https") or not urlsplit(site).hostname:
        raise ReadError(texts.NO_SITE)
    types, files = document.get("types"), document.get("fichiers")
    if not isinstance(types, dict) or not all(isinstance(v, dict) for v in types.values()):
        raise ReadError(texts.BAD_MANIFEST_FIELD.format(field="types"))
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("octets"), int)
        for v in files.values()
    ):
        raise ReadError(texts.BAD_MANIFEST_FIELD.format(field="fichiers"))
    territory = document.get("territoire")
    if territory is not None and not isinstance(territory, str):
        raise ReadError(texts.BAD_MANIFEST_FIELD.format(field="territoire"))
    return {**document, "nom": name.strip(), "site": site.rstrip("/") + "/"}


def wanted_files(manifest: dict[str, Any], folders: set[str]) -> list[str]:
    """The data files to read: those of the types both commons know, named safely."""
    names = []
    for folder, item in sorted(manifest["types"].items()):
        if folder not in folders:
            continue
        name = item.get("fichier")
        if not isinstance(name, str) or not name.endswith(".json") or not is_slug(name.removesuffix(".json")):
            raise ReadError(texts.BAD_FILE_NAME.format(name=name))
        if name not in manifest["fichiers"]:
            raise ReadError(texts.BAD_MANIFEST_FIELD.format(field=f"fichiers.{name}"))
        names.append(name)
    return names


def verify_files(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    """Every file matches the size and SHA-256 its manifest gives (`ReadError` if not)."""
    for name, data in files.items():
        expected = manifest["fichiers"][name]
        if len(data) != expected["octets"] or hashlib.sha256(data).hexdigest() != expected["sha256"]:
            raise ReadError(texts.BAD_DIGEST.format(name=name))


def _versions() -> str:
    return ", ".join(str(v) for v in SUPPORTED_VERSIONS)


def _is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def _json(raw: bytes, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(texts.NOT_JSON.format(name=name, reason=exc)) from None


def _get(location: str, name: str, limit: int, client: Any) -> bytes:
    """One file of a `donnees/` folder (a URL or a path), at most `limit` bytes.

    `FileNotFoundError` when it does not exist (HTTP 404 or 410); `ReadError` for anything else.
    """
    if not _is_url(location):
        path = Path(location) / name
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise ReadError(texts.UNREACHABLE.format(reason=exc)) from None
        if len(data) > limit:
            raise ReadError(texts.TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))
        return data
    httpx = _httpx()
    url = urljoin(location if location.endswith("/") else location + "/", name)
    try:
        with client.stream("GET", url) as response:
            if response.status_code in (404, 410):
                raise FileNotFoundError(url)
            if response.status_code != 200:
                raise ReadError(texts.HTTP_STATUS.format(status=response.status_code, url=url))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise ReadError(texts.TOO_LARGE.format(name=name, limit=limit // (1024 * 1024)))
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException:
        raise ReadError(texts.TIMEOUT.format(seconds=READ_SECONDS, url=url)) from None
    except httpx.HTTPError as exc:
        raise ReadError(texts.UNREACHABLE.format(reason=f"{type(exc).__name__} : {exc}")) from None


def _httpx() -> Any:
    """httpx (the `regional` extra), or a `ReadError` saying how to install it."""
    try:
        import httpx
    except ImportError:
        raise ReadError(texts.NO_HTTPX) from None
    return httpx


def _save(copy: Copy, cache: Path) -> None:
    """Replace the cached copy by this one in one rename (a build killed midway leaves the old)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=cache.name + ".", dir=cache.parent))
    for name, data in copy.files.items():
        (staging / name).write_bytes(data)
    (staging / MANIFEST_NAME).write_text(json.dumps(copy.manifest, ensure_ascii=False), "utf-8")
    (staging / READ_AT_FILE).write_text(
        json.dumps({"adresse": copy.location, "lu_le": copy.read_at.isoformat()}, ensure_ascii=False), "utf-8")
    old = cache.with_name(cache.name + ".ancienne")
    if old.exists():
        shutil.rmtree(old)
    if cache.exists():
        os.replace(cache, old)
    os.replace(staging, cache)
    shutil.rmtree(old, ignore_errors=True)


def _cached(cache: Path, location: str, folders: set[str]) -> Copy | None:
    """The last good copy, verified again (a damaged one counts as none)."""
    try:
        manifest = checked_manifest(json.loads((cache / MANIFEST_NAME).read_text("utf-8")))
        read_at = datetime.fromisoformat(json.loads((cache / READ_AT_FILE).read_text("utf-8"))["lu_le"])
        files = {name: (cache / name).read_bytes() for name in wanted_files(manifest, folders)}
        verify_files(manifest, files)
    except (OSError, ValueError, KeyError, TypeError, ReadError):
        return None
    return Copy(location, manifest, files, read_at)
