"""The site plugin declares the commons' settings and builds them through the model's one function."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from maillage.model.settings import load_settings


def configure(tmp_path: Path, options: str) -> object:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test\ndocs_dir: content\nplugins:\n  - maillage:\n{options}", "utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["maillage"]
    plugin.on_config(config)
    return plugin


def test_the_plugin_builds_the_same_settings_as_the_model(tmp_path):
    plugin = configure(tmp_path, '      territoire:\n        regions: ["Grand Est"]\n'
                                 "      formulaire_url: https://formulaire.example.org/\n")
    assert plugin.settings == load_settings(tmp_path)
    assert plugin.settings.scope.label == "Grand Est"


def test_a_bad_territory_stops_the_build_with_the_french_message(tmp_path):
    with pytest.raises(PluginError, match=r"mkdocs.yml, ligne 6, option « territoire » .* « Atlantide »"):
        configure(tmp_path, '      territoire:\n        departements: ["Atlantide"]\n')
