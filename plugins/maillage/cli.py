"""The `maillage` command."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from maillage import __version__
from maillage.clitext import use_french
from maillage.model import load_commons
from maillage.model import messages as msg
from maillage.model.problems import Severity

use_french()

# Subcommands are imported only when used: `maillage check` must not pay for splink,
# Starlette or SciPy at start-up. Register a new command group here as "name": "module:attribute".
LAZY_COMMANDS = {
    "bridge": "maillage.bridge.commands:bridge",
    "census": "maillage.census.cli:census",
    "contributions": "maillage.bridge.commands:contributions",
    "draw": "maillage.draw.cli:draw",
    "formulaires": "maillage.issueforms.commands:formulaires",
    "issue-vers-fiche": "maillage.issueforms.commands:issue_vers_fiche",
    "meet": "maillage.meet.cli:meet",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use (click's documented pattern)."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

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


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="maillage")
def main() -> None:
    """Maillage : un commun de connaissances pour la coopération culturelle sur les territoires."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["texte", "json", "github"]),
    default="texte",
    show_default=True,
    help="Forme des messages : texte (chemin:ligne:colonne: message), json, ou github "
    "(annotations de workflow et résumé dans $GITHUB_STEP_SUMMARY).",
)
def check(paths: tuple[Path, ...], output_format: str) -> None:
    """Vérifie les fiches : schémas, références, identifiants en double, codes INSEE, SIREN/SIRET.

    PATHS est le dossier des fiches (par défaut « content ») ou des fichiers de fiches ;
    pour des fichiers, tout le commun est chargé (pour vérifier les références) mais seuls
    leurs problèmes sont affichés.

    Exemple : maillage check content/
    """
    content, only = _resolve_targets(paths or (Path("content"),))
    commons = load_commons(content)
    problems = [p for p in commons.problems if only is None or Path(p.path).resolve() in only]
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if output_format == "json":
        click.echo(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=1))
    elif output_format == "github":
        from maillage.issueforms.annotations import report_github

        for command in report_github(problems, commons.files_checked):
            click.echo(command)
    else:
        for problem in problems:
            click.echo(problem.format())
        summary = msg.SUMMARY_OK if not problems else msg.SUMMARY
        click.echo(summary.format(files=commons.files_checked, errors=errors, warnings=warnings), err=bool(problems))
    sys.exit(1 if errors else 0)


def _resolve_targets(paths: tuple[Path, ...]) -> tuple[Path, set[Path] | None]:
    """The content directory to load, and the files to report on (None: all)."""
    directories = [p for p in paths if p.is_dir()]
    files = {p.resolve() for p in paths if p.is_file()}
    if directories:
        return directories[0], files or None
    first = next(iter(files))
    # content/<type>/<id>.md: the content root is two levels up.
    return first.parent.parent, files




if __name__ == "__main__":
    main()
