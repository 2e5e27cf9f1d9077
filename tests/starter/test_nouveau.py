"""`maillage nouveau`: what a new commons holds, and what it refuses."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner
from starlette.testclient import TestClient
from tests.conftest import build_site

from maillage import __version__
from maillage.cli import main
from maillage.model import default_schemas, load_commons
from maillage.model.settings import load_settings
from maillage.model.territory import territory
from maillage.starter.create import default_requirement

KIT_WORKFLOWS = ("fraicheur.yml", "issue-vers-pr.yml", "publier.yml", "verifier.yml")


def nouveau(*args: str) -> object:
    return CliRunner().invoke(main, ["nouveau", *args])


@pytest.fixture(scope="module")
def commons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nouveau") / "commun-finistere"
    result = nouveau(str(root), "--departement", "29")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def first_day(commons: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the new commons as created, before its first entry: what its team sees first."""
    return build_site(commons / "mkdocs.yml", tmp_path_factory.mktemp("premier-jour") / "site")


@pytest.mark.parametrize(("page", "says"), [
    ("cooperations/index.html", "Aucun projet ni aucune rencontre pour l'instant"),
    ("projets/index.html", "Aucun projet pour l'instant."),
    ("rencontres/agenda/index.html", "Aucune rencontre à venir."),
    ("index.html", f"— pas encore de fiche dans ses {len(territory().commune_codes('29'))} communes."),
    ("recensement/index.html", "<strong>0 acteur</strong> publié."),
    ("territoires/index.html", "Aucun territoire pour l'instant : une commune, son intercommunalité, son département"),
])
def test_the_first_day_pages_say_they_are_empty_instead_of_drawing_zeros(first_day: Path, page: str, says: str):
    text = (first_day / page).read_text("utf-8")
    assert says in text
    assert "0 projet sur 0" not in text and "maillage-graphique" not in text


def test_a_ready_repository_in_one_commit_on_main(commons: Path) -> None:
    repo = git.Repo(commons)
    assert repo.active_branch.name == "main"
    assert len(list(repo.iter_commits())) == 1
    assert repo.git.status("--porcelain") == ""
    tracked = set(repo.git.ls_files().splitlines())
    for entry_type in default_schemas().types:  # every type's folder, kept even when empty
        assert any(path.startswith(f"content/{entry_type.folder}/") for path in tracked), entry_type.folder
    for page in ("index", "a-propos", "contribuer", "mentions-legales", "accessibilite"):
        assert f"content/{page}.md" in tracked
    assert (commons / ".ci" / "verifier").stat().st_mode & 0o111
    assert repo.git.ls_files("-s", ".ci/verifier").startswith("100755")


def test_the_territory_is_declared_once_in_mkdocs_yml(commons: Path) -> None:
    settings = load_settings(commons)
    assert settings.scope is not None and settings.scope.label == "Finistère (29)"
    assert settings.form_url is None
    config = (commons / "mkdocs.yml").read_text("utf-8")
    assert 'site_name: "Le commun culturel du Finistère"' in config
    assert "# formulaire_url: https://formulaire.exemple.fr/" in config
    assert "repo_url: !ENV [MAILLAGE_DEPOT_URL, null]" in config  # the forge is given by the publishing workflow


def test_the_starter_toolbox_is_real_and_authorless(commons: Path) -> None:
    loaded = load_commons(commons / "content")
    assert loaded.problems == []
    tools = loaded.of_type("outils")
    assert {t.id for t in tools} >= {"forum-ouvert", "world-cafe", "photolangage", "job-blender-day-kit-d-accueil",
                                     "guide-du-tirage-au-sort-entre-volontaires"}
    for tool in tools:
        assert "auteurs" not in tool.data  # no fictional author
        assert "## Source" in tool.body or "## Source et licence" in tool.body, tool.id
        assert tool.data["licence"]


