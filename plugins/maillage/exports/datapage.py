"""The Markdown of the data page (`donnees/index.md`): each export, its fields and its licence.

The field tables are generated from the schemas through `fields.columns`, never typed by
hand. Schema text is escaped so that no Markdown or HTML in a title or label changes the page.
"""

from __future__ import annotations

import re

from maillage.exports import texts
from maillage.exports.feed import FEED_LIMIT
from maillage.exports.fields import Column, Kind, columns
from maillage.exports.geojson import properties
from maillage.exports.tabular import INNER_SEPARATOR, LIST_SEPARATOR
from maillage.exports.urls import DATA_FOLDER, FEED_NAME, site_base
from maillage.model import EntryType, SchemaSet
from maillage.model.territory import territory

# Characters with a meaning in Markdown (Python-Markdown, its table extension and the usual
# pymdownx inline extensions) or HTML, written as character references so they show as text.
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\\`*_[]{}|~=^!"} | {"\n": " ", "\r": " "})

_PLAIN_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

_KIND_NAMES = {
    Kind.TEXT: texts.TYPE_TEXT,
    Kind.INTEGER: texts.TYPE_INTEGER,
    Kind.NUMBER: texts.TYPE_NUMBER,
    Kind.BOOLEAN: texts.TYPE_BOOLEAN,
    Kind.DATE: texts.TYPE_DATE,
    Kind.DATE_TIME: texts.TYPE_DATE_TIME,
    Kind.URL: texts.TYPE_URL,
    Kind.EMAIL: texts.TYPE_EMAIL,
    Kind.COMMUNE: texts.TYPE_COMMUNE,
    Kind.CODE: texts.TYPE_CODE,
    Kind.JSON: texts.TYPE_JSON,
}


def escape(text: str) -> str:
    """Schema text made inert in Markdown and HTML (shown exactly as written)."""
    return text.translate(_ESCAPES)


def code(text: str) -> str:
    """A field name or value shown as code, whatever characters it holds."""
    if _PLAIN_CODE.fullmatch(text):
        return f"`{text}`"  # a code span is literal in Markdown: readable source
    return f"<code>{escape(text)}</code>"


def data_page_markdown(schemas: SchemaSet, site_url: str = "") -> str:
    """French Markdown of the data page, meant to be served at `/donnees/`.

    Links are absolute when `site_url` is given, otherwise relative to `donnees/index.md`.
    """
    base = site_base(site_url)
    lines = [f"# {texts.DATA_PAGE_TITLE}", "", texts.DATA_PAGE_INTRO, ""]
    lines += [f"## {texts.FILES_HEADING}", "", *_file_list(schemas, base), ""]
    lines += [f"## {texts.LICENCE_HEADING}", "", texts.LICENCE_TEXT, ""]
    lines += [texts.GEOGRAPHY_LICENCE_TEXT.format(source=escape(territory().source)), ""]
    lines += [f"## {texts.PRIVACY_HEADING}", "", texts.PRIVACY_TEXT, ""]
    lines += [f"## {texts.CSV_HEADING}", "", texts.CSV_TEXT, "", texts.CSV_FORMULA_TEXT, ""]
    for entry_type in schemas.types:
        lines += _fields_section(schemas, entry_type)
    mapped = [t for t in schemas.types if t.on_map]
    if mapped:
        lines += [f"## {texts.GEOJSON_HEADING}", "", texts.GEOJSON_TEXT, ""]
        lines += [_geojson_line(t) for t in mapped] + [""]
    events = [t for t in schemas.types if t.calendar is not None]
    if events:
        lines += [f"## {texts.ICS_HEADING}", "", texts.ICS_TEXT, ""]
        lines += [texts.ICS_FILE.format(name=f"{t.folder}.ics", plural=escape(t.plural)) for t in events] + [""]
    lines += [f"## {texts.ATOM_HEADING}", "", texts.ATOM_TEXT.format(limit=FEED_LIMIT), ""]
    kinds = sorted({k for t in schemas.types for k in (t.schema_org.type, t.schema_org.person_type) if k})
    lines += [f"## {texts.JSONLD_HEADING}", "", texts.JSONLD_TEXT.format(types=escape(", ".join(kinds))), ""]
    return "\n".join(lines)


def _geojson_line(entry_type: EntryType) -> str:
    names = ", ".join(code(name) for name in properties(entry_type))
    name, plural = f"{entry_type.folder}.geojson", escape(entry_type.plural)
    return texts.GEOJSON_FILE.format(name=name, plural=plural, properties=names)


def _file_list(schemas: SchemaSet, base: str) -> list[str]:
    def link(name: str, fmt: str, what: str) -> str:
        href = f"{base}{DATA_FOLDER}/{name}" if base else name
        return texts.FILE_LINE.format(name=name, href=href, format=fmt, what=what)

    lines = []
    for entry_type in schemas.types:
        singular, plural, folder = escape(entry_type.singular), escape(entry_type.plural), entry_type.folder
        lines.append(link(f"{folder}.csv", texts.EXPORT_CSV, texts.WHAT_TABLE.format(singular=singular)))
        lines.append(link(f"{folder}.json", texts.EXPORT_JSON, texts.WHAT_RECORDS.format(singular=singular)))
        if entry_type.on_map:
            lines.append(link(f"{folder}.geojson", texts.EXPORT_GEOJSON, texts.WHAT_GEOJSON.format(plural=plural)))
        if entry_type.calendar is not None:
            lines.append(link(f"{folder}.ics", texts.EXPORT_ICS, texts.WHAT_ICS.format(plural=plural)))
    feed_href = f"{base}{FEED_NAME}" if base else f"../{FEED_NAME}"
    lines.append(texts.FILE_LINE.format(name=FEED_NAME, href=feed_href, format=texts.EXPORT_ATOM, what=texts.WHAT_ATOM))
    return lines


def _fields_section(schemas: SchemaSet, entry_type: EntryType) -> list[str]:
    schema = schemas.for_type(entry_type)
    lines = [f"## {texts.FIELDS_HEADING.format(plural=entry_type.plural)}", ""]
    if isinstance(schema.get("description"), str):
        lines += [escape(schema["description"]), ""]
    folder = entry_type.folder
    lines += [texts.FIELDS_INTRO.format(csv=f"{folder}.csv", json=f"{folder}.json"), ""]
    lines += [texts.FIELDS_TABLE_HEADER, texts.FIELDS_TABLE_RULE]
    lines += [_field_row(schemas, column) for column in columns(schemas, entry_type)]
    return [*lines, ""]


def _field_row(schemas: SchemaSet, column: Column) -> str:
    cells = [
        code(column.name),
        escape(column.title),
        escape(column.description),
        escape(_type_name(schemas, column)),
        "<br>".join(_value(value, label) for value, label in column.labels.items()),
    ]
    return "| " + " | ".join(cells) + " |"


def _type_name(schemas: SchemaSet, column: Column) -> str:
    if column.kind is Kind.REFERENCE:
        target = schemas.by_folder.get(column.reference or "")
        name = texts.TYPE_REFERENCE.format(plural=target.plural if target else column.reference)
    else:
        name = _KIND_NAMES[column.kind]
    if column.depth > 1:
        return texts.TYPE_NESTED_LIST.format(item=name, separator=LIST_SEPARATOR.strip(), inner=INNER_SEPARATOR.strip())
    return texts.TYPE_LIST.format(item=name, separator=LIST_SEPARATOR.strip()) if column.many else name


def _value(value: str, label: str) -> str:
    return f"{code(value)} : {escape(label)}" if label else code(value)
