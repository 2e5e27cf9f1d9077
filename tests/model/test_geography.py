"""The whole of France: every current commune placed, outlines for maps, and a commons' scope."""

from __future__ import annotations

import itertools

import pytest

from maillage.model import outlines
from maillage.model.territory import Place, Scope, territory


def _inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Ray casting: is (lon, lat) inside the ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_every_commune_of_the_101_departements_has_a_position():
    geo = territory()
    unplaced = [c for c in geo.commune_codes() if geo.commune(c).lat is None]
    # Only the collectivités d'outre-mer (no outline in IGN Admin Express) and the few
    # communes restored since the 2018 outlines are left without one.
    assert len(geo.commune_codes()) > 34_900
    assert all(geo.commune(c).departement[:2] in ("97", "98") or c in RESTORED_SINCE_2018 for c in unplaced)
    assert len(unplaced) < 110


RESTORED_SINCE_2018 = {"14666", "15031", "15035", "15047", "15171", "85165", "85212"}


@pytest.mark.parametrize(
    ("code", "name"),
    [("08105", "Charleville-Mézières"), ("29019", "Brest"), ("97411", "Saint-Denis"), ("2A004", "Ajaccio"),
     ("88160", "Épinal"), ("97611", "Mamoudzou")],
)
def test_a_commune_position_lies_inside_its_own_outline(code, name):
    commune = territory().commune(code)
    assert commune.name == name
    shape = territory().outline(Place("commune", code, name))
    assert any(_inside((commune.lon, commune.lat), polygon[0]) for polygon in shape)


def test_a_commune_nouvelle_is_the_union_of_its_former_communes():
    # Sèvremont (85090) merged four communes in 2016; its outline covers the four 2018 centroids' area,
    # and it has one position, inside.
    sevremont = territory().commune("85090")
    shape = territory().outline(Place("commune", "85090", "Sèvremont"))
    west, south, east, north = outlines.bounds([shape])
    assert west < sevremont.lon < east and south < sevremont.lat < north
    assert (east - west) > 0.1  # larger than any one of the former communes


def test_larger_territories_have_outlines_enclosing_their_communes():
    geo = territory()
    for place in (geo.place("departement", "08"), geo.place("region", "44"),
                  geo.place("intercommunalite", "200041630"), geo.place("departement", "974")):
        shape = geo.outline(place)
        west, south, east, north = outlines.bounds([shape])
        communes = [geo.commune(c) for c in geo.communes_in(place)]
        assert all(west - 0.01 < c.lon < east + 0.01 and south - 0.01 < c.lat < north + 0.01 for c in communes)


def test_commune_outlines_are_read_per_departement_and_drawn_as_svg():
    ardennes = outlines.commune_outlines("08")
    assert len(ardennes) == len(territory().commune_codes("08"))
    view_box, paths = outlines.svg_paths(ardennes)
    assert view_box.startswith("0 0 1000 ")
    assert paths["08105"].startswith("M") and paths["08105"].endswith("z")  # relative moves, closed
    assert outlines.commune_outlines("987") == {}  # no outline ships for French Polynesia


def test_a_scope_mixes_scales_and_knows_its_communes():
    geo = territory()
    scope = Scope((geo.place("departement", "08"), geo.place("intercommunalite", "200067213"),
                   geo.place("commune", "88160")))
    assert scope.contains("08105") and scope.contains("88160") and not scope.contains("88001")
    assert "51" in scope.departements and "88" in scope.departements  # the EPCI is the CU du Grand Reims
    assert scope.label == "Ardennes (08), CU du Grand Reims et Épinal (Vosges)"
    assert [place.code for place, _ in scope.outlines()] == ["08", "200067213", "88160"]
    assert set(scope.commune_outlines()) == set(scope.communes)


def test_a_region_scope():
    scope = Scope((territory().place("region", "44"),))
    assert scope.label == "Grand Est"
    assert len(scope.communes) > 5000
    assert scope.departements == ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88")


def test_describe_a_code_as_a_person_reads_it():
    assert territory().describe("08200") == "08200 — Grivy-Loisy (CC de l'Argonne Ardennaise)"
