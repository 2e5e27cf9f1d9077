"""Write entries back to disk: front matter that our loader reads back unchanged, at a safe path.

Used by everything that creates or edits entries (issue forms, the web form bridge, the census,
the draw), so that file naming and quoting rules live in one place.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import yaml

from maillage.model.slug import is_slug


class _EntryDumper(yaml.SafeDumper):
    """Block style, unicode kept, keys in insertion order; long texts as literal blocks."""


# Text that some YAML reader (1.1 or 1.2: GitHub, ruamel, JavaScript) would read as a number.
_NUMBER_LIKE = re.compile(r"[-+.]?[0-9][0-9_.:eE+-]*|[-+]?0[xXoObB][0-9a-fA-F_]+|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _NUMBER_LIKE.fullmatch(value):
        # "05195417083345" is text for YAML 1.1 but a number for YAML 1.2 readers: quote it.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    # SafeDumper quotes any other text YAML 1.1 would read as another type ("no", "~",
    # "2026-03-14"), which also covers everything our stricter loader types.
    return dumper.represent_str(value)


_EntryDumper.add_representer(str, _represent_str)


def render_front_matter(data: dict[str, Any]) -> str:
    """YAML text of an entry's data, safe to read back with `maillage.model.load`."""
    return yaml.dump(data, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False, width=100)


def render_entry(data: dict[str, Any], body: str = "") -> str:
    """Full text of an entry file: front matter between `---` lines, then the Markdown body."""
    body = body.strip("\n")
    return f"---\n{render_front_matter(data)}---\n" + (f"\n{body}\n" if body else "")


_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE)


def replace_values(text: str, replacements: dict[tuple[str | int, ...], str]) -> str:
    """An entry file's text with some front-matter values replaced, every other byte kept.

    Each path must lead to a one-line scalar (plain or quoted); the new value is written
    double-quoted, so that codes stay text. Comments, order, layout and the body are untouched.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("no front matter")
    root = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    spans = []
    for path, value in replacements.items():
        node = root
        for key in path:
            if isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if k.value == key)
            elif isinstance(node, yaml.SequenceNode):
                node = node.value[key]
            else:
                raise ValueError(f"no value at {path}")
        if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
            raise ValueError(f"not a one-line value at {path}")
        spans.append((match.start(1) + node.start_mark.index, match.start(1) + node.end_mark.index, value))
    for start, end, value in sorted(spans, reverse=True):
        text = text[:start] + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' + text[end:]
    return text


def entry_path(content: Path, folder: str, entry_id: str) -> Path:
    """Where an entry lives, refusing any id or folder that could escape `content/`."""
    if not is_slug(folder):
        raise ValueError(f"not an entry folder: {folder!r}")
    if not is_slug(entry_id):
        raise ValueError(f"not a slug: {entry_id!r}")
    root = content.resolve()
    path = (root / folder / f"{entry_id}.md").resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"path escapes the content directory: {path}")
    return path


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's content atomically (temporary file in the same folder, then rename).

    The file gets the mode any write of the user's would give it: a new one follows the umask,
    an existing one keeps its own.
    """
    with atomic_file(path) as handle:
        handle.write(text)


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A text file to write (streamed) that replaces `path` when the block ends without error."""
    temporary, handle = _open_temporary(path)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all_atomic(files: Mapping[Path, str]) -> None:
    """Write several files all or nothing: each to a temporary sibling first, then rename them all.

    If any file cannot be staged, none is changed and no temporary file is left behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            temporary, handle = _open_temporary(path)
            staged.append((temporary, path))
            with handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)


def _open_temporary(path: Path) -> tuple[Path, TextIO]:
    """A new temporary sibling of `path`, open for writing, with the mode `path` will have."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = stat.S_IMODE(path.stat().st_mode) if path.is_file() else None
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            # Created like any file (0o666 less the umask): mkstemp's private 0o600 would leave
            # entries unreadable to the web server or to the other members of a shared checkout.
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    if existing is not None:
        try:
            os.chmod(temporary, existing)
        except BaseException:
            handle.close()
            temporary.unlink(missing_ok=True)
            raise
    return temporary, handle
