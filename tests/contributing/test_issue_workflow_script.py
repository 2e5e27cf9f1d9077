"""The shell of the issue → pull request workflow, run for real: git against a local remote and a
recording stand-in for the `gh` command (the GitHub CLI itself needs github.com)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import git
import yaml
from github_format import render_issue_body

from maillage.issueforms.run import IssueRequest, handle_issue
from maillage.issueforms.templates import issue_template, render_templates
from maillage.model import default_schemas, render_entry

ROOT = Path(__file__).parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "issue-vers-pr.yml"
FAKE_GH = """#!/bin/sh
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "pr view" ]; then exit 1; fi
exit 0
"""


def steps() -> dict[str, dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return {step.get("name", ""): step for step in workflow["jobs"]["fiche"]["steps"]}


def make_repository(tmp_path: Path) -> tuple[Path, git.Repo]:
    remote = git.Repo.init(tmp_path / "origin.git", bare=True, initial_branch="main")
    work = tmp_path / "travail"
    repo = git.Repo.clone_from(remote.working_dir, work)
    actor = work / "content" / "acteurs" / "compagnie-du-fil-tendu.md"
    actor.parent.mkdir(parents=True)
    actor.write_text(
        render_entry(
            {
                "schema_version": 1,
                "nom": "Compagnie du Fil tendu",
                "forme": "organisation",
                "nature": "structure_culturelle",
                "commune": "Épinal",
                "echelle": "departement",
            }
        ),
        "utf-8",
    )
    templates = work / ".github" / "ISSUE_TEMPLATE"
    templates.mkdir(parents=True)
    for name, text in render_templates().items():
        (templates / name).write_text(text, "utf-8")
    repo.git.add(A=True)
    with repo.config_writer() as config:
        config.set_value("user", "name", "test")
        config.set_value("user", "email", "test@example.org")
    repo.index.commit("initial")
    repo.git.push("origin", "HEAD:main")
    return work, remote


def test_the_pull_request_step_pushes_a_branch_and_never_evaluates_the_title(tmp_path: Path) -> None:
    work, remote = make_repository(tmp_path)
    hostile = "Fil $(touch pwned) `touch pwned2` ; touch pwned3"
    answers = {
        "nom": hostile,
        "forme": "Organisation",
        "nature": "Association",
        "commune": "Épinal",
        "echelle": "Commune",
    }
    body = render_issue_body(issue_template(default_schemas().by_folder["acteurs"]), answers)
    output = tmp_path / "ticket"
    result = handle_issue(
        IssueRequest(12, body, default_schemas().by_folder["acteurs"]),
        work / ".github" / "ISSUE_TEMPLATE",
        work / "content",
        output,
        repository_root=work,
    )
    assert result.status == "fiche"

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, "utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "gh.log"
    step = steps()["Proposer la fiche (demande de fusion)"]
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GH_LOG": str(log),
        "GH_TOKEN": "jeton",
        "CHEMIN": result.path,
        "BRANCHE": result.branch,
        "BASE": "main",
        "NUMERO": "12",
        "SORTIE": str(output),
    }
    run = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr

    pushed = remote.git.ls_tree("-r", "--name-only", "fiche/ticket-12")
    assert result.path in pushed.splitlines()
    calls = log.read_text("utf-8").splitlines()
    assert calls[0] == "auth setup-git"  # git asks gh for the token at push time: it is never stored
    assert calls[1] == "pr view fiche/ticket-12 --json number"
    assert calls[2] == (
        f"pr create --base main --head fiche/ticket-12 --title Nouvelle fiche acteur : {hostile} "
        f"--body-file {output}/demande.md"
    )
    assert calls[3] == f"issue comment 12 --body-file {output}/commentaire.md"
    assert not any(work.glob("pwned*")) and not any(tmp_path.glob("pwned*"))


def test_the_comment_step_posts_the_french_comment(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, "utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "gh.log"
    step = steps()["Dire quoi corriger"]
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "GH_LOG": str(log), "NUMERO": "5", "SORTIE": "/tmp/x"}
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True)
    assert log.read_text("utf-8") == "issue comment 5 --body-file /tmp/x/commentaire.md\n"
