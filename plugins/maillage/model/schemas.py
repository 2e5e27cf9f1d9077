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
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from maillage.model import identifiers, types
from maillage.model import messages as msg
from maillage.model.dates import local_zone, parse_moment
from maillage.model.images import PICTURE_FORMAT, is_picture_path
from maillage.model.territory import territory
from maillage.model.types import EntryType, FieldPath, SchemaDefinitionError, dotted, is_type_schema

__all__ = ["FieldPath", "SchemaDefinitionError", "SchemaSet", "default_schemas", "load_schemas", "schemas_for"]

SCHEMA_SUFFIX = ".schema.json"
# The `$id` base of the shipped schemas; a schema without `$id` gets this base and its file name.
ID_BASE = "https://maillage.example/schemas/"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")
# An address, not a URL: no query (`?bcc=…` would add recipients to a `mailto:` link), no space,
# quote or control. Local part: letters of any script, digits and RFC 5322's atom signs; domain:
# labels of letters, digits and inner hyphens, with a top-level domain of two letters or more.
_EMAIL_ATOM = r"[\w!#$%&'*+/=^`{|}~-]+"
_EMAIL_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_EMAIL = re.compile(
    rf"(?=.{{3,254}}$)(?=[^@]{{1,64}}@){_EMAIL_ATOM}(?:\.{_EMAIL_ATOM})*@(?:{_EMAIL_LABEL}\.)+[^\W\d_]{{2,}}"
)


def schemas_dir() -> Path:
    """Where the schemas live: inside the installed package, or at the repository root."""
    packaged = Path(__file__).resolve().parents[1] / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "schemas"


def schemas_for(root: Path) -> SchemaSet:
    """The schemas of the commons at `root` (the folder holding `content/` and `mkdocs.yml`):
    its own `schemas/` folder when it has one (a complete set), otherwise those shipped with Maillage."""
    own = root / "schemas"
    if own.is_dir() and any(own.glob(f"*{SCHEMA_SUFFIX}")):
        return _load_cached(own.resolve())
    return default_schemas()


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
        PICTURE_FORMAT: _text_check(is_picture_path),
    }


def format_checker() -> FormatChecker:
    """A jsonschema format checker with exactly our format checks."""
    checker = FormatChecker(formats=())
    for name, check in format_checks().items():
        checker.checks(name)(check)
    return checker


