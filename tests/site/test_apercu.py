"""`maillage apercu FICHIER`: one entry shown as its page shows it, without loading MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

ENTRY = ROOT / "content" / "acteurs" / "atelier-de-lutherie-grandjean.md"


def test_apercu_renders_the_entry_without_the_site_engine(tmp_path: Path) -> None:
    # A contributor previews one file in under a second: the site engine (MkDocs, Material) and
    # the meeting suggestions' SciPy are not imported for it.
    target = tmp_path / "apercu.html"
    script = (
        "import sys\n"
        "from maillage.cli import main\n"
        "try:\n"
        f"    main(['apercu', {str(ENTRY)!r}, '--sortie', {str(target)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = ('mkdocs', 'material', 'scipy', 'numpy', 'pymdownx')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert completed.stdout.splitlines()[-1] == "[]"
    page = target.read_text("utf-8")
    name = next(line for line in ENTRY.read_text("utf-8").splitlines() if line.startswith("nom:"))
    assert name.removeprefix("nom:").strip().strip("'\"") in page
