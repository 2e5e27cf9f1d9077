"""The one commune resolver: what a person types for a commune → the commune(s) it may designate."""

from __future__ import annotations

import pytest

from maillage.model import communes
from maillage.model.communes import resolve
from maillage.model.territory import Scope, territory

ARDENNES = Scope((territory().place("departement", "08"),))


@pytest.mark.parametrize(
    "text",
    ["Charleville-Mézières", "charleville-mezieres", "CHARLEVILLE MEZIERES", "Charleville Mézières",
     "  charleville-mézières  ", "08105", "8105", "Charleville-Mézières (08000)", "08000 Charleville-Mézières",
     "Charleville-Mézières Cedex"],
)
def test_names_written_any_way_and_codes(text):
    assert resolve(text).commune.code == "08105"


@pytest.mark.parametrize(
    ("text", "code"),
    [("St-Dié-des-Vosges", "88413"), ("Ste Marguerite 88100", "88424"), ("Thillot (Le)", "88468"),
     ("LE THILLOT", "88468"), ("Paris 11e", "75056"), ("75111", "75056")],
)
def test_saints_articles_and_arrondissements(text, code):
    assert resolve(text).commune.code == code


def test_a_short_form_within_the_commons_territory():
    found = resolve("Charleville", ARDENNES)
    assert found.commune.code == "08105"
    assert found.candidates[0].how == communes.SHORT_NAME
    # Elsewhere, "Charleville" is both the name of a village of the Marne and what people call
    # Charleville-Mézières, a town 150 times as large: a person must choose.
    found = resolve("Charleville")
    assert [(c.commune.code, c.how) for c in found.candidates] == [("51129", "nom"), ("08105", "forme_courte")]
    grand_est = Scope((territory().place("region", "44"),))
    assert resolve("Charleville", grand_est).commune is None
    # A short form of a small commune never hides an exact name: Paris is Paris.
    assert resolve("Paris").commune.code == "75056"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Charleville-Méz.", "08105"), ("CHARLEVILLE-MEZ.", "08105"), ("St-Dié-des-V.", "88413"),
     ("Châlons-en-Ch.", "51108"), ("08000 CHARLEVILLE-MEZ. CEDEX", "08105"), ("Charleville-Mez. (08000)", "08105")],
)
def test_names_with_words_cut_short(text, code):
    found = resolve(text)
    assert found.commune.code == code
    assert found.candidates[0].how == communes.ABBREVIATION


def test_a_short_form_settled_by_its_postal_code():
    # Listings give "Longeville" with the postal code of Longeville-lès-Saint-Avold, not the Doubs' Longeville.
    assert resolve("Longeville (57740)").commune.code == "57413"
    assert resolve("Charleville 08000").commune.code == "08105"
    assert resolve("Charleville (51120)").commune.code == "51129"


def test_an_ambiguous_name_gives_candidates_with_departement_and_postal_code():
    found = resolve("Saint-Martin")
    assert found.commune is None and found.ambiguous
    assert len(found.candidates) >= 5
    assert "Saint-Martin (54, 54450) : 54480" in [communes.candidate_text(c) for c in found.candidates]


def test_the_commons_territory_comes_first():
    vosges = Scope((territory().place("departement", "88"),))
    assert resolve("Sainte-Marguerite", vosges).commune.code == "88424"  # there is one in Haute-Loire too
    # Outside the territory, the rest of France still answers.
    assert resolve("Brest", vosges).commune.code == "29019"


def test_a_former_commune_answers_with_its_commune_nouvelle():
    found = resolve("La Flocellière")
    assert found.commune.name == "Sèvremont"
    assert found.candidates[0].how == communes.FORMER_NAME
    assert found.candidates[0].detail == "La Flocellière"


def test_a_renamed_commune_answers_with_its_current_name():
    assert resolve("Neussargues en Pinatelle").commune.name == "Neussargues-Moissac"


@pytest.mark.parametrize(("typed", "commune"), [("Tampon", "Le Tampon"), ("Etang Sale", "L'Étang-Salé")])
def test_a_name_without_its_article_is_the_commune_itself_not_a_former_one(typed, commune):
    found = resolve(typed)
    assert found.commune.name == commune and found.candidates[0].how == communes.NAME
    # A commune nouvelle that kept a former commune's code still names that former commune.
    assert resolve("Culoz").candidates[0].how == communes.FORMER_NAME


def test_a_code_that_is_also_a_postal_code_has_both_readings():
    found = resolve("08200")
    assert found.commune is None
    assert [c.commune.name for c in found.reading(communes.CODE)] == ["Grivy-Loisy"]
    served = [c.commune.name for c in found.reading(communes.POSTAL_CODE)]
    assert served[0] == "Sedan"  # the most populous commune a postal code serves comes first
    assert "Balan" in served


def test_a_former_code_that_is_also_a_postal_code_names_both_readings():
    found = resolve("08300")
    former = found.reading(communes.FORMER_CODE)
    assert [(c.commune.name, c.detail) for c in former] == [("Tannay-le-Mont-Dieu", "Mont-Dieu")]
    assert found.reading(communes.POSTAL_CODE)[0].commune.name == "Rethel"


def test_a_postal_code_serving_one_commune_designates_it():
    assert resolve("54000").commune.name == "Nancy"
    assert resolve("97400").commune.name == "Saint-Denis"


def test_a_name_with_its_postal_code_picks_among_homonyms():
    assert resolve("Saint-Martin 54450").commune.code == "54480"
    assert resolve("Sedan (08200)").commune.code == "08409"


def test_the_beginning_of_a_name_suggests_but_never_decides():
    found = resolve("Charlevil", ARDENNES)
    assert [c.commune.code for c in found.candidates] == ["08105"]
    assert found.commune is None and found.ambiguous


def test_nothing_found():
    assert resolve("Atlantide").candidates == ()
    assert resolve("").candidates == ()


def test_every_postal_code_of_the_ardennes_shows_the_communes_it_may_designate():
    """The collision table of one whole département: no postal code is ever read silently as an INSEE code."""
    geo = territory()
    postal_codes = {p for code in geo.commune_codes("08") for p in geo.commune(code).postal_codes}
    assert len(postal_codes) > 30
    collisions = 0
    for postal in sorted(postal_codes):
        found = resolve(postal, ARDENNES)
        served = set(geo.communes_for_postal_code(postal))
        shown = {c.commune.code for c in found.candidates}
        assert served <= shown, postal  # every commune the postal code serves is offered
        if geo.is_commune(postal) and postal not in served:
            collisions += 1
            assert found.commune is None, postal  # both readings: a person must choose
            assert found.reading(communes.CODE)[0].commune.code == postal
    assert collisions > 20
