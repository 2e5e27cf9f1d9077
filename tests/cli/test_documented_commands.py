"""Every `maillage …` command line the documentation shows names a real command and real options.

The README, CONTRIBUTING.md, the deployment guide, the workflows, the GitLab pipeline, the
pre-commit hooks, the Makefile and the service unit are read as a user would copy them: each
command line found in them must walk the command tree by its current (not hidden, old) names,
use only options that command shows in its help, and its `--help` must run.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from maillage.cli import main

ROOT = Path(__file__).resolve().parents[2]
# Every Markdown file of the project (guides, schema and mapping notes, the demo's pages and
# entries) but the CHANGELOG, which names the old commands on purpose; and the files that run them.
_SKIPPED = {"node_modules", "site", "public", "fixtures", "spark-warehouse"}
MARKDOWN = sorted(
    str(p.relative_to(ROOT))
    for p in ROOT.rglob("*.md")
    if not any(part in _SKIPPED or part.startswith(".") for part in p.relative_to(ROOT).parts)
    and p.name != "CHANGELOG.md"
)
DOCUMENTS = [
    *MARKDOWN,
    "deploy/bridge.toml",
    "deploy/maillage-bridge.service",
    "deploy/Containerfile",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "Makefile",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.yml")),
]
# `maillage …` as the command of a line: in a shell block, a `run:`, a YAML list item, a hook entry.
COMMAND_LINE = re.compile(r"^\s*(?:-\s+|run:\s+|entry:\s+|ExecStart=|\$\(BIN\)/)?(?:[\w./-]*/)?maillage\s+(\S.*)$")
# `maillage …` in an inline code span, in prose or in a comment.
INLINE = re.compile(r"`(?:[\w./-]*/)?maillage\s+([^`]+)`")
# `["maillage", …]`, the exec form of a container's ENTRYPOINT or CMD.
EXEC_FORM = re.compile(r'\[\s*"maillage"\s*,\s*([^\]]*)\]')
# What ends the command in a shell line: a comment, a redirection, a pipe, a list operator.
SHELL_END = {"#", ">", ">>", "|", "&&", "||", ";", "2>"}


@dataclass(frozen=True)
class Shown:
    """One command line as a document shows it."""

    where: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: maillage {' '.join(self.words)}"


def _lines(text: str, markdown: bool) -> list[tuple[int, str, bool]]:
    """(line number, line, inside a code block) for each line; outside Markdown, all is code."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if markdown and line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        lines.append((number, line, fenced or not markdown))
    return lines


def _words(command: str) -> list[tuple[str, ...]]:
    """The words of a command line, cut at the shell's end, one list per `a|b|c` alternative."""
    try:
        words = shlex.split(command, comments=False)
    except ValueError:
        words = command.split()
    kept: list[str] = []
    for word in words:
        if word in SHELL_END or word.startswith("#"):
            break
        if word not in ("…", "..."):  # "any subcommand" in prose
            kept.append(word)
    alternatives: list[tuple[str, ...]] = [()]
    for word in kept:
        choices = word.split("|") if re.fullmatch(r"[\w-]+(\|[\w-]+)+", word) else [word]
        alternatives = [(*before, choice) for before in alternatives for choice in choices]
    return alternatives


def documented_commands() -> list[Shown]:
    """Every `maillage …` command line shown in the documents."""
    shown = []
    for name in DOCUMENTS:
        text = (ROOT / name).read_text("utf-8")
        for number, line, code in _lines(text, name.endswith(".md")):
            found = [m.group(1) for m in INLINE.finditer(line)]
            if code and "`" not in line and (m := COMMAND_LINE.match(line)):
                found.append(m.group(1))
            for command in found:
                shown += [Shown(f"{name}:{number}", words) for words in _words(command)]
            if m := EXEC_FORM.search(line):
                shown.append(Shown(f"{name}:{number}", tuple(json.loads(f"[{m.group(1)}]"))))
    return shown


def _visible_options(command: click.Command, ctx: click.Context) -> set[str]:
    names = set(ctx.help_option_names)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option) and not param.hidden:
            names.update(param.opts + param.secondary_opts)
    return names


def _resolve(words: tuple[str, ...]) -> tuple[list[str], click.Command, list[str]]:
    """Walk the command tree by visible names: (command path, command, remaining words)."""
    command: click.Command = main
    path: list[str] = []
    rest = list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        ctx = click.Context(command, info_name=" ".join(["maillage", *path]))
        visible = [n for n in command.list_commands(ctx) if not command.get_command(ctx, n).hidden]
        assert rest[0] in visible, f"« {rest[0]} » n'est pas une commande de « maillage {' '.join(path)} »"
        command = command.get_command(ctx, rest[0])
        path.append(rest.pop(0))
    return path, command, rest


SHOWN = documented_commands()


def test_the_documents_show_commands():
    # The extraction itself must find what the README plainly shows.
    assert len(SHOWN) > 40
    commands = {" ".join(s.words[:2]) for s in SHOWN}
    assert {"verifier", "recensement importer", "tirage preparer", "contributions accepter"} <= commands


@pytest.mark.parametrize("shown", SHOWN, ids=str)
def test_each_documented_command_exists_and_has_help(shown: Shown):
    path, command, rest = _resolve(shown.words)
    ctx = click.Context(command, info_name="maillage")
    options = _visible_options(command, ctx)
    for word in rest:
        if word.startswith("--"):
            assert word.split("=")[0] in options, f"{shown}: option inconnue ou ancienne « {word} »"
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="maillage")
    assert result.exit_code == 0, result.output
    assert "Exemple" in result.output
