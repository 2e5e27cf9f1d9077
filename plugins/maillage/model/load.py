"""Read entry files: front matter and Markdown body, parsed safely, with source positions.

YAML is composed by libyaml (fast, no object construction), then turned into plain
Python values by our own small constructor, which:
- keeps the text of anything that is not unambiguously a number, boolean or null
  (postal and INSEE codes such as `01000`, `no`, `12:30`, dates stay strings: the
  schema then checks types, so nothing is silently changed);
- refuses aliases (expansion bombs), merge keys, non-standard tags (`!!python/...`),
  duplicate keys and non-string keys;
- records the line and column of every key and item so messages can point at them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

from maillage.model import messages as msg
from maillage.model.controls import forbidden, name_of
from maillage.model.problems import EntryError, Problem

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN = "tag:maillage,2026:plain"  # an untagged scalar, to be typed by `_scalar`
_DEFAULT_TAGS = {
    yaml.ScalarNode: _PLAIN,
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's composer with a no-op resolver: plain scalars are typed by `_scalar` below,
    and YAML 1.1 implicit resolution (the slow part, and the source of `no` → False) never runs."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]

MAX_FILE_BYTES = 256 * 1024

Position = tuple[int, int]
JsonPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "value")
} | {_PLAIN}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)([eE][-+]?[0-9]+)?")
_NUMBER_START = frozenset("0123456789+-.")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class Document:
    """A parsed entry file: its data, its Markdown body and where each value sits."""

    path: str
    data: dict[str, Any]
    body: str
    positions: dict[JsonPath, Position] = field(default_factory=dict)
    body_line: int = 1
    # Fields merged from the entry's data file (`maillage.model.datafile`), and where it is.
    attached_keys: frozenset[str] = frozenset()
    attached_path: str | None = None
    attached_source: Path | None = None
    _attached_positions: dict[JsonPath, Position] | None = None
    # Problems found while reading that do not stop it (invisible control characters).
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: JsonPath) -> Position:
        """Line and column of the value at `path`, or of its nearest located ancestor."""
        return self.locate(path)[1:]  # type: ignore[return-value]

    def locate(self, path: JsonPath) -> tuple[str, int, int]:
        """File, line and column of the value at `path` (in the data file for its fields)."""
        if path and path[0] in self.attached_keys and self.attached_path:
            return self.attached_path, *_nearest(self._data_file_positions(), path, (1, 1))
        return self.path, *_nearest(self.positions, path, self.positions.get((), (1, 1)))

    def front_matter(self) -> dict[str, Any]:
        """The values written in the entry file itself (what a writer of the entry writes back)."""
        return {k: v for k, v in self.data.items() if k not in self.attached_keys}

    def _data_file_positions(self) -> dict[JsonPath, Position]:
        # Only needed to point at a problem: JSON is YAML, so our YAML reader gives positions.
        if self._attached_positions is None:
            self._attached_positions = {}
            if self.attached_source is not None:
                try:
                    text = self.attached_source.read_text("utf-8")
                    self._attached_positions = parse_yaml(text, self.attached_path or "")[1]
                except (OSError, UnicodeDecodeError, EntryError):
                    pass
        return self._attached_positions


def _nearest(positions: dict[JsonPath, Position], path: JsonPath, default: Position) -> Position:
    while path:
        found = positions.get(path)
        if found:
            return found
        path = path[:-1]
    return default


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one entry file; raise `EntryError` with French problems if unusable."""
    shown = display or str(path)
    return parse_document(read_regular(path, shown, MAX_FILE_BYTES, msg.FILE_TOO_LARGE), shown)


def read_regular(path: Path, shown: str, limit: int, too_large: str) -> bytes:
    """The bytes of a regular file of the content folder, `limit` at most; never through a link,
    never blocking on a FIFO or a device. Raises `EntryError` with a French problem otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(shown, 1, 1, msg.CONTENT_SYMLINK.format(name=path.name)) from exc
        raise _fail(shown, 1, 1, msg.FILE_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _fail(shown, 1, 1, msg.CONTENT_SPECIAL_FILE.format(name=path.name))
        if info.st_size > limit:
            raise _fail(shown, 1, 1, too_large.format(size=info.st_size, limit=limit))
        try:
            return handle.read(limit + 1)
        except OSError as exc:
            raise _fail(shown, 1, 1, msg.FILE_UNREADABLE.format(reason=exc.strerror or exc)) from exc


def parse_document(raw: bytes, display: str) -> Document:
    """Parse the bytes of an entry file (see `read_document`)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(display, 1, 1, msg.FILE_TOO_LARGE.format(size=len(raw), limit=MAX_FILE_BYTES))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(display, 1, 1, msg.BOM)
    text = _decode(raw, display)
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        raise _fail(display, line, col, msg.NUL_BYTE)
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise _fail(display, 1, 1, msg.NO_FRONT_MATTER)
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise _fail(display, 1, 1, msg.FRONT_MATTER_NOT_CLOSED)
    yaml_text = text[4 : end.start()]
    body = text[end.end() + 1 :]
    body_line = text.count("\n", 0, end.end()) + 2
    data, positions = parse_yaml(yaml_text, display, line_offset=1)
    if not isinstance(data, dict):
        raise _fail(display, 2, 1, msg.FRONT_MATTER_NOT_MAPPING)
    problems = [
        Problem(display, *_line_col(text, index), msg.CONTROL_CHARACTER.format(name=name_of(character)))
        for index, character in islice(forbidden(text), _MAX_CONTROL_PROBLEMS)
    ]
    if "\\" in yaml_text:  # only an escape in a double-quoted value can hide one from the scan above
        problems += islice(escaped_controls(data, (), positions, display), _MAX_CONTROL_PROBLEMS)
    return Document(display, data, body, positions, body_line, problems=problems)


