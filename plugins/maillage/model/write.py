"""Write entries back to disk: front matter that our loader reads back unchanged, at a safe path.

Used by everything that creates or edits entries (issue forms, the web form bridge, the census,
the draw), so that file naming and quoting rules live in one place.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from maillage.model.slug import is_slug
from maillage.model.types import BY_FOLDER


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
    if folder not in BY_FOLDER:
        raise ValueError(f"unknown entry folder: {folder!r}")
    if not is_slug(entry_id):
        raise ValueError(f"not a slug: {entry_id!r}")
    root = content.resolve()
    path = (root / folder / f"{entry_id}.md").resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"path escapes the content directory: {path}")
    return path


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's content atomically (temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
