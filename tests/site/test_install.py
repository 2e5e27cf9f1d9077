"""A build in an environment without the site's libraries says in French what to install, before
anything is built (an old environment would otherwise stop mid-build with a Python traceback)."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from maillage.site import install
from maillage.site.plugin import MaillagePlugin


def test_the_installed_site_extra_is_complete() -> None:
    assert install.missing_libraries() == []


def test_a_library_of_an_included_extra_is_named_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = install.version

    def without_pyuca(name: str) -> str:
        if name == "pyuca":
            raise install.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(install, "version", without_pyuca)
    assert install.missing_libraries() == ["pyuca"]
    plugin = MaillagePlugin()
    plugin.load_config({})
    with pytest.raises(PluginError, match=r'bibliothèques du site : pyuca\..*pip install "maillage\[site\]"'):
        plugin.on_config(None)  # type: ignore[arg-type]
