"""`maillage nouveau DOSSIER`: start the commons of a territory."""

from __future__ import annotations

from pathlib import Path

import click

from maillage.starter import texts
from maillage.starter.create import NewCommons, StarterError, create_commons, default_requirement

# Parameter → scale of the official geography, in the order a commons' pages name them.
TERRITORY_OPTIONS = (
    ("regions", "region"),
    ("departements", "departement"),
    ("epcis", "intercommunalite"),
    ("communes", "commune"),
)


@click.command("nouveau")
@click.argument("dossier", type=click.Path(file_okay=True, path_type=Path))
@click.option("--departement", "departements", multiple=True, metavar="CODE_OU_NOM",
              help="Un département du territoire, par son code (08) ou son nom (Ardennes) ; répétable.")
@click.option("--region", "regions", multiple=True, metavar="CODE_OU_NOM",
              help="Une région, par son code (44) ou son nom (Grand Est) ; répétable.")
@click.option("--epci", "epcis", multiple=True, metavar="SIREN_OU_NOM",
              help="Une intercommunalité, par son numéro SIREN ou son nom ; répétable.")
@click.option("--commune", "communes", multiple=True, metavar="CODE_OU_NOM",
              help="Une commune, par son code INSEE ou son nom ; répétable.")
@click.option("--nom", "site_name", metavar="TEXTE",
              help="Le nom du site (par défaut : « Le commun culturel » et le nom du territoire).")
@click.option("--formulaire", "form_url", metavar="URL",
              help="L'adresse du formulaire de contribution sans compte, s'il est déjà en ligne.")
@click.option("--maillage", "requirement", metavar="DÉPENDANCE",
              help="La version de Maillage à installer (la ligne de requirements.txt) ; par défaut, celle qui "
              "tourne : « maillage[site,formulaire]==VERSION », ou son dépôt git s'il a été installé depuis git, "
              "par exemple « maillage[site,formulaire] @ git+https://…/maillage.git@v0.1.0 ».")
def nouveau(dossier: Path, departements: tuple[str, ...], regions: tuple[str, ...], epcis: tuple[str, ...],
            communes: tuple[str, ...], site_name: str | None, form_url: str | None, requirement: str | None) -> None:
    """Crée le commun d'un territoire dans DOSSIER (vide ou absent), prêt à publier.

    Le dossier devient un dépôt git : le site et son territoire (mkdocs.yml), les dossiers des
    fiches, l'accueil et les pages à propos, contribuer, mentions légales et accessibilité, une
    boîte à outils de départ, les vérifications et la publication pour GitHub et GitLab, les
    formulaires de ticket, le formulaire sans compte et un README pour l'équipe. Rien n'est
    jamais remplacé : un dossier qui n'est pas vide est refusé.

    \b
    Exemples :
      maillage nouveau commun-ardennes --departement Ardennes
      maillage nouveau commun-grand-est --region "Grand Est"
    """
    from maillage.model.places import PlaceError, scope_of

    given = {"regions": regions, "departements": departements, "epcis": epcis, "communes": communes}
    wanted = [(kind, text) for key, kind in TERRITORY_OPTIONS for text in given[key]]
    if not wanted:
        raise click.UsageError(texts.NO_TERRITORY)
    requirement = requirement or default_requirement()
    _check_requirement(requirement)
    try:
        scope = scope_of(wanted)
    except PlaceError as exc:
        raise click.ClickException(exc.message) from exc
    request = NewCommons(dossier, scope, site_name, form_url, requirement)
    try:
        written = create_commons(request)
    except StarterError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(texts.CREATED.format(path=dossier, count=len(written)))
    click.echo(texts.NEXT_STEPS.format(path=dossier, label=request.scope.label))


def _check_requirement(requirement: str) -> None:
    """A `--maillage` value that is not one line naming Maillage is refused before anything is written."""
    name = requirement.strip().split("[")[0].split("=")[0].split("@")[0].split(">")[0].split("<")[0].strip()
    if "\n" in requirement or name.lower() != "maillage":
        raise click.BadParameter(texts.BAD_REQUIREMENT.format(value=requirement), param_hint="--maillage")
