"""A territory given by code or name, as a coordinator types it for `maillage nouveau` or in mkdocs.yml."""

from __future__ import annotations

import pytest

from maillage.model.places import PlaceError, resolve_place


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
