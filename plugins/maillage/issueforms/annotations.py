"""`maillage verifier --format github`: problems as GitHub workflow commands and a French job summary.

Workflow commands (`::error file=…,line=…,col=…,title=…::message`) put each problem on the right
line of the pull request. Messages quote contributor text, so everything is escaped the way
GitHub's toolkit does: `%`, CR and LF in the message; additionally `:` and `,` in properties.
"""

from __future__ import annotations

import os
from pathlib import Path

from maillage.issueforms import messages as msg
from maillage.model.commune_fields import CommuneChange, commune_change_text
from maillage.model.controls import visible
from maillage.model.numbers import french_count
from maillage.model.problems import Problem, Severity

_MAX_SUMMARY_ROWS = 500
# GitHub shows a handful of annotations per step anyway; past this many in one file, a count.
MAX_ANNOTATIONS_PER_FILE = 50


def escape_data(text: str) -> str:
    """Escape a workflow-command message (and show any invisible character: the log is read in a
    terminal-like viewer that acts on escape sequences)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(problem: Problem) -> str:
    """One problem as a GitHub `::error` or `::warning` command."""
    command = "error" if problem.severity is Severity.ERROR else "warning"
    properties = {
        "file": Path(problem.path).as_posix(),
        "line": str(problem.line),
        "col": str(problem.column),
        "title": msg.ANNOTATION_TITLE[problem.severity.value],
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{command} {rendered}::{escape_data(problem.message)}"


def change_command(path: str, change: CommuneChange) -> str:
    """A new or changed commune as a GitHub `::notice` on its line, by name."""
    properties = {"file": Path(path).as_posix(), "line": str(change.line), "title": msg.COMMUNE_NOTICE_TITLE}
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::notice {rendered}::{escape_data(commune_change_text(change))}"


def step_summary(
    problems: list[Problem], files_checked: int, changes: dict[str, list[CommuneChange]] | None = None
) -> str:
    """The French Markdown summary appended to `$GITHUB_STEP_SUMMARY`."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    lines = [msg.SUMMARY_TITLE, ""]
    if not problems:
        lines.append(msg.SUMMARY_OK.format(files=french_count(files_checked)))
        return "\n".join(lines + _changes_section(changes)) + "\n"
    counts = msg.SUMMARY_COUNTS.format(files=french_count(files_checked), errors=french_count(errors),
                                       warnings=french_count(len(problems) - errors))
    lines += [counts, "", msg.SUMMARY_HEADER]
    lines += [_row(p) for p in problems[:_MAX_SUMMARY_ROWS]]
    if len(problems) > _MAX_SUMMARY_ROWS:
        lines.append(f"| … | | | {len(problems) - _MAX_SUMMARY_ROWS} de plus |")
    lines += ["", msg.SUMMARY_HELP]
    return "\n".join(lines + _changes_section(changes)) + "\n"


def _changes_section(changes: dict[str, list[CommuneChange]] | None) -> list[str]:
    """Each new or changed commune by name: a bare code cannot be judged alone."""
    if not changes:
        return []
    rows = [f"| {markdown_cell(path)} | {change.line} | {markdown_cell(commune_change_text(change))} |"
            for path, found in changes.items() for change in found]
    return ["", msg.COMMUNE_CHANGES_TITLE, "", msg.COMMUNE_CHANGES_HEADER, *rows[:_MAX_SUMMARY_ROWS]]


def _row(problem: Problem) -> str:
    cells = (problem.path, str(problem.line), problem.severity.value, problem.message)
    return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |"


def markdown_cell(text: str) -> str:
    """Contributor text made inert in a Markdown table cell: no HTML, no pipes, no line breaks."""
    escaped = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("|", "\\|").replace("`", "\\`").replace("@", "@\u200b")
    return " ".join(visible(escaped, one_line=True).split())


def report_github(
    problems: list[Problem], files_checked: int, changes: dict[str, list[CommuneChange]] | None = None
) -> list[str]:
    """Workflow commands for the problems and the changed communes; the summary goes to
    `$GITHUB_STEP_SUMMARY` if set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(problems, files_checked, changes))
    notices = [change_command(path, change) for path, found in (changes or {}).items() for change in found]
    return _capped_per_file(problems) + notices


def _capped_per_file(problems: list[Problem]) -> list[str]:
    """One command per problem, at most `MAX_ANNOTATIONS_PER_FILE` per file, then one that counts
    the rest (a single file could otherwise bury the others under thousands of annotations)."""
    commands: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        commands += [workflow_command(problem) for problem in found[:MAX_ANNOTATIONS_PER_FILE]]
        if len(found) > MAX_ANNOTATIONS_PER_FILE:
            errors = any(p.severity is Severity.ERROR for p in found[MAX_ANNOTATIONS_PER_FILE:])
            properties = {"file": Path(path).as_posix(), "title": msg.ANNOTATIONS_CUT_TITLE}
            rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
            text = msg.ANNOTATIONS_CUT.format(count=len(found) - MAX_ANNOTATIONS_PER_FILE, path=path)
            commands.append(f"::{'error' if errors else 'warning'} {rendered}::{escape_data(text)}")
    return commands
