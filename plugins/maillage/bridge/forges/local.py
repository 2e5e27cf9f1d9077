"""The embedded default forge: a branch in a local git repository, reviewed with the CLI.

Commits are built with git plumbing and a private index file, so the repository's working tree
and index are never touched while the service runs. The branch is created with
`update-ref <branch> <commit> <zero>`, which fails if the branch already exists: a retried
submission finds its branch and stops there, never making a second one.
"""

from __future__ import annotations

import os
import tempfile
from io import BytesIO
from pathlib import Path

import git
from gitdb import IStream

from maillage.bridge import messages as msg
from maillage.bridge.forges.base import Change, ForgeRefused, Proposal

_ZERO = "0" * 40


class LocalForge:
    """Proposals as branches of a repository on this machine."""

    def __init__(self, repository: Path, base_branch: str, author_name: str, author_email: str):
        self.path = repository
        self.base = base_branch
        self.author = {
            "GIT_AUTHOR_NAME": author_name,
            "GIT_AUTHOR_EMAIL": author_email,
            "GIT_COMMITTER_NAME": author_name,
            "GIT_COMMITTER_EMAIL": author_email,
        }

    def _repo(self) -> git.Repo:
        try:
            return git.Repo(self.path)
        except (git.NoSuchPathError, git.InvalidGitRepositoryError) as exc:
            raise ForgeRefused(msg.LOCAL_NOT_A_REPOSITORY.format(path=self.path)) from exc

    def branch_exists(self, branch: str) -> bool:
        """Whether a branch is present."""
        return f"refs/heads/{branch}" in {r.path for r in self._repo().references}

    def propose(self, change: Change) -> Proposal:
        """Create the branch with one commit on top of the base branch (once)."""
        repo = self._repo()
        if not self.branch_exists(change.branch):
            commit = self._commit(repo, change)
            try:
                repo.git.update_ref(f"refs/heads/{change.branch}", commit, _ZERO)
            except git.GitCommandError:
                # Another attempt created it between our check and now: that branch is ours.
                if not self.branch_exists(change.branch):
                    raise
        return Proposal(url="", number=change.branch)

    def _commit(self, repo: git.Repo, change: Change) -> str:
        try:
            base = repo.commit(self.base).hexsha
        except (git.BadName, ValueError) as exc:
            raise ForgeRefused(msg.LOCAL_NO_BASE.format(branch=self.base)) from exc
        data = change.text.encode("utf-8")
        blob = repo.odb.store(IStream("blob", len(data), BytesIO(data))).hexsha.decode("ascii")
        fd, index = tempfile.mkstemp(prefix="maillage-index-")
        os.close(fd)
        os.unlink(index)
        try:
            with repo.git.custom_environment(GIT_INDEX_FILE=index, **self.author):
                repo.git.read_tree(base)
                repo.git.update_index("--add", "--cacheinfo", f"100644,{blob},{change.path}")
                tree = repo.git.write_tree()
                return repo.git.commit_tree(tree, "-p", base, "-m", change.commit_message)
        finally:
            Path(index).unlink(missing_ok=True)

    def decision(self, proposal: Proposal, branch: str) -> str | None:
        """Decisions on local branches are recorded by `maillage contributions`; nothing to poll."""
        return None

    def diff(self, branch: str) -> str:
        """The change a branch proposes, as a unified diff against the base branch."""
        return self._repo().git.diff(f"{self.base}...{branch}")

    def accept(self, branch: str, message: str) -> None:
        """Merge a contribution branch into the base branch, then delete it."""
        repo = self._repo()
        if not self.branch_exists(branch):
            raise ForgeRefused(msg.LOCAL_NO_BRANCH.format(branch=branch))
        checked_out = not repo.bare and not repo.head.is_detached and repo.active_branch.name == self.base
        try:
            if checked_out:
                with repo.git.custom_environment(**self.author):
                    repo.git.merge("--no-ff", "-m", message, branch)
            else:
                self._merge_without_worktree(repo, branch, message)
        except git.GitCommandError as exc:
            raise ForgeRefused(msg.LOCAL_MERGE_FAILED.format(branch=branch)) from exc
        repo.git.branch("-D", branch)

    def _merge_without_worktree(self, repo: git.Repo, branch: str, message: str) -> None:
        base = repo.commit(self.base).hexsha
        tree = repo.git.merge_tree("--write-tree", base, branch).splitlines()[0]
        with repo.git.custom_environment(**self.author):
            commit = repo.git.commit_tree(tree, "-p", base, "-p", branch, "-m", message)
        repo.git.update_ref(f"refs/heads/{self.base}", commit, base)

    def reject(self, branch: str) -> None:
        """Delete a contribution branch (its commit stays reachable from the reflog for a while)."""
        if self.branch_exists(branch):
            self._repo().git.branch("-D", branch)
