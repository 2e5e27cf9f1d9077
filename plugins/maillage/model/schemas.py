"""Load the JSON Schemas and expose what other parts derive from them.

The schemas are the single source of truth: validation, forms, issue templates, field
documentation and exports all read them through this module.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from maillage.model import identifiers
from maillage.model.dates import parse_moment
from maillage.model.territory import territory
from maillage.model.types import ENTRY_TYPES, EntryType

# Path pattern inside an entry: keys, with "*" for "any item of a list".
FieldPath = tuple[str, ...]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def schemas_dir() -> Path:
    """Where the schemas live: inside the installed package, or at the repository root."""
    packaged = Path(__file__).resolve().parents[1] / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "schemas"


def _is_date(value: object) -> bool:
    """JSON Schema's `date` (RFC 3339 full-date), checked the way every adapter reads it."""
    return not isinstance(value, str) or (_DATE.fullmatch(value) is not None and parse_moment(value) is not None)


def _is_date_time(value: object) -> bool:
    """JSON Schema's `date-time` (RFC 3339, offset required), checked the way every adapter reads it."""
    return not isinstance(value, str) or (_DATE_TIME.fullmatch(value) is not None and parse_moment(value) is not None)


# Characters RFC 3986 never allows in a URI (non-ASCII letters are accepted: IRIs are common in French).
_URI_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _URI_FORBIDDEN.search(value) or any(unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp") for c in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def _text_check(predicate: Callable[[str], bool]) -> Callable[[object], bool]:
    return lambda value: not isinstance(value, str) or predicate(value)


def format_checks() -> dict[str, Callable[[object], bool]]:
    """Formats we check ourselves, so that both engines and no optional package decide what is valid."""
    return {
        "date": _is_date,
        "date-time": _is_date_time,
        "uri": _is_uri,
        "email": _text_check(lambda v: _EMAIL.fullmatch(v) is not None),
        "siren": _text_check(identifiers.is_siren),
        "siret": _text_check(identifiers.is_siret),
        "rna": _text_check(identifiers.is_rna),
        "commune-insee": _text_check(lambda v: territory().is_commune(v)),
    }


def format_checker() -> FormatChecker:
    """A jsonschema format checker with exactly our format checks."""
    checker = FormatChecker(formats=())
    for name, check in format_checks().items():
        checker.checks(name)(check)
    return checker


@dataclass(frozen=True, eq=False)  # identity hash: a SchemaSet is a cache key
class SchemaSet:
    """All schemas, their registry and compiled validators per entry type.

    Validation runs in two engines with the same schemas and the same format checks:
    `fast` (jsonschema-rs, compiled) answers "valid or not" about a hundred times faster, and
    only entries it rejects go through `validators` (jsonschema), whose structured errors we
    translate into French. Most entries are valid, so checking a large commons stays fast.
    """

    raw: dict[str, dict[str, Any]]
    registry: Registry
    validators: dict[str, Draft202012Validator]
    fast: dict[str, Any]

    def for_type(self, entry_type: EntryType) -> dict[str, Any]:
        """The raw schema of an entry type."""
        return self.raw[entry_type.schema]

    def resolve(self, fragment: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """Follow `$ref` (keeping sibling keywords, which win) until a plain schema remains."""
        while "$ref" in fragment:
            resolver = self.registry.resolver(base_uri=base)
            resolved = resolver.lookup(fragment["$ref"])
            siblings = {k: v for k, v in fragment.items() if k != "$ref"}
            base = resolved.resolver._base_uri
            fragment = {**resolved.contents, **siblings}
        return fragment, base

    def fields(self, entry_type: EntryType) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
        """Every field of a type (depth first), each with its fully resolved schema."""
        schema = self.for_type(entry_type)
        yield from self._walk(schema, schema["$id"], ())

    def _walk(self, fragment: dict[str, Any], base: str, path: FieldPath) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
        fragment, base = self.resolve(fragment, base)
        if path:
            yield path, fragment
        for name, child in fragment.get("properties", {}).items():
            yield from self._walk(child, base, (*path, name))
        items = fragment.get("items")
        if isinstance(items, dict):
            yield from self._walk(items, base, (*path, "*"))

    def reference_fields(self, entry_type: EntryType) -> list[tuple[FieldPath, str]]:
        """Fields that hold ids of other entries, with the folder they must point to."""
        return _reference_fields(self, entry_type)

    def personal_fields(self, entry_type: EntryType) -> list[FieldPath]:
        """Fields that hold personal data (published for a person only with consent)."""
        return [path for path, schema in self.fields(entry_type) if schema.get("x-personnel")]


def values_at(data: Any, pattern: FieldPath, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, Any]]:
    """Values of an entry at a field pattern (`*` = every list item), with their concrete paths."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from values_at(item, rest, (*prefix, index))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*prefix, head))


@cache
def _reference_fields(schemas: SchemaSet, entry_type: EntryType) -> list[tuple[FieldPath, str]]:
    return [(path, schema["x-reference"]) for path, schema in schemas.fields(entry_type) if "x-reference" in schema]


def load_schemas(directory: Path | None = None) -> SchemaSet:
    """Load every `*.schema.json` of a directory and compile one validator per entry type."""
    directory = directory or schemas_dir()
    raw: dict[str, dict[str, Any]] = {}
    resources = []
    for file in sorted(directory.glob("*.schema.json")):
        schema = json.loads(file.read_text("utf-8"))
        raw[file.name.removesuffix(".schema.json")] = schema
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)))
    registry = Registry().with_resources(resources)
    checker = format_checker()
    validators = {
        t.schema: Draft202012Validator(raw[t.schema], registry=registry, format_checker=checker)
        for t in ENTRY_TYPES
    }
    fast_registry = jsonschema_rs.Registry([(schema["$id"], schema) for schema in raw.values()])
    fast = {
        t.schema: jsonschema_rs.validator_for(
            raw[t.schema], registry=fast_registry, formats=format_checks(), validate_formats=True
        )
        for t in ENTRY_TYPES
    }
    return SchemaSet(raw, registry, validators, fast)


@cache
def default_schemas() -> SchemaSet:
    """The schemas shipped with Maillage, loaded once."""
    return load_schemas()
