"""The `maillage` command."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import click

from maillage import __version__
from maillage.clicommon import MISSING_EXTRA, AliasedGroup, contenu_option, format_option
from maillage.clitext import use_french
from maillage.model import Commons, SchemaDefinitionError, load_commons, write_atomic
from maillage.model import messages as msg
from maillage.model.commune_fields import commune_change_text, corrections
from maillage.model.controls import json_text
from maillage.model.load import dotted
from maillage.model.numbers import french_count
from maillage.model.problems import Severity
from maillage.model.territory import Scope
from maillage.model.write import replace_values

use_french()

# Subcommands are imported only when used: `maillage verifier` must not pay for splink,
# Starlette or SciPy at start-up. Register a new command group here as "name": "module:attribute".
LAZY_COMMANDS = {
    "apercu": "maillage.site.apercu:apercu",
    "contributions": "maillage.bridge.commands:contributions",
    "formulaire": "maillage.bridge.commands:bridge",
    "nouveau": "maillage.starter.command:nouveau",
    "recensement": "maillage.census.cli:census",
    "rencontres": "maillage.meet.cli:meet",
    "tickets": "maillage.issueforms.commands:tickets",
    "tirage": "maillage.draw.cli:tirage",
}
# The extra of pyproject.toml each command group needs beyond the base install.
EXTRAS = {
    "apercu": "site",
    "contributions": "formulaire",
    "formulaire": "formulaire",
    "recensement": "recensement",
    "rencontres": "rencontres",
    "tirage": "tirage",
}
# The names used before the French vocabulary, kept hidden for one release (see CHANGELOG).
OLD_NAMES = {
    "bridge": "formulaire",
    "census": "recensement",
    "check": "verifier",
    "draw": "tirage",
    "formulaires": "tickets",
    "issue-vers-fiche": "tickets vers-fiche",
    "meet": "rencontres",
}


class LazyGroup(AliasedGroup):
    """A click group whose subcommands are imported on first use (click's documented pattern).

    A library missing from the install (its extra was not installed) is named in French with the
    extra to install, instead of a traceback.
    """

    def __init__(self, *args: object, lazy: dict[str, str], extras: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy
        self.extras = extras

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand; a library of a missing extra becomes a French error."""
        try:
            return super().invoke(ctx)
        except ModuleNotFoundError as exc:
            library = (exc.name or "").split(".")[0]
            extra = "spark" if library == "pyspark" else self.extras.get(ctx.invoked_subcommand or "")
            if not library or library == "maillage" or extra is None:
                raise
            raise click.ClickException(
                MISSING_EXTRA.format(library=library, command=ctx.invoked_subcommand, extra=extra)
            ) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Eager and lazy commands, in name order."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy command the first time it is asked for."""
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy=LAZY_COMMANDS,
    extras=EXTRAS,
    old_names=OLD_NAMES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="maillage")
def main() -> None:
    """Maillage : un commun de connaissances pour la coopération culturelle sur les territoires.

    \b
    Exemples :
      maillage verifier                     (vérifie les fiches du dossier content)
      maillage rencontres suggestions --acteur theatre-de-la-rotonde
      maillage COMMANDE --help              (l'aide et un exemple de chaque commande)
    """


