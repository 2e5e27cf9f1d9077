"""Where an entry's page lives on the site: the one rule every export uses to link back."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from maillage.model import Entry

DATA_FOLDER = "donnees"
FEED_NAME = "flux.atom"


def site_base(site_url: str) -> str:
    """The site address ending with exactly one slash ("" stays "" for relative links)."""
    return site_url.rstrip("/") + "/" if site_url else ""


def entry_path(folder: str, entry_id: str) -> str:
    """Path of an entry's page relative to the site root (directory URLs, as MkDocs builds them)."""
    return f"{folder}/{entry_id}/"


def entry_url(site_url: str, folder: str, entry_id: str) -> str:
    """Address of an entry's page: absolute when the site address is known, else root-relative."""
    return (site_base(site_url) or "/") + entry_path(folder, entry_id)


def page_url(site_url: str, entry: Entry) -> str:
    """Address of an entry's page: its own commons' page for an entry gathered from another."""
    if entry.remote:
        return entry.origins[0].url
    return entry_url(site_url, entry.type.folder, entry.id)


def site_host(site_url: str) -> str:
    """The host name of the site, used to make calendar UIDs globally unique."""
    return urlsplit(site_url).hostname or "maillage.invalid"
