"""Where each generated page lives: French URLs, relative links between pages."""

from __future__ import annotations

import re
from urllib.parse import quote

from maillage.model import Entry, EntryType, slugify
from maillage.model.territory import Place

TERRITORIES_PAGE = "territoires/index.md"
MAP_PAGE = "carte.md"
MAP_LAYERS_FILE = "contours.json"  # beside the map page: the territory drawn under the tiles
SEARCH_PAGE = "recherche.md"
DATA_PAGE = "donnees.md"
CENSUS_PAGE = "recensement.md"  # the coverage of the territory (`maillage.census.report`)
LOCAL_COMMONS_PAGE = "communs-locaux.md"  # a regional commons: the local ones it gathers
# While Pagefind indexes the built site: one short page per entry gathered from a local commons
# (it has no page here), removed once indexed; each result leads to the entry's page there.
SEARCH_RECORDS = "_recherche-communs-locaux"
# A commons' own pages the site knows of.
CONTRIBUTE_PAGE = "contribuer.md"
ACCESSIBILITY_PAGE = "accessibilite.md"
LEGAL_PAGES = (("mentions-legales.md", "Mentions légales"), (ACCESSIBILITY_PAGE, "Accessibilité"))
# Where the home page shows the summary of its territory (an HTML comment in its Markdown), and
# the paragraph that stands in for it through the sanitizer.
TERRITORY_MARKER = "<!-- maillage:territoire -->"
TERRITORY_SLOT = "MAILLAGE-RESUME-DU-TERRITOIRE"


def entry_src(entry: Entry) -> str:
    """The (virtual) source path of an entry page: the entry's own file path."""
    return f"{entry.type.folder}/{entry.id}.md"


def entry_url(entry: Entry) -> str:
    """The URL of an entry page relative to the site root: `acteurs/<id>/`."""
    return f"{entry.type.folder}/{entry.id}/"


def entry_href(entry: Entry, root: str) -> str:
    """Where a link to an entry leads, from a page whose way back to the site root is `root`: its
    page here, or, for an entry gathered from a local commons, its page there (where it is edited)."""
    if entry.remote:
        return href(entry.origins[0].url)
    return root + entry_url(entry)


def listing_src(entry_type: EntryType) -> str:
    """The (virtual) source path of a type's listing page: `acteurs/index.md`."""
    return f"{entry_type.folder}/index.md"


def listing_url(folder: str) -> str:
    """The URL of a type's listing page: `acteurs/`."""
    return f"{folder}/"


def listing_page_src(entry_type: EntryType, number: int) -> str:
    """The (virtual) source path of a long listing's page `number` (2 and up): `acteurs/page/2.md`."""
    return f"{entry_type.folder}/page/{number}.md"


def listing_page_count(entries: int, size: int) -> int:
    """How many pages a listing of `entries` cards takes, `size` a page (one when it is empty)."""
    return max(1, -(-entries // size))


def listing_page_url(folder: str, number: int) -> str:
    """The URL of a listing's page `number`: `acteurs/` for the first, `acteurs/page/2/` after."""
    return listing_url(folder) if number == 1 else f"{folder}/page/{number}/"


LISTING_RECORDS = "fiches.json"  # beside a long listing: every entry as its cards and filters need


def place_slug(place: Place) -> str:
    """A readable, unique slug for a territory: its name and official code (`epinal-88160`)."""
    return slugify(f"{place.name} {place.code}")


def place_src(place: Place) -> str:
    """The (virtual) source path of a territory page."""
    return f"territoires/{place_slug(place)}.md"


def place_url(place: Place) -> str:
    """The URL of a territory page: `territoires/<slug>/`."""
    return f"territoires/{place_slug(place)}/"


def root_of(page_url: str) -> str:
    """The relative prefix leading from a page (directory URLs) back to the site root."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return "../" * depth


# Characters a URI may hold as they are (RFC 3986 reserved and unreserved, and `%` of escapes).
_URI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def href(url: str) -> str:
    """A contributed URL fit for an `href`: anything a URI cannot hold is percent-encoded.

    Spaces, `<`, `>`, `"`, backslashes and non-ASCII letters become `%XX`; escapes already
    present are kept, and a `%` that starts none is encoded itself.
    """
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URI_SAFE)


def mailto(address: str) -> str:
    """A `mailto:` link to one address: every character but letters, digits, `@` and `.-_~` is
    percent-encoded, so nothing in it can start a query (`?bcc=`, `&body=`) or add recipients."""
    return "mailto:" + quote(address, safe="@")
