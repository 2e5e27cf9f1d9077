"""The `maillage formulaire` (the web form service) and `maillage contributions` commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from maillage.bridge import messages as msg
from maillage.bridge.config import BridgeConfig, ConfigError, help_text, load_config
from maillage.bridge.forges.base import ForgeRefused
from maillage.bridge.forges.local import LocalForge
from maillage.bridge.queue import ACCEPTED, PROPOSED, REJECTED, STATES, Queue, Submission
from maillage.changes import changes_from
from maillage.clicommon import AliasedGroup
from maillage.model import EntryError, parse_document, schemas_for
from maillage.model.commune_fields import commune_change_text
from maillage.model.controls import visible
from maillage.model.settings import SettingsError, load_settings

CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="MAILLAGE_BRIDGE_CONFIG",
    help="Fichier de configuration TOML (variable MAILLAGE_BRIDGE_CONFIG).",
)

SUBMISSION = click.argument("submission_id", metavar="CONTRIBUTION")

_BRIDGE_HELP = f"""Sert les formulaires de contribution et transforme chaque envoi en proposition
(branche + commit + demande de fusion) sur la forge configurée.

\b
Exemple : maillage formulaire --config deploy/bridge.toml

\b
Fichier de configuration (TOML), toutes les clés avec leur valeur par défaut :
{help_text()}