def test_maillage_is_one_pinned_line(commons: Path) -> None:
    lines = [line for line in (commons / "requirements.txt").read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == [default_requirement()]  # this checkout, as tests install it (below)
    readme = (commons / "README.md").read_text("utf-8")
    assert f"@v{__version__}" in readme  # how to pin the git repository at a tag instead


def test_private_working_data_stays_out_of_git(commons: Path) -> None:
    private = ["recensement/rna.csv", ".maillage/formulaire.sqlite3", ".maillage/formulaire.sqlite3-wal",
               "site/index.html", ".venv/bin/python"]
    ignored = subprocess.run(["git", "check-ignore", *private], cwd=commons, capture_output=True, text=True,
                             check=False).stdout.split()
    assert ignored == private
    assert subprocess.run(["git", "check-ignore", "-q", "content/recensement.md"], cwd=commons,
                          check=False).returncode == 1


def test_the_commons_ci_runs_its_checks_never_the_software_tests(commons: Path) -> None:
    script = (commons / ".ci" / "verifier").read_text("utf-8")
    assert "maillage verifier" in script and "maillage tickets verifier" in script
    assert "mkdocs build --strict" in script and "pytest" not in script
    for name in KIT_WORKFLOWS:
        text = (commons / ".github" / "workflows" / name).read_text("utf-8")
        assert "pytest" not in text and ".ci/run" not in text and "-e ." not in text
    publish = yaml.safe_load((commons / ".github" / "workflows" / "publier.yml").read_text("utf-8"))
    assert publish["jobs"]["construire"]["steps"][0]["with"]["fetch-depth"] == 0
    gitlab = yaml.safe_load((commons / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["variables"]["GIT_DEPTH"] == "0" and gitlab["fiches"]["script"] == [".ci/verifier"]


def test_the_commons_workflows_pass_actionlint(commons: Path) -> None:
    lint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    paths = [str(commons / ".github" / "workflows" / name) for name in KIT_WORKFLOWS]
    result = subprocess.run([lint, "-no-color", *paths], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_issue_forms_are_generated_for_the_territory(commons: Path) -> None:
    result = CliRunner().invoke(main, ["tickets", "verifier", "--depot", str(commons)])
    assert result.exit_code == 0, result.output
    form = (commons / ".github" / "ISSUE_TEMPLATE" / "acteur.yml").read_text("utf-8")
    assert "Brest" in form and "Épinal" not in form


def test_the_form_service_works_locally_as_generated(commons: Path, tmp_path: Path) -> None:
    """formulaire.toml as written: served on 127.0.0.1:8080, a submission becomes a branch of the commons."""
    from maillage.bridge.app import create_app
    from maillage.bridge.config import load_config

    root = tmp_path / "commun"
    git.Repo(commons).clone(root)
    app = create_app(load_config(root / "formulaire.toml", {}), run_worker=False)
    with TestClient(app, base_url="http://127.0.0.1:8080") as client:
        client.get("/proposer/acteurs")
        stamp = app.bridge.stamps.issue(client.cookies["maillage_csrf"], now=time.time() - 60)
        fields = {"nom": "Cercle celtique de l'Odet", "forme": "organisation", "nature": "association",
                  "commune": "29232", "echelle": "commune", "_tampon": stamp, "_action": "envoyer"}
        response = client.post("/proposer/acteurs", data=fields, headers={"origin": "http://127.0.0.1:8080"},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
        assert app.bridge.worker.run_once() == 1
    branches = [b.name for b in git.Repo(root).branches]
    assert any(b.startswith("contribution/") and b.endswith("cercle-celtique-de-l-odet") for b in branches)
    assert (root / ".maillage" / "formulaire.sqlite3").is_file()
    assert git.Repo(root).git.status("--porcelain") == ""  # the queue is ignored, nothing else changed


def test_a_folder_that_is_not_empty_is_refused_and_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mes notes", "utf-8")
    result = nouveau(str(tmp_path), "--departement", "08")
    assert result.exit_code == 1
    assert "n'est pas vide : rien n'a été écrit" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(("args", "expected"), [
    (("--departement", "Haute"), ["peut désigner", "Haute-Marne (52)", "Haute-Savoie (74)"]),
    (("--departement", "08000"), ["08000", "Ardennes (08)"]),
    (("--departement", "Atlantis"), ["Atlantis"]),
    (("--region", "Bretagn"), []),  # a unique beginning is enough
    ((), ["--departement", "Ardennes"]),
])
def test_an_unknown_or_ambiguous_territory_writes_nothing(tmp_path: Path, args, expected) -> None:
    target = tmp_path / "commun"
    result = nouveau(str(target), *args)
    if not expected:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output
    assert not target.exists()


def _installed(tmp_path: Path, monkeypatch, direct_url: dict) -> None:
    """Maillage as pip would have recorded it (PEP 610's direct_url.json)."""
    from importlib import metadata

    from maillage.starter import create

    info = tmp_path / f"maillage-{__version__}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: maillage\nVersion: {__version__}\n", "utf-8")
    (info / "direct_url.json").write_text(json.dumps(direct_url), "utf-8")
    monkeypatch.setattr(create.metadata, "distribution", lambda name: metadata.PathDistribution(info))


def test_maillage_installed_from_git_is_pinned_at_the_same_revision(tmp_path: Path, monkeypatch) -> None:
    """PEP 610: pip records where a distribution came from; a git install is pinned to its tag."""
    _installed(tmp_path, monkeypatch, {"url": "https://forge.exemple.fr/maillage.git", "vcs_info": {
        "vcs": "git", "requested_revision": "v0.1.0", "commit_id": "0123456789abcdef0123456789abcdef01234567"}})
    assert default_requirement() == "maillage[site,formulaire] @ git+https://forge.exemple.fr/maillage.git@v0.1.0"


@pytest.mark.parametrize(("origin", "pinned"), [
    ("https://forge.exemple.fr/maillage.git", "https://forge.exemple.fr/maillage.git"),
    ("git@forge.exemple.fr:collectif/maillage.git", "https://forge.exemple.fr/collectif/maillage.git"),
    (None, "CHECKOUT"),
])
def test_maillage_installed_from_a_clone_is_pinned_at_its_commit(tmp_path: Path, monkeypatch, origin, pinned):
    """`make site` in a clone installs Maillage from that folder: the new commons installs the same
    commit from where the clone came from (an scp-like address read as https), or from the clone."""
    checkout = git.Repo.init(tmp_path / "maillage")
    (tmp_path / "maillage" / "pyproject.toml").write_text("[project]\nname = 'maillage'\n", "utf-8")
    checkout.index.add(["pyproject.toml"])
    commit = checkout.index.commit("Maillage").hexsha
    if origin:
        checkout.create_remote("origin", origin)
    _installed(tmp_path, monkeypatch, {"url": (tmp_path / "maillage").as_uri(), "dir_info": {"editable": True}})
    source = (tmp_path / "maillage").resolve().as_uri() if pinned == "CHECKOUT" else pinned
    assert default_requirement() == f"maillage[site,formulaire] @ git+{source}@{commit}"


def test_maillage_installed_from_a_folder_that_is_not_a_clone_is_pinned_at_its_version(tmp_path, monkeypatch):
    _installed(tmp_path, monkeypatch, {"url": (tmp_path / "sources").as_uri(), "dir_info": {}})
    assert default_requirement() == f"maillage[site,formulaire]=={__version__}"


@pytest.mark.parametrize(("option", "given", "label"), [
    # Quimperlé's INSEE code, 29233, is also a postal code of Cléder; Nouméa's, 98818, one of Kouaoua.
    ("--commune", "Quimperlé", "Quimperlé (Finistère)"),
    ("--commune", "Nouméa", "Nouméa (Nouvelle-Calédonie)"),
    ("--commune", "Bourg-Saint-Maurice", "Bourg-Saint-Maurice (Savoie)"),
    ("--epci", "Quimper Bretagne Occidentale", "CA Quimper Bretagne Occidentale"),
    ("--departement", "2A", "Corse-du-Sud (2A)"),
    ("--region", "Occitanie", "Occitanie"),
])
def test_the_territory_written_reads_back_as_the_one_given(tmp_path: Path, option, given, label) -> None:
    target = tmp_path / "commun"
    result = nouveau(str(target), option, given)
    assert result.exit_code == 0, result.output
    assert load_settings(target).scope.label == label


def test_the_pages_kept_out_of_the_menu_are_built_without_an_english_notice(commons: Path, tmp_path: Path, caplog):
    """The legal pages (in every footer) and the maintenance page stay out of the menu on purpose
    (`not_in_nav`): MkDocs does not list them as « not included in the "nav" » on every build."""
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site = build_site(commons / "mkdocs.yml", tmp_path / "site")
    assert "not included in the" not in caplog.text
    for page in ("mentions-legales", "accessibilite", "maintenance"):
        assert "<h1" in (site / page / "index.html").read_text("utf-8")
