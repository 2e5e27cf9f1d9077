"""Pagefind: index the built site in one bulk step (the per-record API is far slower)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def index(site_dir: Path, output: Path | None = None) -> None:
    """Write `<site_dir>/pagefind/` (or `output`) from every page that has a `data-pagefind-body` region."""
    command = [str(get_executable()), "--site", str(site_dir), "--quiet"]
    if output is not None:
        command += ["--output-path", str(output.resolve())]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(str(exc)) from exc
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])
