"""The CI definitions: actionlint-clean GitHub workflows, pinned actions, minimal permissions,
no untrusted text in scripts; a well-formed GitLab pipeline and pre-commit configuration."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The workflows every new commons gets (`maillage nouveau`), held to the same rules.
KIT_WORKFLOWS = sorted((ROOT / "plugins" / "maillage" / "starter" / "kit" / "dot-github" / "workflows").glob("*.yml"))
ALL_WORKFLOWS = WORKFLOWS + KIT_WORKFLOWS
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+$")
# Expressions whose value a contributor controls; they must never be expanded inside `run:`.
UNTRUSTED = re.compile(r"github\.event\.|github\.head_ref|steps\.[\w-]+\.outputs")


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    if not Path(found).exists():
        pytest.fail("actionlint is missing: pip install -e '.[test]'")
    return found


def zizmor() -> str:
    found = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(found).exists():
        pytest.fail("zizmor is missing: pip install -e '.[test]'")
    return found


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1): keep it as the string GitHub reads.
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["fraicheur.yml", "issue-vers-pr.yml", "publier.yml", "verifier.yml"]


def test_actionlint_is_clean() -> None:
    result = subprocess.run(
        [actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_script_injection(tmp_path: Path) -> None:
    """The lint test above means something: the same tool rejects an injectable workflow."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        "utf-8",
    )
    result = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "github.event.issue.title" in result.stdout


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: f"{p.parents[2].name}/{p.name}")
def test_every_action_is_pinned_by_sha_with_its_version(path: Path) -> None:
    text = path.read_text("utf-8")
    uses = USES.findall(text)
    assert uses
    for reference, comment in uses:
        assert PINNED.match(reference), reference
        assert VERSION_COMMENT.match(comment), f"{reference}: missing '# vX.Y.Z' comment"


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: f"{p.parents[2].name}/{p.name}")
def test_no_pull_request_target_and_minimal_permissions(path: Path) -> None:
    code = [line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert not any("pull_request_target" in line for line in code)
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        # The freshness reminder (fraicheur.yml) may write issues, and nothing else may.
        allowed = {"contents", "pages", "id-token"} | ({"issues"} if path.name == "fraicheur.yml" else set())
        assert set(job.get("permissions", {})) <= allowed


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: f"{p.parents[2].name}/{p.name}")
def test_untrusted_values_reach_scripts_only_through_env(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "")
            for expression in re.findall(r"\$\{\{(.*?)\}\}", script):
                assert not UNTRUSTED.search(expression), f"{path.name}: {expression} inside run:"


def test_pull_request_checks() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "verifier.yml")
    assert list(workflow["on"]) == ["pull_request"]
    scripts = "\n".join(s.get("run", "") for j in workflow["jobs"].values() for s in j["steps"])
    assert 'maillage verifier --format github --depuis "$BASE_SHA" content' in scripts
    assert "mkdocs build --strict" in scripts
    assert ".ci/run" in scripts
    guard = workflow["jobs"]["chemins"]["steps"][1]
    assert guard["env"]["MAINTENEUR"] == "${{ contains(github.event.pull_request.labels.*.name, 'mainteneur') }}"
    assert 'git diff --name-only "$BASE_SHA...$HEAD_SHA"' in guard["run"]
    for job in workflow["jobs"].values():
        checkout = job["steps"][0]
        assert checkout["uses"].startswith("actions/checkout@")
        assert checkout["with"]["persist-credentials"] is False


