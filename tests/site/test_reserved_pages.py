"""The site's own pages and the ids the schemas reserve agree: a page the site generates inside an
entry type's folder is an id that type refuses (`x-ids-reserves`, `index` always), so that
`maillage verifier` and the forms refuse what the build would refuse."""

from __future__ import annotations

from maillage.model import default_schemas
from maillage.site import meetpages, urls


def _generated_pages() -> list[str]:
    """Source paths of every page the site generates besides entries and territories."""
    fixed = [value for name, value in vars(urls).items() if name.endswith("_PAGE") and isinstance(value, str)]
    meeting = [value[0] for name, value in vars(meetpages).items() if name.endswith("_PAGE")]
    listings = [urls.listing_src(entry_type) for entry_type in default_schemas().types]
    return fixed + meeting + listings


def test_pages_in_a_type_folder_are_ids_that_type_reserves():
    by_folder = default_schemas().by_folder
    inside = [src for src in _generated_pages() if src.rpartition("/")[0] in by_folder]
    assert "rencontres/agenda.md" in inside and "acteurs/index.md" in inside
    for src in inside:
        folder, _, name = src.rpartition("/")
        assert name.removesuffix(".md") in by_folder[folder].reserved_ids, src
