"""Create a new commons, ready to publish: `maillage nouveau`.

The files of a new commons are the templates of `kit/`: a file whose name ends in `.j2` is
rendered with Jinja, any other is copied as it is, and a path component starting with `dot-`
stands for a dot file (`dot-github/` → `.github/`), which packaging could otherwise drop. The
content folders come from the entry types (so a type added to the schemas gets its folder), and
the issue forms and the field reference of CONTRIBUTING.md from the same generator as
`maillage tickets generer`, so that the commons' own checks pass from the first commit.

Nothing is ever overwritten: the target must be absent or empty, every file is rendered before
the first one is written, and each is created exclusively.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, StrictUndefined

from maillage import __version__
from maillage.issueforms import reference
from maillage.model import default_schemas
from maillage.model.communes import example_commune
from maillage.model.dates import french_date
from maillage.model.territory import Scope
from maillage.starter import texts
from maillage.starter.naming import TerritoryNames, territory_names

KIT = "kit"
TEMPLATE_SUFFIX = ".j2"
DOT_PREFIX = "dot-"
# Entry folders are kept in git even while empty.
KEEP_FILE = ".gitkeep"
# Scripts the forges run: executable in git.
SCRIPT_FOLDER = ".ci"
EXTRAS = "maillage[site,formulaire]"
INITIAL_BRANCH = "main"


class StarterError(Exception):
    """The commons cannot be created; the message is French and nothing was written."""


@dataclass(frozen=True)
class NewCommons:
    """What `maillage nouveau` was asked for."""

    target: Path
    scope: Scope
    site_name: str | None = None
    form_url: str | None = None
    requirement: str = field(default_factory=lambda: default_requirement())
    today: date = field(default_factory=date.today)


def default_requirement() -> str:
    """The line that pins the Maillage running now: its git repository at the same revision when it
    was installed from one (PEP 610) or from a clone of one (`make site` in a checkout), else its
    version on the package index."""
    try:
        direct = json.loads(metadata.distribution("maillage").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        direct = {}
    vcs = direct.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and direct.get("url"):
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{EXTRAS} @ git+{direct['url']}@{revision}"
    if "dir_info" in direct and str(direct.get("url", "")).startswith("file://"):
        checkout = _checkout_source(Path(url2pathname(urlsplit(direct["url"]).path)))
        if checkout is not None:
            return f"{EXTRAS} @ git+{checkout[0]}@{checkout[1]}"
    return f"{EXTRAS}=={__version__}"


def _checkout_source(folder: Path) -> tuple[str, str] | None:
    """Where a local checkout of Maillage comes from — its `origin` remote (an scp-like address
    read as https, which a commons' CI can fetch without keys), else the checkout itself — and
    its current commit; None when the folder is not a git checkout."""
    import git  # gitpython: only this path needs it

    try:
        repo = git.Repo(folder)
        commit = repo.head.commit.hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None
    origin = next((remote.url for remote in repo.remotes if remote.name == "origin"), "")
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(?!//)(.+)", origin)
    if scp:
        return f"https://{scp[1]}/{scp[2]}", commit
    if re.match(r"(https?|ssh|git)://", origin):
        return origin, commit
    return folder.resolve().as_uri(), commit


def create_commons(request: NewCommons) -> list[Path]:
    """Write the new commons into `request.target` and commit it; return the files written."""
    _check_target(request.target)
    files = render_kit(request)
    request.target.mkdir(parents=True, exist_ok=True)
    written = []
    for relative, text in files.items():
        path = request.target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if relative.parts[0] == SCRIPT_FOLDER:
            path.chmod(0o755)
        written.append(path)
    written += _generate_contributor_files(request.target)
    _commit(request.target)
    return written


def render_kit(request: NewCommons) -> dict[PurePosixPath, str]:
    """Every file of the new commons (issue forms aside), by path relative to its root."""
    context = _context(request)
    env = Environment(
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, autoescape=False
    )
    env.filters["yaml"] = _yaml_scalar
    files: dict[PurePosixPath, str] = {}
    for relative, source in _kit_files(resources.files("maillage.starter").joinpath(KIT)):
        text = source.read_text("utf-8")
        if relative.name.endswith(TEMPLATE_SUFFIX):
            relative = relative.with_name(relative.name.removesuffix(TEMPLATE_SUFFIX))
            text = env.from_string(text).render(context)
        files[relative] = text
    for entry_type in default_schemas().types:
        folder = PurePosixPath("content", entry_type.folder)
        if not any(path.parent == folder for path in files):
            files[folder / KEEP_FILE] = ""
    return dict(sorted(files.items()))


ROOT = PurePosixPath()


def _kit_files(folder: Traversable, prefix: PurePosixPath = ROOT) -> Iterator[tuple[PurePosixPath, Any]]:
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        name = "." + item.name.removeprefix(DOT_PREFIX) if item.name.startswith(DOT_PREFIX) else item.name
        if item.is_dir():
            if name != "__pycache__":
                yield from _kit_files(item, prefix / name)
        else:
            yield prefix / name, item


def _context(request: NewCommons) -> dict[str, Any]:
    names: TerritoryNames = territory_names(request.scope)
    schemas = default_schemas()
    return {
        "site_name": request.site_name or texts.SITE_NAME.format(of=names.of),
        "territory": names,
        "types": [
            {"folder": t.folder, "plural": t.plural, "listing": t.listing,
             "description": schemas.for_type(t).get("description", "")}
            for t in schemas.types
        ],
        "form_url": request.form_url,
        "requirement": request.requirement,
        "version": __version__,
        "today": french_date(request.today),
        "example": example_commune(request.scope),
        # Filled in by the generator of `maillage tickets generer` (see `_generate_contributor_files`).
        "field_reference": f"{reference.BEGIN}\n{reference.END}",
    }


def _yaml_scalar(value: object) -> str:
    """A value written as YAML that every reader takes as text (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise StarterError(texts.TARGET_IS_FILE.format(path=target))
    if target.is_dir() and any(target.iterdir()):
        raise StarterError(texts.TARGET_NOT_EMPTY.format(path=target))


def _generate_contributor_files(root: Path) -> list[Path]:
    """The issue forms and the field reference, as `maillage tickets generer` writes them."""
    from maillage.issueforms.generate import write_generated

    return [root / path if not path.is_absolute() else path for path in write_generated(root)]


def _commit(root: Path) -> None:
    """A git repository on `main` holding the whole commons in one first commit."""
    import git

    repo = git.Repo.init(root, initial_branch=INITIAL_BRANCH)
    repo.git.add(A=True)
    identity = {} if _knows_identity(repo) else texts.FALLBACK_IDENTITY
    repo.git.commit("--quiet", "-m", texts.FIRST_COMMIT, env={**os.environ, **identity})


def _knows_identity(repo: Any) -> bool:
    """Whether git knows who commits on this machine (else the first commit would fail)."""
    reader = repo.config_reader()
    name = os.environ.get("GIT_AUTHOR_NAME") or reader.get_value("user", "name", "")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or reader.get_value("user", "email", "")
    return bool(name and email)
