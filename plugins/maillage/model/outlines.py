"""Outlines of communes, EPCI, départements and régions, for coverage maps and a map's territory outline.

Shipped as gzipped TopoJSON in `maillage/data/contours/` by `scripts/derive_territory.py`: one
file of commune outlines per département (read only when a map needs it) and one file per larger
layer (`epci`, `departements`, `regions`). Decoded here into plain polygons of (lon, lat) rings,
and turned into SVG paths or GeoJSON by the helpers below, so that no adapter reads TopoJSON.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
from collections.abc import Callable
from functools import cache
from importlib import resources

Ring = list[tuple[float, float]]  # (lon, lat), closed: the last point repeats the first
MultiPolygon = list[list[Ring]]  # polygons, each an outer ring followed by its holes

_FOLDER = "contours"


def _read(name: str) -> dict | None:
    resource = resources.files("maillage.data").joinpath(_FOLDER, f"{name}.json.gz")
    if not resource.is_file():
        return None
    return json.loads(gzip.decompress(resource.read_bytes()))


def decode(topology: dict) -> dict[str, MultiPolygon]:
    """Every geometry of a quantized, delta-encoded TopoJSON topology, by id."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        return points

    result: dict[str, MultiPolygon] = {}
    for collection in topology["objects"].values():
        for geometry in collection["geometries"]:
            polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            result[str(geometry["id"])] = [[ring(r) for r in polygon] for polygon in polygons]
    return result


@cache
def commune_outlines(departement: str) -> dict[str, MultiPolygon]:
    """Outlines of the communes of a département (current INSEE code → polygons); {} when none ship."""
    topology = _read(f"communes-{departement}")
    return decode(topology) if topology else {}


@cache
def layer(name: str) -> dict[str, MultiPolygon]:
    """Outlines of one larger layer: `epci` (by SIREN), `departements` or `regions` (by code)."""
    topology = _read(name)
    return decode(topology) if topology else {}


def bounds(shapes: list[MultiPolygon]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the outer rings of some outlines."""
    points = [p for shape in shapes for polygon in shape for p in polygon[0]]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def svg_paths(shapes: dict[str, MultiPolygon], width: float = 1000.0) -> tuple[str, dict[str, str]]:
    """A `viewBox` and one SVG path per outline, in a frame `width` units wide.

    Longitudes are scaled by the cosine of the mean latitude (an equirectangular projection,
    true enough at the scale of a département or a région). Points are rounded to whole units
    (a thousandth of the width, invisible) and written relative to the previous one, which keeps
    a département's map a third of the size absolute decimals gave.
    """
    view_box, project = frame(list(shapes.values()), width)

    def path(shape: MultiPolygon) -> str:
        parts = []
        for polygon in shape:
            for ring in polygon:
                points = [project(lon, lat) for lon, lat in ring]
                kept = [points[0]] + [p for prev, p in itertools.pairwise(points) if p != prev]
                if len(kept) < 3:
                    continue  # smaller than a unit: nothing to draw
                moves = " ".join(f"{x - px},{y - py}" for (px, py), (x, y) in itertools.pairwise(kept))
                parts.append(f"M{kept[0][0]},{kept[0][1]}l{moves}z")
        return "".join(parts)

    return view_box, {code: path(shape) for code, shape in shapes.items()}


def frame(shapes: list[MultiPolygon], width: float = 1000.0) -> tuple[str, Callable[[float, float], tuple[int, int]]]:
    """The `viewBox` of some outlines drawn `width` units wide, and the projection of a point
    (longitude, latitude) into it (see `svg_paths`): places can be marked on the same map."""
    west, south, east, north = bounds(shapes)
    scale_x = math.cos(math.radians((south + north) / 2))
    factor = width / max((east - west) * scale_x, 1e-9)
    height = (north - south) * factor

    def project(lon: float, lat: float) -> tuple[int, int]:
        return round((lon - west) * scale_x * factor), round((north - lat) * factor)

    return f"0 0 {width:.0f} {math.ceil(height)}", project


def to_geojson(shape: MultiPolygon) -> dict:
    """A GeoJSON MultiPolygon geometry (for a web map)."""
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring] for ring in polygon] for polygon in shape]}
