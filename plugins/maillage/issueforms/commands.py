"""The contributor commands: `maillage formulaires generer|verifier` and `maillage issue-vers-fiche`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from maillage.issueforms import messages as msg
from maillage.issueforms.generate import MissingMarkers, stale_files, write_generated
from maillage.issueforms.run import (
    COMMENT_FILE,
    IssueRequest,
    handle_issue,
    load_event,
    request_from_event,
    write_step_outputs,
)
from maillage.issueforms.templates import TEMPLATE_DIR
from maillage.model import BY_FOLDER

_ROOT = click.option(
    "--racine",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Racine du dépôt (où se trouvent .github/ et CONTRIBUTING.md).",
)


@click.group()
def formulaires() -> None:
    """Formulaires de ticket GitHub et référence des champs, générés depuis les schémas."""


@formulaires.command("generer")
@_ROOT
def generer(racine: Path) -> None:
    """Écrit .github/ISSUE_TEMPLATE/*.yml et la référence des champs de CONTRIBUTING.md.

    Exemple : maillage formulaires generer
    """
    try:
        written = write_generated(racine)
    except MissingMarkers as exc:
        raise click.ClickException(f"{exc} : marqueurs de la référence des champs introuvables") from exc
    for path in written:
        click.echo(path)
    click.echo(msg.GENERATED.format(count=len(written)))


@formulaires.command("verifier")
@_ROOT
def verifier(racine: Path) -> None:
    """Échoue si les formulaires ou la référence des champs ne correspondent plus aux schémas.

    Exemple : maillage formulaires verifier
    """
    try:
        stale = stale_files(racine)
    except MissingMarkers as exc:
        raise click.ClickException(f"{exc} : marqueurs de la référence des champs introuvables") from exc
    for path in stale:
        click.echo(msg.STALE.format(path=path), err=True)
    if stale:
        sys.exit(1)
    click.echo(msg.UP_TO_DATE.format(count=len(list((racine / TEMPLATE_DIR).glob("*.yml"))) + 1))


@click.command("issue-vers-fiche")
@click.option(
    "--evenement",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fichier d'événement GitHub (par défaut $GITHUB_EVENT_PATH).",
)
@click.option(
    "--corps",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="À la place de --evenement : un fichier contenant le texte du ticket.",
)
@click.option("--type", "folder", type=click.Choice(sorted(BY_FOLDER)), help="Type de fiche (avec --corps).")
@click.option("--numero", type=int, default=0, help="Numéro du ticket (avec --corps).")
@click.option(
    "--modeles",
    type=click.Path(file_okay=False, path_type=Path),
    default=TEMPLATE_DIR,
    show_default=True,
    help="Dossier des formulaires de ticket.",
)
@click.option(
    "--contenu",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Dossier des fiches.",
)
@click.option(
    "--sortie",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Dossier où écrire le commentaire et le titre et le texte de la demande de fusion.",
)
def issue_vers_fiche(
    evenement: Path | None,
    corps: Path | None,
    folder: str | None,
    numero: int,
    modeles: Path,
    contenu: Path,
    sortie: Path,
) -> None:
    """Lit un ticket rempli avec un formulaire et écrit la fiche, ou le commentaire à poster.

    La fiche est écrite dans le dossier des fiches si elle est valide ; sinon le fichier
    commentaire.md de --sortie dit en français quoi corriger. Dans un workflow, les sorties
    « statut » (fiche, erreur ou ignore), « chemin » et « branche » sont ajoutées à $GITHUB_OUTPUT.

    Exemple : maillage issue-vers-fiche --corps ticket.md --type acteurs --sortie /tmp/ticket
    """
    if corps is not None:
        if folder is None:
            raise click.UsageError("--type est obligatoire avec --corps")
        request = IssueRequest(numero, corps.read_text("utf-8"), BY_FOLDER[folder])
    else:
        event_path = evenement or (Path(os.environ["GITHUB_EVENT_PATH"]) if "GITHUB_EVENT_PATH" in os.environ else None)
        if event_path is None:
            raise click.UsageError("indiquez --evenement, --corps, ou lancez dans un workflow GitHub")
        request = request_from_event(load_event(event_path))
    result = handle_issue(request, modeles, contenu, sortie)
    write_step_outputs(result)
    click.echo(f"statut={result.status}")
    if result.path:
        click.echo(f"chemin={result.path}")
    click.echo(f"commentaire={sortie / COMMENT_FILE}")
