"""Merge Pagefind bundles indexed in parts into the one bundle a single run would have written.

Pagefind's indexer holds every page's words at once while it writes the index: its peak memory
follows the words of the whole site (1.2 GB at 15,000 entries). Indexed in parts of a few thousand
pages, each run peaks at a fraction of that; this module then joins the parts' word indexes, page
lists and fragments into one bundle, so a visitor's browser still loads one page list, one
WebAssembly module and one index chunk per word.

The format is Pagefind's own (CBOR, gzip with a `pagefind_dcd` marker), as its indexer writes it in
`pagefind/src/index/mod.rs` of the supported versions: the word chunks hold, for each word in byte
order, its pages (page numbers delta-encoded, positions, metadata positions) and its accented
variants; chunks close once they hold `chunk_size` positions; every file is named by the start of
the SHA-1 of its content. A part this module does not recognise (another version, filters, sorts,
several languages) raises `UnsupportedBundle`: the caller then indexes the
site in one run, as before.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import heapq
import json
import os
import shutil
from collections.abc import Iterator
from itertools import chain, groupby, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

try:
    import cbor2
except ImportError:  # an installation made before cbor2 joined the `site` extra
    cbor2 = None

# The versions whose index format this module was written against (and tested with).
SUPPORTED_VERSIONS = frozenset({"1.5.2"})
# Pagefind's own default, read the way it reads it.
DEFAULT_CHUNK_SIZE = 20000
_MARKER = b"pagefind_dcd"
# zlib's level 7: 1 % larger than Pagefind's own compression, five times faster than level 9.
_LEVEL = 7
_ENTRY = "pagefind-entry.json"
_LOCS, _META_LOCS = itemgetter(1), itemgetter(2)


class UnsupportedBundle(ValueError):
    """A bundle this module cannot read or merge safely (the reason, in French, is the message)."""


CBOR2_MISSING = 'bibliothèque cbor2 absente de cette installation (pip install "maillage[site]")'


def chunk_size() -> int:
    """Positions per word chunk, as Pagefind reads it (`PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`)."""
    try:
        return int(os.environ.get("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", ""))
    except ValueError:
        return DEFAULT_CHUNK_SIZE


def pagefind_hash(data: bytes) -> str:
    """Pagefind's `full_hash`: SHA-1 in lower-case hex, each byte *without* its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def read(path: Path) -> bytes:
    """A file Pagefind compressed, without its marker."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MARKER):
        raise UnsupportedBundle(f"{path.name} : marqueur Pagefind absent")
    return data[len(_MARKER):]


def _write(path: Path, data: bytes) -> None:
    """Write `data` as Pagefind writes its files: gzip of the marker and the data."""
    path.write_bytes(gzip.compress(_MARKER + data, compresslevel=_LEVEL, mtime=0))


class _Part:
    """A bundle as one Pagefind run wrote it (in a merge, over a contiguous run of the site's pages)."""

    def __init__(self, folder: Path) -> None:
        if cbor2 is None:
            raise UnsupportedBundle(CBOR2_MISSING)
        self.folder = folder
        try:
            self.entry = json.loads((folder / _ENTRY).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise UnsupportedBundle(f"{folder.name} : {exc}") from exc
        if self.entry.get("version") not in SUPPORTED_VERSIONS:
            raise UnsupportedBundle(f"Pagefind {self.entry.get('version')} non pris en charge")
        languages = self.entry.get("languages") or {}
        if len(languages) != 1:
            raise UnsupportedBundle(f"{len(languages)} langues")
        [(self.language, self.language_entry)] = languages.items()
        self.meta_file = folder / f"pagefind.{self.language_entry['hash']}.pf_meta"
        self.meta_bytes = read(self.meta_file)
        self.meta = cbor2.loads(self.meta_bytes)
        self.version, self.pages, self.chunks, filters, sorts, self.meta_fields = self.meta
        self.filtered = bool(filters or sorts)

    def words(self, offset: int, fields: list[str]) -> Iterator[list[Any]]:
        """Every word of the part in byte order, each as `[word, pages, variants, offset]`, its
        metadata positions numbered in `fields` (all the parts' metadata fields, sorted)."""
        markers = None
        if self.meta_fields != fields:
            # A metadata position list marks each field by -(its number + 1) before its positions.
            markers = {-(number + 1): -(fields.index(field) + 1) for number, field in enumerate(self.meta_fields)}
        for _, _, name in self.chunks:
            for word in cbor2.loads(read(self.folder / "index" / f"{name}.pf_index"))[0]:
                if markers:
                    for page in chain(word[1], *(variant[1] for variant in word[2])):
                        page[2] = [markers.get(value, value) for value in page[2]]
                word.append(offset)
                yield word


def _shift(pages: list[list[Any]], start: int, previous: int) -> int:
    """Rebase a part's delta-encoded page list onto the merged numbering, in place: its first page
    is `start` (the part's offset) plus its delta, counted from `previous` (the last page number
    already written for this word). Returns the last absolute page number of the list."""
    first = start + pages[0][0]
    last = first + sum(page[0] for page in pages[1:])
    pages[0][0] = first - previous
    return last


def _join(group: list[list[Any]]) -> list[Any]:
    """One word's entries from several parts (in part order) as the single run would write it."""
    word = group[0][0]
    pages: list[list[Any]] = []
    previous = 0
    variants: dict[str, tuple[list[list[Any]], int]] = {}
    for _, part_pages, part_variants, offset in group:
        if part_pages:
            previous = _shift(part_pages, offset, previous)
            pages += part_pages
        for form, variant_pages in part_variants:
            known, last = variants.get(form, ([], 0))
            last = _shift(variant_pages, offset, last)
            variants[form] = (known + variant_pages, last)
    return [word, pages, [[form, found] for form, (found, _) in variants.items()]]


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's `get_prefixes`: the shortest distinct beginnings of two neighbouring words."""
    common = 0
    for x, y in zip(b, a, strict=False):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _short_name(full: str, language: str, taken: set[str] | dict[str, Any], step: int) -> str:
    """The start of `full` Pagefind names a file by, lengthened by `step` characters while taken."""
    short = full[: len(language) + 8]
    while short in taken and len(short) < len(full):
        short = full[: len(short) + step]
    return short


def merge(folders: list[Path], output: Path) -> int:
    """Write into `output` the bundle a single Pagefind run over the parts' pages (in this order)
    would have written; returns the number of pages. The parts' fragments are moved, not copied."""
    # The merge makes millions of short-lived lists and no cycle: in the build's process, whose heap
    # holds the whole site, each of the collector's passes would walk that heap (twice the CPU).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _merge(folders, output)
    finally:
        if collecting:
            gc.enable()


def _merge(folders: list[Path], output: Path) -> int:
    parts = [_Part(folder) for folder in folders]
    if any(part.filtered for part in parts):
        raise UnsupportedBundle("filtres ou tris")
    first = parts[0]
    for part in parts[1:]:
        if (part.version, part.language) != (first.version, first.language):
            raise UnsupportedBundle("parties de versions ou de langues différentes")
    # Pagefind numbers the metadata fields of all its pages in sorted order (a BTreeSet).
    fields = sorted({field for part in parts for field in part.meta_fields})
    language = first.language
    output.mkdir(parents=True, exist_ok=True)
    (output / "fragment").mkdir(exist_ok=True)
    (output / "index").mkdir(exist_ok=True)

    # Pages: in part order; a fragment name already used by an earlier part is lengthened from the
    # fragment's own hash, as Pagefind lengthens a colliding name (by one character at a time).
    every_name = {name for part in parts for name, _ in part.pages}
    used: set[str] = set()
    pages: list[list[Any]] = []
    for part in parts:
        for name, word_count in part.pages:
            source = part.folder / "fragment" / f"{name}.pf_fragment"
            if name in used:
                full = f"{language}_{pagefind_hash(read(source))}"
                name = _short_name(full, language, used | every_name, 1)
            used.add(name)
            os.replace(source, output / "fragment" / f"{name}.pf_fragment")
            pages.append([name, word_count])

    # Words: every part's words in byte order (Rust compares strings byte-wise, as Python compares
    # code points), the same word's pages joined in part order, chunked as Pagefind chunks them.
    offsets, total = [], 0
    for part in parts:
        offsets.append(total)
        total += len(part.pages)
    streams = [part.words(offset, fields) for part, offset in zip(parts, offsets, strict=True)]
    limit = chunk_size()
    index_chunks: list[list[str]] = []  # [first word, last word, file name]: the chunks' words are not kept
    written: set[str] = set()
    chunk: list[list[Any]] = []
    size = 0

    def close() -> None:
        data = cbor2.dumps([chunk])
        name = _short_name(f"{language}_{pagefind_hash(data)}", language, written, 2)
        written.add(name)
        _write(output / "index" / f"{name}.pf_index", data)
        index_chunks.append([chunk[0][0], chunk[-1][0], name])

    for _, group in groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
        entries = list(group)
        if len(entries) > 1:
            word = _join(entries)
        else:  # one part's word: only its first page numbers move, by the part's offset
            text, found, variants, offset = entries[0]
            if offset:
                if found:
                    found[0][0] += offset
                for _, variant_pages in variants:
                    variant_pages[0][0] += offset
            word = [text, found, variants]
        found = word[1]
        size += len(found) + sum(map(len, map(_LOCS, found))) + sum(map(len, map(_META_LOCS, found)))
        chunk.append(word)
        if size >= limit:
            close()
            chunk, size = [], 0
    if chunk:
        close()
    for previous, following in pairwise(index_chunks):
        to, start = _prefixes(previous[1], following[0])
        if to >= previous[0]:
            previous[1] = to
        following[0] = start


    # The script, WebAssembly and interface files are the same in every part.
    for item in first.folder.iterdir():
        if item.is_file() and item.name != _ENTRY and not item.name.endswith(".pf_meta"):
            shutil.copyfile(item, output / item.name)
    _write_meta(output, first, [first.version, pages, index_chunks, [], [], fields])
    return len(pages)


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def compact(bundle: Path) -> None:
    """Rename the bundle's fragments `<index>-<page number>` (base 36), `<index>` being 8 hexadecimal
    digits of the hash of the whole index as Pagefind wrote it.

    Pagefind names each page by 7 hexadecimal digits of its own hash, and every visitor's first
    search loads the list of those names (90 KB at 15,000 pages: random digits do not compress).
    Numbered names compress to half that. They stay as safe to cache: any change to any page
    changes the index's hash, so a new build never reuses a name for other content. A bundle this
    module cannot read (another version, several languages, no cbor2) raises `UnsupportedBundle`
    before anything is renamed."""
    part = _Part(bundle)
    index = pagefind_hash(part.meta_bytes)[:8]
    fragments = bundle / "fragment"
    renamed: dict[str, str] = {}
    pages = []
    for number, (name, word_count) in enumerate(part.pages):
        new = f"{index}-{_base36(number)}"
        if name in renamed:  # two identical pages share one fragment in Pagefind's naming
            shutil.copyfile(fragments / f"{renamed[name]}.pf_fragment", fragments / f"{new}.pf_fragment")
        else:
            os.replace(fragments / f"{name}.pf_fragment", fragments / f"{new}.pf_fragment")
            renamed[name] = new
        pages.append([new, word_count])
    version, _, chunks, filters, sorts, fields = part.meta
    if _write_meta(bundle, part, [version, pages, chunks, filters, sorts, fields]) != part.meta_file:
        part.meta_file.unlink()


def _write_meta(bundle: Path, model: _Part, meta: list[Any]) -> Path:
    """Write the page list and metadata `meta` under the name Pagefind gives it (its hash), and the
    entry file pointing to it, as `model`'s but for them; returns the meta file."""
    data = cbor2.dumps(meta)
    language = model.language
    name = f"{language}_{pagefind_hash(data)[: len(language) + 8]}"
    path = bundle / f"pagefind.{name}.pf_meta"
    _write(path, data)
    entry = dict(model.entry)
    entry["languages"] = {language: {**model.language_entry, "hash": name, "page_count": len(meta[1])}}
    (bundle / _ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path
