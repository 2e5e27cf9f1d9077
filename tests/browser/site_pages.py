"""The pages that stand for each template of a built site (one of each kind)."""

from __future__ import annotations

import re
from pathlib import Path

from maillage.model import Commons, Entry, default_schemas, territory
from maillage.site import urls
from maillage.site.catalogue import commune_of

# A French query with an accent; the demo has several entries about theatre.
SEARCH_QUERY = "théâtre"


def richest(commons: Commons, folder: str) -> Entry | None:
    """The published entry of a type with the most fields and text: it exercises the most template."""
    entries = [e for e in commons.of_type(folder) if e.publishable]
    return min(entries, key=lambda e: (-len(e.data) - len(e.body) // 200, e.id), default=None)


def entry_pages(commons: Commons) -> dict[str, str]:
    """One published entry page per type, as `label -> path under the site root`."""
    pages = {}
    for entry_type in default_schemas().types:
        entry = richest(commons, entry_type.folder)
        if entry is not None:
            pages[f"fiche {entry_type.singular}"] = urls.entry_url(entry)
    return pages


def testimony_pages(commons: Commons) -> dict[str, str]:
    """The page of an entry that testimonies are about (quoted there, with the invitation to testify)."""
    pages = {}
    for kind in default_schemas().types:
        if kind.testimony is None:
            continue
        about = sorted(e.data.get(kind.testimony.target[0]) for e in commons.of_type(kind.folder) if e.publishable)
        entry = commons.entries.get(about[0]) if about else None
        if entry is not None:
            pages[f"{entry.type.singular} avec ses {kind.plural}"] = urls.entry_url(entry)
    return pages


def listing_pages() -> dict[str, str]:
    """The listing of each type."""
    return {f"liste des {t.plural}": urls.listing_url(t.folder) for t in default_schemas().types}


def territory_pages(commons: Commons) -> dict[str, str]:
    """The territory pages of the richest actor: its commune and its département."""
    actor = richest(commons, "acteurs")
    code = commune_of(actor) if actor else None
    places = territory().places(code) if code else {}
    kinds = [kind for kind in ("commune", "departement") if kind in places]
    return {f"territoire ({kind})": urls.place_url(places[kind]) for kind in kinds}


def nav_pages(site: Path) -> dict[str, str]:
    """Every page of the hand-made navigation (read from the built home page), by path."""
    home = (site / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)
    return {f"navigation : {path}": path for path in dict.fromkeys(links) if path not in (".", "./")}


def footer_pages(site: Path) -> dict[str, str]:
    """The site's pages every footer links to (legal notice, accessibility statement), by path;
    not the commons' repository, elsewhere."""
    home = (site / "index.html").read_text("utf-8")
    legal = re.search(r'<div class="maillage-legal">(.*?)</div>', home, re.S)
    links = [link for link in re.findall(r'<a href="([^"#]+)"', legal.group(1)) if "://" not in link] if legal else []
    paths = [link.removeprefix("./") for link in links]
    return {f"pied de page : {path}": path for path in dict.fromkeys(paths)}


def template_pages(commons: Commons, site: Path) -> dict[str, str]:
    """Every template once: home, listings, entries, territories, map, search results, data page,
    and whatever else the navigation or the footer leads to (editorial, meetup and legal pages)."""
    pages = {
        "accueil": "",
        **listing_pages(),
        **entry_pages(commons),
        **testimony_pages(commons),
        "index des territoires": "territoires/",
        **territory_pages(commons),
        "carte": "carte/",
        "recherche": f"recherche/?q={SEARCH_QUERY}",
        "données": "donnees/",
    }
    known = set(pages.values())
    pages.update({label: path for label, path in nav_pages(site).items() if path not in known})
    pages.update({label: path for label, path in footer_pages(site).items() if path not in pages.values()})
    return pages


def html_file(path: str) -> str:
    """The built file behind a page path (`acteurs/x/` -> `acteurs/x/index.html`)."""
    return path.split("?", 1)[0] + "index.html"
