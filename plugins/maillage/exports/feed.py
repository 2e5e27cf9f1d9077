"""Atom feed (RFC 4287) of the most recently created or updated entries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from maillage.exports import texts
from maillage.exports.public import PublicCommons
from maillage.exports.urls import FEED_NAME, page_url, site_base

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100

# XML 1.0 forbids most control characters, which YAML double-quoted escapes can produce.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed(
    view: PublicCommons,
    site_url: str,
    updated: Mapping[str, datetime],
    created: Mapping[str, datetime],
    site_name: str,
) -> ET.Element:
    """The feed element: the `FEED_LIMIT` latest entries, newest first."""
    base = site_base(site_url)
    entries = sorted(view.all_entries(), key=lambda e: (-updated[e.id].timestamp(), e.id))[:FEED_LIMIT]
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(root, "id", base or "urn:maillage:flux")
    _text(root, "title", texts.FEED_TITLE.format(site=site_name))
    _text(root, "updated", _stamp(max((updated[e.id] for e in entries), default=datetime(1970, 1, 1, tzinfo=UTC))))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", site_name)
    if base:
        self_link = {"rel": "self", "type": "application/atom+xml", "href": base + FEED_NAME}
        ET.SubElement(root, f"{{{ATOM}}}link", self_link)
        ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base})
    _text(root, "rights", texts.FEED_RIGHTS)
    _text(root, "generator", "Maillage")
    for entry in entries:
        url = page_url(site_url, entry)
        item = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(item, "id", url if base else f"urn:maillage:{entry.type.folder}:{entry.id}")
        _text(item, "title", entry.title)
        _text(item, "updated", _stamp(updated[entry.id]))
        if entry.id in created:
            _text(item, "published", _stamp(created[entry.id]))
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": entry.type.folder, "label": entry.type.singular})
        summary = view.data(entry).get("resume")
        if isinstance(summary, str) and summary.strip():
            _text(item, "summary", summary.strip())
    return root


def write_feed(
    path: Path,
    view: PublicCommons,
    site_url: str,
    updated: Mapping[str, datetime],
    created: Mapping[str, datetime],
    site_name: str,
) -> Path:
    """Write `flux.atom`."""
    ET.register_namespace("", ATOM)
    tree = ET.ElementTree(feed(view, site_url, updated, created, site_name))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _NOT_XML.sub("", value)
    return element


def _stamp(moment: datetime) -> str:
    """RFC 3339 time in UTC (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
