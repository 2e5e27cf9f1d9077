"""Normalisation of names, addresses, communes and contact details."""

from __future__ import annotations

from maillage.census import normalise as norm


def test_name_keys_drop_accents_legal_forms_and_expand_saint() -> None:
    a = norm.name_keys("Association Théâtre de St-Dié")
    b = norm.name_keys("THEATRE DE SAINT DIE (ASSO.)")
    assert a.norm == b.norm == "theatre saint die"


def test_acronyms() -> None:
    assert norm.name_keys("MJC").sigle == "mjc"
    assert norm.name_keys("Maison des Jeunes et de la Culture de Nice").acronym.startswith("mjc")
    assert norm.name_keys("A.D.M.V.").sigle == "admv"


def test_communes_arrondissements_postal_codes_and_merged_communes() -> None:
    assert norm.insee_code("75111") == "75056"
    assert norm.insee_code("88018") == "88218"
    assert norm.insee_code("1053") == "01053"
    assert norm.commune_from_postal("88000", "Épinal") == "88160"
    assert norm.insee_code("99999") is None


def test_contact_details_and_identifiers() -> None:
    assert norm.phone("+33 3 29 00 00 00") == "03 29 00 00 00"
    assert norm.phone("12") is None
    assert norm.email(" Contact@Exemple.FR ") == "contact@exemple.fr"
    assert norm.website("www.exemple.fr/page") == ("https://www.exemple.fr/page", "exemple.fr")
    assert norm.website("https://facebook.com/macompagnie")[1] == "facebook.com/macompagnie"
    assert norm.siret("356 000 000 00048") is not None  # La Poste's exception
    assert norm.siren("123456789") is None
    assert norm.rna("w881000123") == "W881000123"
