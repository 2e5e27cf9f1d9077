"""Form descriptions derived from the JSON Schemas: one `FormField` per field a person fills in.

The web form (bridge), the GitHub issue templates and the field reference in CONTRIBUTING.md
are all built from `form_fields`, so a schema change reaches every form without a second,
hand-maintained copy. `data_from_form` and `values_from_data` convert between the flat values a
form submits (name -> list of strings) and typed entry data; validation stays with the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from maillage.model import SchemaSet, default_schemas
from maillage.model.types import EntryType

SCHEMA_VERSION = 1

# A text longer than this gets a multi-line box rather than a one-line input.
_TEXTAREA_FROM = 301
_STRING_FORMATS = {"date": "date", "date-time": "datetime", "uri": "url", "email": "email"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+[.,][0-9]+")
_TRUE_WORDS = frozenset({"true", "on", "1", "oui", "yes", "vrai"})
_FALSE_WORDS = frozenset({"false", "off", "0", "non", "no", "faux"})
_LIST_SEPARATORS = re.compile(r"[\n,;]+")
# What is trimmed around a value: ASCII blanks only. `str.strip()` would also drop U+0085, U+2028
# and other separators silently; those reach the model, which refuses them by name.
_BLANKS = " \t\r\n"


@dataclass(frozen=True)
class FormField:
    """One field of an entry form, as a person sees it."""

    name: str  # dotted key: "univers.pratique", "contact.courriel", "acteurs" (repeat group)
    path: tuple[str, ...]
    label: str  # schema title (French)
    help: str  # schema description (French)
    kind: str  # text | commune | textarea | integer | boolean | date | datetime | url | email | select
    # | checkboxes | reference | references | lines | group | repeat
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (value, French label)
    reference_folder: str | None = None
    personal: bool = False
    max_length: int | None = None
    children: tuple[FormField, ...] = ()

    def choice_label(self, value: str) -> str:
        """The French label of one of the field's values (the value itself if unknown)."""
        return dict(self.choices).get(value, value)


def form_fields(entry_type: EntryType, schemas: SchemaSet | None = None) -> list[FormField]:
    """The fields a person fills in for an entry type, in schema order; fields filled by tools
    (`x-masque: [formulaire]`: the format version, census provenance, a draw's seed…) are left out."""
    schemas = schemas or default_schemas()
    schema = schemas.for_type(entry_type)
    root, base = schemas.resolve(schema, schema["$id"])
    # Paths as form fields name them: without the list markers of repeat groups.
    hidden = frozenset(tuple(p for p in path if p != "*") for path in schemas.hidden_fields(entry_type, "formulaire"))
    return _object_fields(schemas, root, base, (), hidden)


def iter_leaves(fields: Iterable[FormField]) -> Iterator[FormField]:
    """Every field that holds a value (groups are walked; repeat groups are yielded whole)."""
    for field in fields:
        if field.kind == "group":
            yield from iter_leaves(field.children)
        else:
            yield field


def find_field(fields: Iterable[FormField], name: str) -> FormField | None:
    """The field with a dotted name, searching inside groups (not inside repeat groups)."""
    for field in fields:
        if field.name == name:
            return field
        if field.kind == "group" and name.startswith(field.name + "."):
            found = find_field(field.children, name)
            if found is not None:
                return found
    return None


def _object_fields(
    schemas: SchemaSet, fragment: dict[str, Any], base: str, path: tuple[str, ...], hidden: frozenset[tuple[str, ...]]
) -> list[FormField]:
    required = set(fragment.get("required", ()))
    return [
        _field(schemas, child, base, (*path, name), name in required, hidden)
        for name, child in fragment.get("properties", {}).items()
        if (*path, name) not in hidden
    ]


def _field(
    schemas: SchemaSet,
    fragment: dict[str, Any],
    base: str,
    path: tuple[str, ...],
    required: bool,
    hidden: frozenset[tuple[str, ...]],
) -> FormField:
    schema, base = schemas.resolve(fragment, base)
    kind, extra = _kind(schemas, schema, base, path, hidden)
    return FormField(
        name=".".join(path),
        path=path,
        label=schema.get("title") or _label_from_name(path[-1]),
        help=schema.get("description", ""),
        kind=kind,
        required=required,
        personal=bool(schema.get("x-personnel")),
        max_length=schema.get("maxLength"),
        **extra,
    )


