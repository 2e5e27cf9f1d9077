"""The issue-form commands: `maillage tickets generer|verifier|vers-fiche`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from maillage.clicommon import contenu_option, renamed_option
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
from maillage.model import schemas_for

_REPOSITORY = renamed_option(
    "--depot",
    "repository",
    old=("--racine",),
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    metavar="DOSSIER",
    help="Racine du dépôt (où se trouvent .github/ et CONTRIBUTING.md).",
)


@click.group("tickets")
def tickets() -> None:
    """Formulaires de ticket GitHub (générés depuis les schémas) et tickets remplis changés en fiches.

    \b
    Exemples :
      maillage tickets generer
      maillage tickets verifier
      maillage tickets vers-fiche --corps ticket.md --type acteurs --sortie /tmp/ticket
    """


def _generated(step: Callable[[Path], list[Path]], repository: Path) -> list[Path]:
    """Run a step on the generated files; CONTRIBUTING.md without its markers is a French error."""
    try:
        return step(repository)
    except MissingMarkers as exc:
        raise click.ClickException(msg.MARKERS_MISSING.format(path=exc)) from exc


@tickets.command("generer")
@_REPOSITORY
def generer(repository: Path) -> None:
    """Écrit .github/ISSUE_TEMPLATE/*.yml et la référence des champs de CONTRIBUTING.md.

    Exemple : maillage tickets generer
    """
    written = _generated(write_generated, repository)
    for path in written:
        click.echo(path)
    click.echo(msg.GENERATED.format(count=len(written)))


@tickets.command("verifier")
@_REPOSITORY
def verifier(repository: Path) -> None:
    """Échoue si les formulaires ou la référence des champs ne correspondent plus aux schémas.

    Exemple : maillage tickets verifier
    """
    stale = _generated(stale_files, repository)
    for path in stale:
        click.echo(msg.STALE.format(path=path), err=True)
    if stale:
        sys.exit(1)
    click.echo(msg.UP_TO_DATE.format(count=len(list((repository / TEMPLATE_DIR).glob("*.yml"))) + 1))


@tickets.command("vers-fiche")
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
@click.option("--type", "folder", help="Type de fiche, son dossier (avec --corps), par exemple acteurs.")
@click.option("--numero", type=int, default=0, help="Numéro du ticket (avec --corps).")
@click.option(
    "--modeles",
    type=click.Path(file_okay=False, path_type=Path),
    default=TEMPLATE_DIR,
    show_default=True,
    help="Dossier des formulaires de ticket.",
)
@contenu_option(must_exist=False)
@click.option(
    "--sortie",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Dossier où écrire le commentaire et le titre et le texte de la demande de fusion.",
)
def issue_to_entry(
    evenement: Path | None,
    corps: Path | None,
    folder: str | None,
    numero: int,
    modeles: Path,
    content: Path,
    sortie: Path,
) -> None:
    """Lit un ticket rempli avec un formulaire et écrit la fiche, ou le commentaire à poster.

    La fiche est écrite dans le dossier des fiches si elle est valide ; sinon le fichier
    commentaire.md de --sortie dit en français quoi corriger. Dans un workflow, les sorties
    « statut » (fiche, erreur ou ignore), « chemin » et « branche » sont ajoutées à $GITHUB_OUTPUT.

    \b
    Exemple : maillage tickets vers-fiche --corps ticket.md --type acteurs --sortie /tmp/ticket
    """
    schemas = schemas_for(content.parent)
    if corps is not None:
        if folder not in schemas.by_folder:
            known = ", ".join(t.folder for t in schemas.types)
            raise click.UsageError(f"--type est obligatoire avec --corps, parmi : {known}")
        request = IssueRequest(numero, corps.read_text("utf-8"), schemas.by_folder[folder])
    else:
        event_path = evenement or (Path(os.environ["GITHUB_EVENT_PATH"]) if "GITHUB_EVENT_PATH" in os.environ else None)
        if event_path is None:
            raise click.UsageError("indiquez --evenement, --corps, ou lancez dans un workflow GitHub")
        request = request_from_event(load_event(event_path), schemas)
    result = handle_issue(request, modeles, content, sortie)
    write_step_outputs(result)
    click.echo(f"statut={result.status}")
    if result.path:
        click.echo(f"chemin={result.path}")
    click.echo(f"commentaire={sortie / COMMENT_FILE}")
