"""The preview of a proposal as a person reads it: labels and words, never raw YAML or bare codes.

A commune reads "Sedan (08200) — CA Ardenne Métropole, Ardennes"; a choice its French label; a
reference the title of the entry it points to; a date and time « 18 mars 2031 à 19 h 00 (heure du
lieu) », at the time of the entry's place, so that an offset copied from elsewhere shows. For an
edit, the fields that change, before and after. The exact file stays one click away (the form
says it is what will be proposed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from maillage.bridge import messages as msg
from maillage.forms import FormField
from maillage.model import Commons
from maillage.model.communes import commune_label
from maillage.model.dates import french_datetime, parse_moment
from maillage.model.territory import territory


@dataclass
class Row:
    """One line of the preview: a field's label and its value in words (or the rows inside it)."""

    label: str
    text: str = ""
    children: list[Row] = field(default_factory=list)


def readable(fields: Iterable[FormField], data: dict[str, Any], commons: Commons, where: tzinfo) -> list[Row]:
    """The rows of entry data, in form order; empty fields are left out; date-times at `where`
    (the time of the entry's place, `maillage.model.entry_zone`)."""
    rows = []
    for form_field in fields:
        key = form_field.path[-1]
        if key not in data or data[key] in (None, "", [], {}):
            continue
        row = _row(form_field, data[key], commons, where)
        if row is not None:
            rows.append(row)
    return rows


def _row(form_field: FormField, value: Any, commons: Commons, where: tzinfo) -> Row | None:
    label = form_field.label
    kind = form_field.kind
    if kind == "group" and isinstance(value, dict):
        return Row(label, children=readable(form_field.children, value, commons, where))
    if kind == "repeat" and isinstance(value, list):
        items = [Row(f"{label} {i + 1}", children=readable(form_field.children, item, commons, where))
                 for i, item in enumerate(value) if isinstance(item, dict)]
        return Row(label, children=items)
    return Row(label, _words(form_field, value, commons, where))


def _words(form_field: FormField, value: Any, commons: Commons, where: tzinfo) -> str:
    kind = form_field.kind
    moment = parse_moment(value) if kind == "datetime" else None
    if moment is not None and moment.tzinfo is not None:
        return msg.LOCAL_TIME.format(moment=french_datetime(moment, where))
    if kind == "commune" and isinstance(value, str):
        return commune_words(value)
    if kind == "select":
        return form_field.choice_label(str(value))
    if kind == "checkboxes" and isinstance(value, list):
        return ", ".join(form_field.choice_label(str(v)) for v in value)
    if kind == "boolean":
        return msg.YES if value is True else msg.NO
    if kind == "reference":
        return _title(commons, str(value))
    if kind == "references" and isinstance(value, list):
        return ", ".join(_title(commons, str(v)) for v in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def commune_words(code: str) -> str:
    """"Sedan (08200) — CA Ardenne Métropole, Ardennes": name, intercommunalité, département."""
    geo = territory()
    commune = geo.commune(code)
    if commune is None:
        return code
    departement = geo.departements[commune.departement][0]
    return f"{commune_label(commune)}, {departement}" if commune.epci else commune_label(commune)


def _title(commons: Commons, entry_id: str) -> str:
    entry = commons.entries.get(entry_id)
    return f"{entry.title} ({entry_id})" if entry is not None and entry.publishable else entry_id


def changes(before: list[Row], after: list[Row]) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field whose words differ."""
    old, new = dict(_flatten(before)), dict(_flatten(after))
    return [(label, old.get(label, ""), new.get(label, "")) for label in dict.fromkeys([*old, *new])
            if old.get(label, "") != new.get(label, "")]


def _flatten(rows: list[Row], prefix: str = "") -> Iterable[tuple[str, str]]:
    for row in rows:
        label = f"{prefix}{row.label}"
        if row.children:
            yield from _flatten(row.children, f"{label} — ")
        else:
            yield label, row.text
