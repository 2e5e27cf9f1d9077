"""The form as the templates draw it: one `Widget` per field, with its submitted names, values,
errors and, for repeatable fields, its rows.

Names follow `maillage.forms.data_from_form`: a group's children are `group.child`, the items of a
repeat group are `group.0.child`, `group.1.child`… and a list of references is one input per item
under the same name. `_lignes.<name>` carries how many rows to show, so "Ajouter une ligne" works
without JavaScript (a submit button, then the same page with one more row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from maillage.forms import FormField

ROWS_PREFIX = "_lignes."
MAX_ROWS = 50
_ROW_INDEX = re.compile(r"\.([0-9]{1,4})\.")


@dataclass
class Widget:
    """One field of the form, ready to draw."""

    field: FormField
    name: str
    values: list[str]
    errors: list[str]
    children: list[Widget] = field(default_factory=list)
    rows: list[list[Widget]] = field(default_factory=list)

    @property
    def ident(self) -> str:
        """The HTML id (names only hold a-z, 0-9, "_" and ".")."""
        return "champ-" + self.name.replace(".", "-")

    @property
    def describedby(self) -> str:
        """Ids of the help and error texts, for `aria-describedby` ("" if none)."""
        parts = [f"{self.ident}-aide"] if self.field.help else []
        if self.errors:
            parts.append(f"{self.ident}-erreur")
        return " ".join(parts)

    @property
    def value(self) -> str:
        """The first submitted value ("" if none)."""
        return self.values[0] if self.values else ""

    @property
    def has_errors(self) -> bool:
        """True when this field or one inside it has an error."""
        return bool(self.errors) or any(c.has_errors for c in self.children) or any(
            w.has_errors for row in self.rows for w in row
        )


def compact_rows(fields: Iterable[FormField], values: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Renumber the items of every repeat group 0, 1, 2… dropping empty ones, as `data_from_form`
    does, so that a problem on `acteurs.1.role` points at the second row shown."""
    result = {k: list(v) for k, v in values.items()}
    for repeat in _repeats(fields, ""):
        prefix = repeat + "."
        items: dict[int, dict[str, list[str]]] = {}
        for key in [k for k in result if k.startswith(prefix)]:
            index, _, rest = key[len(prefix) :].partition(".")
            if index.isdigit() and rest:
                items.setdefault(int(index), {})[rest] = result.pop(key)
        kept = [item for _, item in sorted(items.items()) if any(v.strip() for vs in item.values() for v in vs)]
        for number, item in enumerate(kept[:MAX_ROWS]):
            for rest, vals in item.items():
                result[f"{prefix}{number}.{rest}"] = vals
    return result


def _repeats(fields: Iterable[FormField], prefix: str) -> Iterable[str]:
    for f in fields:
        name = prefix + f.path[-1]
        if f.kind == "repeat":
            yield name
        elif f.kind == "group":
            yield from _repeats(f.children, name + ".")


def build_widgets(
    fields: Iterable[FormField],
    values: Mapping[str, list[str]],
    errors: Mapping[str, list[str]],
    prefix: str = "",
) -> list[Widget]:
    """Widgets for fields under `prefix`, filled with `values` and `errors` (dotted names)."""
    widgets = []
    for f in fields:
        name = prefix + f.path[-1]
        widget = Widget(f, name, list(values.get(name, [])), list(errors.get(name, [])))
        if f.kind == "group":
            widget.children = build_widgets(f.children, values, errors, name + ".")
        elif f.kind == "repeat":
            count = _row_count(values, name)
            widget.rows = [build_widgets(f.children, values, errors, f"{name}.{i}.") for i in range(count)]
        elif f.kind == "references":
            count = max(len(widget.values), _requested_rows(values, name), 1)
            widget.values += [""] * (count - len(widget.values))
        widgets.append(widget)
    return widgets


def _row_count(values: Mapping[str, list[str]], name: str) -> int:
    prefix = name + "."
    present = {int(m.group(1)) for k in values if k.startswith(prefix) and (m := _ROW_INDEX.match(k, len(name)))}
    return min(MAX_ROWS, max(len(present), _requested_rows(values, name), 1))


def _requested_rows(values: Mapping[str, list[str]], name: str) -> int:
    raw = (values.get(ROWS_PREFIX + name) or ["0"])[0]
    return min(MAX_ROWS, int(raw)) if raw.isdigit() else 0


def add_row(values: dict[str, list[str]], name: str, fields: Iterable[FormField]) -> None:
    """Ask for one more row of the repeatable field `name` (ignored if no such field)."""
    if name not in set(_repeatables(fields, "")):
        return
    widgets = {w.name: w for w in _flatten(build_widgets(fields, values, {}))}
    widget = widgets[name]
    shown = len(widget.rows) if widget.field.kind == "repeat" else len(widget.values)
    values[ROWS_PREFIX + name] = [str(min(MAX_ROWS, shown + 1))]


def _repeatables(fields: Iterable[FormField], prefix: str) -> Iterable[str]:
    for f in fields:
        name = prefix + f.path[-1]
        if f.kind in ("repeat", "references"):
            yield name
        elif f.kind == "group":
            yield from _repeatables(f.children, name + ".")


def _flatten(widgets: Iterable[Widget]) -> Iterable[Widget]:
    for w in widgets:
        yield w
        yield from _flatten(w.children)


def attach_errors(errors: Mapping[str, list[str]], names: set[str]) -> dict[str, list[str]]:
    """Errors keyed by the nearest field shown: `auteurs.2` goes to `auteurs`; unknown ones to ""."""
    placed: dict[str, list[str]] = {}
    for key, messages in errors.items():
        target = key
        while target and target not in names:
            target = target.rpartition(".")[0]
        placed.setdefault(target, []).extend(messages)
    return placed


def all_names(widgets: Iterable[Widget]) -> set[str]:
    """Every field name drawn (rows included)."""
    names: set[str] = set()
    for w in widgets:
        names.add(w.name)
        names |= all_names(w.children)
        for row in w.rows:
            names |= all_names(row)
    return names
