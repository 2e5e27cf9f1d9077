"""The commons' settings, read from mkdocs.yml without MkDocs, and by the site plugin alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from maillage.model.settings import Settings, SettingsError, load_settings

CONFIG = """\
site_name: Commun des Ardennes
site_url: !ENV [MAILLAGE_SITE_URL, "http://127.0.0.1:8000/"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - maillage:
      git_dates: false
      territoire:
{territory}
      formulaire_url: https://formulaire.example.org/
"""


def write(tmp_path: Path, territory: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(territory=territory), "utf-8")
    return tmp_path


def test_settings_read_the_territory_and_the_form_address(tmp_path):
    territory = '        departements: ["08", Marne]\n        epci: ["Ardenne Métropole"]'
    settings = load_settings(write(tmp_path, territory))
    assert settings.scope.label == "Ardennes (08), Marne (51) et CA Ardenne Métropole"
    assert settings.scope.contains("08105")
    assert settings.form_url == "https://formulaire.example.org/"


def test_reading_settings_does_not_import_mkdocs(tmp_path):
    write(tmp_path, '        regions: ["Grand Est"]')
    code = ("import sys; from maillage.model.settings import load_settings; "
            f"s = load_settings({str(tmp_path)!r}); assert s.scope.label == 'Grand Est'; "
            "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_mkdocs_yml_or_no_territory_means_all_of_france(tmp_path):
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - maillage\n", "utf-8")
    assert load_settings(tmp_path) == Settings()


def test_the_demo_declares_the_vosges():
    assert load_settings(Path(__file__).parents[2]).scope.label == "Vosges (88)"


@pytest.mark.parametrize(
    ("territory", "expected"),
    [
        ('        departements: ["Ard"]',
         "ligne 11, option « territoire » du greffon maillage : « departements » : « Ard »"),
        ("        departements: [88]", "écrivez chaque code entre guillemets"),
        ('        cantons: ["0801"]', "« cantons » n'est pas une échelle connue"),
        ('        communes: ["08200"]', "c'est un code postal de Sedan"),
    ],
)
def test_bad_settings_name_the_file_line_and_option(tmp_path, territory, expected):
    with pytest.raises(SettingsError) as error:
        load_settings(write(tmp_path, territory))
    assert str(tmp_path / "mkdocs.yml") in str(error.value)
    assert expected in str(error.value)


def test_a_form_address_must_be_a_web_address(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - maillage:\n      formulaire_url: formulaire\n", "utf-8")
    with pytest.raises(SettingsError, match="ligne 3, option « formulaire_url »"):
        load_settings(tmp_path)


def test_unreadable_yaml_is_a_french_error(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("plugins: [\n", "utf-8")
    with pytest.raises(SettingsError, match="n'est pas un YAML lisible"):
        load_settings(tmp_path)
