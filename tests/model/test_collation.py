"""French alphabetical order of names (`maillage.model.collation`)."""

from __future__ import annotations

import sys

import pytest

from maillage.model import collation


def test_names_sort_the_french_way() -> None:
    names = ["Xertigny", "Épinal", "Œuilly", "Oderen", "éloyes", "Eloyes"]
    assert sorted(names, key=collation.name_key) == ["Eloyes", "éloyes", "Épinal", "Oderen", "Œuilly", "Xertigny"]


def test_without_pyuca_the_error_says_in_french_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyuca", None)  # what `import pyuca` does when it is not installed
    collation._collator.cache_clear()
    collation.name_key.cache_clear()
    try:
        with pytest.raises(ModuleNotFoundError) as raised:
            collation.name_key("Épinal")
        assert raised.value.name == "pyuca"  # the command line's guard names the extra from it
        assert str(raised.value) == collation.MISSING_PYUCA
        assert 'pip install "maillage[site]"' in str(raised.value)
    finally:
        collation._collator.cache_clear()
        collation.name_key.cache_clear()
