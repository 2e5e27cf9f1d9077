"""One French vocabulary on the command line; the names used before still work, hidden, for one release."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from maillage.cli import OLD_NAMES, main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content"


def _visible_commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command and group reachable by its current name."""
    ctx = click.Context(group, info_name="maillage")
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _visible_commands(command, (*path, name))
    return found


COMMANDS = _visible_commands()
# Old spellings of subcommands, by group: every group declares its own.
OLD_SUBCOMMANDS = [
    ("recensement", old, new) for old, new in main.get_command(click.Context(main), "recensement").old_names.items()
] + [
    (group, old, new)
    for group in ("tirage", "rencontres", "contributions")
    for old, new in main.get_command(click.Context(main), group).old_names.items()
]


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="maillage")


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_french_help_with_an_example(path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Utilisation : maillage {' '.join(path)}")
    assert "Exemple" in result.output


def _examples(help_text: str) -> list[str]:
    """The example lines of a help text: the lines of each paragraph that starts with "Exemple"."""
    lines, found = help_text.splitlines(), []
    for start, line in enumerate(lines):
        if line.strip().startswith("Exemple"):
            for example in lines[start:]:
                if not example.strip() or example.startswith("Options:"):
                    break
                found.append(example.strip())
    return found


def _example_problem(path: tuple[str, ...], line: str) -> str | None:
    """What is wrong with one example line of `maillage PATH --help`, if anything."""
    if line.endswith(":") or line.startswith("git "):
        return None  # the block's heading, or the git command between two steps
    if "maillage " not in line:
        return f"« {line} » : la suite d'un exemple coupé en deux lignes (à garder sur une ligne : \\b)"
    text = re.sub(r"\s\(.*\)$", "", line[line.index("maillage "):])  # "(what it does)" after the command
    try:
        words = shlex.split(text.replace("|", " "))[1:]
    except ValueError:
        return f"« {line} » : guillemet non fermé (exemple coupé en deux lignes ?)"
    command: click.Command = main
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        command = command.get_command(click.Context(command), words.pop(0))
        if command is None:
            return f"« {line} » : commande inconnue"
    if command.name not in (path[-1], *path[:-1]) and not isinstance(command, click.Group):
        return None  # a group's help shows its subcommands' examples, checked with them
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    unknown = [word for word in words if word.startswith("-") and word.split("=")[0] not in known]
    return f"« {line} » : option inconnue {unknown}" if unknown else None


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_example_in_the_help_is_a_whole_command_line_that_parses(path):
    """A coordinator copies an example line from the help: it must be whole and valid."""
    examples = _examples(invoke(*path, "--help").output)
    assert any(line.startswith(("maillage ", "Exemple : maillage ")) for line in examples), examples
    problems = [problem for line in examples if (problem := _example_problem(path, line))]
    assert not problems


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_option_says_what_it_does(path):
    command: click.Command = main
    for name in path:
        command = command.get_command(click.Context(command), name)
    silent = [param.opts for param in command.params
              if isinstance(param, click.Option) and not param.hidden and not param.help]
    assert not silent


@pytest.mark.parametrize(("mistake", "french"), [
    (("verifierr",), "Commande inconnue 'verifierr'. Vouliez-vous dire 'verifier' ?"),
    (("verifier", "--forma", "texte"), "Option inconnue '--forma'. Vouliez-vous dire '--format' ?"),
    (("verifier", "--conten"), "Option inconnue '--conten'. Vouliez-vous dire '--contenu' ?"),
    (("verifier", "--format"), "L'option '--format' demande une valeur."),
    (("verifier", "--format", "xml"), "'xml' n'est pas l'une des valeurs 'texte', 'json', 'github'."),
    (("nouveau",), "Argument manquant 'DOSSIER'."),
])
def test_the_mistakes_a_newcomer_makes_are_answered_in_french(mistake, french):
    result = invoke(*mistake)
    assert result.exit_code == 2
    assert french in result.output
    assert not re.search(r"\b(Did you mean|requires|Try|Error|Usage)\b", result.output), result.output


def _hidden_options(path: tuple[str, ...]) -> list[str]:
    command: click.Command = main
    for word in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), word)
    return [name for param in command.params if isinstance(param, click.Option) and param.hidden
            for name in param.opts if name.startswith("--")]


@pytest.mark.parametrize("path", [p for p in COMMANDS if _hidden_options(p)], ids=" ".join)
def test_a_mistyped_option_is_never_answered_with_a_hidden_old_name(path):
    """« Vouliez-vous dire » offers the names `--help` shows, never an old one kept hidden."""
    hidden = _hidden_options(path)
    for name in hidden:
        output = invoke(*path, name + "x").output
        assert "Option inconnue" in output
        assert not [old for old in hidden if f"'{old}'" in output], output