_MAX_CONTROL_PROBLEMS = 20


def escaped_controls(
    value: Any, path: JsonPath, positions: dict[JsonPath, Position], display: str
) -> Iterator[Problem]:
    """Values holding an invisible control character written as an escape (YAML `"\\e"`, JSON `"\\u001b"`)."""
    if isinstance(value, str):
        for _, character in islice(forbidden(value), 1):
            line, column = positions.get(path, (1, 1))
            field_name = dotted(path)
            yield Problem(display, line, column, msg.CONTROL_IN_VALUE.format(field=field_name, name=name_of(character)),
                          field_name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from escaped_controls(item, (*path, key), positions, display)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from escaped_controls(item, (*path, index), positions, display)


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[Any, dict[JsonPath, Position]]:
    """Parse a YAML text safely into plain values and a map of positions."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
        raise _fail(display, line, col, msg.YAML_SYNTAX.format(reason=_yaml_reason(exc))) from exc
    except yaml.YAMLError as exc:
        raise _fail(display, 1 + line_offset, 1, msg.YAML_SYNTAX.format(reason=exc)) from exc
    if node is None:
        return {}, {(): (1 + line_offset, 1)}
    builder = _Builder(display, line_offset)
    value = builder.build(node, ())
    if builder.problems:
        raise EntryError(builder.problems)
    return value, builder.positions


class _Builder:
    """Turns a composed YAML node graph into plain values, collecting every problem."""

    def __init__(self, display: str, line_offset: int):
        self.display = display
        self.line_offset = line_offset
        self.positions: dict[JsonPath, Position] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def _where(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def _problem(self, node: yaml.Node, message: str, path: JsonPath = ()) -> None:
        line, col = self._where(node)
        self.problems.append(Problem(self.display, line, col, message, dotted(path)))

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        if id(node) in self._seen:
            # A composed node reached twice can only come from an alias: refuse it so a
            # few lines cannot expand into millions of values.
            self._problem(node, msg.YAML_ALIAS, path)
            return None
        self._seen.add(id(node))
        self.positions.setdefault(path, self._where(node))
        if node.tag not in _STANDARD_TAGS:
            self._problem(node, msg.YAML_TAG.format(tag=node.tag), path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.value == "<<" and not getattr(key_node, "style", None):
                self._problem(key_node, msg.YAML_MERGE, path)
                continue
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self._problem(key_node, msg.YAML_KEY_NOT_TEXT.format(key=key_node.value), path)
                continue
            child = (*path, key)
            if key in result:
                first = self.positions[child][0]
                self._problem(key_node, msg.YAML_DUPLICATE_KEY.format(key=key, line=first), child)
                continue
            self.positions[child] = self._where(key_node)
            result[key] = self.build(value_node, child)
        return result


def _scalar(node: yaml.ScalarNode) -> Any:
    """Type a scalar the YAML 1.2 way, but keep text that only YAML 1.1 would coerce."""
    text = node.value
    if node.style or node.tag == "tag:yaml.org,2002:str":
        return text  # quoted or block scalar: always text (libyaml marks plain style as "")
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] not in _NUMBER_START:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        raise _fail(display, line, col, msg.NOT_UTF8.format(byte=raw[exc.start])) from exc


def _line_col(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    return msg.translate_yaml_problem(exc.problem or exc.context or "")


def dotted(path: JsonPath) -> str:
    """Human form of a JSON path: `identifiants.siret`, `acteurs.0.role`."""
    return ".".join(str(p) for p in path)


def _fail(display: str, line: int, col: int, message: str) -> EntryError:
    return EntryError([Problem(display, line, col, message)])
