"""What a content folder may hold: one rule, applied by `maillage verifier`, the site and the forms.

A contributor can touch any file of `content/`, so every file there is untrusted. It may be:
- an **entry**: `<type folder>/<id>.md`, directly in the folder of its type;
- an **editorial page**: any other Markdown file, outside the type folders' sub-folders (the site
  renders it, then sanitizes its HTML exactly like an entry body);
- an **image** (PNG, JPEG, GIF, WebP, AVIF, ICO) whose first bytes say it is one, for logos and
  illustrations;
- an entry's **data file**: `<type folder>/<id>.json` beside `<id>.md`, for the types whose schema
  keeps fields there (`x-fichier-donnees`, see `datafile`); the loader reads it, the site never
  copies it raw;
- a name starting with a dot (`.gitkeep`): never published (MkDocs leaves such files out).

Anything else is refused with a French message naming the file: HTML, SVG, scripts and other raw
files (the site would publish them as they are), Markdown in a sub-folder of a type folder (a
misplaced entry), symbolic links (the build would publish whatever they point at: the build's
environment, `/etc/passwd`, `.git/config`) and special files (FIFOs, devices, sockets: reading one
can block forever). The folder is walked without ever following a link, and nothing is read but
the first bytes of images.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from maillage.model import messages as msg
from maillage.model.problems import Problem
from maillage.model.schemas import SchemaSet
from maillage.model.types import EntryType

MARKDOWN_SUFFIX = ".md"
DATA_SUFFIX = ".json"
MAX_IMAGE_BYTES = 5 * 1024 * 1024

# Leading bytes of each accepted image format, by file extension (offset, signature).
_IMAGE_SIGNATURES: dict[str, tuple[tuple[int, bytes], ...]] = {
    ".png": ((0, b"\x89PNG\r\n\x1a\n"),),
    ".jpg": ((0, b"\xff\xd8\xff"),),
    ".jpeg": ((0, b"\xff\xd8\xff"),),
    ".gif": ((0, b"GIF87a"), (0, b"GIF89a")),
    ".webp": ((8, b"WEBP"),),
    ".avif": ((4, b"ftypavif"), (4, b"ftypavis")),
    ".ico": ((0, b"\x00\x00\x01\x00"),),
}
IMAGE_SUFFIXES = tuple(_IMAGE_SIGNATURES)
_SIGNATURE_BYTES = 16


class Kind(Enum):
    """What a file of the content folder is."""

    ENTRY = "fiche"
    PAGE = "page"
    IMAGE = "image"
    DATA = "données"
    HIDDEN = "caché"


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One accepted file: its path, its path relative to the content folder, its kind, and its
    stamp (modification time in nanoseconds, size) as listed, which tells a changed file."""

    path: Path
    relative: str
    kind: Kind
    entry_type: EntryType | None = None
    stamp: tuple[int, int] = (0, 0)


