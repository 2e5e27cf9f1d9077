"""One issue → one entry file or one French comment, with the files a workflow needs next.

The workflow never handles contributor text in a shell script: this module reads the issue
from the event file GitHub writes, and leaves in an output folder the comment to post, the
pull-request title and body, and step outputs made only of safe values (status, slug path,
branch name from the issue number).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from maillage.issueforms import messages as msg
from maillage.issueforms.build import IssueEntry, build_entry_from_issue
from maillage.issueforms.templates import TYPE_LABEL_PREFIX, template_name
from maillage.model import EntryType, SchemaSet, schemas_for
from maillage.model.settings import SettingsError, load_settings

COMMENT_FILE = "commentaire.md"
PR_TITLE_FILE = "titre-demande.txt"
PR_BODY_FILE = "demande.md"


@dataclass(frozen=True)
class IssueRequest:
    """What the builder needs from an issue."""

    number: int
    body: str
    entry_type: EntryType | None


@dataclass(frozen=True)
class IssueResult:
    """Outcome of an issue: `fiche` (entry written), `erreur` (comment) or `ignore`."""

    status: str
    entry: IssueEntry | None = None
    path: str = ""
    branch: str = ""


def request_from_event(event: dict[str, Any], schemas: SchemaSet) -> IssueRequest:
    """The issue of a GitHub `issues` event (body, number, entry type from its label)."""
    issue = event.get("issue") or {}
    labels = [label.get("name", "") for label in issue.get("labels", []) if isinstance(label, dict)]
    folders = [name.removeprefix(TYPE_LABEL_PREFIX) for name in labels if name.startswith(TYPE_LABEL_PREFIX)]
    entry_type = next((schemas.by_folder[f] for f in folders if f in schemas.by_folder), None)
    number = issue.get("number")
    return IssueRequest(number if isinstance(number, int) else 0, str(issue.get("body") or ""), entry_type)


def handle_issue(
    request: IssueRequest,
    templates: Path,
    content: Path,
    output: Path,
    repository_root: Path | None = None,
    today: date | None = None,
) -> IssueResult:
    """Build the entry of an issue and write the comment / pull-request files into `output`."""
    output.mkdir(parents=True, exist_ok=True)
    if request.entry_type is None:
        return _finish(IssueResult("ignore"), output, [msg.UNKNOWN_TYPE])
    template_path = templates / template_name(request.entry_type)
    if not template_path.is_file():
        return _finish(IssueResult("erreur"), output, [msg.TEMPLATE_MISSING.format(path=template_path)])
    template = yaml.safe_load(template_path.read_text("utf-8"))
    try:
        scope = load_settings(content.resolve().parent).scope
    except SettingsError as error:
        return _finish(IssueResult("erreur"), output, [str(error)])
    entry = build_entry_from_issue(
        request.entry_type, request.body, template, content, issue_number=request.number, today=today, scope=scope,
        schemas=schemas_for(content.parent),
    )
    if not entry.ok or entry.path is None:
        return _finish(IssueResult("erreur", entry), output, entry.problems)
    root = (repository_root or Path.cwd()).resolve()
    relative = entry.path.resolve().relative_to(root).as_posix()
    result = IssueResult("fiche", entry, relative, f"fiche/ticket-{request.number}")
    singular = request.entry_type.singular
    (output / PR_TITLE_FILE).write_text(
        msg.PR_TITLE.format(singular=singular, title=" ".join(entry.title.split())), "utf-8"
    )
    warnings = (
        msg.PR_WARNINGS.format(items="\n".join(f"- {markdown_inline(w)}" for w in entry.warnings))
        if entry.warnings
        else ""
    )
    communes = "".join(f"\n- {markdown_inline(line)}" for line in entry.communes)
    (output / PR_BODY_FILE).write_text(
        msg.PR_BODY.format(number=request.number, singular=singular, path=relative, communes=communes,
                           warnings=warnings),
        "utf-8",
    )
    comment = msg.COMMENT_DONE.format(title=markdown_inline(entry.title), path=relative)
    (output / COMMENT_FILE).write_text(comment, "utf-8")
    return result


def _finish(result: IssueResult, output: Path, problems: list[str]) -> IssueResult:
    items = "\n".join(_bullet(problem) for problem in problems)
    (output / COMMENT_FILE).write_text(msg.COMMENT_PROBLEMS.format(problems=items), "utf-8")
    return result


def _bullet(problem: str) -> str:
    """A problem as a Markdown list item; its own "  - " lines (candidates) become nested items."""
    first, *rest = problem.split("\n")
    nested = [f"  - {markdown_inline(line.strip().removeprefix('- '))}" for line in rest if line.strip()]
    return "\n".join([f"- {markdown_inline(first)}", *nested])


def markdown_inline(text: str) -> str:
    """Contributor text made inert in a Markdown comment: no HTML, links, mentions or headings."""
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return " ".join(text.replace("@", "@\u200b").split())


def write_step_outputs(result: IssueResult) -> None:
    """Append `statut`, `chemin` and `branche` to `$GITHUB_OUTPUT` when running in a workflow."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"statut={result.status}\nchemin={result.path}\nbranche={result.branch}\n")


def load_event(path: Path) -> dict[str, Any]:
    """The JSON event file GitHub writes for a workflow run."""
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, dict) else {}
