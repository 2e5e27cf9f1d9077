"""The census report writes its counts the French way: « 1 208 communes », never « 1208 »."""

from __future__ import annotations

from pathlib import Path

from maillage.census.report import render_report
from maillage.model import load_commons
from maillage.model.territory import territory


def test_a_region_counts_its_communes_with_a_narrow_no_break_space(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    geo = territory()
    bretagne = geo.place("region", "53")
    assert bretagne is not None
    total = sum(len(geo.commune_codes(dep)) for dep in ("22", "29", "35", "56"))
    assert total > 1000
    shown = f"{total // 1000}\u202f{total % 1000:03d}"
    report = render_report(load_commons(tmp_path / "content"), [bretagne])
    assert f"0 communes sur {shown} en ont au moins un, {shown} n'en ont aucun (zones blanches)" in report
