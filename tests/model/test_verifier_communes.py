"""`maillage verifier` and communes: names get the code to write, addresses are cross-checked,
`--corriger` writes what is certain, `--depuis` shows each new or changed commune by name."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from maillage.cli import main
from maillage.model import default_schemas, parse_document
from maillage.model.commune_fields import address_problems
from maillage.model.territory import Scope, territory

ARDENNES_CONFIG = 'site_name: Ardennes\ndocs_dir: content\nplugins:\n  - maillage:\n      territoire:\n' \
                  '        departements: ["08"]\n'


def actor(commune: str, address: str | None = None, comment: str = "") -> str:
    contact = f'contact:\n  adresse: "{address}"\n' if address else ""
    return (f"---\nschema_version: 1\nnom: Acteur  {comment}\nforme: organisation\nnature: association\n"
            f"commune: {commune}\nechelle: commune\n{contact}---\n\nTexte.\n")


@pytest.fixture
def ardennes(tmp_path, monkeypatch) -> Path:
    """An empty commons for the Ardennes, as the working directory."""
    (tmp_path / "mkdocs.yml").write_text(ARDENNES_CONFIG, "utf-8")
    (tmp_path / "content" / "acteurs").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(root: Path, name: str, text: str) -> Path:
    path = root / "content" / "acteurs" / f"{name}.md"
    path.write_text(text, "utf-8")
    return path


def verifier(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verifier", *args])
    return result.exit_code, result.output


def test_a_name_instead_of_a_code_says_which_code_to_write(ardennes):
    put(ardennes, "revin", actor("Revin"))
    put(ardennes, "charleville", actor('"Charleville"'))
    code, output = verifier()
    assert code == 1
    assert 'content/acteurs/revin.md:6:1: « Revin » : écrivez commune: "08363" (Revin)' in output
    # Inside the Ardennes, "Charleville" is Charleville-Mézières (not Charleville, Marne).
    assert '« Charleville » : écrivez commune: "08105" (Charleville-Mézières)' in output


def test_a_former_code_that_is_also_a_postal_code_names_both_readings(ardennes):
    put(ardennes, "rethel", actor('"08300"'))
    _, output = verifier()
    assert "« commune » : « 08300 » peut désigner plusieurs communes" in output
    assert 'ancien code (Mont-Dieu), aujourd\'hui : Tannay-le-Mont-Dieu (08390)' in output
    assert 'code postal : Rethel (08300) — CC du Pays Rethélois : écrivez commune: "08362"' in output
    # One line per problem, its candidates included, as editors and CI read `path:line:column: message`.
    line = next(line for line in output.splitlines() if line.startswith("content/acteurs/rethel.md:6:1: "))
    assert "écrivez le code INSEE de la bonne : ancien code (Mont-Dieu)" in line and ' ; code postal : Rethel' in line
    assert "⟨U+000A⟩" not in output


def test_a_name_no_commune_has_is_said_so_not_called_a_wrong_code(ardennes):
    put(ardennes, "hameau", actor('"Saint-Gilles-les-Bains"'))  # a seaside village of Saint-Paul (974)
    code, output = verifier()
    assert code == 1
    assert "aucune commune ne s'appelle « Saint-Gilles-les-Bains » : vérifiez l'orthographe" in output
    assert "code INSEE" not in output


def test_an_unquoted_code_gets_both_explanations_on_one_line(ardennes):
    put(ardennes, "sedan", actor("51454"))  # Reims: YAML reads a number (08409 stays text)
    _, output = verifier()
    line = next(line for line in output.splitlines() if line.startswith("content/acteurs/sedan.md:6:1: "))
    assert 'sinon il devient un nombre ; « 51454 » : écrivez commune: "51454" (Reims)' in line
    assert "⟨U+000A⟩" not in output


def test_a_code_contradicted_by_its_own_address_is_flagged_with_both_readings(ardennes):
    put(ardennes, "sedan", actor('"08200"', "12 rue Gambetta, 08200 Sedan"))
    code, output = verifier()
    assert code == 0  # a warning: the reviewer decides
    assert ("avertissement : « commune » : le code INSEE 08200 est celui de Grivy-Loisy, mais l'adresse indique "
            '08200 Sedan : vérifiez (pour Sedan, écrivez commune: "08409")') in output


def test_an_address_in_the_communes_own_postal_code_is_quiet(ardennes):
    put(ardennes, "sedan", actor('"08409"', "12 rue Gambetta 08200 SEDAN CEDEX"))
    put(ardennes, "balan", actor('"08043"', "BP 3, 08200 Balan"))
    assert verifier() == (0, "2 fiche(s) vérifiée(s) : aucun problème.\n")


def test_every_contradicting_address_of_the_ardennes_is_flagged():
    """The collision table of one whole département: each postal code typed as the commune code,
    with an address naming the commune it serves, is flagged."""
    geo = territory()
    scope = Scope((geo.place("departement", "08"),))
    flagged = 0
    for code in geo.commune_codes("08"):
        commune = geo.commune(code)
        for postal in commune.postal_codes:
            if not geo.is_commune(postal) or postal == code or postal in geo.commune(postal).postal_codes:
                continue
            document = parse_document(actor(f'"{postal}"', f"1 rue Haute, {postal} {commune.name}").encode(), "x.md")
            problems = address_problems(default_schemas().by_folder["acteurs"], document, default_schemas(), scope)
            assert problems, (postal, commune.name)
            assert f"l'adresse indique {postal} {commune.name}" in problems[0].message
            flagged += 1
    assert flagged > 300


def test_corriger_writes_only_the_certain_codes_and_keeps_the_rest_of_the_file(ardennes):
    revin = put(ardennes, "revin", actor("Revin   # la ville", comment="# à garder"))
    sedan = put(ardennes, "sedan", actor('"08200"', "12 rue Gambetta, 08200 Sedan"))
    ambiguous = put(ardennes, "rethel", actor('"08300"'))
    elsewhere = put(ardennes, "vendee", actor('"La Flocellière"'))
    before = {path: path.read_text("utf-8") for path in (ambiguous, elsewhere)}
    code, output = verifier("--corriger")
    assert 'content/acteurs/revin.md : commune « Revin » → "08363" (Revin)' in output
    assert 'content/acteurs/sedan.md : commune « 08200 » → "08409" (Sedan)' in output
    assert "2 fiche(s) corrigée(s)." in output
    assert revin.read_text("utf-8") == actor('"08363"   # la ville', comment="# à garder")
    assert 'commune: "08409"' in sedan.read_text("utf-8")
    # An ambiguous code, and a name found only outside the commons' territory, are explained, never written.
    assert {path: path.read_text("utf-8") for path in (ambiguous, elsewhere)} == before
    assert code == 1 and "« 08300 » peut désigner plusieurs communes" in output


def test_corriger_keeps_windows_line_endings(ardennes):
    path = ardennes / "content" / "acteurs" / "revin.md"
    path.write_bytes(actor("Revin").replace("\n", "\r\n").encode())
    verifier("--corriger")
    assert path.read_bytes() == actor('"08363"').replace("\n", "\r\n").encode()


def test_new_and_changed_communes_are_shown_by_name_since_a_revision(ardennes, monkeypatch):
    put(ardennes, "sedan", actor('"08409"'))
    put(ardennes, "revin", actor('"08363"'))
    repository = git.Repo.init(ardennes)
    repository.index.add(["mkdocs.yml", "content/acteurs/sedan.md", "content/acteurs/revin.md"])
    repository.index.commit("base", author=git.Actor("a", "a@example.org"))
    put(ardennes, "sedan", actor('"08200"'))
    put(ardennes, "nouveau", actor('"08105"'))
    summary = ardennes / "resume.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, output = verifier("--format", "github", "--depuis", "HEAD")
    assert ("::notice file=content/acteurs/sedan.md,line=6,title=Commune::commune : 08200 — Grivy-Loisy "
            "(CC de l'Argonne Ardennaise) (avant : 08409 — Sedan (CA Ardenne Métropole))") in output
    assert "commune : 08105 — Charleville-Mézières (CA Ardenne Métropole)" in output
    assert "revin" not in output  # unchanged
    assert "| content/acteurs/nouveau.md | 6 | commune : 08105 — Charleville-Mézières" in summary.read_text("utf-8")
    code, output = verifier("--depuis", "pas-une-revision")
    assert code == 1 and "révision git inconnue : « pas-une-revision »" in output


def test_a_bad_territory_in_mkdocs_yml_is_a_french_message(ardennes):
    (ardennes / "mkdocs.yml").write_text(ARDENNES_CONFIG.replace('"08"', '"Atlantide"'), "utf-8")
    code, output = verifier()
    assert code == 1 and "mkdocs.yml, ligne 6, option « territoire »" in output


def test_a_code_typed_with_a_space_is_read_as_a_code(ardennes):
    """« 08 105 » is how a code is read aloud (département, then commune): the INSEE reading, and
    the postal one when it is also a postal code, exactly as for « 08105 »."""
    put(ardennes, "charleville", actor('"08 105"'))
    put(ardennes, "sedan", actor('"08 200"'))
    code, output = verifier()
    assert code == 1
    assert 'content/acteurs/charleville.md:6:1: « 08 105 » : écrivez commune: "08105" (Charleville-Mézières)' in output
    assert "« commune » : « 08 200 » peut désigner plusieurs communes" in output
    assert 'code postal : Sedan (08200) — CA Ardenne Métropole : écrivez commune: "08409"' in output


def test_a_reunion_code_typed_with_a_space(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(ARDENNES_CONFIG.replace('"08"', '"974"'), "utf-8")
    (tmp_path / "content" / "acteurs").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    put(tmp_path, "saint-denis", actor('"97 411"'))
    _, output = verifier()
    assert "« 97 411 » peut désigner plusieurs communes" in output  # Saint-Denis's code, Saint-Paul's postcode
    assert 'code INSEE : Saint-Denis' in output and 'écrivez commune: "97411"' in output
