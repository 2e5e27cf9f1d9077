"""schema.org JSON-LD for entry pages, and the `<script>` element that carries it safely.

What each type's page says is declared in its schema (`x-schema-org`): the schema.org type and,
for each property, the field it comes from. How a value is written follows the field (a
reference becomes a node naming the entry, a commune a place) and what schema.org expects of
the property (`_RANGES`). Only the public view of an entry is read: nothing hidden leaks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from maillage.exports.licences import LICENCE_URLS
from maillage.exports.public import PublicCommons, public_view
from maillage.exports.urls import entry_path
from maillage.model import Commons, Entry, field_values
from maillage.model.territory import territory
from maillage.model.types import SCALE_FIELD, SUMMARY_FIELD, FieldPath

SCHEMA_ORG = "https://schema.org"

# What schema.org expects of the properties whose value is not the field's value as written.
_RANGES = {
    "address": "PostalAddress",
    "location": "Place",
    "contentLocation": "Place",
    "areaServed": "AdministrativeArea",
    "spatialCoverage": "AdministrativeArea",
    "license": "URL",
    "timeRequired": "Duration",
    "identifier": "PropertyValue",
}
_EMPTY = (None, [], {}, "")

# The public view is recomputed only when the build hands over another commons.
_views: dict[int, tuple[Commons, PublicCommons]] = {}


def entry_jsonld(entry: Entry, commons: Commons, page_url: str) -> dict[str, Any]:
    """The JSON-LD object of an entry page; empty for a person who has not consented."""
    if not entry.publishable:
        return {}
    view = _view(commons)
    data = view.data(entry)
    context = _Context(view, _site_root(page_url, entry))
    spec = entry.type.schema_org
    result: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": context.kind(entry), **dict(spec.constants)}
    fields = commons.schemas.field_index(entry.type)
    for name, candidates in spec.properties:
        if entry.is_person and name.split(".")[0] in spec.not_for_persons:
            continue
        found = (context.value(name.rsplit(".", 1)[-1], data, pattern, fields) for pattern in candidates)
        value = next((v for v in found if v not in _EMPTY), None)
        if value is not None:
            _put(result, name, value)
    result["url"] = page_url
    result["name"] = entry.title
    summary = data.get(SUMMARY_FIELD)
    if isinstance(summary, str) and summary.strip():
        result["description"] = summary.strip()
    return {k: v for k, v in result.items() if v not in _EMPTY}


def script_tag(data: dict[str, Any]) -> str:
    """The `<script type="application/ld+json">` element, inert whatever the text holds.

    `<`, `>` and `&` become JSON escapes, so `</script>` or `<!--` in a contributed name
    cannot end the element; U+2028/2029 are escaped for old JavaScript parsers.
    """
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">{text}</script>'


def _put(result: dict[str, Any], name: str, value: Any) -> None:
    """Set a property; a dotted name (`location.name`) completes a node already set, never creates one."""
    *parents, last = name.split(".")
    node = result
    for parent in parents:
        node = node.get(parent)
        if not isinstance(node, dict):
            return
    node[last] = value


class _Context:
    """What values need besides the entry's data: the public view and page addresses."""

    def __init__(self, view: PublicCommons, root: str):
        self.view = view
        self.root = root

    def url(self, entry: Entry) -> str:
        return self.root + entry_path(entry.type.folder, entry.id)

    @staticmethod
    def kind(entry: Entry) -> str:
        """The schema.org type of an entry (`type_personne` for a person)."""
        spec = entry.type.schema_org
        return spec.person_type if entry.is_person and spec.person_type else spec.type

    def node(self, entry_id: Any, folder: str) -> dict[str, Any] | None:
        """A publishable entry cited by another, as a node with its type, name and address."""
        target = self.view.target(entry_id, folder)
        return {"@type": self.kind(target), "name": target.title, "url": self.url(target)} if target else None

    def value(self, prop: str, data: dict[str, Any], pattern: FieldPath, fields: Mapping[FieldPath, Any]) -> Any:
        """The value of property `prop` read from the field at `pattern`: one value, or a list when
        the field sits in a list."""
        schema = fields.get(pattern, {})
        values = [v for v in field_values(data, pattern) if v is not None]
        if "x-reference" in schema:
            values = [n for n in (self.node(v, schema["x-reference"]) for v in values) if n]
        elif schema.get("format") == "commune-insee":
            values = [_commune_value(_RANGES.get(prop, "Place"), v, data) for v in values]
        elif "enum" in schema and _RANGES.get(prop) is None:  # a code is shown by its French label
            labels = schema.get("x-libelles", {})
            values = [labels.get(v, v) if isinstance(v, str) else v for v in values]
        else:
            values = [_typed(_RANGES.get(prop), v) for v in values]
        values = [v for v in values if v not in _EMPTY]
        if "*" in pattern:
            return values
        return values[0] if values else None


def _typed(kind: str | None, value: Any) -> Any:
    """A plain field's value as schema.org expects it for the property's range."""
    if kind == "URL":  # a licence code becomes the licence's address
        return LICENCE_URLS.get(value) if isinstance(value, str) else None
    if kind == "Duration":  # a number of minutes
        return f"PT{value}M" if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "PropertyValue":  # official identifiers, by kind
        items = sorted(value.items()) if isinstance(value, dict) else []
        return [{"@type": "PropertyValue", "propertyID": k.upper(), "value": v} for k, v in items if isinstance(v, str)]
    return value


def _commune_value(kind: str, code: Any, data: dict[str, Any]) -> dict[str, Any] | None:
    """A commune code as a postal address, a place, or the area the entry covers at its scale."""
    if kind == "PostalAddress":
        return _address(code)
    if kind == "AdministrativeArea":
        return _area(code, data.get(SCALE_FIELD))
    return _place(code)


def _view(commons: Commons) -> PublicCommons:
    cached = _views.get(id(commons))
    if cached is None or cached[0] is not commons:
        _views.clear()
        cached = _views[id(commons)] = (commons, public_view(commons))
    return cached[1]


def _site_root(page_url: str, entry: Entry) -> str:
    """The site root, found by removing the entry's own path from its page address."""
    own = entry_path(entry.type.folder, entry.id)
    for candidate in (own, own.rstrip("/"), own + "index.html"):
        if page_url.endswith(candidate):
            return page_url[: -len(candidate)]
    return "/"


def _address(code: Any) -> dict[str, Any] | None:
    commune = territory().commune(code) if isinstance(code, str) else None
    if commune is None:
        return None
    address = {"@type": "PostalAddress", "addressLocality": commune.name, "addressCountry": "FR"}
    if len(commune.postal_codes) == 1:
        address["postalCode"] = commune.postal_codes[0]
    places = territory().places(commune.code)
    if "region" in places:
        address["addressRegion"] = places["region"].name
    return address


def _place(code: Any) -> dict[str, Any] | None:
    address = _address(code)
    if address is None:
        return None
    return {"@type": "Place", "name": address["addressLocality"], "address": address}


def _area(code: Any, scale: Any) -> dict[str, Any] | None:
    """The territory an entry covers: its commune's parent at the entry's scale."""
    if not isinstance(code, str):
        return None
    place = territory().place_at_scale(code, scale if isinstance(scale, str) else "commune")
    place = place or territory().place_at_scale(code, "commune")
    return {"@type": "AdministrativeArea", "name": place.name} if place else None
