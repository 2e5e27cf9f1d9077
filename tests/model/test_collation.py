"""French alphabetical order of names (`maillage.model.collation`)."""

from __future__ import annotations

import sys

import pytest

from maillage.model import collation


def test_names_sort_the_french_way() -> None:
    names = ["Xertigny", "Épinal", "Œuilly", "Oderen", "éloyes", "Eloyes"]
    assert sorted(names, key=collation.name_key) == ["Eloyes", "éloyes", "Épinal", "Oderen", "Œuilly", "Xertigny"]


def test_accented_capitals_and_ligatures_sort_with_their_letters() -> None:
    names = ["œuvre", "Zola", "Écran", "Ça", "Epinal", "Épinal", "cabane", "Oeuvre", "Ecran"]
    assert sorted(names, key=collation.name_key) == [
        "Ça", "cabane", "Ecran", "Écran", "Epinal", "Épinal", "Oeuvre", "œuvre", "Zola"]


def test_every_key_is_the_one_pyuca_gives() -> None:
    """Most names are keyed by a shortcut (each code point's weights put together level by level);
    the key is still pyuca's own, also where the shortcut does not apply: a contraction (Catalan
    « l· »), ideographs and unassigned code points (implicit weights), Hangul, controls."""
    pyuca = collation._collation().collator.sort_key
    letters = [chr(c) for c in [*range(0x20, 0x250), *range(0x1E00, 0x1F00), *range(0x2010, 0x2050), 0x20AC]]
    marks = [chr(c) for c in range(0x300, 0x370)]
    names = [
        *letters, *(f"a{m}" for m in marks), *(f"E{m}{n}" for m in marks[:20] for n in marks[:20]),
        "Écran", "Épinal", "œuvre", "Ça", "Œuilly", "L'Haÿ-les-Roses", "Saint-Dié-des-Vosges", "Ørsted",
        "Col·lectiu", "COL·LECTIU", "l·l", "l\u0387", "Ŀl", "Straße", "Ελλάδα", "東京の劇場", "서울", "\U000e0001x",
        "tab\tand\x7f", "Compagnie « Les Zèbres » — 2026", "Théâtre ’t Kapelleke", "Ǆemal", "ﬁl", "Ⅻ", "①", "",
        "a\u0301\u0323", "a\u0323\u0301", "ǹ", "ı", "İstanbul", "ß", "ẞ", "ǅ",
    ]
    assert [collation.name_key(n) for n in names] == [pyuca(n) for n in names]


def test_without_pyuca_the_error_says_in_french_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyuca", None)  # what `import pyuca` does when it is not installed
    collation._collation.cache_clear()
    collation.name_key.cache_clear()
    try:
        with pytest.raises(ModuleNotFoundError) as raised:
            collation.name_key("Épinal")
        assert raised.value.name == "pyuca"  # the command line's guard names the extra from it
        assert str(raised.value) == collation.MISSING_PYUCA
        assert 'pip install "maillage[site]"' in str(raised.value)
    finally:
        collation._collation.cache_clear()
        collation.name_key.cache_clear()
