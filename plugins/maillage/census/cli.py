"""The `maillage recensement` command group: importer, normaliser, relier, revoir, corriger, appliquer, rapport."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from maillage.census import messages as msg
from maillage.census.errors import CensusError
from maillage.census.workdir import Workdir
from maillage.clicommon import AliasedGroup, contenu_option, maintenant_option

if TYPE_CHECKING:
    from maillage.model.territory import Scope

_WORKDIR = click.option(
    "--dossier",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("recensement"),
    show_default=True,
    help="Dossier de travail du recensement.",
)
# The commons' entries take part in the linkage; its territory comes from its mkdocs.yml.
_CONTENT = contenu_option(must_exist=False, help="Dossier des fiches du commun (ses acteurs sont une source).")
# Show at most this many records without commune or unwritten groups; the rest are counted.
_SHOWN = 20


def _french_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn census errors into French messages and exit status 1 (never a traceback)."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CensusError as exc:
            for problem in exc.problems:
                click.echo(f"erreur : {problem.format()}", err=True)
            if exc.advice:
                click.echo(exc.advice, err=True)
            sys.exit(1)

    return wrapper


def _scope(content: Path) -> Scope | None:
    """The commons' territory, declared in the mkdocs.yml next to its content folder (None: France)."""
    from maillage.model.settings import SettingsError, load_settings

    root = content.resolve().parent
    try:
        return load_settings(root).scope
    except SettingsError as exc:
        raise CensusError.single(str(root / "mkdocs.yml"), str(exc)) from exc


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
      maillage recensement importer rna_08.csv --correspondance rna-waldec
      maillage recensement normaliser
      maillage recensement relier
      maillage recensement revoir          (ou : revoir --fichier recensement/revue.yaml)
      maillage recensement appliquer --contenu content
      maillage recensement rapport --sortie recensement/couverture.md
    Pour corriger un enregistrement : maillage recensement corriger mairie:liste:12 commune=Yutz
    """


@census.command("importer")
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--correspondance", "-c", required=True, help="Fichier de correspondance YAML, ou rna-waldec, sirene, basilic."
)
@click.option("--tolerant", is_flag=True, help="Importer en écartant (et signalant) les valeurs invalides.")
@click.option(
    "--ligne-entete",
    "header_row",
    type=click.IntRange(1),
    help="Numéro de la ligne d'en-tête (par défaut : trouvée sous les éventuelles lignes de titre).",
)
@maintenant_option(
    type=click.DateTime(["%Y-%m-%d"]), metavar="AAAA-MM-JJ", help="Date d'import (par défaut : aujourd'hui)."
)
@_WORKDIR
@_french_errors
def import_command(
    fichier: Path, correspondance: str, tolerant: bool, header_row: int | None, now: datetime | None, workdir: Path
) -> None:
    """Importe une liste (CSV, XLSX, ODS, JSON) à travers sa correspondance.

    Chaque ligne gardée est conservée telle quelle, avec sa source, son fichier, son numéro de
    ligne, la date d'import et la licence. Plusieurs fichiers d'une même correspondance
    s'additionnent (le RNA est publié par département) ; réimporter un fichier ne remplace que
    lui, et un fichier inchangé ne change rien.

    \b
    Exemples :
      maillage recensement importer rna_waldec_08.csv -c rna-waldec
      maillage recensement importer rna_waldec_51.csv -c rna-waldec
      maillage recensement importer adherents.xlsx -c ma-federation.yaml --ligne-entete 3
    """
    from maillage.census.importer import import_listing
    from maillage.census.mapping import load_mapping, resolve_mapping

    mapping_path = resolve_mapping(correspondance)
    mapping = load_mapping(mapping_path)
    today = now.date() if now else date.today()
    result = import_listing(fichier, mapping, mapping_path, Workdir(workdir), today, tolerant, header_row)
    for warning in result.warnings:
        click.echo(f"avertissement : {warning.format()}", err=True)
    if result.more_warnings:
        click.echo(f"avertissement : {msg.TOO_MANY_PROBLEMS.format(count=result.more_warnings)}", err=True)
    if result.unchanged:
        click.echo(msg.UNCHANGED.format(source=result.source, date=result.date, file=fichier))
    else:
        click.echo(msg.IMPORTED.format(source=result.source, rows=result.rows, filtered=result.filtered, file=fichier))


@census.command("normaliser")
@click.option(
    "--departement",
    "departements",
    multiple=True,
    help="Ne garder que ces départements (répétable), ex. 08 ; par défaut, le territoire du commun.",
)
@_CONTENT
@_WORKDIR
@_french_errors
def normalise(departements: tuple[str, ...], content: Path, workdir: Path) -> None:
    """Normalise noms, adresses, communes, téléphones, courriels, sites et identifiants.

    Les communes sont reconnues par leur code INSEE, leur code postal ou leur nom, dans le
    territoire du commun d'abord (mkdocs.yml), puis dans toute la France. Les enregistrements
    hors du territoire sont écartés (et comptés) ; ceux dont la commune reste inconnue sont
    gardés et listés par fichier et ligne dans recensement/sans-commune.yaml, à corriger.
    Les corrections (recensement/corrections.yaml) sont appliquées d'abord.

    Exemple : maillage recensement normaliser --contenu content
    """
    from maillage.census.records import normalise_workdir

    wd = Workdir(workdir)
    result = normalise_workdir(wd, departements, _scope(content))
    without = len(result.without_commune)
    click.echo(msg.NORMALISED.format(count=result.records, sources=result.sources, without_commune=without))
    click.echo(
        msg.NORMALISED_DETAILS.format(outside=result.outside, replaced=result.replaced, set_aside=result.set_aside)
    )
    if result.unknown_corrections:
        records = ", ".join(result.unknown_corrections[:_SHOWN])
        click.echo(f"avertissement : {msg.CORRECTION_UNKNOWN_RECORDS.format(records=records)}", err=True)
    if result.noted:
        click.echo(msg.NOTED_LISTED)
        for record in result.noted[:_SHOWN]:
            click.echo(msg.NOTED_ITEM.format(**record))
        if len(result.noted) > _SHOWN:
            click.echo(msg.AND_MORE.format(count=len(result.noted) - _SHOWN))
    if result.without_commune:
        click.echo(msg.WITHOUT_COMMUNE_LISTED.format(path=wd.without_commune))
        for item in result.without_commune[:_SHOWN]:
            click.echo(msg.WITHOUT_COMMUNE_ITEM.format(**item, label=item["commune_libelle"] or "—"))
        if len(result.without_commune) > _SHOWN:
            click.echo(msg.AND_MORE.format(count=len(result.without_commune) - _SHOWN))


@census.command("relier")
@click.option(
    "--seuil-fusion",
    type=click.FloatRange(0, 1),
    default=0.97,
    show_default=True,
    help="Probabilité à partir de laquelle deux enregistrements sont réunis sans question.",
)
@click.option(
    "--seuil-revue",
    type=click.FloatRange(0, 1),
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
@_CONTENT
@_WORKDIR
@_french_errors
def link(seuil_fusion: float, seuil_revue: float, moteur: str, reentrainer: bool, content: Path, workdir: Path) -> None:
    """Relie les enregistrements entre eux et aux fiches du commun.

    Identifiants (SIRET, SIREN, RNA) d'abord, puis modèle probabiliste (splink). Les fiches
    d'acteurs existantes sont une source : un enregistrement qui leur correspond les complétera
    au lieu de créer une nouvelle fiche. Écrit liens.csv (chaque paire, son score et pourquoi),
    clusters.csv et revue.yaml. Le premier passage entraîne le modèle (sans exemples étiquetés)
    et l'enregistre dans modele.json ; les suivants le réutilisent (--reentrainer pour repartir
    de zéro). Mêmes entrées, mêmes fichiers, octet pour octet.
    Le moteur « spark » demande l'extra « spark » (pyspark) et sert aux listes nationales.

    Exemple : maillage recensement relier --contenu content
    """
    from maillage.census.link import Thresholds
    from maillage.census.run import run_link

    thresholds = Thresholds(seuil_fusion, seuil_revue)
    click.echo(run_link(Workdir(workdir), content, thresholds, moteur, reentrainer, _scope(content)))


@census.command("revoir")
@click.option(
    "--fichier",
    "review_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Lire les décisions d'un fichier de revue rempli.",
)
@click.option(
    "--rattacher",
    "attach",
    nargs=2,
    multiple=True,
    metavar="ENREGISTREMENT FICHE",
    help="Dire qu'un enregistrement est une fiche existante (répétable).",
)
@_CONTENT
@_WORKDIR
@_french_errors
def review(review_file: Path | None, attach: tuple[tuple[str, str], ...], content: Path, workdir: Path) -> None:
    """Décide des paires incertaines : dans le terminal, ou depuis un fichier de revue rempli.

    Les décisions prennent effet tout de suite : « appliquer » les utilise sans relancer
    « relier ». Une décision « distinct » est retenue : la paire ne sera plus proposée.

    \b
    Exemples :
      maillage recensement revoir
      maillage recensement revoir --fichier recensement/revue.yaml
      maillage recensement revoir --rattacher mairie:liste-yutz:12 harmonie-municipale-de-yutz
    """
    from maillage.census.run import attachment, decisions_from_file, record_decisions, review_interactively

    wd = Workdir(workdir)
    if review_file or attach:
        decisions = decisions_from_file(wd, review_file, content) if review_file else {}
        for record, entry in attach:
            decisions.update(attachment(wd, record, entry, content))
        click.echo(record_decisions(wd, decisions, content))
    else:
        click.echo(review_interactively(wd, content, click.prompt, click.echo))


@census.command("corriger")
@click.argument("enregistrement", required=False)
@click.argument("valeurs", nargs=-1, metavar="[CHAMP=VALEUR]...")
@click.option(
    "--fichier",
    "correction_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Lire les communes remplies dans recensement/sans-commune.yaml (ou un fichier de même forme).",
)
@click.option(
    "--ecarter", "set_aside", is_flag=True, help="Laisser cet enregistrement de côté (ce n'est pas un acteur)."
)
@_WORKDIR
@_french_errors
def correct(
    enregistrement: str | None, valeurs: tuple[str, ...], correction_file: Path | None, set_aside: bool, workdir: Path
) -> None:
    """Corrige un enregistrement (sa commune, son nom, son téléphone…), durablement.

    La correction est gardée dans recensement/corrections.yaml et appliquée à chaque
    « normaliser », même après un nouvel import de la liste. La commune peut être un nom, un
    code postal ou un code INSEE.

    \b
    Exemples :
      maillage recensement corriger mairie:liste-yutz:12 commune=Yutz
      maillage recensement corriger rna-waldec:W081000123 nom="Harmonie de Charleville"
      maillage recensement corriger sirene:12345678900012 --ecarter
      maillage recensement corriger --fichier recensement/sans-commune.yaml
    """
    from maillage.census.corrections import Correction, parse_items, read_correction_file, save_corrections

    wd = Workdir(workdir)
    new: dict[str, Correction] = {}
    if correction_file:
        new.update(read_correction_file(correction_file, only=("commune",)))
    if enregistrement:
        values = {}
        for argument in valeurs:
            field, equals, value = argument.partition("=")
            if not equals or not field:
                raise CensusError.single(enregistrement, msg.CORRECTION_BAD_ARGUMENT.format(argument=argument))
            values[field.strip()] = value.strip()
        item = {"enregistrement": enregistrement, **values, **({"ecarter": True} if set_aside else {})}
        new.update(parse_items([item], "corriger"))
    if not new:
        raise click.UsageError(msg.CORRECTION_NOTHING)
    count = save_corrections(wd, new, date.today())
    click.echo(msg.CORRECTIONS_RECORDED.format(count=count, path=wd.corrections))


@census.command("appliquer")
@contenu_option(old_positional=True, must_exist=False)
@click.option("--simulation", is_flag=True, help="Montrer ce qui changerait sans rien écrire.")
@_WORKDIR
@_french_errors
def apply(content: Path, simulation: bool, workdir: Path) -> None:
    """Crée ou complète les fiches d'acteurs (content/acteurs), avec la provenance de chaque champ.

    Les décisions de revue les plus récentes sont prises en compte. Un enregistrement qui
    correspond à une fiche existante la complète ; une fiche que vous avez supprimée n'est
    jamais recréée. Un champ modifié à la main n'est jamais écrasé. Chaque fiche valide est
    écrite (atomiquement) ; les groupes qui ne feraient pas une fiche valide sont listés avec
    leurs lignes d'origine et restent dans le dossier de travail.

    Exemple : maillage recensement appliquer --contenu content
    """
    from maillage.census.apply import apply_clusters

    result = apply_clusters(Workdir(workdir), content, simulation, _scope(content))
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
    if result.deleted:
        click.echo(msg.APPLY_DELETED.format(count=len(result.deleted), entries=", ".join(result.deleted[:_SHOWN])))
    if result.unwritten:
        click.echo(msg.APPLY_UNWRITTEN.format(count=len(result.unwritten)), err=True)
        for unwritten in result.unwritten[:_SHOWN]:
            problems = " ; ".join(p.message for p in unwritten.problems)
            click.echo(msg.APPLY_UNWRITTEN_ITEM.format(entry=unwritten.entry, problems=problems), err=True)
            for record in unwritten.records:
                row = msg.APPLY_UNWRITTEN_ROW.format(uid=record["uid"], file=record["fichier"], row=record["ligne"])
                click.echo(row, err=True)
        if len(result.unwritten) > _SHOWN:
            click.echo(msg.AND_MORE.format(count=len(result.unwritten) - _SHOWN), err=True)
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

    \b
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
