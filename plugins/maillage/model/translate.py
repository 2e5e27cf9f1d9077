"""Turn jsonschema validation errors into French problems located at the right YAML line."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from jsonschema.exceptions import ValidationError

from maillage.model import messages as msg
from maillage.model.commune_fields import invalid_commune_message
from maillage.model.load import Document, JsonPath, dotted
from maillage.model.problems import Problem
from maillage.model.territory import Scope

_BOOLEAN_WORDS = {"yes", "no", "oui", "non", "on", "off", "y", "n", "vrai", "faux"}


def problems_from_error(error: ValidationError, doc: Document, scope: Scope | None = None) -> Iterator[Problem]:
    """French problems for one jsonschema error (several for a `required` with many missing)."""
    path: JsonPath = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        for name in error.validator_value:
            if name not in present:
                yield _at(doc, path, (*path, name), msg.REQUIRED.format(field=dotted((*path, name))))
        return
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = msg.UNKNOWN_FIELD_HINT.format(suggestion=close[0]) if close else ""
                field = (*path, name)
                yield _at(doc, field, field, msg.UNKNOWN_FIELD.format(field=dotted(field), hint=hint))
        return
    yield _at(doc, path, path, _message(error, dotted(path) or "(fiche)", scope))


def _at(doc: Document, where: JsonPath, field: JsonPath, message: str) -> Problem:
    path, line, column = doc.locate(where)
    return Problem(path, line, column, message, dotted(field))


def _message(error: ValidationError, field: str, scope: Scope | None) -> str:
    value = error.instance
    kind = error.validator
    limit = error.validator_value
    if error.schema.get("format") == "commune-insee" and kind in ("type", "format"):
        explained = invalid_commune_message(field, value, scope)
        if explained:
            return explained
    if kind == "type":
        return _type_message(field, value, limit)
    if kind == "enum":
        return msg.ENUM.format(field=field, value=_show(value), allowed=", ".join(map(str, limit)))
    if kind == "const":
        if field == "schema_version":
            return msg.SCHEMA_VERSION.format(expected=limit)
        return msg.CONST.format(field=field, expected=limit)
    if kind == "format":
        return _format_message(field, value, limit)
    if kind == "pattern":
        description = error.schema.get("description") or limit
        return msg.PATTERN.format(field=field, value=_show(value), description=description)
    simple = {
        "minLength": lambda: msg.MIN_LENGTH.format(field=field),
        "maxLength": lambda: msg.MAX_LENGTH.format(field=field, length=len(value), limit=limit),
        "minimum": lambda: msg.MINIMUM.format(field=field, limit=limit),
        "maximum": lambda: msg.MAXIMUM.format(field=field, limit=limit),
        "minItems": lambda: msg.MIN_ITEMS.format(field=field, limit=limit),
        "maxItems": lambda: msg.MAX_ITEMS.format(field=field, count=len(value), limit=limit),
        "uniqueItems": lambda: msg.UNIQUE_ITEMS.format(field=field),
        "minProperties": lambda: msg.MIN_PROPERTIES.format(field=field, limit=limit),
    }
    if kind in simple:
        return simple[kind]()
    return msg.GENERIC.format(field=field, reason=error.message)


def _type_message(field: str, value: object, expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    wanted = " ou ".join(msg.TYPE_NAMES.get(n, n) for n in names)
    text = msg.TYPE.format(field=field, expected=wanted, value=_show(value))
    if "boolean" in names and isinstance(value, str) and value.lower() in _BOOLEAN_WORDS:
        text += msg.TYPE_BOOLEAN_HINT
    return text


def _format_message(field: str, value: object, fmt: str) -> str:
    template = msg.FORMAT.get(fmt)
    if template is None:
        return msg.GENERIC.format(field=field, reason=fmt)
    return template.format(field=field, value=_show(value))


def _show(value: object) -> str:
    text = "vide" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
