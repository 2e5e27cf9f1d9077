"""The one slug function and the French official identifiers."""

from __future__ import annotations

import pytest

from maillage.model import is_slug, slugify
from maillage.model.identifiers import is_rna, is_siren, is_siret, luhn_valid
from maillage.model.slug import unique_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Théâtre de l'Œuf", "theatre-de-l-oeuf"),
        ("  Compagnie   des Sapins ! ", "compagnie-des-sapins"),
        ("../../etc/passwd", "etc-passwd"),
        ("a\\b/c", "a-b-c"),
        ("ＡＢＣ．．／", "abc"),  # fullwidth lookalikes
        ("Ça∕là", "ca-la"),  # U+2215 division slash
        ("Straße Æsir", "strasse-aesir"),
        ("", ""),
    ],
)
def test_slugify_gives_ascii_hyphenated_ids(text, slug):
    assert slugify(text) == slug
    assert slug == "" or is_slug(slug)


def test_slugs_are_capped_without_a_trailing_hyphen():
    slug = slugify("mot " * 100)
    assert len(slug) <= 80
    assert not slug.endswith("-")


@pytest.mark.parametrize("text", ["a..b", "a/b", "A-b", "é", "-a", "a-", "a--b", ""])
def test_is_slug_refuses_anything_unsafe(text):
    assert not is_slug(text)


def test_luhn():
    assert luhn_valid("732829320")
    assert not luhn_valid("732829321")


def test_siren_and_siret():
    assert is_siren("732829320")
    assert not is_siren("73282932")
    assert is_siret("73282932000074")
    assert not is_siret("73282932000075")
    assert not is_siret("7328293200007a")


def test_la_poste_siret_use_the_digit_sum_rule():
    # La Poste (SIREN 356000000): establishments' digit sum is a multiple of 5, not Luhn.
    assert is_siret("35600000012345") is (sum(map(int, "35600000012345")) % 5 == 0)
    assert is_siret("35600000000048")  # the head office passes Luhn


def test_rna():
    assert is_rna("W882001234")
    assert is_rna("W2A1000123")  # Corse
    assert not is_rna("882001234")
    assert not is_rna("W88200123")


def test_unique_slug_suffixes_until_free():
    assert unique_slug("Théâtre", set()) == "theatre"
    assert unique_slug("Théâtre", {"theatre", "theatre-2"}) == "theatre-3"
    assert unique_slug("../..", set()) == "fiche"
    long_title = "x" * 80
    assert unique_slug(long_title, {long_title}) == "x" * 78 + "-2"