@dataclass
class Layout:
    """Every accepted file of a content folder, and a problem for every refused one."""

    files: list[ContentFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def entries(self) -> Iterator[tuple[EntryType, Path]]:
        """Entry files, type by type (in the types' display order), in name order."""
        by_type = sorted(
            (f for f in self.files if f.kind is Kind.ENTRY),
            key=lambda f: (f.entry_type.order, f.entry_type.folder, f.path.name),  # type: ignore[union-attr]
        )
        for item in by_type:
            assert item.entry_type is not None
            yield item.entry_type, item.path

    def of_kind(self, kind: Kind) -> list[ContentFile]:
        """Accepted files of one kind, in path order."""
        return [f for f in self.files if f.kind is kind]


def scan(content: Path, schemas: SchemaSet, display_base: Path | None = None) -> Layout:
    """Classify every file under `content` (never following a link); refused files become problems.
    The folders of the schemas' entry types hold entries."""
    base = display_base or Path.cwd()
    layout = Layout()
    if not content.is_dir():
        return layout
    _walk(content, (), layout, base, schemas.by_folder)
    layout.problems.sort(key=lambda p: p.path)
    return layout


def _walk(folder: Path, parts: tuple[str, ...], layout: Layout, base: Path, types: dict[str, EntryType]) -> None:
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        layout.problems.append(_problem(folder, base, msg.FILE_UNREADABLE.format(reason=exc.strerror or exc)))
        return
    for child in children:
        path = folder / child.name
        relative = (*parts, child.name)
        try:
            info = child.stat(follow_symlinks=False)
        except OSError as exc:
            layout.problems.append(_problem(path, base, msg.FILE_UNREADABLE.format(reason=exc.strerror or exc)))
            continue
        mode = info.st_mode
        if stat.S_ISLNK(mode):
            layout.problems.append(_problem(path, base, msg.CONTENT_SYMLINK.format(name=child.name)))
        elif stat.S_ISDIR(mode):
            _walk(path, relative, layout, base, types)
        elif not stat.S_ISREG(mode):
            layout.problems.append(_problem(path, base, msg.CONTENT_SPECIAL_FILE.format(name=child.name)))
        else:
            _classify(path, relative, layout, base, types, (info.st_mtime_ns, info.st_size))


def _classify(
    path: Path, relative: tuple[str, ...], layout: Layout, base: Path, types: dict[str, EntryType],
    stamp: tuple[int, int],
) -> None:
    name = relative[-1]
    shown = "/".join(relative)
    if any(part.startswith(".") for part in relative):
        layout.files.append(ContentFile(path, shown, Kind.HIDDEN, stamp=stamp))
        return
    suffix = os.path.splitext(name)[1].lower()
    type_folder = types.get(relative[0]) if len(relative) > 1 else None
    if suffix == MARKDOWN_SUFFIX and name.endswith(MARKDOWN_SUFFIX):
        if type_folder is not None and len(relative) == 2:
            layout.files.append(ContentFile(path, shown, Kind.ENTRY, type_folder, stamp))
        elif type_folder is not None:
            message = msg.CONTENT_NESTED_MARKDOWN.format(name=name, folder=type_folder.folder)
            layout.problems.append(_problem(path, base, message))
        else:
            layout.files.append(ContentFile(path, shown, Kind.PAGE, stamp=stamp))
        return
    if suffix == DATA_SUFFIX and type_folder is not None and len(relative) == 2 and type_folder.data_fields:
        if path.with_suffix(MARKDOWN_SUFFIX).is_file():
            layout.files.append(ContentFile(path, shown, Kind.DATA, type_folder, stamp))
        else:
            layout.problems.append(_problem(path, base, msg.CONTENT_ORPHAN_DATA_FILE.format(name=name)))
        return
    if suffix in _IMAGE_SIGNATURES:
        problem = _image_problem(path, suffix)
        if problem is None:
            layout.files.append(ContentFile(path, shown, Kind.IMAGE, stamp=stamp))
        else:
            layout.problems.append(_problem(path, base, problem))
        return
    layout.problems.append(_problem(path, base, msg.CONTENT_RAW_FILE.format(name=name)))


def _image_problem(path: Path, suffix: str) -> str | None:
    """Why a file named like an image is refused (None: it is one), reading only its first bytes."""
    try:
        # O_NOFOLLOW and O_NONBLOCK: the file was a regular file when listed; if it was swapped for
        # a link or a FIFO since, opening fails instead of following it or blocking.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return msg.FILE_UNREADABLE.format(reason=exc.strerror or exc)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return msg.CONTENT_SPECIAL_FILE.format(name=path.name)
        if info.st_size > MAX_IMAGE_BYTES:
            return msg.CONTENT_IMAGE_TOO_LARGE.format(size=info.st_size, limit=MAX_IMAGE_BYTES // (1024 * 1024))
        head = handle.read(_SIGNATURE_BYTES)
    if any(head[offset : offset + len(magic)] == magic for offset, magic in _IMAGE_SIGNATURES[suffix]):
        return None
    return msg.CONTENT_NOT_AN_IMAGE.format(name=path.name, format=suffix.lstrip(".").upper())


def _problem(path: Path, base: Path, message: str) -> Problem:
    try:
        shown = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return Problem(shown, 1, 1, message)
