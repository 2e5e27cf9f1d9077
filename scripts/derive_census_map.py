#!/usr/bin/env python3
"""Derive the census report's map of the Vosges: simplified commune outlines as SVG paths.

Input: the IGN Admin Express commune outlines of département 88 (GeoJSON, 2018 codes).
Output: `plugins/maillage/census/data/communes-88.json`, {"viewBox": …, "communes": {code: path}},
projected (longitude scaled by the cosine of the mean latitude), simplified (Douglas–Peucker)
and rounded to one decimal in a 1000-unit-wide frame. Communes merged since 2018 keep their
former code; the report maps them to the current commune through the COG table.

    python scripts/derive_census_map.py /work/shared/geo/communes-88-vosges.geojson
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "plugins" / "maillage" / "census" / "data" / "communes-88.json"
WIDTH = 1000.0
TOLERANCE = 1.5  # in output units: invisible at the size the page shows


def _perpendicular(point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker simplification of a polyline."""
    if len(points) < 3:
        return points
    index, distance = 0, 0.0
    for i in range(1, len(points) - 1):
        d = _perpendicular(points[i], points[0], points[-1])
        if d > distance:
            index, distance = i, d
    if distance <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def derive(geojson: dict) -> dict:
    """SVG paths of every commune, in a shared frame."""
    rings = [(f["properties"]["code"], f["geometry"]["coordinates"]) for f in geojson["features"]]
    lons = [p[0] for _, polygon in rings for ring in polygon for p in ring]
    lats = [p[1] for _, polygon in rings for ring in polygon for p in ring]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span = (max(lons) - min(lons)) * scale_x
    factor = WIDTH / span
    height = (max(lats) - min(lats)) * factor

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - min(lons)) * scale_x * factor, (max(lats) - lat) * factor

    communes = {}
    for code, polygon in rings:
        parts = []
        for ring in polygon:
            points = simplify([project(lon, lat) for lon, lat in ring], TOLERANCE)
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        communes[code] = "".join(parts)
    return {
        "viewBox": f"0 0 {WIDTH:.0f} {height:.0f}",
        "source": "IGN Admin Express (contours 2018), simplifiés",
        "communes": communes,
    }


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("geojson", type=Path)
    parser.add_argument("--sortie", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = derive(json.loads(args.geojson.read_text("utf-8")))
    args.sortie.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(data['communes'])} communes → {args.sortie} ({args.sortie.stat().st_size} octets)")


if __name__ == "__main__":
    main()