@main.command()
@click.argument("paths", metavar="[CHEMINS]...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@contenu_option(default=None, help="Dossier des fiches (par défaut : le dossier donné en CHEMINS, sinon content).")
@format_option(
    "texte",
    "json",
    "github",
    help="Forme des messages : texte (chemin:ligne:colonne: message), json, ou github "
    "(annotations de workflow et résumé dans $GITHUB_STEP_SUMMARY).",
)
@click.option(
    "--corriger",
    is_flag=True,
    help="Écrire dans les fiches les codes INSEE trouvés sans doute possible (un nom de commune, un code postal "
    "ou un ancien code qui ne désigne qu'une commune), puis vérifier ; le reste des fichiers est conservé.",
)
@click.option(
    "--depuis",
    metavar="REVISION",
    help="Révision git de référence (par exemple la branche visée par la demande de fusion) : chaque commune "
    "nouvelle ou modifiée depuis est montrée par son nom.",
)
def verifier(paths: tuple[Path, ...], content: Path | None, output_format: str, corriger: bool,
             depuis: str | None) -> None:
    """Vérifie les fiches : schémas, références, identifiants en double, codes INSEE, adresses, SIREN/SIRET.

    CHEMINS sont des dossiers ou des fichiers de fiches : tout le commun est chargé (pour
    vérifier les références) mais seuls leurs problèmes sont affichés. Sans CHEMINS ni
    --contenu, le dossier « content » est vérifié. Une commune écrite par son nom est cherchée
    d'abord dans le territoire du commun (mkdocs.yml, option « territoire »).

    \b
    Exemples :
      maillage verifier
      maillage verifier content/acteurs/compagnie-du-lac.md
      maillage verifier --corriger
      maillage verifier --format github --depuis origin/main --contenu content
    """
    content, in_scope = _resolve_targets(paths, content)
    scope = _commons_scope(content)
    try:
        if corriger:
            _correct(load_commons(content, scope=scope), in_scope, scope)
        commons = load_commons(content, scope=scope)
    except SchemaDefinitionError as exc:  # the commons' own schemas: a maintainer's mistake
        click.echo(str(exc), err=True)
        sys.exit(1)
    problems = [p for p in commons.problems if in_scope(Path(p.path).resolve())]
    changes = _changes(commons, depuis, in_scope) if depuis else {}
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if output_format == "json":
        click.echo(json_text([p.to_dict() for p in problems]))
    elif output_format == "github":
        from maillage.issueforms.annotations import report_github

        for command in report_github(problems, commons.files_checked, changes):
            click.echo(command)
    else:
        for problem in problems:
            click.echo(problem.format())
        if changes:
            click.echo(msg.COMMUNE_CHANGES_TITLE)
            for path, found in changes.items():
                for change in found:
                    click.echo(f"{path}:{change.line}: {commune_change_text(change)}")
        summary = msg.SUMMARY_OK if not problems else msg.SUMMARY
        counts = {"files": french_count(commons.files_checked), "errors": french_count(errors),
                  "warnings": french_count(warnings)}
        click.echo(summary.format(**counts), err=bool(problems))
    sys.exit(1 if errors else 0)


def _commons_scope(content: Path) -> Scope | None:
    """The commons' territory, from the mkdocs.yml beside its content folder (None: all of France)."""
    from maillage.model.settings import SettingsError, load_settings

    try:
        return load_settings(content.resolve().parent).scope
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def _correct(commons: Commons, in_scope: Callable[[Path], bool], scope: Scope | None) -> None:
    """Write the codes found without doubt into the entries' files, and say what changed, file by file."""
    changed = 0
    for entry in commons.entries.values():
        if not in_scope(Path(entry.document.path).resolve()):
            continue
        fixes = corrections(entry.type, entry.document, commons.schemas, scope)
        if not fixes:
            continue
        text = entry.source.read_bytes().decode("utf-8")
        write_atomic(entry.source, replace_values(text, {fix.path: fix.new for fix in fixes}))
        changed += 1
        for fix in fixes:
            click.echo(msg.CORRECTED.format(path=entry.document.path, field=dotted(fix.path), old=fix.old,
                                            new=fix.new, name=fix.name))
    click.echo(msg.CORRECTED_COUNT.format(files=changed) if changed else msg.NOTHING_TO_CORRECT)


def _changes(commons: Commons, revision: str, in_scope: Callable[[Path], bool]) -> dict:
    from maillage.changes import RevisionError, changes_since

    try:
        found = changes_since(commons, revision)
    except RevisionError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    return {path: changes for path, changes in found.items() if in_scope(Path(path).resolve())}


def _resolve_targets(paths: tuple[Path, ...], content: Path | None) -> tuple[Path, Callable[[Path], bool]]:
    """The content folder to load, and which problem paths to report.

    Without --contenu, the first folder given is the content folder, or the folder two levels
    above the first file (content/<type>/<id>.md).
    """
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if p.is_file()]
    if content is None and folders:
        content = folders.pop(0)
    elif content is None:
        content = files[0].parent.parent if files else Path("content")
    if not files and not folders:
        return content, lambda _: True
    targets = {p.resolve() for p in files}
    roots = [p.resolve() for p in folders]
    return content, lambda path: path in targets or any(path.is_relative_to(root) for root in roots)


if __name__ == "__main__":
    main()
