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
from maillage.site import text, urls
from maillage.site.labels import FieldPath, Labels
from maillage.site.richtext import RichText

# Fields shown elsewhere on the page (title, summary, territory block) or never shown.
_SKIPPED = {"schema_version", "resume", "consentement", "provenance", "journal", "commune", "echelle"}
# Per type: a draw's rules and machine fields are shown by its own section (maillage.draw.page);
# per type because other types reuse some names (an experience's `resultat`).
_SKIPPED_BY_TYPE = {
    "tirages": {"vivier", "groupes", "quotas", "alea", "engagements", "graine", "resultat", "reponses"},
}
_LONG_TEXT = 1000  # strings allowed to be this long or longer are Markdown
_SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True, slots=True)
class ShownField:
    """One field of an entry page: its French title and its value as safe HTML."""

    title: str
    html: Markup


class FieldRenderer:
    """Renders the descriptive fields of entries (references are shown as relations instead)."""

    def __init__(self, labels: Labels, rich: RichText, link: Callable[[str], Markup | None]) -> None:
        self.labels = labels
        self.rich = rich
        self.link = link  # entry id → link, or None when the entry must not be shown
        self._relational: dict[str, set[str]] = {}
        self._personal: dict[str, set[FieldPath]] = {}

    def shown_fields(self, entry: Entry) -> list[ShownField]:
        """The descriptive fields of an entry, in schema order, personal ones only with consent."""
        entry_type = entry.type
        schema = self.labels.schemas.for_type(entry_type)
        relational = self.relational_keys(entry_type)
        hidden = set() if entry.contact_publishable else self._personal_paths(entry_type)
        shown = []
        for key in schema.get("properties", {}):
            skipped = key in _SKIPPED or key in _SKIPPED_BY_TYPE.get(entry_type.folder, ())
            if skipped or key == entry_type.title_field or key in relational:
                continue
            value = entry.data.get(key)
            if value is None or value == [] or value == {}:
                continue
            html = self.value(entry_type, (key,), value, hidden)
            if html:
                shown.append(ShownField(self.labels.title(entry_type, (key,)), html))
        return shown

    def relational_keys(self, entry_type: EntryType) -> set[str]:
        """Top-level fields made only of references (and their role, date…): shown as relations."""
        found = self._relational.get(entry_type.folder)
        if found is None:
            found = self._relational[entry_type.folder] = _relational_keys(self.labels, entry_type)
        return found

    def _personal_paths(self, entry_type: EntryType) -> set[FieldPath]:
        found = self._personal.get(entry_type.folder)
        if found is None:
            found = self._personal[entry_type.folder] = set(self.labels.schemas.personal_fields(entry_type))
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
            return Markup("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        if isinstance(value, str):
            return self._string(entry_type, path, schema, value)
        return Markup(escape(str(value)))

    def _object(self, entry_type: EntryType, path: FieldPath, value: dict[str, Any], hidden: set[FieldPath]) -> Markup:
        rows = []
        for key, item in value.items():
            html = self.value(entry_type, (*path, key), item, hidden)
            if html:
                label = self.labels.title(entry_type, (*path, key))
                rows.append(f"<dt>{escape(label)}</dt><dd>{html}</dd>")
        return Markup("<dl>" + "".join(rows) + "</dl>") if rows else Markup()

    def _string(self, entry_type: EntryType, path: FieldPath, schema: dict[str, Any], value: str) -> Markup:
        if "enum" in schema:
            return Markup(escape(self.labels.value(entry_type, path, value)))
        kind = schema.get("format")
        if kind == "commune-insee":
            return self.link(f"commune:{value}") or Markup(escape(value))
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
            return Markup('<a href="mailto:{}">{}</a>').format(urls.href(value), value)
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
