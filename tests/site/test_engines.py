"""An engine we can leave: the demo builds the same with ProperDocs (the maintained MkDocs fork)
as with MkDocs, our overrides of Material's templates are pinned to the originals they were copied
from, and a commons overrides our page templates from its theme `custom_dir`."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "plugins" / "maillage" / "site"
PINNED = json.loads((SITE / "material_overrides.json").read_text("utf-8"))
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's index (its fragments are named by hashes)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def test_the_demo_builds_the_same_with_properdocs(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "properdocs"
    properdocs = Path(sys.executable).parent / "properdocs"
    command = [str(properdocs), "build", "--strict", "--quiet", "--config-file", str(ROOT / "mkdocs.yml"),
               "--site-dir", str(out)]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert completed.returncode == 0, completed.stderr[-3000:]
    ours, theirs = site_files(built_site), site_files(out)
    assert sorted(ours) == sorted(theirs)  # the same pages and open data files
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    generators = set()
    for name, content in ours.items():
        other = theirs[name]
        if name.endswith(".html"):
            generators.update(GENERATOR.findall(other.decode("utf-8")))
            content, other = (GENERATOR.sub("", c.decode("utf-8")).encode("utf-8") for c in (content, other))
        assert content == other, name
    assert any("ProperDocs" in g for g in generators)  # the other engine did build it


def test_our_overrides_of_material_are_pinned_to_their_originals() -> None:
    """When Material changes a template we override, re-check our copy against the new original,
    then record its hash and the version in `site/material_overrides.json`."""
    installed = Path(material.__file__).parent / "templates"
    overrides = SITE / "overrides"
    ours = sorted(p.relative_to(overrides).as_posix() for p in overrides.rglob("*.html"))
    assert ours == sorted(PINNED["originals"]), "record the original of every override"
    changed = [
        name for name, digest in PINNED["originals"].items()
        if hashlib.sha256((installed / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == [], (
        f"Material {version('mkdocs-material')} is installed, our overrides were copied from "
        f"{PINNED['material']}: re-check site/overrides/{', '.join(changed)} against the new originals"
    )


def test_a_commons_overrides_our_page_templates_from_its_custom_dir(tmp_path: Path, site_builder: Callable) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "petit-commun", content)
    overrides = tmp_path / "theme"
    (overrides / "fragments" / "maillage" / "meet").mkdir(parents=True)
    # The commons' own entry page: the values it prints are still escaped.
    (overrides / "fragments" / "maillage" / "entry.html").write_text(
        '<div class="commun-local" data-pagefind-body><h1>{{ entry.title }}</h1>{{ "<b>gras</b>" }}</div>{{ extra }}',
        "utf-8",
    )
    (overrides / "fragments" / "maillage" / "meet" / "sections.html").write_text(
        '<p class="commun-local-rencontres">{{ suggestions|length }} à rencontrer</p>', "utf-8"
    )
    options = {"search_index": False, "git_dates": False}
    site = site_builder(content, tmp_path, options, {"custom_dir": str(overrides)})
    entry = (site / "acteurs" / "compagnie-du-fil-tendu" / "index.html").read_text("utf-8")
    assert '<div class="commun-local" data-pagefind-body><h1>Compagnie du Fil Tendu</h1>' in entry
    assert "&lt;b&gt;gras&lt;/b&gt;" in entry and "<b>gras</b>" not in entry
    assert "à rencontrer</p>" in entry and 'class="commun-local-rencontres"' in entry
    listing = (site / "acteurs" / "index.html").read_text("utf-8")
    assert "data-maillage-facets" in listing  # a template it does not override stays ours
    assert not (site / "fragments").exists()  # templates are not published as files
