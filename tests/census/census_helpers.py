"""Helpers of the census tests: a commons root, the command line, the synthetic listings' truth."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import synthetic_listings
from maillage.cli import main

SHIPPED = {"rna": "rna-waldec", "sirene": "sirene", "basilic": "basilic"}
MKDOCS = "site_name: Essai\nplugins:\n  - maillage:\n      territoire:\n        departements: [{departements}]\n"


def commons_root(path: Path, departements: str = '"88"') -> Path:
    """A commons folder: mkdocs.yml declaring its territory, and an empty content folder."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "mkdocs.yml").write_text(MKDOCS.format(departements=departements), "utf-8")
    (path / "content").mkdir(exist_ok=True)
    return path


def run(*args: str, input: str | None = None) -> str:
    """`maillage recensement …`, which must succeed; its output."""
    result = CliRunner().invoke(main, ["recensement", *args], input=input)
    assert result.exit_code == 0, result.output
    return result.output


def import_all(listings: Path, workdir: Path, day: str = "2026-11-25") -> None:
    """Import the five synthetic listings through the command line."""
    for layout in synthetic_listings.LAYOUTS:
        mapping = SHIPPED.get(layout) or str(listings / f"{layout}.yaml")
        path = str(listings / f"{layout}.csv")
        run("importer", path, "-c", mapping, "--maintenant", day, "--dossier", str(workdir))


def truth(listings: Path) -> dict[tuple[str, str], str]:
    """(file, line) → the actor the row describes."""
    with (listings / "verite.csv").open(encoding="utf-8") as handle:
        return {(row["fichier"], row["ligne"]): row["actor_id"] for row in csv.DictReader(handle)}
