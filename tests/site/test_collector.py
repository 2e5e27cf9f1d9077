"""A whole build puts off the garbage collector's full passes (`site/collector.py`: over the
commons and the pages they cost seconds and free almost nothing) and leaves the collector as it
was, also when the build fails."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from tests.conftest import ROOT, build_site, write_config

from maillage.site.collector import FullCollections

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_commons import generate

OPTIONS = {"git_dates": False, "search_index": False, "parallel": False}


def test_full_passes_are_put_off_until_restored() -> None:
    before = gc.get_threshold()
    collections = FullCollections()
    collections.put_off()
    collections.put_off()  # twice: restoring still gives the first thresholds back
    try:
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full > 1_000_000
    finally:
        collections.restore()
    assert gc.get_threshold() == before
    collections.restore()  # nothing put off: nothing changes
    assert gc.get_threshold() == before


def test_a_build_renders_its_pages_without_full_passes_then_restores_the_collector(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    generate(content, actors=12, others=2)
    build_page, seen = mkdocs_build._build_page, []

    def watched(page, *args, **kwargs):  # the real page function, noting the collector's state
        seen.append(gc.get_threshold()[2])
        return build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", watched)
    before = gc.get_threshold()
    build_site(write_config(tmp_path, content, OPTIONS), tmp_path / "site")
    assert len(seen) > 10 and min(seen) > 1_000_000
    assert gc.get_threshold() == before


def test_a_failed_build_restores_the_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    generate(content, actors=12, others=2)

    def failing(page, *args, **kwargs):
        raise RuntimeError("page impossible")

    monkeypatch.setattr(mkdocs_build, "_build_page", failing)
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="page impossible"):
        build_site(write_config(tmp_path, content, OPTIONS), tmp_path / "site")
    assert gc.get_threshold() == before
