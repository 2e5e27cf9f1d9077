"""Whether the libraries of the `site` extra are installed.

Some of them are imported on first use (pyuca for French order, Pillow for pictures), so an
environment made before they joined the extra would fail in the middle of a build with a Python
traceback. The plugin asks first and says in French what to install. The list is read from the
installed package's own metadata, so it follows `pyproject.toml` (extras included by others too).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, requires, version

from packaging.requirements import Requirement

MISSING_SITE_LIBRARIES = (
    "Il manque à cette installation de Maillage des bibliothèques du site : {libraries}. "
    'Installez-les avec : pip install "maillage[site]" (ou, depuis le dépôt de Maillage : make site).'
)


def missing_libraries(extra: str = "site") -> list[str]:
    """The distributions `extra` (and the extras it includes) needs that are not installed."""
    missing: set[str] = set()
    seen: set[str] = set()
    wanted = [extra]
    declared = [Requirement(line) for line in requires("maillage") or []]
    while wanted:
        current = wanted.pop()
        if current in seen:
            continue
        seen.add(current)
        for requirement in declared:
            if requirement.marker is None or not requirement.marker.evaluate({"extra": current}):
                continue  # the base install, or another extra
            if requirement.name == "maillage":
                wanted.extend(requirement.extras)
                continue
            try:
                version(requirement.name)
            except PackageNotFoundError:
                missing.add(requirement.name)
    return sorted(missing)
