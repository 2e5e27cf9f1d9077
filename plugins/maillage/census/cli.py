"""The `maillage recensement` command group: importer, normaliser, relier, revoir, appliquer, rapport."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from maillage.census import messages as msg
from maillage.census.errors import CensusError
from maillage.census.workdir import Workdir
from maillage.clicommon import AliasedGroup, contenu_option, maintenant_option

_WORKDIR = click.option(
    "--dossier",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("recensement"),
    show_default=True,
    help="Dossier de travail du recensement.",
)


def _french_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn census errors into French messages and exit status 1 (never a traceback)."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CensusError as exc:
            for problem in exc.problems:
                click.echo(f"erreur : {problem.format()}", err=True)
            sys.exit(1)

    return wrapper


# The English subcommand names used before, kept hidden for one release.
OLD_NAMES = {
    "import": "importer",
    "normalise": "normaliser",
    "link": "relier",
    "review": "revoir",
    "apply": "appliquer",
    "report": "rapport",
}


@click.group("recensement", cls=AliasedGroup, old_names=OLD_NAMES)
def census() -> None:
    """Recensement : croise des listes existantes (RNA, SIRENE, Basilic, tableurs) en fiches d'acteurs.

    \b
    Exemples, étape par étape :
      maillage recensement importer rna.csv --correspondance rna-waldec
      maillage recensement normaliser --departement 88
      maillage recensement relier
      maillage recensement revoir          (ou : revoir --fichier recensement/revue.yaml)
      maillage recensement appliquer --contenu content
      maillage recensement rapport --sortie content/recensement.md
    """


@census.command("importer")
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--correspondance", "-c", required=True, help="Fichier de correspondance YAML, ou rna-waldec, sirene, basilic."
)
@click.option("--tolerant", is_flag=True, help="Importer en écartant (et signalant) les valeurs invalides.")
@maintenant_option(
    type=click.DateTime(["%Y-%m-%d"]), metavar="AAAA-MM-JJ", help="Date d'import (par défaut : aujourd'hui)."
)
@_WORKDIR
@_french_errors
def import_command(fichier: Path, correspondance: str, tolerant: bool, now: datetime | None, workdir: Path) -> None:
    """Importe une liste (CSV, XLSX, ODS, JSON) à travers sa correspondance.

    Chaque ligne gardée est conservée telle quelle, avec sa source, son numéro de ligne, la date
    d'import et la licence. Réimporter le même fichier ne change rien.

    Exemple : maillage recensement importer StockEtablissement_88.csv -c sirene
    """
    from maillage.census.importer import import_listing
    from maillage.census.mapping import load_mapping, resolve_mapping

    mapping_path = resolve_mapping(correspondance)
    mapping = load_mapping(mapping_path)
    today = now.date() if now else date.today()
    try:
        result = import_listing(fichier, mapping, mapping_path, Workdir(workdir), today, tolerant)
    except CensusError:
        click.echo(msg.TOLERANT_HINT, err=True)
        raise
    for warning in result.warnings:
        click.echo(f"avertissement : {warning.format()}", err=True)
    if result.unchanged:
        click.echo(msg.UNCHANGED.format(source=result.source, date=result.date))
    else:
        click.echo(msg.IMPORTED.format(source=result.source, rows=result.rows, filtered=result.filtered, file=fichier))


@census.command("normaliser")
@click.option(
    "--departement", "departements", multiple=True, help="Ne garder que ces départements (répétable), ex. 88."
)
@_WORKDIR
@_french_errors
def normalise(departements: tuple[str, ...], workdir: Path) -> None:
    """Normalise noms, adresses, communes (code INSEE), téléphones, courriels, sites et identifiants.

    Exemple : maillage recensement normaliser --departement 88
    """
    from maillage.census.records import normalise_workdir

    result = normalise_workdir(Workdir(workdir), departements)
    click.echo(
        msg.NORMALISED.format(count=result.records, sources=result.sources, without_commune=result.without_commune)
    )


@census.command("relier")
@click.option(
    "--seuil-fusion",
    type=float,
    default=0.99,
    show_default=True,
    help="Probabilité à partir de laquelle deux fiches sont fusionnées.",
)
@click.option(
    "--seuil-revue",
    type=float,
    default=0.5,
    show_default=True,
    help="Probabilité à partir de laquelle une paire est soumise à revue.",
)
@click.option(
    "--moteur",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Moteur de calcul de splink.",
)
@click.option(
    "--reentrainer",
    is_flag=True,
    help="Réentraîner le modèle au lieu de réutiliser recensement/modele.json (après un gros import).",
)
@_WORKDIR
@_french_errors
def link(seuil_fusion: float, seuil_revue: float, moteur: str, reentrainer: bool, workdir: Path) -> None:
    """Relie les enregistrements : identifiants (SIRET, SIREN, RNA), puis modèle probabiliste (splink).

    Écrit liens.csv (chaque paire, son score et pourquoi), clusters.csv et revue.yaml.
    Le premier passage entraîne le modèle (sans exemples étiquetés) et l'enregistre dans
    modele.json ; les suivants le réutilisent, pour qu'une liste mise à jour ne change que ce
    qui a changé (--reentrainer pour repartir de zéro).
    Le moteur « spark » demande l'extra « spark » (pyspark) et sert aux listes nationales.

    Exemple : maillage recensement relier --seuil-fusion 0.99
    """
    from maillage.census.run import run_link

    summary = run_link(Workdir(workdir), seuil_fusion, seuil_revue, moteur, reentrainer)
    click.echo(summary)


@census.command("revoir")
@click.option(
    "--fichier",
    "review_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Lire les décisions d'un fichier de revue rempli.",
)
@_WORKDIR
@_french_errors
def review(review_file: Path | None, workdir: Path) -> None:
    """Décide des paires incertaines : dans le terminal, ou depuis un fichier de revue rempli.

    Une décision « distinct » est retenue : la paire ne sera plus proposée.

    \b
    Exemples :
      maillage recensement revoir
      maillage recensement revoir --fichier recensement/revue.yaml
    """
    from maillage.census.run import record_decisions, review_interactively

    wd = Workdir(workdir)
    if review_file:
        click.echo(record_decisions(wd, review_file))
    else:
        click.echo(review_interactively(wd, click.prompt, click.echo))


@census.command("appliquer")
@contenu_option(old_positional=True, must_exist=False)
@click.option("--simulation", is_flag=True, help="Montrer ce qui changerait sans rien écrire.")
@_WORKDIR
@_french_errors
def apply(content: Path, simulation: bool, workdir: Path) -> None:
    """Crée ou met à jour les fiches d'acteurs (content/acteurs), avec la provenance de chaque champ.

    Un champ modifié à la main n'est jamais écrasé. Tout ou rien : en cas d'erreur, rien n'est écrit.

    Exemple : maillage recensement appliquer --contenu content
    """
    from maillage.census.apply import apply_clusters

    try:
        result = apply_clusters(Workdir(workdir), content, simulation)
    except CensusError:
        click.echo(msg.APPLY_NOTHING_WRITTEN.format(content=content), err=True)
        raise
    click.echo(
        msg.APPLY_SUMMARY.format(
            created=len(result.created),
            updated=len(result.updated),
            unchanged=result.unchanged,
            protected=len(result.protected),
        )
    )
    if result.persons:
        click.echo(msg.APPLY_PERSONS.format(count=len(result.persons)))
    if simulation:
        click.echo(msg.APPLY_DRY_RUN)


@census.command("rapport")
@contenu_option(old_positional=True)
@click.option(
    "--sortie",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("recensement/couverture.md"),
    show_default=True,
    help="Page Markdown à écrire (hors de content/ : le site construit lui-même sa page « recensement »).",
)
@click.option("--departement", "departements", multiple=True, metavar="CODE_OU_NOM",
              help="Un département à décrire (répétable) ; par défaut, le territoire du commun (mkdocs.yml).")
@click.option("--epci", "epcis", multiple=True, metavar="SIREN_OU_NOM", help="Une intercommunalité (répétable).")
@click.option("--region", "regions", multiple=True, metavar="CODE_OU_NOM", help="Une région (répétable).")
@_french_errors
def report(content: Path, sortie: Path, departements: tuple[str, ...], epcis: tuple[str, ...],
           regions: tuple[str, ...]) -> None:
    """Écrit la page de couverture du territoire : acteurs par commune, EPCI, département, zones blanches.

    Le territoire est celui du commun (« territoire » dans mkdocs.yml, à côté du dossier des
    fiches), ou celui des options ; sans l'un ni l'autre, les départements où sont les acteurs.
    Le site publie la même page (« recensement/ ») à chaque construction.

    Exemple : maillage recensement rapport --departement Ardennes --sortie recensement/couverture.md
    """
    from maillage.census.report import FILE_INTRO, render_report, report_places
    from maillage.model import load_commons, write_atomic
    from maillage.model.places import PlaceError, scope_of
    from maillage.model.settings import SettingsError, load_settings

    wanted = [("region", r) for r in regions] + [("departement", d) for d in departements]
    wanted += [("intercommunalite", e) for e in epcis]
    try:
        scope = scope_of(wanted) if wanted else load_settings(content.resolve().parent).scope
    except (PlaceError, SettingsError) as exc:
        raise click.ClickException(str(exc)) from exc
    commons = load_commons(content)
    write_atomic(sortie, render_report(commons, report_places(commons, scope), FILE_INTRO))
    click.echo(msg.REPORT_WRITTEN.format(path=sortie))
