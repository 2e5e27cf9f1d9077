"""A territory given by code or name, as a coordinator types it for `maillage nouveau` or in mkdocs.yml."""

from __future__ import annotations

import pytest

from maillage.model.places import PlaceError, resolve_place, written_place
from maillage.model.territory import territory


@pytest.mark.parametrize(
    ("text", "kinds", "expected"),
    [
        ("08", ("departement",), ("departement", "08")),
        ("8", ("departement",), ("departement", "08")),
        ("Ardennes", ("departement",), ("departement", "08")),
        ("ardennes", None, ("departement", "08")),
        ("finistere", None, ("departement", "29")),
        ("2a", ("departement",), ("departement", "2A")),
        ("974", None, ("departement", "974")),
        ("Grand Est", None, ("region", "44")),
        ("grand-est", ("region",), ("region", "44")),
        ("44", ("region",), ("region", "44")),
        ("Ardenne Métropole", None, ("intercommunalite", "200041630")),
        ("CA Ardenne Metropole", ("intercommunalite",), ("intercommunalite", "200041630")),
        ("200041630", None, ("intercommunalite", "200041630")),
        ("Revin", ("commune",), ("commune", "08363")),
        ("08363", ("commune",), ("commune", "08363")),
        ("Ardenn", ("departement",), ("departement", "08")),  # a unique beginning is enough
    ],
)
def test_a_territory_by_code_or_name(text, kinds, expected):
    place = resolve_place(text, kinds) if kinds else resolve_place(text)
    assert (place.kind, place.code) == expected


def test_an_ambiguous_beginning_lists_the_candidates():
    with pytest.raises(PlaceError) as error:
        resolve_place("Ard", ("departement",))
    assert "Ardèche (07)" in error.value.message and "Ardennes (08)" in error.value.message
    assert {p.code for p in error.value.candidates} == {"07", "08"}


def test_a_code_shared_by_a_departement_and_a_region_asks_which():
    with pytest.raises(PlaceError) as error:
        resolve_place("44")
    assert "département Loire-Atlantique (44)" in error.value.message
    assert "région Grand Est (44)" in error.value.message


def test_a_postal_code_typed_for_a_departement():
    with pytest.raises(PlaceError) as error:
        resolve_place("08000", ("departement",))
    assert error.value.message.startswith("« 08000 » est un code postal, pas un code de département")
    assert "Ardennes (08)" in error.value.message


def test_a_code_that_is_also_a_postal_code_names_both_readings():
    with pytest.raises(PlaceError) as error:
        resolve_place("08200", ("commune",))
    message = error.value.message
    assert "c'est le code INSEE de Grivy-Loisy (08200)" in message
    assert "c'est un code postal de Sedan (code INSEE 08409)" in message


def test_a_former_commune_names_its_commune_nouvelle():
    with pytest.raises(PlaceError) as error:
        resolve_place("La Flocellière", ("commune",))
    assert "La Flocellière est une ancienne commune, fusionnée dans Sèvremont (code INSEE 85090)" in error.value.message


def test_an_unknown_territory():
    with pytest.raises(PlaceError, match=r"aucun territoire .* ne correspond à « Atlantide »"):
        resolve_place("Atlantide")


@pytest.mark.parametrize("departement", ["29", "2A", "974", "988"])
def test_every_commune_is_written_so_that_it_reads_back(departement):
    """`maillage nouveau` writes the territory into mkdocs.yml; the settings must read the same places."""
    geo = territory()
    for code in geo.commune_codes(departement):
        place = geo.place("commune", code)
        assert resolve_place(written_place(place), ("commune",)) == place, code


@pytest.mark.parametrize(("place", "written"), [
    (("commune", "29232"), "Quimper"),
    (("commune", "29233"), "Quimperlé"),  # its code, 29233, is also a postal code of Cléder
    (("commune", "32389"), "32389"),  # one of the Saint-Martin
    (("departement", "2A"), "2A"),
    (("intercommunalite", "200068120"), "200068120"),
])
def test_a_commune_is_written_by_name_unless_its_name_is_shared(place, written):
    assert written_place(territory().place(*place)) == written


@pytest.mark.parametrize("text", ["Corse", "20"])
def test_corsica_as_a_departement_asks_which_of_the_two(text):
    """« Corse » is a région, and 20 the code of the single département split in 1976."""
    with pytest.raises(PlaceError) as error:
        resolve_place(text, ("departement",))
    assert {p.code for p in error.value.candidates} == {"2A", "2B"}
    assert "Corse-du-Sud (2A)" in error.value.message and "Haute-Corse (2B)" in error.value.message


@pytest.mark.parametrize(("text", "codes"), [
    ("Rhin", {"67", "68"}),
    ("Pyrénées", {"64", "65", "66"}),
    ("Savoie", None),  # an exact name wins: Savoie (73), not Haute-Savoie
])
def test_a_word_of_several_names_asks_which(text, codes):
    if codes is None:
        assert resolve_place(text, ("departement",)).code == "73"
        return
    with pytest.raises(PlaceError) as error:
        resolve_place(text, ("departement",))
    assert {p.code for p in error.value.candidates} == codes
