"""Importing streams a listing: memory does not grow with the number of rows (a national SIRENE
extract of a million rows imports in less than 1 GB; `scripts/bench_census_synthetic.py
--import-memoire 1000000` measures it)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from bench_census_synthetic import write_sirene

# Runs in a fresh interpreter, so that its peak memory is the import's alone.
_IMPORT = """
import resource, sys
from datetime import date
from pathlib import Path
from maillage.census.importer import import_listing
from maillage.census.mapping import load_mapping, resolve_mapping
from maillage.census.workdir import Workdir
path, workdir = Path(sys.argv[1]), Workdir(Path(sys.argv[2]))
mapping = resolve_mapping("sirene")
result = import_listing(path, load_mapping(mapping), mapping, workdir, date(2026, 11, 25))
print(result.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kb(listing: Path, workdir: Path) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", _IMPORT, str(listing), str(workdir)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows, peak = done.stdout.split()
    return int(rows), int(peak)


def test_memory_does_not_grow_with_the_listing(tmp_path: Path) -> None:
    small, large = tmp_path / "petit.csv", tmp_path / "grand.csv"
    write_sirene(small, 3_000, random.Random(1))
    write_sirene(large, 30_000, random.Random(1))
    rows_small, peak_small = _peak_kb(small, tmp_path / "w1")
    rows_large, peak_large = _peak_kb(large, tmp_path / "w2")
    assert (rows_small, rows_large) == (3_000, 30_000)
    # Ten times the rows (4 MB more of file): the peak grows by the keys seen, not by the file.
    assert peak_large - peak_small < 20_000, (peak_small, peak_large)
