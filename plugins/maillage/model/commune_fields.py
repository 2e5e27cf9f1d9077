"""What an entry says about where it is: its commune fields, read and cross-checked for a person.

The schemas say which fields hold a commune (`"format": "commune-insee"`) and which hold a postal
address (`"x-adresse": true`; an address describes the commune field beside it, or the entry's
own commune). From them, for one entry:
- `invalid_commune_message`: a value that is not a current INSEE code, explained — a name ("écrivez
  commune: "08363" (Revin)"), a postal code, a former code that is also a postal code (both
  readings), an ambiguous name (the candidates);
- `address_problems`: a valid code that its own address contradicts ("le code INSEE 08200 est
  celui de Grivy-Loisy, mais l'adresse indique 08200 Sedan : vérifiez");
- `corrections`: the codes that can be written without doubt (for `maillage verifier --corriger`);
- `commune_changes`: the commune values a change adds or modifies, to show them by name wherever
  a person reviews a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from maillage.model import communes
from maillage.model import messages as msg
from maillage.model.communes import Resolution, resolve
from maillage.model.load import Document, JsonPath, dotted
from maillage.model.problems import Problem, Severity
from maillage.model.schemas import FieldPath, SchemaSet, values_at
from maillage.model.territory import Scope, territory
from maillage.model.types import EntryType

# "…, 08200 Sedan", "08200 SEDAN CEDEX", "BP 12 - 08200 Sedan": the last postal code and the words after it.
_ADDRESS_END = re.compile(r"(?<!\d)(\d{5})(?!\d)(?:[\s,-]+([^\d,;]*?))?\s*(?:cedex\b.*)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Correction:
    """A commune value that can be replaced by a code without doubt."""

    path: JsonPath
    old: str
    new: str  # the INSEE code to write
    name: str  # the commune's name


@dataclass(frozen=True, slots=True)
class CommuneChange:
    """A commune value added or modified by a change, with how a person reads it."""

    field: str
    line: int
    old: str | None
    new: str
    description: str  # "08200 — Grivy-Loisy (CC de l'Argonne Ardennaise)", or the raw value when unknown


@cache
def commune_paths(schemas: SchemaSet, entry_type: EntryType) -> tuple[FieldPath, ...]:
    """Fields of a type that hold a commune's INSEE code."""
    return tuple(path for path, schema in schemas.fields(entry_type) if schema.get("format") == "commune-insee")


@cache
def address_pairs(schemas: SchemaSet, entry_type: EntryType) -> tuple[tuple[FieldPath, FieldPath], ...]:
    """(address field, the commune field it describes): the commune beside it, else the nearest above."""
    communes_of_type = commune_paths(schemas, entry_type)
    pairs = []
    for path, schema in schemas.fields(entry_type):
        if not schema.get("x-adresse"):
            continue
        for depth in range(len(path) - 1, -1, -1):
            candidate = (*path[:depth], "commune")
            if candidate in communes_of_type:
                pairs.append((path, candidate))
                break
    return tuple(pairs)


def _as_text(value: object) -> str | None:
    """A commune value as text: an unquoted code (a YAML number) counts too."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _write(key: str, code: str, name: str) -> str:
    return msg.COMMUNE_WRITE.format(key=key, code=code, name=name)


def invalid_commune_message(field: str, value: object, scope: Scope | None = None) -> str | None:
    """A French explanation for a commune value that is not a current INSEE code, or None."""
    text = _as_text(value)
    if text is None or (isinstance(value, str) and territory().is_commune(text)):
        return None
    key = field.rsplit(".", 1)[-1]
    found = resolve(text, scope)
    if found.commune is not None:
        explained = _single_reading(field, key, text, found)
    elif found.candidates:
        explained = _several_readings(field, key, text, found)
    elif any(character.isalpha() for character in text):  # a name nobody has (a hamlet, a typo)
        explained = msg.COMMUNE_NO_SUCH_NAME.format(field=field, value=text)
    else:
        explained = None
    if isinstance(value, int):  # an unquoted code: YAML read a number
        number = msg.COMMUNE_NUMBER.format(field=field)
        return f"{number}\n{explained}" if explained else number
    return explained


def _single_reading(field: str, key: str, text: str, found: Resolution) -> str:
    candidate = found.candidates[0]
    commune = candidate.commune
    write = _write(key, commune.code, commune.name)
    if candidate.how == communes.FORMER_CODE:
        old_name = candidate.detail or f"la commune {text}"
        return msg.COMMUNE_MERGED.format(field=field, value=text, old_name=old_name, name=commune.name, write=write)
    if candidate.how == communes.ARRONDISSEMENT:
        return msg.COMMUNE_ARRONDISSEMENT.format(field=field, value=text, name=candidate.detail, write=write)
    if candidate.how == communes.POSTAL_CODE:
        return msg.COMMUNE_POSTAL_ONE.format(field=field, value=text, write=write)
    if candidate.how == communes.FORMER_NAME:
        return msg.COMMUNE_FORMER_NAME.format(value=text, name=commune.name, write=write)
    return msg.COMMUNE_NAME.format(value=text, write=write)


def _several_readings(field: str, key: str, text: str, found: Resolution) -> str:
    listed = "\n".join(_reading_line(c, key, text) for c in found.candidates[:12])
    if len(found.candidates) > 12:
        listed += "\n" + msg.PLACE_MORE.format(count=len(found.candidates) - 12)
    if all(c.how == communes.PREFIX for c in found.candidates):
        return msg.COMMUNE_PREFIX.format(field=field, value=text, candidates=listed)
    if all(c.how == communes.POSTAL_CODE for c in found.candidates):
        return msg.COMMUNE_POSTAL_MANY.format(field=field, value=text, candidates=listed)
    return msg.COMMUNE_AMBIGUOUS.format(field=field, value=text, candidates=listed)


def _reading_line(candidate: communes.Candidate, key: str, text: str) -> str:
    values = {"label": candidate.label, "key": key, "code": candidate.commune.code}
    if candidate.how == communes.CODE:
        return msg.COMMUNE_READING_CODE.format(**values)
    if candidate.how == communes.FORMER_CODE:
        return msg.COMMUNE_READING_FORMER.format(old_name=candidate.detail or text, **values)
    if candidate.how == communes.POSTAL_CODE:
        return msg.COMMUNE_READING_POSTAL.format(**values)
    return msg.COMMUNE_READING.format(**values)


def parse_address(address: str) -> tuple[str, str] | None:
    """(postal code, town) at the end of a French address; the town may be ""."""
    match = _ADDRESS_END.search(address.strip())
    if not match:
        return None
    return match.group(1), (match.group(2) or "").strip(" -")


def address_problems(
    entry_type: EntryType, document: Document, schemas: SchemaSet, scope: Scope | None = None
) -> list[Problem]:
    """Warnings for valid commune codes that the entry's own addresses contradict."""
    problems = []
    for address_path, commune_path in address_pairs(schemas, entry_type):
        for path, address in values_at(document.data, address_path):
            commune_at = (*path[: len(commune_path) - 1], commune_path[-1])
            code = _value_at(document.data, commune_at)
            field = dotted(commune_at)
            found = _contradiction(field, code, address, scope) if isinstance(address, str) else None
            if found:
                line, column = document.position(commune_at)
                problems.append(Problem(document.path, line, column, found[0], field, Severity.WARNING))
    return problems


