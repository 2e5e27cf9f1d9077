"""schema.org JSON-LD for entry pages, and the `<script>` element that carries it safely."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from maillage.exports.licences import LICENCE_URLS
from maillage.exports.public import PublicCommons, public_view
from maillage.exports.urls import entry_path
from maillage.model import Commons, Entry
from maillage.model.territory import territory

SCHEMA_ORG = "https://schema.org"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"

# The public view is recomputed only when the build hands over another commons.
_views: dict[int, tuple[Commons, PublicCommons]] = {}


def entry_jsonld(entry: Entry, commons: Commons, page_url: str) -> dict[str, Any]:
    """The JSON-LD object of an entry page; empty for a person who has not consented."""
    if not entry.publishable:
        return {}
    view = _view(commons)
    data = view.data(entry)
    context = _Context(view, _site_root(page_url, entry))
    result: dict[str, Any] = {"@context": SCHEMA_ORG, **_BUILDERS[entry.type.folder](entry, data, context)}
    result["url"] = page_url
    result["name"] = entry.title
    summary = data.get("resume")
    if isinstance(summary, str) and summary.strip():
        result["description"] = summary.strip()
    return {k: v for k, v in result.items() if v not in (None, [], {}, "")}


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


class _Context:
    """What builders need besides the entry: the public view and page addresses."""

    def __init__(self, view: PublicCommons, root: str):
        self.view = view
        self.root = root

    def url(self, entry: Entry) -> str:
        return self.root + entry_path(entry.type.folder, entry.id)

    def agent(self, entry_id: Any) -> dict[str, Any] | None:
        """A publishable actor as an Organization or a Person node."""
        actor = self.view.target(entry_id, "acteurs")
        if actor is None:
            return None
        kind = "Person" if actor.is_person else "Organization"
        return {"@type": kind, "name": actor.title, "url": self.url(actor)}

    def agents(self, ids: Any) -> list[dict[str, Any]]:
        found = (self.agent(i) for i in ids) if isinstance(ids, list) else ()
        return [a for a in found if a]

    def work(self, entry_id: Any, folder: str, kind: str) -> dict[str, Any] | None:
        target = self.view.target(entry_id, folder)
        return {"@type": kind, "name": target.title, "url": self.url(target)} if target else None


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


def _address(code: Any, street: Any = None) -> dict[str, Any] | None:
    commune = territory().commune(code) if isinstance(code, str) else None
    if commune is None:
        return None
    address = {"@type": "PostalAddress", "addressLocality": commune.name, "addressCountry": "FR"}
    if len(commune.postal_codes) == 1:
        address["postalCode"] = commune.postal_codes[0]
    places = territory().places(commune.code)
    if "region" in places:
        address["addressRegion"] = places["region"].name
    if isinstance(street, str) and street.strip():
        address["streetAddress"] = street.strip()
    return address


def _place(code: Any, name: Any = None, street: Any = None) -> dict[str, Any] | None:
    address = _address(code, street)
    if address is None:
        return None
    place: dict[str, Any] = {"@type": "Place", "name": name if isinstance(name, str) else address["addressLocality"]}
    place["address"] = address
    return place


def _area(data: dict[str, Any]) -> dict[str, Any] | None:
    """The territory an entry covers: its commune's parent at the entry's scale."""
    code, scale = data.get("commune"), data.get("echelle")
    if not isinstance(code, str):
        return None
    place = territory().place_at_scale(code, scale if isinstance(scale, str) else "commune")
    place = place or territory().place_at_scale(code, "commune")
    return {"@type": "AdministrativeArea", "name": place.name} if place else None


def _actor(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "Person" if entry.is_person else "Organization"}
    result["address"] = _address(data.get("commune"))
    result["areaServed"] = _area(data)
    site = data.get("site_web")
    result["sameAs"] = [site] if isinstance(site, str) else None
    contact = data.get("contact")
    if isinstance(contact, dict) and entry.contact_publishable:
        result["email"] = contact.get("courriel")
        result["telephone"] = contact.get("telephone")
        if isinstance(result["address"], dict) and isinstance(contact.get("adresse"), str):
            result["address"]["streetAddress"] = contact["adresse"]
    ids = data.get("identifiants")
    if isinstance(ids, dict) and not entry.is_person:
        result["identifier"] = [
            {"@type": "PropertyValue", "propertyID": key.upper(), "value": value}
            for key, value in sorted(ids.items())
            if isinstance(value, str)
        ]
    return result


def _event(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    place = data.get("lieu") if isinstance(data.get("lieu"), dict) else {}
    host = context.agent(data.get("hote"))
    return {
        "@type": "Event",
        "startDate": data.get("debut"),
        "endDate": data.get("fin"),
        "eventAttendanceMode": OFFLINE,
        "location": _place(place.get("commune"), place.get("nom"), place.get("adresse")),
        "organizer": [host] if host else context.agents(data.get("lance_par")),
        "maximumAttendeeCapacity": data.get("places") if isinstance(data.get("places"), int) else None,
        "isPartOf": context.work(data.get("projet"), "projets", "Project"),
    }


def _tool(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    minutes = data.get("duree_minutes")
    return {
        "@type": "CreativeWork",
        "inLanguage": "fr",
        "abstract": data.get("objectif"),
        "license": LICENCE_URLS.get(data.get("licence")) if isinstance(data.get("licence"), str) else None,
        "author": context.agents(data.get("auteurs")),
        "timeRequired": f"PT{minutes}M" if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
        "sameAs": data.get("lien") if isinstance(data.get("lien"), str) else None,
    }


def _project(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    members = data.get("acteurs") if isinstance(data.get("acteurs"), list) else []
    return {
        "@type": "Project",
        "location": _place(data.get("commune")),
        "areaServed": _area(data),
        "member": context.agents([m.get("acteur") for m in members if isinstance(m, dict)]),
        "foundingDate": data.get("date_debut"),
        "dissolutionDate": data.get("date_fin"),
        "sameAs": data.get("site_web") if isinstance(data.get("site_web"), str) else None,
    }


def _experience(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    return {
        "@type": "Article",
        "inLanguage": "fr",
        "headline": entry.title,
        "dateCreated": data.get("date"),
        "contentLocation": _place(data.get("commune")),
        "spatialCoverage": _area(data),
        "author": context.agents(data.get("acteurs")),
        "isPartOf": context.work(data.get("projet"), "projets", "Project"),
        "about": context.work(data.get("rencontre"), "rencontres", "Event"),
    }


def _draw(entry: Entry, data: dict[str, Any], context: _Context) -> dict[str, Any]:
    period = data.get("periode") if isinstance(data.get("periode"), dict) else {}
    return {
        "@type": "Event",
        "startDate": period.get("debut"),
        "endDate": period.get("fin"),
        "eventAttendanceMode": OFFLINE,
        "location": _place(data.get("commune")),
        "organizer": context.agents(data.get("organise_par")),
    }


_BUILDERS: dict[str, Callable[[Entry, dict[str, Any], _Context], dict[str, Any]]] = {
    "acteurs": _actor,
    "rencontres": _event,
    "outils": _tool,
    "projets": _project,
    "experiences": _experience,
    "tirages": _draw,
}
