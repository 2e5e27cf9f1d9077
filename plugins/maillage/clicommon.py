"""Shared pieces of the `maillage` command line: one vocabulary, old names kept hidden.

Every command group and every option that several commands share is declared here once, so that
the content folder is always `--contenu`, "now" is always `--maintenant`, and the names used
before the French vocabulary (`check`, `census link`, `--content`, `--date`…) keep working for one
release without appearing in `--help`: each prints a French note saying what replaces it.

Old option names are separate hidden options bound to the same parameter: click gives the
parameter the value the user typed, whichever spelling it came from (an explicit value wins
over a default).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from maillage.model.dates import parse_moment, zone

F = TypeVar("F", bound=Callable[..., Any])

OLD_NAME_NOTE = "Note : « {old} » est un ancien nom, utilisez « {new} » (l'ancien sera retiré à la prochaine version)."
OLD_POSITIONAL_NOTE = (
    "Note : le dossier en argument est l'ancienne forme, utilisez « {new} {value} » "
    "(l'ancienne sera retirée à la prochaine version)."
)

BAD_MOMENT = "date illisible « {value} » : écrivez par exemple 2027-03-14 ou 2027-03-14T18:30+01:00"
MISSING_EXTRA = (
    "« maillage {command} » a besoin de « {library} », qui n'est pas installé : "
    "installez l'extra « {extra} » (pip install 'maillage[{extra}]')"
)


def _note(text: str) -> None:
    """Old names answer on stderr, so that the output of a command stays the same."""
    click.echo(text, err=True)


class AliasedGroup(click.Group):
    """A command group that also answers to hidden old command names.

    `old_names` maps an old name to the words of the command that replaces it, relative to this
    group (`{"census": "recensement", "issue-vers-fiche": "tickets vers-fiche"}`).
    """

    def __init__(self, *args: Any, old_names: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)
        self.old_names = old_names or {}

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Resolve an old name to its replacement, with a note on stderr."""
        new = self.old_names.get(args[0]) if args else None
        if new is None:
            return super().resolve_command(ctx, args)
        if not ctx.resilient_parsing:
            _note(OLD_NAME_NOTE.format(old=f"{ctx.command_path} {args[0]}", new=f"{ctx.command_path} {new}"))
        command: click.Command | None = self
        for word in new.split():
            assert isinstance(command, click.Group), new
            command = command.get_command(ctx, word)
        return new, command, args[1:]

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; an unknown option is answered with visible names only."""
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:
            if exc.ctx is None or exc.option_name is None:
                raise
            visible = visible_options(exc.ctx)
            raise click.NoSuchOption(exc.option_name, possibilities=visible, ctx=exc.ctx) from None


def visible_options(ctx: click.Context) -> list[str]:
    """The long option names `--help` shows: click's « Vouliez-vous dire » would otherwise offer
    a hidden old spelling (`--content`) beside or instead of its French name."""
    params = ctx.command.get_params(ctx)
    return [name for param in params if isinstance(param, click.Option) and not param.hidden
            for name in (*param.opts, *param.secondary_opts) if name.startswith("--")]


def renamed_option(new: str, name: str, *, old: Sequence[str], **attrs: Any) -> Callable[[F], F]:
    """`click.option(new, name, **attrs)` that also accepts the hidden `old` spellings.

    An old spelling fills the parameter only when the new one was not given.
    """
    hidden_attrs = {key: attrs[key] for key in ("type", "metavar") if key in attrs}
    hidden = [
        (f"{name}_old_{i}", click.option(spelling, f"{name}_old_{i}", hidden=True, **hidden_attrs))
        for i, spelling in enumerate(old)
    ]
    return _with_old_spellings(name, new, hidden, click.option(new, name, **attrs))


class Moment(click.ParamType):
    """An ISO 8601 date or date-time, as an aware datetime (Europe/Paris when no offset is written)."""

    name = "moment"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        moment = parse_moment(value, zone())
        if moment is None:
            self.fail(BAD_MOMENT.format(value=value), param, ctx)
        return moment


def maintenant_option(help: str, metavar: str = "AAAA-MM-JJTHH:MM+01:00", **attrs: Any) -> Callable[[F], F]:
    """`--maintenant`, the moment a command takes as "now" (bound to `now`); old name `--date`.

    A `Moment` unless the command asks for another type.
    """
    attrs.setdefault("type", Moment())
    return renamed_option("--maintenant", "now", old=("--date",), metavar=metavar, help=help, **attrs)


def format_option(*choices: str, help: str = "Forme de la sortie.") -> Callable[[F], F]:
    """`--format`, among `choices`, the first being the default (bound to `output_format`)."""
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=choices[0], show_default=True, help=help
    )


def _with_old_spellings(
    name: str, new: str, old: list[tuple[str, Callable[[F], F]]], declare: Callable[[F], F]
) -> Callable[[F], F]:
    """Declare a parameter and its hidden old spellings, merged into `name` before the call."""

    def decorator(function: F) -> F:
        @wraps(function)
        def merged(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            given = ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
            for hidden_name, _ in old:
                value = kwargs.pop(hidden_name)
                if value is not None and not given:
                    param = next(p for p in ctx.command.params if p.name == hidden_name)
                    if isinstance(param, click.Option):
                        _note(OLD_NAME_NOTE.format(old=param.opts[0], new=new))
                    else:
                        _note(OLD_POSITIONAL_NOTE.format(value=value, new=new))
                    kwargs[name] = value
                    given = True
            return function(*args, **kwargs)

        decorated: Any = merged
        for _, declare_old in old:
            decorated = declare_old(decorated)
        return declare(decorated)

    return decorator


class _HiddenArgument(click.Argument):
    """A positional argument left out of the usage line (an old spelling kept for one release)."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def contenu_option(
    *,
    old_positional: bool = False,
    must_exist: bool = True,
    default: Path | None = Path("content"),
    help: str = "Dossier des fiches.",
) -> Callable[[F], F]:
    """`--contenu DOSSIER`, the commons' content folder, bound to the parameter `content`.

    `--content` is its hidden old name; `old_positional` also accepts the folder as a hidden
    positional argument, as the command took it before.
    """
    folder = click.Path(exists=must_exist, file_okay=False, path_type=Path)
    old = [("content_old_option", click.option("--content", "content_old_option", hidden=True, type=folder))]
    if old_positional:
        old.append(("content_old_argument", click.argument("content_old_argument", cls=_HiddenArgument,
                                                           required=False, type=folder)))
    declare = click.option("--contenu", "content", type=folder, default=default, show_default=True,
                           metavar="DOSSIER", help=help)
    return _with_old_spellings("content", "--contenu", old, declare)
