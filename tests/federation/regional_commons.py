"""Two local commons and the regional commons that gathers them, as their coordinators make them.

`maillage nouveau` starts the Ardennes (08) and Moselle (57) commons and a Grand Est commons;
each local one gets a few entries written by hand, and is built (its site and open data) at its
public address. The Grand Est commons names their `donnees/` folders in `communs_locaux`.

What the entries are for:
- the « Réseau des musiques actuelles du Grand Est » is listed by both local commons (the same
  SIREN) and by the regional one: it must be shown once, with both origins, on its regional page;
- « Compagnie La Lune Rousse » is in both local commons without any identifier, in each one's
  words: the linkage finds it (the same name, commune, address and e-mail);
- « Harmonie municipale » exists in Sedan (08) and in Metz (57): two actors, kept apart;
- « Big band de Sedan » (08) and « Ciné-club de Sedan » (57 lists it, it sits in Sedan too):
  two actors of one town with confusable names, kept apart;
- each local commons has a rencontre to come and a project; the Moselle commons also lends a
  rehearsal room (a ressource);
- the Grand Est commons holds a Job Blender Day whose visitors (the Sedan harmony, the Thionville
  theatre) are gathered actors, hosted by the Metz harmony: a visitor of the Ardennes in Moselle.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from maillage.cli import main
from maillage.model import render_entry

ROOT = Path(__file__).resolve().parents[2]
NETWORK_SIREN = "423456789"
SEDAN, CHARLEVILLE, METZ, THIONVILLE = "08409", "08105", "57463", "57672"


def _actor(name: str, commune: str, **fields: object) -> dict[str, object]:
    return {"schema_version": 1, "nom": name, "forme": "organisation", "nature": "association",
            "commune": commune, "echelle": "commune", **fields}


ARDENNES = {
    "acteurs/reseau-musiques-actuelles.md": (_actor(
        "Réseau des musiques actuelles du Grand Est", CHARLEVILLE, echelle="region", nature="federation",
        identifiants={"siren": NETWORK_SIREN}, disciplines=["musique"]), "Fédère les lieux de musiques actuelles."),
    "acteurs/compagnie-la-lune-rousse.md": (_actor(
        "Compagnie La Lune Rousse", SEDAN, nature="association", disciplines=["theatre"],
        contact={"adresse": "12 rue de l'Horloge, 08200 Sedan", "courriel": "contact@lunerousse.fr"},
        univers={"pratique": "professionnel"}, propose=["artistes"], roles=["hote_immersion"]),
        "Théâtre de rue et marionnettes."),
    "acteurs/harmonie-municipale.md": (_actor(
        "Harmonie municipale", SEDAN, disciplines=["musique"], univers={"pratique": "amateur"},
        recherche=["lieu_repetition"], volontaire_tirage=True), "L'harmonie de Sedan."),
    "acteurs/big-band-de-sedan.md": (_actor(
        "Big band de Sedan", SEDAN, disciplines=["musique"], univers={"pratique": "amateur"},
        volontaire_tirage=True), "Jazz et swing."),
    "rencontres/scene-ouverte-a-sedan.md": ({
        "schema_version": 1, "titre": "Scène ouverte à Sedan", "type": "atelier",
        "debut": "2031-05-14T18:00:00+02:00", "fin": "2031-05-14T22:00:00+02:00",
        "lieu": {"nom": "Salle Marcillet", "commune": SEDAN}, "echelle": "commune",
        "hote": "big-band-de-sedan"}, "Une soirée ouverte aux musiciens amateurs."),
    "projets/fanfares-en-ardenne.md": ({
        "schema_version": 1, "titre": "Fanfares en Ardenne", "statut": "en_cours", "commune": SEDAN,
        "echelle": "departement", "acteurs": [{"acteur": "harmonie-municipale", "role": "porteur"},
                                             {"acteur": "big-band-de-sedan", "role": "partenaire"}]},
        "Un festival de fanfares itinérant."),
}

MOSELLE = {
    "acteurs/rmagest.md": (_actor(
        "Réseau des musiques actuelles du Grand Est", METZ, echelle="region", nature="federation",
        identifiants={"siren": NETWORK_SIREN}, disciplines=["musique"]), "Antenne mosellane du réseau."),
    "acteurs/la-lune-rousse.md": (_actor(
        "Cie La Lune Rousse", SEDAN, nature="association", disciplines=["theatre"],
        contact={"adresse": "12, rue de l'Horloge 08200 SEDAN", "courriel": "contact@lunerousse.fr"}),
        "Compagnie de théâtre de rue, en tournée en Moselle."),
    "acteurs/harmonie-municipale.md": (_actor(
        "Harmonie municipale", METZ, disciplines=["musique"], univers={"pratique": "amateur"},
        volontaire_tirage=True, roles=["hote_immersion"], propose=["lieu_repetition"]), "L'harmonie de Metz."),
    "acteurs/cine-club-de-sedan.md": (_actor(
        "Ciné-club de Sedan", SEDAN, disciplines=["cinema_audiovisuel"], volontaire_tirage=True),
        "Projections et débats."),
    "acteurs/theatre-de-thionville.md": (_actor(
        "Théâtre de Thionville", THIONVILLE, nature="structure_culturelle", disciplines=["theatre"],
        univers={"pratique": "professionnel"}, recherche=["artistes"], volontaire_tirage=True),
        "Une scène conventionnée."),
    "rencontres/repetition-partagee-a-metz.md": ({
        "schema_version": 1, "titre": "Répétition partagée à Metz", "type": "atelier",
        "debut": "2031-06-02T19:00:00+02:00", "fin": "2031-06-02T21:30:00+02:00",
        "lieu": {"nom": "Arsenal", "commune": METZ}, "echelle": "commune",
        "hote": "harmonie-municipale"}, "Deux harmonies répètent ensemble."),
    "projets/scenes-de-moselle.md": ({
        "schema_version": 1, "titre": "Scènes de Moselle", "statut": "en_cours", "commune": THIONVILLE,
        "echelle": "departement", "acteurs": [{"acteur": "theatre-de-thionville", "role": "porteur"},
                                             {"acteur": "la-lune-rousse", "role": "partenaire"}]},
        "Des compagnies sur les scènes mosellanes."),
    "ressources/salle-de-repetition-de-l-harmonie.md": ({
        "schema_version": 1, "titre": "Salle de répétition de l'harmonie", "genre": "lieu_repetition",
        "preteur": "harmonie-municipale", "conditions": "gratuit", "commune": METZ, "echelle": "departement"},
        "Le mardi et le jeudi soir."),
}

GRAND_EST = {
    "acteurs/reseau-des-musiques-actuelles.md": (_actor(
        "Réseau des musiques actuelles du Grand Est", "67482", echelle="region", nature="federation",
        identifiants={"siren": NETWORK_SIREN}, disciplines=["musique"]), "Le réseau régional, à Strasbourg."),
    # A regional Job Blender Day: visitors of both départements, hosted by the Metz harmony (the
    # one host the edition names, an actor of the Moselle commons).
    "projets/job-blender-day-grand-est.md": ({
        "schema_version": 1, "titre": "Job Blender Day du Grand Est", "type": "job_blender_day",
        "statut": "en_preparation", "date_debut": "2031-03-18", "date_fin": "2031-03-18", "commune": "67482",
        "echelle": "region", "acteurs": [
            {"acteur": "reseau-des-musiques-actuelles", "role": "porteur"},
            {"acteur": "moselle-harmonie-municipale", "role": "partenaire"},
            {"acteur": "ardennes-harmonie-municipale", "role": "participant"},
            {"acteur": "moselle-theatre-de-thionville", "role": "participant"}]},
        "Une journée d'immersion d'un département à l'autre."),
}


def start(folder: Path, name: str, option: str, value: str, entries: dict[str, tuple[dict, str]]) -> Path:
    """`maillage nouveau`, then the entries written by hand."""
    root = folder / name
    result = CliRunner().invoke(main, ["nouveau", str(root), option, value])
    assert result.exit_code == 0, result.output
    for relative, (data, body) in entries.items():
        (root / "content" / relative).write_text(render_entry(data, body), "utf-8")
    return root


def build(root: Path, site_url: str, site_dir: Path | None = None, **plugin_options: object) -> Path:
    """A commons' site and open data, built strictly at its public address (as its CI does), into
    `site/` beside `mkdocs.yml` unless told otherwise."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    previous = os.environ.get("MAILLAGE_SITE_URL")
    os.environ["MAILLAGE_SITE_URL"] = site_url
    try:
        site_dir = site_dir or root / "site"
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        for key, value in plugin_options.items():
            config.plugins["maillage"].config[key] = value
        mkdocs_build(config)
    finally:
        if previous is None:
            del os.environ["MAILLAGE_SITE_URL"]
        else:
            os.environ["MAILLAGE_SITE_URL"] = previous
    return site_dir


def declare_local_commons(root: Path, items: list[object]) -> None:
    """Write `communs_locaux` into a commons' plugin options, as its coordinator would."""
    import yaml

    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    lines = yaml.safe_dump({"communs_locaux": items}, allow_unicode=True, default_flow_style=False).splitlines()
    block = "".join(f"      {line}\n" for line in lines)
    config.write_text(text.replace("      territoire:\n", block + "      territoire:\n", 1), "utf-8")