def _guard_scripts() -> dict[str, tuple[str, dict[str, str]]]:
    """The path guard of each forge, with the names of its base, head and label variables."""
    github = load(ROOT / ".github" / "workflows" / "verifier.yml")["jobs"]["chemins"]["steps"][1]["run"]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))["chemins"]["script"][0]
    return {
        "github": (github, {"base": "BASE_SHA", "head": "HEAD_SHA"}),
        "gitlab": (gitlab, {"base": "CI_MERGE_REQUEST_DIFF_BASE_SHA", "head": "CI_COMMIT_SHA"}),
    }


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_path_guard_script_fails_outside_content(tmp_path: Path, forge: str) -> None:
    """Run the guard's own shell on a real repository: content/ only passes, anything else fails."""
    import git

    guard, names = _guard_scripts()[forge]
    repo = git.Repo.init(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "README.md").write_text("x", "utf-8")
    repo.index.add(["README.md"])
    base = repo.index.commit("base").hexsha

    def commit(files: dict[str, str | bytes], links: dict[str, str] | None = None) -> str:
        repo.git.checkout(base, force=True)
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(text if isinstance(text, bytes) else text.encode())
        for name, target in (links or {}).items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).symlink_to(target)
        repo.git.add("-A")
        return repo.index.commit("change").hexsha

    def run(head: str, maintainer: bool = False) -> subprocess.CompletedProcess[str]:
        env = {names["base"]: base, names["head"]: head, "PATH": "/usr/bin:/bin"}
        if forge == "github":
            env["MAINTENEUR"] = "true" if maintainer else "false"
        else:
            env["CI_MERGE_REQUEST_LABELS"] = "contribution,mainteneur" if maintainer else ""
        return subprocess.run(
            ["bash", "-e", "-c", guard], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )

    allowed = commit({
        "content/a.md": "x", "content/guides/page.md": "x", "content/images/logo.PNG": b"\x89PNG",
        "content/outils/.gitkeep": "",
    })
    assert run(allowed).returncode == 0, run(allowed).stdout
    outside = commit({".github/::warning::evil.yml": "x"})
    refused = run(outside)
    assert refused.returncode == 1
    assert "  - .github/::warning::evil.yml" in refused.stdout
    if forge == "github":
        assert "::error title=Fichiers hors de content/::" in refused.stdout
    assert run(outside, maintainer=True).returncode == 0
    # Inside content/: links and files the site would publish raw are named.
    hostile = commit(
        {"content/page.html": "<script>alert(1)</script>", "content/carte.svg": "<svg onload=alert(1)>"},
        {"content/env.txt": "/proc/self/environ", "content/acteurs/lien.md": "../a.md"},
    )
    refused = run(hostile)
    assert refused.returncode == 1
    listed = sorted(line[4:] for line in refused.stdout.splitlines() if line.startswith("  - "))
    assert listed == ["content/acteurs/lien.md", "content/carte.svg", "content/env.txt", "content/page.html"]
    assert "jamais de lien symbolique" in refused.stdout
    assert run(hostile, maintainer=True).returncode == 0


