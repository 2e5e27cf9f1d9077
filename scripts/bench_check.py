#!/usr/bin/env python3
"""Benchmark `maillage verifier` against check-jsonschema on the same synthetic commons.

Generates 10,000 acteurs + 1,000 entries of each other type (scripts/synthetic_commons.py),
times `maillage verifier` on it (median of N runs, wall clock, whole command including start-up),
then check-jsonschema on the same front matters. check-jsonschema reads YAML files, not
Markdown with front matter, so each entry's front matter is also written, byte for byte, to a
`.yaml` sidecar; it runs once per schema (it takes one schema per invocation) and its time is
the sum. It checks the schemas only; `maillage verifier` also resolves references, ids,
INSEE codes and SIRET keys.

Usage: python scripts/bench_check.py [--actors 10000] [--others 1000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from maillage.model import default_schemas
from synthetic_commons import generate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    """Wall-clock seconds of a command, which must succeed."""
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])}… failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    return elapsed


def write_sidecars(content: Path, sidecars: Path) -> None:
    """Copy each entry's front matter into `<type>/<id>.yaml` for check-jsonschema."""
    for entry_type in default_schemas().types:
        folder = sidecars / entry_type.folder
        folder.mkdir(parents=True)
        for path in (content / entry_type.folder).glob("*.md"):
            text = path.read_text("utf-8")
            front_matter = text.split("---\n", 2)[1]
            (folder / f"{path.stem}.yaml").write_text(front_matter, "utf-8")


def check_jsonschema_commands(sidecars: Path) -> list[list[str]]:
    """One check-jsonschema invocation per entry type."""
    commands = []
    for entry_type in default_schemas().types:
        schema = ROOT / "schemas" / f"{entry_type.schema}.schema.json"
        files = sorted(str(p) for p in (sidecars / entry_type.folder).glob("*.yaml"))
        commands.append(
            [str(BIN / "check-jsonschema"), "--schemafile", str(schema), "--base-uri", schema.as_uri(), *files]
        )
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated commons in this directory")
    args = parser.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="maillage-bench-check-"))
    content, sidecars = work / "content", work / "sidecars"
    for folder in (content, sidecars):
        shutil.rmtree(folder, ignore_errors=True)
    generate(content, args.actors, args.others, seed=0)
    write_sidecars(content, sidecars)
    files = sum(1 for _ in content.glob("*/*.md"))

    maillage = [timed([str(BIN / "maillage"), "verifier", str(content)]) for _ in range(args.runs)]
    commands = check_jsonschema_commands(sidecars)
    reference = [sum(timed(command) for command in commands) for _ in range(args.runs)]

    ours, theirs = statistics.median(maillage), statistics.median(reference)
    print(f"files: {files} ({args.actors} acteurs + {args.others} of each other type)")
    print(f"maillage verifier: median {ours:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in maillage)})")
    print(f"check-jsonschema:  median {theirs:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in reference)})")
    print(f"speed-up: {theirs / ours:.1f}x; target < 3 s: {'met' if ours < 3 else 'MISSED'}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