def test_the_vocabulary_is_french():
    names = {word for path in COMMANDS for word in path}
    english = {"check", "census", "draw", "meet", "bridge", "import", "link", "review", "apply", "report",
               "prepare", "run", "verify", "confirm", "decline", "status", "pair", "list", "show", "accept"}
    assert not names & english
    assert {"verifier", "recensement", "tirage", "rencontres", "formulaire", "tickets", "contributions"} <= names


@pytest.mark.parametrize(("old", "new"), sorted(OLD_NAMES.items()))
def test_old_command_names_work_hidden_with_a_note(old, new):
    assert f"\n  {old} " not in invoke("--help").output
    result = invoke(old, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Utilisation : maillage {new}")
    assert f"« maillage {old} » est un ancien nom, utilisez « maillage {new} »" in result.stderr


@pytest.mark.parametrize(("group", "old", "new"), OLD_SUBCOMMANDS)
def test_old_subcommand_names_work_hidden_with_a_note(group, old, new):
    listing = invoke(group, "--help").stdout
    assert f"\n  {new} " in listing and f"\n  {old} " not in listing
    result = invoke(group, old, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Utilisation : maillage {group} {new}")
    assert "est un ancien nom" in result.stderr


def test_old_option_spellings_give_the_same_result():
    new = invoke("rencontres", "agenda", "--contenu", str(DEMO), "--maintenant", "2027-01-01T00:00+01:00")
    old = invoke("meet", "agenda", "--content", str(DEMO), "--date", "2027-01-01T00:00+01:00")
    assert new.exit_code == old.exit_code == 0, old.output
    assert new.stdout == old.stdout and "À venir" in new.stdout
    assert new.stderr == ""
    assert "« --content » est un ancien nom, utilisez « --contenu »" in old.stderr
    assert "« --date » est un ancien nom, utilisez « --maintenant »" in old.stderr
    assert "--content" not in invoke("rencontres", "agenda", "--help").output


def test_the_content_folder_as_an_argument_still_works_for_the_commands_that_took_it(tmp_path):
    new = invoke("recensement", "rapport", "--contenu", str(DEMO), "--sortie", str(tmp_path / "nouveau.md"))
    old = invoke("census", "report", str(DEMO), "--sortie", str(tmp_path / "ancien.md"))
    assert new.exit_code == old.exit_code == 0, old.output
    assert (tmp_path / "nouveau.md").read_text("utf-8") == (tmp_path / "ancien.md").read_text("utf-8")
    assert f"utilisez « --contenu {DEMO} »" in old.stderr
    assert invoke("recensement", "rapport", "--help").output.startswith(
        "Utilisation : maillage recensement rapport [OPTIONS]\n"
    )


def test_the_new_spelling_wins_over_an_old_one(tmp_path):
    demo = invoke("rencontres", "tableau", "--contenu", str(DEMO))
    both = invoke("rencontres", "tableau", "--contenu", str(DEMO), "--content", str(tmp_path))
    assert both.exit_code == 0, both.output
    assert both.stdout == demo.stdout and "Projets : 0/0" not in both.stdout


def test_verifier_takes_the_content_folder_and_reports_on_the_paths_given(tmp_path, monkeypatch):
    shutil.copytree(DEMO, tmp_path / "content")
    actor = next((tmp_path / "content" / "acteurs").glob("*.md"))
    actor.write_text(actor.read_text("utf-8").replace("\nechelle: ", "\nechelle: pays\nancienne_echelle: "), "utf-8")
    monkeypatch.chdir(tmp_path)
    everything = invoke("verifier", "--format", "json", "--contenu", "content")
    tools = invoke("verifier", "--format", "json", "--contenu", "content", "content/outils")
    assert everything.exit_code == 1 and tools.exit_code == 0
    assert f"content/acteurs/{actor.name}" in {p["path"] for p in json.loads(everything.stdout)}
    assert all(p["path"].startswith("content/outils/") for p in json.loads(tools.stdout))


def test_verifier_does_not_load_the_heavy_libraries(tmp_path):
    # `maillage verifier` runs on every commit (pre-commit) and in every CI job: it must not pay
    # for the census, the form service, the draw or the site engine.
    script = (
        "import sys\n"
        "from maillage.cli import main\n"
        "try:\n"
        f"    main(['verifier', {str(DEMO)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('scipy', 'splink', 'duckdb', 'pandas', 'starlette', 'uvicorn', 'mkdocs', 'material', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines()[-1] == "[]"