\b
Le jeton de la forge et le secret des formulaires viennent de l'environnement ou d'un fichier,
jamais du fichier de configuration lui-même. Santé du service : GET /sante.
"""


def _load(config_path: Path | None) -> BridgeConfig:
    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("formulaire", help=_BRIDGE_HELP)
@CONFIG_OPTION
@click.option("--adresse", help="Remplace service.adresse.")
@click.option("--port", type=int, help="Remplace service.port.")
def bridge(config_path: Path | None, adresse: str | None, port: int | None) -> None:
    """Serve the contribution forms (help text above, in French, for users)."""
    from dataclasses import replace

    from maillage.bridge.service import serve  # Starlette and uvicorn only when serving

    config = _load(config_path)
    try:
        load_settings(config.service.contenu.resolve().parent)  # a bad territory stops here, in French
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if adresse or port:
        service = replace(config.service, adresse=adresse or config.service.adresse, port=port or config.service.port)
        config = replace(config, service=service)
    serve(config)


@click.group(
    "contributions",
    cls=AliasedGroup,
    # The English subcommand names used before, kept hidden for one release.
    old_names={"list": "liste", "show": "voir", "accept": "accepter", "reject": "refuser"},
)
def contributions() -> None:
    """Relire les contributions reçues par le formulaire (forge locale) : liste, voir, accepter, refuser.

    Exemple : maillage contributions liste --config deploy/bridge.toml
    """


def _context(config_path: Path | None) -> tuple[Queue, LocalForge | None]:
    config = _load(config_path)
    forge = None
    if config.forge.type == "local":
        forge = LocalForge(
            Path(config.forge.depot), config.forge.branche_base, config.forge.auteur_nom, config.forge.auteur_courriel
        )
    return Queue(config.service.file_attente), forge


def _find(queue: Queue, submission_id: str) -> Submission:
    submission = queue.get(submission_id)
    if submission is None:
        raise click.ClickException(f"aucune contribution « {submission_id} »")
    return submission


@contributions.command("liste")
@CONFIG_OPTION
@click.option("--etat", type=click.Choice(STATES), help="Seulement les contributions dans cet état.")
def list_command(config_path: Path | None, etat: str | None) -> None:
    """Liste les contributions : identifiant, état, fiche, titre.

    \b
    Exemple : maillage contributions liste --etat proposee --config deploy/bridge.toml
    """
    queue, _ = _context(config_path)
    for s in queue.list(etat):
        # One line per contribution, whatever the title holds: invisible characters are shown.
        flag = "\tconflit" if s.conflict else ""
        click.echo(f"{s.id}\t{s.state}\t{s.action}\t{s.folder}/{s.entry_id}\t{visible(s.title, one_line=True)}{flag}")


@contributions.command("voir")
@CONFIG_OPTION
@SUBMISSION
def show_command(config_path: Path | None, submission_id: str) -> None:
    """Affiche une contribution : état, branche, fichier proposé et différences.

    Exemple : maillage contributions voir 3f9a1c07be --config deploy/bridge.toml
    """
    queue, forge = _context(config_path)
    s = _find(queue, submission_id)
    click.echo(f"contribution : {s.id}\nétat : {s.state}\nfiche : {s.folder}/{s.entry_id} ({s.action})")
    for line in _commune_lines(_load(config_path).service.contenu, s):
        click.echo(visible(line, one_line=True))
    click.echo(f"branche : {s.branch}\nproposition : {s.proposal_url or s.proposal_number or '-'}")
    if s.last_error:
        click.echo(visible(f"dernière erreur : {s.last_error} ({s.attempts} essai(s))", one_line=True))
    if s.conflict:
        click.echo("\n" + visible(msg.CLI_CONFLICT.format(lines=s.conflict)))
    # The contributor's text, shown so that nothing in it can act on the terminal (escape
    # sequences, carriage returns hiding a line, bidirectional overrides): see model.controls.
    if forge is not None and forge.branch_exists(s.branch):
        click.echo("\n" + visible(forge.diff(s.branch)))
    else:
        click.echo("\n" + visible(s.file_text))


@contributions.command("accepter")
@CONFIG_OPTION
@SUBMISSION
@click.option(
    "--forcer", is_flag=True,
    help="Fusionner même si la fiche a changé depuis et que des champs ont été modifiés des deux côtés.",
)
def accept_command(config_path: Path | None, submission_id: str, forcer: bool) -> None:
    """Fusionne la branche de la contribution dans la branche de base (forge locale).

    \b
    Exemple : maillage contributions accepter 3f9a1c07be --config deploy/bridge.toml
    """
    queue, forge, s = _to_decide(config_path, submission_id)
    if s.conflict and not forcer:
        raise click.ClickException(visible(msg.CLI_CONFLICT_REFUSED.format(id=s.id, lines=s.conflict)))
    try:
        forge.accept(s.branch, f"Fusion de la contribution {s.id} ({s.folder}/{s.entry_id})")
    except ForgeRefused as exc:
        raise click.ClickException(str(exc)) from exc
    queue.mark_decided(s.id, ACCEPTED)
    click.echo(f"contribution {s.id} acceptée : {s.folder}/{s.entry_id}")


@contributions.command("refuser")
@CONFIG_OPTION
@SUBMISSION
def reject_command(config_path: Path | None, submission_id: str) -> None:
    """Refuse la contribution et supprime sa branche (forge locale).

    \b
    Exemple : maillage contributions refuser 3f9a1c07be --config deploy/bridge.toml
    """
    queue, forge, s = _to_decide(config_path, submission_id)
    forge.reject(s.branch)
    queue.mark_decided(s.id, REJECTED)
    click.echo(f"contribution {s.id} refusée")


def _commune_lines(content: Path, s: Submission) -> list[str]:
    """Each new or changed commune of a contribution, by name: a bare code cannot be judged alone."""
    schemas = schemas_for(content.resolve().parent)
    entry_type = schemas.by_folder.get(s.folder)
    if entry_type is None:
        return []
    try:
        document = parse_document(s.file_text.encode("utf-8"), f"{s.folder}/{s.entry_id}.md")
    except EntryError:
        return []
    current = content / s.folder / f"{s.entry_id}.md"
    old = current.read_bytes() if s.action == "modification" and current.is_file() else None
    return [f"{commune_change_text(change)}" for change in changes_from(entry_type, old, document, schemas)]


def _to_decide(config_path: Path | None, submission_id: str) -> tuple[Queue, LocalForge, Submission]:
    """The queue, the local forge and a proposed contribution that a maintainer accepts or refuses here."""
    queue, forge = _context(config_path)
    s = _find(queue, submission_id)
    if forge is None:
        raise click.ClickException("acceptez ou refusez la proposition sur la forge : l'état suivra")
    if s.state != PROPOSED:
        click.echo(f"la contribution {s.id} est « {s.state} », pas « {PROPOSED} »", err=True)
        sys.exit(1)
    return queue, forge, s
