"""Front-matter values of an entry, turned into escaped HTML driven by their schema.

Every contributed string goes through `markupsafe.escape` (directly, or via `Markup.format`),
long text fields through Markdown and the sanitizer; nothing contributed is ever trusted.
Only `Markup` values (already safe) are concatenated without escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from maillage.model import Entry, EntryType
from maillage.model.dates import parse_moment
from maillage.model.territory import territory
from maillage.model.types import SCALE_FIELD, SUMMARY_FIELD
from maillage.site import text, urls
from maillage.site.labels import FieldPath, Labels
from maillage.site.richtext import RichText

_LONG_TEXT = 1000  # strings allowed to be this long or longer are Markdown
_SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True, slots=True)
class ShownField:
    """One field of an entry page: its French title and its value as safe HTML."""

    title: str
    html: Markup


class FieldRenderer:
    """Renders the descriptive fields of entries (references are shown as relations instead)."""

    def __init__(
        self,
        labels: Labels,
        rich: RichText,
        link: Callable[[str], Markup | None],
        shown_elsewhere: Callable[[EntryType], set[str]] | None = None,
    ) -> None:
        self.labels = labels
        self.rich = rich
        self.link = link  # entry id → link, or None when the entry must not be shown
        self.shown_elsewhere = shown_elsewhere  # top-level fields another part of the page shows
        self._relational: dict[str, set[str]] = {}
        self._hidden: dict[tuple[str, bool], set[FieldPath]] = {}
        self._skipped: dict[str, set[str]] = {}

    def shown_fields(self, entry: Entry) -> list[ShownField]:
        """The descriptive fields of an entry, its `x-apercu` fields first, then in schema order;
        personal ones only with consent."""
        entry_type = entry.type
        schema = self.labels.schemas.for_type(entry_type)
        skipped = self.skipped_keys(entry_type)
        hidden = self._hidden_paths(entry_type, entry.contact_publishable)
        shown = []
        for key in dict.fromkeys([path[0] for path in entry_type.preview] + list(schema.get("properties", {}))):
            if key in skipped:
                continue
            value = entry.data.get(key)
            if value is None or value == [] or value == {}:
                continue
            html = self.value(entry_type, (key,), value, hidden)
            if html:
                shown.append(ShownField(self.labels.title(entry_type, (key,)), html))
        return shown

    def skipped_keys(self, entry_type: EntryType) -> set[str]:
        """Top-level fields not listed: shown elsewhere on the page (title, summary, territory,
        relations, key facts)."""
        found = self._skipped.get(entry_type.folder)
        if found is None:
            found = {entry_type.title_field, SUMMARY_FIELD, SCALE_FIELD} | self.relational_keys(entry_type)
            if entry_type.picture is not None:  # shown as a picture, at the top of the page
                found.add(entry_type.picture[0])
            if self.shown_elsewhere is not None:
                found |= self.shown_elsewhere(entry_type)
            if entry_type.place is not None and len(entry_type.place) == 1:
                found.add(entry_type.place[0])
            self._skipped[entry_type.folder] = found
        return found

    def relational_keys(self, entry_type: EntryType) -> set[str]:
        """Top-level fields made only of references (and their role, date…): shown as relations."""
        found = self._relational.get(entry_type.folder)
        if found is None:
            found = self._relational[entry_type.folder] = _relational_keys(self.labels, entry_type)
        return found

    def _hidden_paths(self, entry_type: EntryType, contact_publishable: bool) -> set[FieldPath]:
        """Fields never shown on pages (`x-masque: [page]`: machine fields, or shown by a feature's
        own section), and personal ones unless their publication is consented to."""
        key = (entry_type.folder, contact_publishable)
        found = self._hidden.get(key)
        if found is None:
            schemas = self.labels.schemas
            found = set(schemas.hidden_fields(entry_type, "page"))
            if not contact_publishable:
                found |= set(schemas.personal_fields(entry_type))
            self._hidden[key] = found
        return found

    def value(self, entry_type: EntryType, path: FieldPath, value: Any, hidden: set[FieldPath]) -> Markup:
        """One value as HTML, following its schema (enum labels, dates, links, lists, objects)."""
        if path in hidden:
            return Markup()
        schema = self.labels.field(entry_type, path)
        if "x-reference" in schema:
            return self.link(value) or Markup() if isinstance(value, str) else Markup()
        if isinstance(value, bool):
            return Markup(escape(text.YES if value else text.NO))
        if isinstance(value, dict):
            return self._object(entry_type, path, value, hidden)
        if isinstance(value, list):
            items = [self.value(entry_type, (*path, "*"), item, hidden) for item in value]
            items = [item for item in items if item]
            if not items:
                return Markup()
            # One item per line: search excerpts read the text, and "MusiquePatrimoine" is no word.
            return Markup("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
        if isinstance(value, str):
            return self._string(entry_type, path, schema, value)
        return Markup(escape(str(value)))

    def _object(self, entry_type: EntryType, path: FieldPath, value: dict[str, Any], hidden: set[FieldPath]) -> Markup:
        rows = []
        for key, item in value.items():
            html = self.value(entry_type, (*path, key), item, hidden)
            if html:
                label = self.labels.title(entry_type, (*path, key))
                rows.append(f"<dt>{escape(label)}</dt>\n<dd>{html}</dd>")
        return Markup("<dl>\n" + "\n".join(rows) + "\n</dl>") if rows else Markup()

    def _string(self, entry_type: EntryType, path: FieldPath, schema: dict[str, Any], value: str) -> Markup:
        if "enum" in schema:
            return Markup(escape(self.labels.value(entry_type, path, value)))
        kind = schema.get("format")
        if kind == "commune-insee":
            commune = territory().commune(value)  # never a bare code: it reads like a postal code
            return self.link(f"commune:{value}") or Markup(escape(commune.name if commune else value))
        if kind == "date":
            return time_tag(value, date_only=True)
        if kind == "date-time":
            return time_tag(value, date_only=False)
        if kind == "uri":
            if value.startswith(_SAFE_SCHEMES):
                link = '<a href="{}" rel="noopener noreferrer nofollow ugc">{}</a>'
                return Markup(link).format(urls.href(value), value)
            return Markup(escape(value))
        if kind == "email":
            return Markup('<a href="{}">{}</a>').format(urls.mailto(value), value)
        if schema.get("maxLength", 0) >= _LONG_TEXT:
            return self.rich.render(value)
        return Markup(escape(value))


def time_tag(value: str, date_only: bool) -> Markup:
    """A `<time>` element with a French date; the raw text if it is not a valid date."""
    parsed = parse_moment(value)
    if parsed is None:
        return Markup(escape(value))
    shown = text.french_date(parsed) if date_only else text.french_datetime(parsed)
    return Markup('<time datetime="{}">{}</time>').format(value, shown)


def _relational_keys(labels: Labels, entry_type: EntryType) -> set[str]:
    """Top-level keys whose every leaf is a reference or sits next to one in the same item."""
    fields = labels.fields(entry_type)
    # Objects holding a reference (a project's `acteurs[i]`), not the entry itself.
    reference_parents = {path[:-1] for path, schema in fields.items() if "x-reference" in schema and len(path) > 1}
    keys = set()
    for top in {path[0] for path in fields}:
        leaves = [
            (path, schema)
            for path, schema in fields.items()
            if path[0] == top and schema.get("type") not in ("object", "array")
        ]
        if leaves and all("x-reference" in s or p[:-1] in reference_parents for p, s in leaves):
            keys.add(top)
    return keys