def _value_at(data: Any, path: JsonPath) -> Any:
    for key in path:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _contradiction(
    field: str, code: object, address: str, scope: Scope | None
) -> tuple[str, communes.Commune | None] | None:
    """(message, the commune the address designates) when the address contradicts a valid code."""
    geo = territory()
    commune = geo.commune(code) if isinstance(code, str) else None
    parsed = parse_address(address)
    if commune is None or parsed is None:
        return None
    postal, town = parsed
    by_address = resolve(f"{town} {postal}" if town else postal, scope)
    designated = by_address.commune
    town_elsewhere = bool(town) and designated is not None and designated.code != commune.code
    if postal in commune.postal_codes and not town_elsewhere:
        return None
    shown = f"{postal} {town}".strip()
    message = msg.COMMUNE_ADDRESS.format(field=field, code=commune.code, name=commune.name, address=shown)
    if designated is not None and designated.code != commune.code:
        key = field.rsplit(".", 1)[-1]
        message += msg.COMMUNE_ADDRESS_HINT.format(name=designated.name, key=key, code=designated.code)
    return message, designated


def corrections(
    entry_type: EntryType, document: Document, schemas: SchemaSet, scope: Scope | None = None
) -> list[Correction]:
    """Commune values that can be replaced by a code without doubt.

    A value that is not a current code and designates exactly one commune (inside the commons'
    territory, when it has one: a name found only elsewhere is explained, never written); a valid code that
    is in fact the postal code of the entry's own address, when that address designates exactly
    one commune (the most common mistake: "08200" typed for Sedan, 08200 Sedan).
    """
    geo = territory()
    found: list[Correction] = []
    for pattern in commune_paths(schemas, entry_type):
        for path, value in values_at(document.data, pattern):
            text = _as_text(value)
            if text is None:
                continue
            if isinstance(value, str) and geo.is_commune(text):
                continue
            commune = resolve(text, scope).commune
            if commune is not None and (scope is None or scope.contains(commune.code)):
                found.append(Correction(path, text, commune.code, commune.name))
    for address_path, commune_path in address_pairs(schemas, entry_type):
        for path, address in values_at(document.data, address_path):
            commune_at = (*path[: len(commune_path) - 1], commune_path[-1])
            code = _value_at(document.data, commune_at)
            parsed = parse_address(address) if isinstance(address, str) else None
            if not isinstance(code, str) or parsed is None or parsed[0] != code:
                continue
            contradiction = _contradiction(dotted(commune_at), code, address, scope)
            if contradiction and contradiction[1] is not None:
                designated = contradiction[1]
                found.append(Correction(commune_at, code, designated.code, designated.name))
    return found


def commune_changes(
    entry_type: EntryType, old_data: dict | None, document: Document, schemas: SchemaSet
) -> list[CommuneChange]:
    """Commune values of `document` that are new or differ from `old_data` (None: a new entry)."""
    geo = territory()
    changes = []
    for pattern in commune_paths(schemas, entry_type):
        before = {path: value for path, value in values_at(old_data or {}, pattern)}
        for path, value in values_at(document.data, pattern):
            text = _as_text(value)
            if text is None or before.get(path) == value:
                continue
            old = _as_text(before.get(path))
            description = geo.describe(text) if geo.is_commune(text) else msg.COMMUNE_UNKNOWN_VALUE.format(value=text)
            changes.append(CommuneChange(dotted(path), document.position(path)[0], old, text, description))
    return changes


def commune_change_text(change: CommuneChange) -> str:
    """"commune : 08200 — Grivy-Loisy (CC de l'Argonne Ardennaise)", with the value before when there was one."""
    text = msg.COMMUNE_CHANGE.format(field=change.field, description=change.description)
    if change.old:
        geo = territory()
        before = geo.describe(change.old) if geo.is_commune(change.old) else change.old
        text += msg.COMMUNE_CHANGE_BEFORE.format(before=before)
    return text