def test_publishing_uses_the_official_pages_actions() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publier.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] == "pages"
    uses = [s.get("uses", "").split("@")[0] for j in workflow["jobs"].values() for s in j["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    # The whole history, so that « Mis à jour le » and freshness come from each file's last commit.
    assert workflow["jobs"]["construire"]["steps"][0]["with"]["fetch-depth"] == 0
    deploy = workflow["jobs"]["deployer"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write", "contents": "read"}
    assert deploy["environment"]["name"] == "github-pages"


def test_issue_to_pull_request_uses_scoped_app_tokens_made_after_reading_the_issue() -> None:
    """The issue is untrusted: it is read with no write token around and nothing persisted in the
    checkout; each App token is made afterwards with only the permissions its step needs."""
    workflow = load(ROOT / ".github" / "workflows" / "issue-vers-pr.yml")
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    job = workflow["jobs"]["fiche"]
    assert "nouvelle-fiche" in job["if"]
    steps = job["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False and "token" not in checkout["with"]
    reading = next(i for i, s in enumerate(steps) if "maillage tickets vers-fiche" in s.get("run", ""))
    tokens = {
        s["id"]: (i, s) for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/create-github-app-token@")
    }
    assert set(tokens) == {"jeton-fiche", "jeton-reponse"}
    assert all(i > reading for i, _ in tokens.values())
    scopes = {name: {k: v for k, v in step["with"].items() if k.startswith("permission-")}
              for name, (_, step) in tokens.items()}
    assert scopes == {
        "jeton-fiche": {"permission-contents": "write", "permission-pull-requests": "write",
                        "permission-issues": "write"},
        "jeton-reponse": {"permission-issues": "write"},
    }
    for name, (_, step) in tokens.items():
        assert step["with"]["app-id"] == "${{ secrets.MAILLAGE_APP_ID }}"
        users = [s for s in steps if f"steps.{name}.outputs.token" in str(s.get("env", {}))]
        assert users and all(s["if"] == step["if"] for s in users)
    push = next(s for s in steps if "git push" in s.get("run", ""))
    assert "gh auth setup-git" in push["run"]  # the token is asked for at push time, never stored


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """zizmor (the workflows' security audit) at its default level: no finding."""
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_does_catch_what_the_workflows_used_to_do(tmp_path: Path) -> None:
    """The audit above means something: the old issue workflow's blanket App token, a checkout
    that keeps its credentials and an unpinned container image are each reported."""
    bad = tmp_path / "ancien.yml"
    bad.write_text(
        "on: issues\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
        "    container:\n      image: python:3.11-bookworm\n    steps:\n"
        "      - id: jeton\n"
        "        uses: actions/create-github-app-token@df432ceedc7162793a195dd1713ff69aefc7379e # v2.0.6\n"
        "        with:\n          app-id: ${{ secrets.A }}\n          private-key: ${{ secrets.B }}\n"
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n"
        "        with:\n          token: ${{ steps.jeton.outputs.token }}\n",
        "utf-8",
    )
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(bad)], capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0
    for audit in ("github-app", "artipacked"):
        assert f"[{audit}]" in result.stdout, audit
    # A tag-pinned image is reported by the pedantic persona only; our images are pinned by digest.
    pedantic = subprocess.run([zizmor(), "--offline", "--no-progress", "--persona", "pedantic", str(bad)],
                              capture_output=True, text=True, check=False)
    assert "[unpinned-images]" in pedantic.stdout


def test_container_images_are_pinned_by_digest() -> None:
    verifier = load(ROOT / ".github" / "workflows" / "verifier.yml")
    image = verifier["jobs"]["tests"]["container"]["image"]
    assert re.fullmatch(r"python:[\w.-]+@sha256:[0-9a-f]{64}", image), image
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert re.fullmatch(r"python:[\w.-]+@sha256:[0-9a-f]{64}", gitlab["default"]["image"])


def test_gitlab_pipeline_structure() -> None:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["stages"] == ["verifier", "publier"]
    on_merge_requests = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert pipeline[".sur-demande-de-fusion"]["rules"] == on_merge_requests
    for job in ("chemins", "fiches", "tests"):
        assert pipeline[job]["stage"] == "verifier"
        assert ".sur-demande-de-fusion" in pipeline[job]["extends"]
    assert pipeline["fiches"]["script"] == [
        'maillage verifier --depuis "$CI_MERGE_REQUEST_DIFF_BASE_SHA" content',
        "maillage tickets verifier",
        "mkdocs build --strict",
    ]
    pages = pipeline["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert any("--site-dir public" in line for line in pages["script"])


def test_ci_files_match_their_published_schemas() -> None:
    """check-jsonschema ships the schemas of GitHub workflows, issue forms and GitLab CI."""
    bin_dir = Path(sys.executable).parent
    checks = {
        "vendor.github-workflows": [str(p) for p in ALL_WORKFLOWS],
        "vendor.gitlab-ci": [str(ROOT / ".gitlab-ci.yml"), str(KIT_WORKFLOWS[0].parents[2] / "dot-gitlab-ci.yml")],
        "vendor.github-issue-forms": [
            str(p) for p in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")) if p.name != "config.yml"
        ],
        "vendor.github-issue-config": [str(ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml")],
    }
    for schema, files in checks.items():
        result = subprocess.run(
            [str(bin_dir / "check-jsonschema"), "--builtin-schema", schema, *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_maillage_check_on_entries() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    check = hooks["maillage-check"]
    assert check["entry"] == "maillage verifier"
    assert check["language"] == "system"
    assert re.match(check["files"], "content/acteurs/compagnie.md")
    assert not re.match(check["files"], "plugins/maillage/cli.py")
    assert hooks["maillage-formulaires"]["pass_filenames"] is False


def test_the_published_site_url_comes_from_the_environment() -> None:
    """The Pages jobs set MAILLAGE_SITE_URL; mkdocs.yml must read it (canonical links, feeds)."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^site_url: !ENV \[MAILLAGE_SITE_URL, ", text, re.MULTILINE)