def _kind(
    schemas: SchemaSet, schema: dict[str, Any], base: str, path: tuple[str, ...], hidden: frozenset[tuple[str, ...]]
) -> tuple[str, dict[str, Any]]:
    """The form kind of a resolved schema, and the FormField attributes that go with it."""
    kind = schema.get("type")
    if "enum" in schema:
        return "select", {"choices": _choices(schema)}
    if "x-reference" in schema:
        return "reference", {"reference_folder": schema["x-reference"]}
    if kind in ("integer", "number"):
        return kind, {}
    if kind == "boolean":
        return "boolean", {}
    if kind == "object":
        return "group", {"children": tuple(_object_fields(schemas, schema, base, path, hidden))}
    if kind == "array":
        items, items_base = schemas.resolve(schema.get("items", {}), base)
        if "enum" in items:
            return "checkboxes", {"choices": _choices(items)}
        if "x-reference" in items:
            return "references", {"reference_folder": items["x-reference"]}
        if items.get("type") == "object":
            return "repeat", {"children": tuple(_object_fields(schemas, items, items_base, path, hidden))}
        return "lines", {}
    if schema.get("format") == "commune-insee":
        return "commune", {}  # asked by name; see maillage.forms.communes
    if schema.get("format") in _STRING_FORMATS:
        return _STRING_FORMATS[schema["format"]], {}
    max_length = schema.get("maxLength")
    if max_length is not None and max_length >= _TEXTAREA_FROM:
        return "textarea", {}
    return "text", {}


def _choices(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    labels = schema.get("x-libelles", {})
    return tuple((str(value), labels.get(value, str(value))) for value in schema["enum"])


def _label_from_name(name: str) -> str:
    """A readable label for a field the schema left without a title."""
    return name.replace("_", " ").capitalize()


def data_from_form(
    entry_type: EntryType, values: Mapping[str, list[str]], schemas: SchemaSet | None = None
) -> dict[str, Any]:
    """Typed entry data from flat submitted values; empty values are dropped, nothing is validated.

    `values` maps dotted names to lists of strings (repeat groups as `acteurs.0.acteur`). A value
    that cannot be converted (a non-integer in an integer field) is kept as text so that the
    model's validator reports it in French. `schema_version` is always set. Never raises.
    """
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(_object_data(form_fields(entry_type, schemas), values, ""))
    return data


def _object_data(
    fields: Iterable[FormField], values: Mapping[str, list[str]], prefix: str
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in fields:
        key = prefix + field.path[-1]
        value = _field_data(field, values, key)
        if value not in (None, "", [], {}):
            data[field.path[-1]] = value
    return data


def _field_data(field: FormField, values: Mapping[str, list[str]], key: str) -> Any:
    if field.kind == "group":
        return _object_data(field.children, values, key + ".")
    if field.kind == "repeat":
        items = (
            _object_data(field.children, values, f"{key}.{index}.")
            for index in _indices(values, key)
        )
        return [item for item in items if item]
    raw = [v for v in _strings(values.get(key)) if v.strip(_BLANKS)]
    if field.kind in ("checkboxes", "references"):
        return _unique(
            part.strip(_BLANKS) for v in raw for part in _LIST_SEPARATORS.split(v) if part.strip(_BLANKS)
        )
    if field.kind == "lines":
        return [line.strip(_BLANKS) for v in raw for line in _normalise(v).split("\n") if line.strip(_BLANKS)]
    if not raw:
        return None
    return _scalar(field.kind, raw[0])


def _scalar(kind: str, value: str) -> Any:
    if kind == "textarea":
        return _normalise(value).strip("\n")
    text = value.strip(_BLANKS)
    if kind in ("integer", "number") and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))  # a French decimal comma is read as a point
    if kind == "boolean":
        word = text.lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return text


def _strings(raw: object) -> list[str]:
    """Submitted values as a list of strings, whatever a careless caller passed."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable):
        return [item for item in raw if isinstance(item, str)]
    return []


def _normalise(text: str) -> str:
    # Browsers send line ends as CR LF. A lone CR is kept: the model refuses it, visibly (it
    # would hide the start of a line in a terminal), rather than being turned into a line end.
    return text.replace("\r\n", "\n")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _indices(values: Mapping[str, list[str]], key: str) -> list[int]:
    """Indices of a repeat group's submitted items, in numeric order."""
    pattern = re.compile(re.escape(key) + r"\.([0-9]{1,4})\.")
    found = {int(match.group(1)) for name in values if (match := pattern.match(name))}
    return sorted(found)


def values_from_data(
    entry_type: EntryType, data: Mapping[str, Any], schemas: SchemaSet | None = None
) -> dict[str, list[str]]:
    """Flat form values from entry data, to pre-fill a form (inverse of `data_from_form`).

    Lists of choices and of references give one string per item; a "lines" field gives one
    string with one item per line (a text box); booleans give "true" / "false".
    """
    values: dict[str, list[str]] = {}
    _fill(form_fields(entry_type, schemas), data, "", values)
    return values


def _fill(
    fields: Iterable[FormField], data: Mapping[str, Any], prefix: str, values: dict[str, list[str]]
) -> None:
    for field in fields:
        key = prefix + field.path[-1]
        value = data.get(field.path[-1])
        if value is None:
            continue
        if field.kind == "group" and isinstance(value, Mapping):
            _fill(field.children, value, key + ".", values)
        elif field.kind == "repeat" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    _fill(field.children, item, f"{key}.{index}.", values)
        elif field.kind == "lines" and isinstance(value, list):
            values[key] = ["\n".join(_text(item) for item in value)]
        elif isinstance(value, list):
            values[key] = [_text(item) for item in value]
        elif field.kind not in ("group", "repeat"):
            values[key] = [_text(value)]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