@dataclass(frozen=True, eq=False)  # identity hash: a SchemaSet is a cache key
class SchemaSet:
    """All schemas, the entry types they describe, their registry and compiled validators.

    Validation runs in two engines with the same schemas and the same format checks:
    `fast` (jsonschema-rs, compiled) answers "valid or not" about a hundred times faster, and
    only entries it rejects go through `validators` (jsonschema), whose structured errors we
    translate into French. Most entries are valid, so checking a large commons stays fast.
    """

    raw: dict[str, dict[str, Any]]
    registry: Registry
    validators: dict[str, Draft202012Validator]
    fast: dict[str, Any]
    types: tuple[EntryType, ...]  # in display order (`x-ordre`, then folder)
    by_folder: dict[str, EntryType]
    _fields: dict[str, dict[FieldPath, dict[str, Any]]]
    _references: dict[str, list[tuple[FieldPath, str]]]

    def for_type(self, entry_type: EntryType) -> dict[str, Any]:
        """The raw schema of an entry type."""
        return self.raw[entry_type.schema]

    def resolve(self, fragment: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """Follow `$ref` (keeping sibling keywords, which win) until a plain schema remains."""
        return _resolve(self.registry, fragment, base)

    def fields(self, entry_type: EntryType) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
        """Every field of a type (depth first), each with its fully resolved schema."""
        yield from self._fields[entry_type.schema].items()

    def field_index(self, entry_type: EntryType) -> dict[FieldPath, dict[str, Any]]:
        """Every field of a type by path (the same dictionary on every call: do not change it)."""
        return self._fields[entry_type.schema]

    def reference_fields(self, entry_type: EntryType) -> list[tuple[FieldPath, str]]:
        """Fields that hold ids of other entries, with the folder they must point to."""
        return self._references[entry_type.schema]

    def personal_fields(self, entry_type: EntryType) -> list[FieldPath]:
        """Fields that hold personal data (published for a person only with consent)."""
        return [path for path, schema in self.fields(entry_type) if schema.get("x-personnel")]

    def contact_free_fields(self, entry_type: EntryType) -> list[FieldPath]:
        """Free text published as written, where no phone number or e-mail address may appear."""
        return [path for path, schema in self.fields(entry_type) if schema.get("x-sans-coordonnees")]

    def hidden_fields(self, entry_type: EntryType, context: str) -> list[FieldPath]:
        """Fields whose `x-masque` lists a context: `page`, `formulaire` or `donnees` (computed once)."""
        return _hidden_fields(self, entry_type, context)


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


def field_values(data: Any, pattern: FieldPath | None) -> list[Any]:
    """The values at a field pattern, without their paths (none for a missing pattern)."""
    return [value for _, value in values_at(data, pattern)] if pattern is not None else []


def first_value(data: Any, pattern: FieldPath | None) -> Any:
    """The first value at a pattern (None when there is none)."""
    return next(iter(field_values(data, pattern)), None)


def entry_zone(entry_type: EntryType, data: Any) -> tzinfo:
    """The time of an entry's place: its calendar's zone field (`fuseau`) when set, else its
    commune's zone (`x-commune`), else Paris; see `maillage.model.dates.local_zone`."""
    calendar = entry_type.calendar
    return local_zone(first_value(data, calendar.zone if calendar else None), first_value(data, entry_type.place))


def event_start(entry_type: EntryType, data: Any) -> datetime | None:
    """When an event (`x-calendrier`) starts, as an aware moment at its place's time (a date alone:
    its midnight there), so that "has it begun?" has the same answer on any server."""
    calendar = entry_type.calendar
    return parse_moment(first_value(data, calendar.start), entry_zone(entry_type, data)) if calendar else None


@cache
def _hidden_fields(schemas: SchemaSet, entry_type: EntryType, context: str) -> list[FieldPath]:
    return [path for path, schema in schemas.fields(entry_type) if context in schema.get("x-masque", ())]


def _resolve(registry: Registry, fragment: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    while "$ref" in fragment:
        resolver = registry.resolver(base_uri=base)
        resolved = resolver.lookup(fragment["$ref"])
        siblings = {k: v for k, v in fragment.items() if k != "$ref"}
        base = resolved.resolver._base_uri
        fragment = {**resolved.contents, **siblings}
    return fragment, base


def _walk(
    registry: Registry, fragment: dict[str, Any], base: str, path: FieldPath = ()
) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    fragment, base = _resolve(registry, fragment, base)
    if path:
        yield path, fragment
    for name, child in fragment.get("properties", {}).items():
        yield from _walk(registry, child, base, (*path, name))
    items = fragment.get("items")
    if isinstance(items, dict):
        yield from _walk(registry, items, base, (*path, "*"))


def _reference_fields(fields: dict[FieldPath, dict[str, Any]]) -> list[tuple[FieldPath, str]]:
    return [(path, schema["x-reference"]) for path, schema in fields.items() if "x-reference" in schema]


def load_schemas(directory: Path | None = None) -> SchemaSet:
    """Load every `*.schema.json` of a directory: each schema of an object is an entry type
    (see `maillage.model.types`), compiled into one validator per engine.

    Raises `SchemaDefinitionError` (a French message naming the file) for a schema that cannot
    be read or declares a type that cannot be used.
    """
    directory = directory or schemas_dir()
    raw: dict[str, dict[str, Any]] = {}
    for file in sorted(directory.glob(f"*{SCHEMA_SUFFIX}")):
        try:
            schema = json.loads(file.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemaDefinitionError(msg.SCHEMA_UNREADABLE.format(file=file.name, reason=exc)) from exc
        if not isinstance(schema, dict):
            raise SchemaDefinitionError(msg.SCHEMA_UNREADABLE.format(file=file.name, reason=msg.SCHEMA_NOT_OBJECT))
        schema.setdefault("$id", ID_BASE + file.name)
        raw[file.name.removesuffix(SCHEMA_SUFFIX)] = schema
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012)) for s in raw.values()
    )
    names = [name for name, schema in raw.items() if is_type_schema(schema)]
    fields = {name: dict(_walk(registry, raw[name], raw[name]["$id"])) for name in names}
    found = sorted((types.entry_type(n, raw[n], fields[n]) for n in names), key=lambda t: (t.order, t.folder))
    by_folder = _by_folder(found, fields)
    checker = format_checker()
    fast_registry = jsonschema_rs.Registry([(schema["$id"], schema) for schema in raw.values()])
    validators = {n: Draft202012Validator(raw[n], registry=registry, format_checker=checker) for n in names}
    fast = {
        n: jsonschema_rs.validator_for(raw[n], registry=fast_registry, formats=format_checks(), validate_formats=True)
        for n in names
    }
    references = {n: _reference_fields(fields[n]) for n in names}
    return SchemaSet(raw, registry, validators, fast, tuple(found), by_folder, fields, references)


def _by_folder(found: list[EntryType], fields: dict[str, dict[FieldPath, dict[str, Any]]]) -> dict[str, EntryType]:
    """Types by folder; two types may not share one, and every `x-reference` must name one."""
    by_folder: dict[str, EntryType] = {}
    for entry_type in found:
        other = by_folder.setdefault(entry_type.folder, entry_type)
        if other is not entry_type:
            reason = msg.SCHEMA_SAME_FOLDER.format(folder=entry_type.folder, other=other.schema)
            raise SchemaDefinitionError(
                msg.SCHEMA_BAD_KEY.format(file=entry_type.schema + SCHEMA_SUFFIX, key="x-dossier", reason=reason)
            )
    for entry_type in found:
        for path, folder in _reference_fields(fields[entry_type.schema]):
            if folder not in by_folder:
                raise SchemaDefinitionError(msg.SCHEMA_BAD_REFERENCE.format(
                    file=entry_type.schema + SCHEMA_SUFFIX, field=dotted(path), folder=folder))
    return by_folder


@cache
def _load_cached(directory: Path) -> SchemaSet:
    return load_schemas(directory)


@cache
def default_schemas() -> SchemaSet:
    """The schemas shipped with Maillage, loaded once."""
    return _load_cached(schemas_dir().resolve())
