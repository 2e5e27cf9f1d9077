"""The map page's model, read from the schemas: kinds and their symbols, filters merged or told
apart by key, and what the map cannot place, on a commons with its own schemas."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from maillage.model import load_commons, render_entry
from maillage.site.catalogue import build_catalogue
from maillage.site.labels import Labels
from maillage.site.mapview import SHAPES, map_page

ROOT = Path(__file__).resolve().parents[2]


def write(content: Path, folder: str, entry_id: str, data: dict) -> None:
    (content / folder).mkdir(parents=True, exist_ok=True)
    (content / folder / f"{entry_id}.md").write_text(render_entry({"schema_version": 1, **data}, "Texte."), "utf-8")


@pytest.fixture
def page(tmp_path: Path):
    # The commons' own schemas: a ressource may leave its commune out, and its `genre` facet is
    # called `type` in the address, like the rencontres' `type` — another field, another title.
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    path = tmp_path / "schemas" / "ressource.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["required"].remove("commune")
    schema["x-facettes"] = {"type": "genre", "discipline": "disciplines"}
    path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
    content = tmp_path / "content"
    write(content, "acteurs", "chorale", {"nom": "Chorale", "forme": "organisation", "nature": "association",
                                          "commune": "08105", "echelle": "commune", "disciplines": ["musique"],
                                          "univers": {"pratique": "amateur"}})
    write(content, "acteurs", "theatre", {"nom": "Théâtre", "forme": "organisation", "nature": "association",
                                          "commune": "08409", "echelle": "commune", "disciplines": ["theatre"],
                                          "univers": {"pratique": "professionnel"}})
    write(content, "ressources", "sono", {"titre": "Sono", "genre": "materiel_technique", "preteur": "chorale",
                                          "conditions": "gratuit", "echelle": "commune", "disciplines": ["musique"]})
    write(content, "rencontres", "atelier", {
        "titre": "Atelier", "type": "atelier", "debut": "2027-01-10T10:00:00+01:00",
        "fin": "2027-01-10T12:00:00+01:00", "lieu": {"commune": "08105"}, "echelle": "commune"})
    commons = load_commons(content)
    assert not commons.errors, [p.format() for p in commons.errors]
    return map_page(build_catalogue(commons, datetime(2026, 12, 1, tzinfo=UTC)), Labels(commons.schemas))


def test_kinds_follow_the_types_order_each_with_its_own_shape(page) -> None:
    assert [(k.entry_type.folder, k.shape, k.count) for k in page.kinds] == [
        ("acteurs", SHAPES[0][0], 2), ("rencontres", SHAPES[1][0], 1)]  # the sono has no place
    assert 'd="' + SHAPES[0][1] + '"' in page.kinds[0].symbol and 'aria-hidden="true"' in page.kinds[0].symbol


def test_a_shared_key_is_one_filter_a_clashing_key_two(page) -> None:
    filters = {f.key: f for f in page.filters}
    assert filters["discipline"].counts == {"musique": 1, "theatre": 1}  # actors' (the sono is not placed)
    assert "rencontres.type" in filters and "ressources.type" in filters and "type" not in filters
    assert filters["pratique"].group == "Univers" and filters["discipline"].group is None
    groups = page.filter_groups()
    assert [(title, [f.key for f in items]) for title, items in groups] == [
        (None, ["discipline"]), ("Univers", ["pratique"])]  # one-value facets left out


def test_what_cannot_be_placed_is_counted_by_reason(page) -> None:
    assert [e.id for e in page.without_commune] == ["sono"]
    assert page.without_position == [] and page.unplaced == 1 and page.total == 3
    names = [commune.name for commune, _, _ in page.communes]
    assert names == ["Charleville-Mézières", "Sedan"]
    items = {item.entry.id: item.tokens for _, _, found in page.communes for item in found}
    assert items["chorale"] == "nature:association pratique:amateur discipline:musique"
    assert items["atelier"] == "rencontres.type:atelier"
