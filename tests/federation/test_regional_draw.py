"""A regional draw whose volunteers come from the local commons a regional commons gathers.

The Grand Est commons (a copy of the session's, in git with a forge, trusting the draw tests'
local time-stamping authority) draws 2 groups of 2 among its own volunteer and those the
Ardennes and Moselle commons publish, served over HTTP on 127.0.0.1: the pool is frozen from
their exports at `preparer`, with the SHA-256 of each manifest in the commitments; the dice,
the run, the answers and the replacement work as for a local draw; `verifier` checks the
frozen copy, says which local commons changed since without failing, and fails on a frozen
copy altered afterwards.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "draw"))

import regional_commons as R
from draw_fixture import T0, Authorities, cli, data_of, make_commons, members, ok, running_authorities
from regional_commons import _actor

from maillage.draw import clock as draw_clock
from maillage.draw.publish import SCRIPT, verification_files
from maillage.draw.store import load_draw
from maillage.federation import frozen as freezing
from maillage.model import render_entry, write_atomic

STRASBOURG = "67482"
DRAW = "tirage-grand-est"


@pytest.fixture(scope="module")
def authorities() -> Iterator[Authorities]:
    with running_authorities() as running:
        yield running


@pytest.fixture
def grand_est(local_servers, tmp_path: Path, authorities: Authorities, monkeypatch: pytest.MonkeyPatch):
    """The regional commons with a volunteer of its own and a draft draw across the region."""
    authorities.clock.at(T0)
    monkeypatch.setattr(draw_clock, "now", authorities.clock.now)
    root = tmp_path / "grand-est"
    shutil.copytree(local_servers.grand_est, root, ignore=shutil.ignore_patterns("site", ".cache"))
    commons = make_commons(root, authorities)
    write_atomic(root / "content" / "acteurs" / "chorale-de-strasbourg.md", render_entry(_actor(
        "Chorale de Strasbourg", STRASBOURG, univers={"pratique": "amateur"}, volontaire_tirage=True), "Chœur."))
    dice_at = T0 + timedelta(hours=1)
    write_atomic(root / "content" / "tirages" / f"{DRAW}.md", render_entry({
        "schema_version": 1, "titre": "Tirage du Grand Est", "statut": "brouillon", "commune": STRASBOURG,
        "echelle": "region", "vivier": {"criteres": {"territoire": "region"}},
        "groupes": {"nombre": 2, "taille": 2},
        "quotas": [{"categorie": {"champ": "pratique", "valeur": "amateur"}, "min_par_groupe": 1}],
        "periode": {"debut": "2026-04-01", "fin": "2026-06-30"}, "delai_reflexion_jours": 15,
        "alea": {"des": {"nombre": 3, "date": dice_at.isoformat(), "lieu": "Strasbourg", "temoins": ["Un élu"]}},
        "horodatage": {"autorite": "test", "adresse": authorities.tsa.url},
    }, "Des binômes d'un département à l'autre."))
    commons.commit("Règles du tirage régional")
    return commons


def test_a_regional_draw_freezes_the_local_exports_and_runs_to_its_end(grand_est, local_servers) -> None:
    root, path = grand_est.root, grand_est.root / "content" / "tirages" / f"{DRAW}.md"
    prepared = ok(cli("preparer", str(path)))
    assert "6 volontaire" in prepared.output, prepared.output

    data = data_of(path)
    frozen = {item["cle"]: item for item in data["engagements"]["communs_locaux"]}
    assert set(frozen) == {"ardennes", "moselle"}
    for key, site in (("ardennes", local_servers.ardennes), ("moselle", local_servers.moselle)):
        published = site / "site" / "donnees"
        kept = root / "communs-figes" / DRAW / key
        # The exact bytes published, and only the manifest and the actors it vouches for.
        assert sorted(p.name for p in kept.iterdir()) == ["acteurs.json", "commun.json", "lecture.json"]
        assert (kept / "acteurs.json").read_bytes() == (published / "acteurs.json").read_bytes()
        assert frozen[key]["manifeste"] == hashlib.sha256((published / "commun.json").read_bytes()).hexdigest()
        assert frozen[key]["fichiers"] == {"acteurs.json": hashlib.sha256(
            (published / "acteurs.json").read_bytes()).hexdigest()}
        assert frozen[key]["nom"] == json.loads((published / "commun.json").read_text("utf-8"))["nom"]
    pool = sorted(v["acteur"] for v in data["engagements"]["volontaires"])
    assert pool == ["ardennes-big-band-de-sedan", "ardennes-harmonie-municipale", "chorale-de-strasbourg",
                    "moselle-cine-club-de-sedan", "moselle-harmonie-municipale", "moselle-theatre-de-thionville"]
    grand_est.commit("Engagements du tirage régional")

    grand_est.clock.at(T0 + timedelta(hours=1, minutes=5))
    ok(cli("des", str(path), "3,5,1", "--temoin", "Un élu de Strasbourg"))
    grand_est.commit("Dés")
    grand_est.clock.advance(minutes=5)
    ok(cli("tirer", str(path)))
    grand_est.commit("Tirage")
    seated = members(path)
    assert len(seated) == 4 and set(seated) <= set(pool)

    # Names come from the frozen exports: « Théâtre de Thionville (moselle-theatre-de-thionville) ».
    status = ok(cli("etat", str(path))).output
    gathered = next(m for m in seated if m != "chorale-de-strasbourg")
    assert f"({gathered})" in status and "personne non publiée" not in status

    grand_est.clock.advance(days=2)
    leaving = seated[0]
    ok(cli("refuser", str(path), leaving, "--par", "courriel"))
    change = data_of(path)["resultat"]["remplacements"][-1]
    assert change["sortant"] == leaving and change["entrant"] in pool
    for member in [m for m in members(path) if m != change["entrant"]]:
        ok(cli("confirmer", str(path), member, "--par", "courriel"))
    grand_est.commit("Réponses")
    verified = ok(cli("verifier", str(path))).output
    assert "publie d'autres données" not in verified
    # The citizen's script agrees: the local commons' digests are part of the commitments it hashes.
    draw = load_draw(path)
    (root.parent / "tirage.json").write_bytes(verification_files(draw.entry, draw.commons)["tirage.json"])
    script = subprocess.run([sys.executable, "-I", "-S", str(SCRIPT), "tirage.json"], cwd=root.parent,
                            capture_output=True, text=True, check=False)
    assert script.returncode == 0 and "vérification réussie" in script.stdout, script.stdout + script.stderr

    # The regional site shows the draw with the names the local commons publish, linked there.
    site = R.build(root, "https://grand-est.example.org/", site_dir=root.parent / "site", git_dates=False,
                   search_index=False)
    page = (site / "tirages" / DRAW / "index.html").read_text("utf-8")
    seated_there = next(m for m in members(path) if m.startswith("moselle-"))
    assert f'href="https://moselle.example.org/acteurs/{seated_there.removeprefix("moselle-")}/"' in page
    for item in frozen.values():
        assert f"« {item['nom']} », lu le" in page and item["manifeste"] in page
    assert "127.0.0.1" not in page

    # A local commons that publishes other data since: said, not a failure.
    moselle = local_servers.servers["moselle"]
    manifest = (local_servers.moselle / "site" / "donnees" / "commun.json").read_bytes()
    moselle.replaced["commun.json"] = manifest.replace(b'"nom"', b'"nom" ', 1)
    try:
        later = ok(cli("verifier", str(path))).output
    finally:
        moselle.replaced.clear()
    assert "publie d'autres données depuis la préparation" in later and "Moselle" in later


def test_an_altered_frozen_copy_fails_verification(grand_est) -> None:
    path = grand_est.root / "content" / "tirages" / f"{DRAW}.md"
    ok(cli("preparer", str(path)))
    grand_est.commit("Engagements du tirage régional")
    kept = grand_est.root / "communs-figes" / DRAW / "moselle"
    original = {name: (kept / name).read_bytes() for name in ("acteurs.json", "commun.json")}

    # The actors file changed alone: it no longer matches the manifest kept beside it.
    (kept / "acteurs.json").write_bytes(original["acteurs.json"].replace(b"Harmonie municipale", b"Harmonie"))
    alone = cli("verifier", str(path))
    assert alone.exit_code == 1
    assert "la copie figée du commun « Le commun culturel de la Moselle » a été modifiée : acteurs.json" in alone.output

    # Changed with a manifest rewritten to match: the commitments' digests catch it.
    actors = original["acteurs.json"].replace(b"Harmonie municipale", b"Harmonie")
    manifest = json.loads(original["commun.json"])
    manifest["fichiers"]["acteurs.json"] = {"sha256": hashlib.sha256(actors).hexdigest(), "octets": len(actors)}
    (kept / "acteurs.json").write_bytes(actors)
    (kept / "commun.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    both = cli("verifier", str(path))
    assert both.exit_code == 1
    assert "a été modifiée : commun.json" in both.output and "a été modifiée : acteurs.json" in both.output


def test_without_httpx_the_freeze_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A regional draw read over the web needs the `regional` extra: said in French, never a traceback."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Grand Est\nplugins:\n  - maillage:\n      communs_locaux: [https://ardennes.exemple.fr/donnees/]\n",
        "utf-8")
    monkeypatch.setitem(sys.modules, "httpx", None)  # as when the extra is not installed
    with pytest.raises(freezing.FrozenError, match=r"httpx n'est pas installé : installez l'extra « regional »"):
        freezing.freeze(tmp_path, DRAW)
    assert not (tmp_path / freezing.FROZEN_FOLDER).exists()  # nothing half-written
    committed = [{"cle": "ardennes", "nom": "Ardennes", "adresse": "https://ardennes.exemple.fr/donnees/"}]
    [note] = freezing.changed_since(committed)
    assert "Ardennes" in note and "httpx n'est pas installé" in note
