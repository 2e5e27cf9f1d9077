"""A facilitator starts the commons of her territory, as the README says, and publishes it.

`maillage nouveau` for a territory, three entries written by hand (two actors of different
univers, a day of immersion), one commit, then the commons' own CI script (`.ci/verifier`, the
commands its GitHub and GitLab workflows run) builds the site strictly. The built site must follow
the territory — map, coverage report, Job Blender Day page, web-form links — and show nothing of
the Vosges demo. Done for a département, a région and a commune.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from maillage.cli import main
from maillage.model import outlines, render_entry, territory
from maillage.model.numbers import french_count
from maillage.model.settings import load_settings

FORM = "https://formulaire.exemple.fr/"
BIN = Path(sys.executable).parent
# The demo's territory, as a newcomer's site must never show it: names, and 88 as a code
# (département, INSEE or postal code) — not the digits inside a coordinate or a count.
DEMO_WORDS = re.compile(r"Vosges|[ÉE]pinal")
DEMO_CODES = re.compile(r"(?<![\w.,-])88(?:\d{3})?(?![\w.,-])")
TEXT_SUFFIXES = {".html", ".json", ".geojson", ".csv", ".ics", ".xml", ".atom", ".txt", ".svg"}


@dataclass(frozen=True)
class Newcomer:
    """A territory as the facilitator types it, and the communes of her first entries."""

    options: tuple[str, ...]
    theatre: str  # INSEE code of the professional, urban actor (who hosts the day)
    harmonie: str  # INSEE code of the amateur, rural actor (who visits)
    report_heading: str  # how the coverage report names the territory
    epci: str | None  # an EPCI the report lists (département and région)
    demo_free: bool = True  # False for the Grand Est, which holds the Vosges


NEWCOMERS = {
    "departement": Newcomer(("--departement", "Ardennes"), "08409", "08367", "Ardennes (08)", "CA Ardenne Métropole"),
    "region": Newcomer(("--region", "Grand Est"), "51454", "08367", "Grand Est", "CU du Grand Reims", demo_free=False),
    "commune": Newcomer(("--commune", "Sedan"), "08409", "08409", "Sedan (08409)", None),
}


def entries(newcomer: Newcomer) -> dict[str, str]:
    """The three entries, as files of content/."""
    theatre = {
        "schema_version": 1, "nom": "Théâtre du Pont-Levis", "forme": "organisation",
        "nature": "structure_culturelle", "commune": newcomer.theatre, "echelle": "intercommunalite",
        "univers": {"pratique": "professionnel", "milieu": "urbain"}, "disciplines": ["theatre"],
        "roles": ["hote_immersion"], "propose": ["lieu_repetition"],
    }
    harmonie = {
        "schema_version": 1, "nom": "Harmonie des Trois Vallées", "forme": "organisation",
        "nature": "association", "commune": newcomer.harmonie, "echelle": "commune",
        "univers": {"pratique": "amateur", "milieu": "rural"}, "disciplines": ["musique"],
        "recherche": ["lieu_repetition"],
    }
    day = {
        "schema_version": 1, "titre": "Une journée en régie au Pont-Levis", "type": "immersion",
        "debut": "2027-03-18T09:00:00+01:00", "fin": "2027-03-18T17:00:00+01:00",
        "lieu": {"nom": "Théâtre du Pont-Levis", "commune": newcomer.theatre}, "echelle": "commune",
        "hote": "theatre-du-pont-levis", "participants": ["harmonie-des-trois-vallees"],
    }
    return {
        "acteurs/theatre-du-pont-levis.md": render_entry(theatre, "Une salle de deux cents places."),
        "acteurs/harmonie-des-trois-vallees.md": render_entry(harmonie, "Quarante musicien·nes amateurs."),
        "rencontres/une-journee-en-regie-au-pont-levis.md": render_entry(day, "L'harmonie découvre la régie."),
    }


def start_commons(directory: Path, newcomer: Newcomer) -> Path:
    """`maillage nouveau`, the three entries, a commit: the commons as its coordinator pushes it."""
    root = directory / "commun"
    result = CliRunner().invoke(main, ["nouveau", str(root), *newcomer.options, "--formulaire", FORM])
    assert result.exit_code == 0, result.output
    assert "Les trois prochaines étapes" in result.output
    for relative, text in entries(newcomer).items():
        (root / "content" / relative).write_text(text, "utf-8")
    repo = git.Repo(root)
    repo.git.add(A=True)
    repo.git.commit("-q", "-m", "Premières fiches", env={**os.environ, "GIT_AUTHOR_NAME": "Coordinatrice",
                    "GIT_AUTHOR_EMAIL": "coordination@exemple.fr", "GIT_COMMITTER_NAME": "Coordinatrice",
                    "GIT_COMMITTER_EMAIL": "coordination@exemple.fr"})
    return root


def run_ci(root: Path) -> subprocess.CompletedProcess[str]:
    """The commons' own CI script, with this checkout's Maillage installed (as pip would from requirements.txt),
    on the pull request of the first entries: its workflows pass the base revision (`MAILLAGE_DEPUIS`)."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "MAILLAGE_FORMAT": "texte",
           "MAILLAGE_DEPUIS": git.Repo(root).commit("HEAD~1").hexsha}
    return subprocess.run([str(root / ".ci" / "verifier")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.fixture(scope="module", params=sorted(NEWCOMERS))
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Newcomer, Path]:
    """A newcomer's commons, started, filled and built by its own CI script."""
    newcomer = NEWCOMERS[request.param]
    root = start_commons(tmp_path_factory.mktemp(request.param), newcomer)
    result = run_ci(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 fiche(s) vérifiée(s) : aucun problème." in result.stdout  # the starter toolbox and ours
    # Each commune of the pull request is shown by name, for the reviewer.
    assert "Communes nouvelles ou modifiées :" in result.stdout
    assert re.search(rf"content/acteurs/harmonie-des-trois-vallees.md:\d+: commune : {newcomer.harmonie} — ",
                     result.stdout)
    return newcomer, root


def page(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text("utf-8")


def test_the_actors_are_markers_inside_the_territory(published):
    newcomer, root = published
    scope = load_settings(root).scope
    html = page(root, "carte")
    view = json.loads(re.search(r'<script type="application/json" id="maillage-map-view">(.*?)</script>',
                                html, re.S).group(1))
    (south, west), (north, east) = view["bounds"]
    assert (west, south, east, north) == pytest.approx(outlines.bounds([s for _, s in scope.outlines()]))
    for code in {newcomer.theatre, newcomer.harmonie}:
        section = re.search(rf'<section class="maillage-map-commune" data-commune="{code}" '
                            r'data-lat="([\d.]+)" data-lon="([\d.]+)"', html)
        assert section, code
        lat, lon = float(section.group(1)), float(section.group(2))
        assert south <= lat <= north and west <= lon <= east
    assert "Théâtre du Pont-Levis" in html and "Harmonie des Trois Vallées" in html
    assert "pas sur la carte" not in html  # every commune here has a position


def test_the_coverage_report_describes_the_territory(published):
    newcomer, root = published
    html = page(root, "recensement")
    assert f"{newcomer.report_heading}</h2>" in html
    if newcomer.epci:
        assert f"<td>{newcomer.epci}</td>" in html
        assert '<figure class="maillage-carte">' in html
    assert "2 acteurs</strong> publiés" in html
    if newcomer.options[0] == "--region":  # a whole région: its EPCIs on the map, its départements in a table
        assert "Carte des acteurs par intercommunalité : Grand Est" in html
        rows = re.findall(r"<td>[^<]+ \((\d\w)\)</td>", html[html.index("Par département"):])
        geo = territory()
        assert set(rows) == {code for code, row in geo.departements.items() if row[1] == "44"}


def test_the_day_of_immersion_is_on_the_job_blender_day_page(published):
    _, root = published
    html = page(root, "job-blender-day")
    upcoming = html[html.index('id="jours-upcoming"'):html.index('id="jours-past"')]
    assert "Une journée en régie au Pont-Levis" in upcoming and "accueil : Théâtre du Pont-Levis" in upcoming


def test_every_entry_links_to_its_web_form_and_so_does_the_contributing_page(published):
    _, root = published
    pages = (("acteurs", "theatre-du-pont-levis"), ("rencontres", "une-journee-en-regie-au-pont-levis"))
    for folder, entry_id in pages:
        html = page(root, f"{folder}/{entry_id}")
        assert f'<a href="{FORM}modifier/{folder}/{entry_id}">Proposer une modification sans compte</a>' in html
    contribute = page(root, "contribuer")
    assert f'<a class="md-button md-button--primary" href="{FORM}proposer/acteurs">Proposer un acteur</a>' in contribute
    assert f'<a href="{FORM}">Le formulaire en ligne</a>' in contribute


def test_the_home_page_and_footer_follow_the_commons(published):
    newcomer, root = published
    home = page(root, "")
    assert "Le commun culturel " in home
    scope = load_settings(root).scope
    placed, communes = len({newcomer.theatre, newcomer.harmonie}), french_count(len(scope.communes))
    covered = f" — des fiches dans {placed} de ses {communes} communes."
    # A commune-level commons is one commune: no « 1 de ses 1 communes ».
    said = "." if len(scope.communes) == 1 else covered
    assert f"Territoire du commun : <strong>{scope.label}</strong>{said}</p>" in home
    assert 'href="./mentions-legales/">Mentions légales</a>' in home
    assert "Accessibilité : non conforme</a>" in home


def test_nothing_of_the_vosges_demo_is_published(published):
    newcomer, root = published
    leaks = []
    for path in sorted((root / "site").rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or "pagefind" in path.parts or "assets" in path.parts:
            continue
        text = path.read_text("utf-8", errors="replace")
        for pattern in ([DEMO_WORDS, DEMO_CODES] if newcomer.demo_free else []):
            leaks += [f"{path.relative_to(root)}: {m.group(0)}" for m in pattern.finditer(text)]
        # Not one entry of the demo, whatever the territory.
        leaks += [f"{path.relative_to(root)}: demo" for word in ("Maillons", "fil-tendu") if word in text]
    assert leaks == []
