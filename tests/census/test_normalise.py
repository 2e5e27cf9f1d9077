"""Normalisation of names, communes and contact details, as real listings write them."""

from __future__ import annotations

import pytest

from maillage.census import normalise as norm
from maillage.census.records import normalise_fields
from maillage.model.territory import Scope, territory

MOSELLE = Scope((territory().place("departement", "57"),))
ARDENNES = Scope((territory().place("departement", "08"),))


def test_name_keys_drop_accents_legal_forms_and_expand_abbreviations() -> None:
    a = norm.name_keys("Association Théâtre de St-Dié")
    b = norm.name_keys("THEATRE DE SAINT DIE (ASSO.)")
    assert a.norm == b.norm == "theatre saint die"
    # Abbreviations clerks use, and typos in legal-form words, which are still legal forms.
    assert norm.name_keys("Harm. mun. de Yutz").norm == norm.name_keys("Harmonie municipale de Yutz").norm
    assert norm.name_keys("Assocation Chor. Sainte-Cécile").norm == norm.name_keys("Chorale Sainte-Cécile").norm
    assert norm.name_keys("Cie du Grenier").norm == norm.name_keys("GRENIER (COMPAGNIE DU)").norm == "grenier"


def test_acronyms_and_the_names_they_stand_for_have_the_same_keys() -> None:
    spelt_out = norm.name_keys("Maison des Jeunes et de la Culture de Yutz", commune="57757")
    for short in ("MJC de Yutz", "M.J.C. Yutz", "MJC Yutz"):
        keys = norm.name_keys(short, commune="57757")
        assert keys.norm == spelt_out.norm == "mjc yutz"
        assert keys.core == "mjc"  # the commune's name does not tell the town's actors apart
    assert norm.name_keys("FJEP - Foyer des Jeunes et d'Éducation Populaire").norm == "fjep fjep"
    assert norm.name_keys("A.D.M.V.").sigle == "admv"


@pytest.mark.parametrize(
    ("code", "postal", "label", "scope", "expected"),
    [
        ("", "", "Yutz", MOSELLE, "57757"),
        ("", "", "YUTZ CEDEX", None, "57757"),
        ("", "", "Charleville", ARDENNES, "08105"),  # the Ardennes' Charleville, not the Marne's
        ("", "", "Charleville-Mez.", None, "08105"),
        ("", "08000", "CHARLEVILLE", None, "08105"),
        ("", "57740", "Longeville", None, "57413"),
        ("57970", "", "YUTZ", None, "57757"),  # a postal code typed in the INSEE code column
        ("75111", "", "", None, "75056"),  # an arrondissement's code
        ("88018", "", "", None, "88218"),  # a merged commune's code
        ("", "", "Saint-Martin", None, None),  # ambiguous: listed in sans-commune.yaml
        ("Longeville-lès-Metz", "", "", None, "57412"),  # a name in the code column (a correction)
        ("57052", "57970", "BASSE-HAM", None, "57287"),  # a wrong code the name and postal code contradict
    ],
)
def test_communes_from_codes_postal_codes_and_names(code, postal, label, scope, expected) -> None:
    assert norm.locate_commune(code, postal, label, scope) == expected


def test_a_contradicted_code_is_noted_never_silently_replaced() -> None:
    record = normalise_fields({"nom": "THEATRE DU GRENIER", "commune": "57052", "code_postal": "57970",
                               "commune_libelle": "BASSE-HAM"})
    assert record["commune"] == "57287"
    assert record["remarque"] == "code INSEE 57052 (Barst) contredit par le nom et le code postal : Basse-Ham retenue"
    assert norm.code_contradicted("57287", "57287") is None


@pytest.mark.parametrize(
    ("written", "departement", "display", "key"),
    [
        ("+33 (0)3 29 12 34 56", "88", "03 29 12 34 56", "+33329123456"),
        ("03.29.12.34.56", "88", "03 29 12 34 56", "+33329123456"),
        ("329123456", "88", "03 29 12 34 56", "+33329123456"),  # a spreadsheet dropped the zero
        ("0262 21 34 56", "974", "0262 21 34 56", "+262262213456"),
        ("+262 262 21 34 56", "974", "0262 21 34 56", "+262262213456"),
        ("0262 21 34 56", "", "0262 21 34 56", "+262262213456"),  # the prefix says La Réunion
        ("+44 20 7946 0958", "88", "+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phones_national_and_international_forms_agree(written, departement, display, key) -> None:
    assert norm.phone(written, departement) == display
    assert norm.phone_key(written, departement) == key


def test_contact_details_and_identifiers() -> None:
    assert norm.phone("12") is None
    assert norm.email(" Contact@Exemple.FR ") == "contact@exemple.fr"
    assert norm.website("www.exemple.fr/page") == ("https://www.exemple.fr/page", "exemple.fr")
    assert norm.website("https://facebook.com/macompagnie")[1] == "facebook.com/macompagnie"
    assert norm.siret("356 000 000 00048") is not None  # La Poste's exception
    assert norm.siren("123456789") is None
    assert norm.rna("w881000123") == "W881000123"


def test_a_record_located_by_its_commune_name() -> None:
    values = {"nom": "HARMONIE DE YUTZ", "commune_libelle": "Yutz", "telephone": "+33 (0)3 82 00 00 00"}
    record = normalise_fields(values)
    assert (record["commune"], record["departement"], record["nom"]) == ("57757", "57", "Harmonie de Yutz")
    assert record["tel_cle"] == "+33382000000"
