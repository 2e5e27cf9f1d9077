#!/usr/bin/env python3
"""Derive Maillage's compact territory table from the official geography (COG 2026).

Inputs (see ../shared/geo/SOURCES.md): the `@etalab/decoupage-administratif` JSON files
for communes, EPCI, départements and régions, and the Vosges commune outlines from which
we compute centroids for the demo territory. Output: `plugins/maillage/data/territoire.json`,
read by `maillage.model.territory` at run time.

Usage: python scripts/derive_territory.py [--geo ../shared/geo] [--out plugins/maillage/data/territoire.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def polygon_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Area and centroid (lon, lat) of a closed ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area), cx / (6 * area), cy / (6 * area)


def feature_centroid(geometry: dict) -> tuple[float, float, float]:
    """Area-weighted centroid of a Polygon or MultiPolygon (outer rings only)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = [polygon_centroid(polygon[0]) for polygon in polygons]
    total = sum(a for a, _, _ in parts)
    return total, sum(a * x for a, x, _ in parts) / total, sum(a * y for a, _, y in parts) / total


def derive(geo: Path) -> dict:
    """Build the compact table from the raw inputs."""
    cog = geo / "cog-2026"
    communes_raw = json.loads((cog / "communes.json").read_text("utf-8"))
    epci_raw = json.loads((cog / "epci.json").read_text("utf-8"))
    departements = json.loads((cog / "departements.json").read_text("utf-8"))
    regions = json.loads((cog / "regions.json").read_text("utf-8"))

    epci_of: dict[str, str] = {}
    for epci in epci_raw:
        for member in epci["membres"]:
            epci_of[member["code"]] = epci["code"]

    current = {c["code"]: c for c in communes_raw if c["type"] == "commune-actuelle"}
    former: dict[str, list[str]] = {}
    for commune in current.values():
        for old in commune.get("anciensCodes", []):
            if old not in current:
                former[old] = [commune["code"], ""]
    for c in communes_raw:
        if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in current:
            former[c["code"]] = [c["chefLieu"], c["nom"]]
    arrondissements = {
        c["code"]: [c["nom"], c["commune"]] for c in communes_raw if c["type"] == "arrondissement-municipal"
    }

    centroids = vosges_centroids(geo, current, former)
    communes = {}
    for code, c in sorted(current.items()):
        lon_lat = centroids.get(code)
        communes[code] = [
            c["nom"],
            c.get("departement", ""),
            epci_of.get(code, ""),
            c.get("codesPostaux", []),
            c.get("population", 0),
            round(lon_lat[1], 5) if lon_lat else None,
            round(lon_lat[0], 5) if lon_lat else None,
        ]
    return {
        "source": "Code officiel géographique 2026 (INSEE), via @etalab/decoupage-administratif 6.0.0 ; "
        "contours IGN Admin Express (Vosges). Licence Ouverte / Open Licence.",
        "champs_communes": ["nom", "departement", "epci", "codes_postaux", "population", "lat", "lon"],
        "regions": {r["code"]: r["nom"] for r in regions},
        "departements": {d["code"]: [d["nom"], d["region"]] for d in departements},
        "epci": {e["code"]: [e["nom"], e["type"]] for e in epci_raw},
        "communes": communes,
        "anciens_codes": dict(sorted(former.items())),
        "arrondissements": arrondissements,
    }


def vosges_centroids(geo: Path, current: dict, former: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """Commune centroids from the 2018 outlines, merged into the 2026 communes."""
    outlines = json.loads((geo / "communes-88-vosges.geojson").read_text("utf-8"))
    weighted: dict[str, list[float]] = {}
    for feature in outlines["features"]:
        code = feature["properties"]["code"]
        code = code if code in current else former.get(code, [None])[0]
        if code is None:
            continue
        area, lon, lat = feature_centroid(feature["geometry"])
        acc = weighted.setdefault(code, [0.0, 0.0, 0.0])
        acc[0] += area
        acc[1] += area * lon
        acc[2] += area * lat
    return {code: (x / a, y / a) for code, (a, x, y) in weighted.items() if a}


def write_compact(table: dict, out: Path) -> None:
    """Write JSON with one commune per line: compact, yet readable in a diff."""
    lines = ["{"]
    keys = list(table)
    for i, key in enumerate(keys):
        value = table[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, dict) and len(value) > 50:
            lines.append(f"{json.dumps(key)}: {{")
            items = list(value.items())
            for j, (k, v) in enumerate(items):
                sep = "," if j < len(items) - 1 else ""
                lines.append(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(',', ':'))}{sep}")
            lines.append("}" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    out.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo", type=Path, default=ROOT.parent / "shared" / "geo")
    parser.add_argument("--out", type=Path, default=ROOT / "plugins" / "maillage" / "data" / "territoire.json")
    args = parser.parse_args()
    table = derive(args.geo)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_compact(table, args.out)
    located = sum(1 for c in table["communes"].values() if c[5] is not None)
    print(f"{len(table['communes'])} communes ({located} with a centroid), {len(table['epci'])} EPCI -> {args.out}")


if __name__ == "__main__":
    main()
