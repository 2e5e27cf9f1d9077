"""The layering of ARCHITECTURE.md holds: no package imports what its rules do not allow.

The rules are declared once, in ARCHITECTURE.md (the two `text` blocks under "Rules"); this test
reads them, reads every import of `plugins/maillage/` with `ast` (at module level or inside a
function alike: a cycle is a cycle whenever it runs), and fails on any other edge. It also checks
what the entry points load, in a fresh interpreter: the site plugin must not pay for SciPy or
splink when the meeting features are off, `maillage verifier` for neither nor MkDocs.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "maillage"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"


def _rule_blocks() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(package → packages it may import, library → packages that may import it)."""
    text = ARCHITECTURE.read_text("utf-8")
    rules = text[text.index("### Rules") :]
    packages_block, libraries_block = re.findall(r"```text\n(.*?)```", rules, re.S)[:2]
    allowed = {}
    for line in packages_block.splitlines():
        name, *targets = line.split()
        allowed[name] = {t for t in targets if t != "-"}
    owners = {}
    for line in libraries_block.splitlines():
        words = line.split()
        packages = {w for w in words if w in allowed}
        for library in (w for w in words if w not in allowed):
            owners[library] = packages
    return allowed, owners


ALLOWED, LIBRARY_OWNERS = _rule_blocks()


def _package_of(path: Path, package: Path = PACKAGE) -> str:
    """`model` for plugins/maillage/model/x.py, `cli` for plugins/maillage/cli.py."""
    return path.relative_to(package).parts[0].removesuffix(".py")


def _imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    """(dotted module, line) of every absolute import; `from maillage import x` names `maillage.x`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "maillage":
                found += [(f"maillage.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((node.module, node.lineno))
    return found


def import_graph(
    package: Path = PACKAGE,
) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
    """(source package, imported package) and (source package, library) → where, from the source."""
    packages: dict[tuple[str, str], list[str]] = defaultdict(list)
    libraries: dict[tuple[str, str], list[str]] = defaultdict(list)
    names = {_package_of(p, package) for p in package.rglob("*.py")} - {"__init__"}
    for path in sorted(package.rglob("*.py")):
        if path == package / "__init__.py":
            continue
        source = _package_of(path, package)
        for module, line in _imported_modules(ast.parse(path.read_text("utf-8"))):
            where = f"{path.relative_to(package.parent)}:{line}"
            top, _, rest = module.partition(".")
            target = rest.split(".")[0]
            if top == "maillage" and target in names and target != source:
                packages[(source, target)].append(where)
            elif top != "maillage":
                libraries[(source, top)].append(where)
    return packages, libraries


PACKAGE_EDGES, LIBRARY_EDGES = import_graph()


def test_every_package_is_declared():
    on_disk = {_package_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert on_disk == set(ALLOWED), "declare the new package in ARCHITECTURE.md's rules"


def test_no_package_imports_what_its_rules_forbid():
    forbidden = [
        f"{source} → {target} ({', '.join(where)})"
        for (source, target), where in sorted(PACKAGE_EDGES.items())
        if target not in ALLOWED[source]
    ]
    assert forbidden == []


def test_the_declared_layering_has_no_cycle():
    remaining = {name: set(targets) for name, targets in ALLOWED.items()}
    while remaining:
        leaves = {name for name, targets in remaining.items() if not targets - {name}}
        assert leaves, f"cycle among {sorted(remaining)}"
        remaining = {name: targets - leaves for name, targets in remaining.items() if name not in leaves}


def test_heavy_libraries_are_imported_only_where_declared():
    misplaced = [
        f"{library} imported by {source} ({', '.join(where)})"
        for (source, library), where in sorted(LIBRARY_EDGES.items())
        if library in LIBRARY_OWNERS and source not in LIBRARY_OWNERS[library]
    ]
    assert misplaced == []


def test_an_import_hidden_in_a_function_is_seen(tmp_path):
    package = tmp_path / "maillage"
    for folder in ("model", "site"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "model" / "dates.py").write_text(
        "def french(day):\n    from maillage.site import text\n    import scipy.optimize\n    return text\n"
    )
    packages, libraries = import_graph(package)
    assert packages == {("model", "site"): ["maillage/model/dates.py:2"]}
    assert libraries == {("model", "scipy"): ["maillage/model/dates.py:3"]}
    assert "site" not in ALLOWED["model"] and "model" not in LIBRARY_OWNERS["scipy"]


def _loaded_after(code: str) -> list[str]:
    """The heavy libraries a fresh interpreter has loaded after running `code`."""
    script = (
        "import sys\n"
        f"{code}\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(LIBRARY_OWNERS)!r}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return ast.literal_eval(completed.stdout.splitlines()[-1])


def test_the_site_plugin_loads_only_the_site_engine():
    site_engine = {library for library, packages in LIBRARY_OWNERS.items() if packages == {"site"}}
    assert set(_loaded_after("import maillage.site.plugin")) <= site_engine


def test_a_site_built_without_the_meeting_features_loads_no_scipy(tmp_path):
    build = (
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        # Not strict: the demo's nav links to the meeting pages this build leaves out.
        f"config = load_config(config_file={str(ROOT / 'mkdocs.yml')!r}, site_dir={str(tmp_path)!r}, strict=False)\n"
        "config.plugins['maillage'].config.meet = False\n"
        "config.plugins['maillage'].config.search_index = False\n"
        "build(config)"
    )
    site_engine = {library for library, packages in LIBRARY_OWNERS.items() if packages == {"site"}}
    assert set(_loaded_after(build)) <= site_engine
    assert (tmp_path / "tirages" / "index.html").is_file()  # draw pages built, without SciPy


def test_the_command_loads_no_heavy_library_before_a_command_runs():
    assert _loaded_after("from maillage.cli import main") == []
