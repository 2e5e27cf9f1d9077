#!/usr/bin/env python3
"""Derive Maillage's geography from the official open data: COG 2026 tables and IGN outlines.

Inputs (see ../shared/geo/SOURCES.md): the `@etalab/decoupage-administratif` JSON files for
communes, EPCI, départements and régions (COG 2026), and the IGN Admin Express 2018 outlines of
every commune of the 101 départements. The 2018 outlines are reconciled with COG 2026: a commune
nouvelle is the union of its former communes' outlines; EPCI, départements and régions are the
unions of their communes.

Outputs, read by `maillage.model.territory` and `maillage.model.outlines` at run time:
- `plugins/maillage/data/territoire.json`: communes (name, département, EPCI, postal codes,
  population, position), former communes, municipal arrondissements, EPCI, départements, régions;
- `plugins/maillage/data/contours/communes-<département>.json.gz`: commune outlines, one gzipped
  TopoJSON file per département (shared borders stored once, simplified, quantized to 1e-4
  degree), loaded only when a map needs that département;
- `plugins/maillage/data/contours/{epci,departements,regions}.json.gz`: coarser outlines of the
  larger territories, for maps of a whole territory and its outline.

A commune's position is the centroid of its outline, or the point farthest inside it when the
centroid falls outside (a crescent-shaped commune). Communes without an outline in the source —
those of the collectivités d'outre-mer and the few communes restored since 2018 — get no position.

Needs shapely and topojson at derivation time only (`pip install -e '.[geographie]'`):

    python scripts/derive_territory.py [--geo ../shared/geo] [--out plugins/maillage/data]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
from collections import defaultdict
from pathlib import Path

import shapely
import topojson
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
SOURCE = (
    "Code officiel géographique 2026 (INSEE), via @etalab/decoupage-administratif 6.0.0 ; "
    "contours IGN Admin Express COG 2018 (simplifiés), rapprochés du COG 2026. Licence Ouverte / Open Licence."
)
QUANTUM = 1e-4  # degrees: about 7 to 11 metres, finer than any map of a whole commune shows
# Simplification tolerance per layer, in degrees: invisible at the scale each layer is drawn.
TOLERANCE = {"communes": 0.0005, "epci": 0.0015, "departements": 0.003, "regions": 0.005}
POSITION_DECIMALS = 4


def load_cog(geo: Path) -> dict:
    """The four COG 2026 tables."""
    cog = geo / "cog-2026"
    return {name: json.loads((cog / f"{name}.json").read_text("utf-8")) for name in
            ("communes", "epci", "departements", "regions")}


def former_communes(communes_raw: list[dict], names_2018: dict[str, str]) -> list[list[str]]:
    """[former code, former name, current code] for every merged, delegated or associated commune.

    Delegated communes often keep the code of their commune nouvelle: they are listed too, so
    that their name resolves, and so are communes renamed since 2018 (with their 2018 name).
    Names missing from the COG come from the 2018 outlines.
    """
    current = {c["code"] for c in communes_raw if c["type"] == "commune-actuelle"}
    found: dict[tuple[str, str], str] = {}
    for c in communes_raw:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            found[(c["code"], c["chefLieu"])] = c["nom"]
    delegated = {old for old, _ in found}
    for c in communes_raw:
        if c["type"] != "commune-actuelle":
            continue
        for old in c.get("anciensCodes", []):
            if old not in current and old not in delegated:
                found[(old, c["code"])] = names_2018.get(old, "")
    names = {c["code"]: c["nom"] for c in communes_raw if c["type"] == "commune-actuelle"}
    for code, name in names_2018.items():
        if code in names and name != names[code] and (code, code) not in found:
            found[(code, code)] = name  # renamed since 2018 (often a commune nouvelle that lost communes)
    rows = [[old, name, new] for (old, new), name in found.items()]
    # A delegated commune named like its commune nouvelle adds nothing.
    return sorted(row for row in rows if not (row[0] == row[2] and row[1] == names.get(row[2])))


def successor_of(communes_raw: list[dict]) -> dict[str, str]:
    """2018 code → current code, for codes that are not current any more."""
    current = {c["code"] for c in communes_raw if c["type"] == "commune-actuelle"}
    result: dict[str, str] = {}
    for c in communes_raw:
        if c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes", []):
                if old not in current:
                    result.setdefault(old, c["code"])
    for c in communes_raw:
        if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in current:
            result[c["code"]] = c["chefLieu"]  # the COG's own link wins over a list of former codes
    return result


def commune_shapes(geo: Path, communes_raw: list[dict]) -> tuple[dict, dict[str, str]]:
    """Current commune code → outline (union of its 2018 parts), and 2018 code → 2018 name."""
    current = {c["code"] for c in communes_raw if c["type"] == "commune-actuelle"}
    successor = successor_of(communes_raw)
    parts: dict[str, list] = defaultdict(list)
    names_2018: dict[str, str] = {}
    for path in sorted((geo / "france-2018" / "communes").glob("*.geojson")):
        for feature in json.loads(path.read_text("utf-8"))["features"]:
            code = feature["properties"]["code"]
            names_2018[code] = feature["properties"]["nom"]
            target = code if code in current else successor.get(code)
            if target is None:
                raise SystemExit(f"2018 commune {code} has no current commune in COG 2026")
            parts[target].append(shapely.make_valid(shape(feature["geometry"])))
    shapes = {code: _polygonal(shapely.union_all(geoms)) for code, geoms in parts.items()}
    return shapes, names_2018


def _polygonal(geometry):
    """Keep only the polygons of a geometry (unions and repairs may leave lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return _polygonal(shapely.union_all(polygons))


def position(geometry) -> tuple[float, float]:
    """(lat, lon) inside the outline: the centroid, or the pole of inaccessibility of the largest part."""
    point = geometry.centroid
    if not geometry.contains(point):
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=QUANTUM)
    return round(point.y, POSITION_DECIMALS), round(point.x, POSITION_DECIMALS)


def derive_table(cog: dict, shapes: dict, names_2018: dict[str, str]) -> dict:
    """The compact territory table."""
    epci_of = {member["code"]: epci["code"] for epci in cog["epci"] for member in epci["membres"]}
    communes_raw = cog["communes"]
    current = {c["code"]: c for c in communes_raw if c["type"] == "commune-actuelle"}
    communes = {}
    for code, c in sorted(current.items()):
        lat, lon = position(shapes[code]) if code in shapes else (None, None)
        communes[code] = [c["nom"], c["departement"], epci_of.get(code, ""), c.get("codesPostaux", []),
                          c.get("population", 0), lat, lon]
    return {
        "source": SOURCE,
        "champs_communes": ["nom", "departement", "epci", "codes_postaux", "population", "lat", "lon"],
        "regions": {r["code"]: r["nom"] for r in cog["regions"]},
        "departements": {d["code"]: [d["nom"], d["region"]] for d in cog["departements"]},
        "epci": {e["code"]: [e["nom"], e["type"]] for e in cog["epci"]},
        "communes": communes,
        "anciennes_communes": former_communes(communes_raw, names_2018),
        "arrondissements": {
            c["code"]: [c["nom"], c["commune"]] for c in communes_raw if c["type"] == "arrondissement-municipal"
        },
        "liaisons": liaisons(cog),
    }


def liaisons(cog: dict) -> dict[str, dict[str, int]]:
    """How French writes « de » before each name (INSEE's TNCC, see `maillage.model.prepositions`):
    for every département and région, and for the communes whose name alone does not tell it."""
    from maillage.model.prepositions import liaison_from_name

    communes = {c["code"]: c["typeLiaison"] for c in cog["communes"]
                if c["type"] == "commune-actuelle" and "typeLiaison" in c
                and c["typeLiaison"] != liaison_from_name(c["nom"])}
    return {
        "departements": {d["code"]: d["typeLiaison"] for d in cog["departements"]},
        "regions": {r["code"]: r["typeLiaison"] for r in cog["regions"]},
        "communes": dict(sorted(communes.items())),
    }


def topology(shapes: dict[str, object], layer: str) -> dict:
    """A TopoJSON topology of `shapes` (id → outline): shared borders once, simplified, quantized."""
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": code, "properties": {}, "geometry": mapping(geom)}
                     for code, geom in sorted(shapes.items())],
    }
    topo = topojson.Topology(collection, prequantize=False, toposimplify=TOLERANCE[layer],
                             prevent_oversimplify=True, object_name=layer).to_dict()
    arcs = topo["arcs"]
    x0 = math.floor(min(x for arc in arcs for x, _ in arc) / QUANTUM)
    y0 = math.floor(min(y for arc in arcs for _, y in arc) / QUANTUM)
    geometries = [{"type": g["type"], "id": g["id"], "arcs": g["arcs"]}
                  for g in topo["objects"][layer]["geometries"] if g.get("type")]
    return {
        "type": "Topology",
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [x0 * QUANTUM, y0 * QUANTUM]},
        "objects": {layer: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [_delta_encode(arc, x0, y0) for arc in arcs],
    }


def _delta_encode(arc: list[list[float]], x0: int, y0: int) -> list[list[int]]:
    """Quantize an arc on the grid and encode each point as the difference from the previous one."""
    points = [(round(x / QUANTUM) - x0, round(y / QUANTUM) - y0) for x, y in arc]
    kept = [points[0]] + [p for prev, p in itertools.pairwise(points) if p != prev]
    if len(kept) == 1:
        kept.append(kept[0])  # an arc keeps its two ends, even when quantization merges them
    encoded, (px, py) = [], (0, 0)
    for x, y in kept:
        encoded.append([x - px, y - py])
        px, py = x, y
    return encoded


def larger_territories(cog: dict, shapes: dict) -> dict[str, dict[str, object]]:
    """EPCI, département and région outlines: unions of their communes."""
    departement_of = {c["code"]: c["departement"] for c in cog["communes"] if c["type"] == "commune-actuelle"}
    region_of = {d["code"]: d["region"] for d in cog["departements"]}
    groups: dict[str, dict[str, list]] = {"epci": defaultdict(list), "departements": defaultdict(list)}
    for epci in cog["epci"]:
        groups["epci"][epci["code"]] = [shapes[m["code"]] for m in epci["membres"] if m["code"] in shapes]
    for code, geom in shapes.items():
        groups["departements"][departement_of[code]].append(geom)
    layers = {name: {code: _polygonal(shapely.union_all(geoms)) for code, geoms in group.items() if geoms}
              for name, group in groups.items()}
    regions: dict[str, list] = defaultdict(list)
    for code, geom in layers["departements"].items():
        regions[region_of[code]].append(geom)
    layers["regions"] = {code: _polygonal(shapely.union_all(geoms)) for code, geoms in regions.items()}
    return layers


def write_compact(table: dict, out: Path) -> None:
    """Write JSON with one commune per line: compact, yet readable in a diff."""
    lines = ["{"]
    keys = list(table)
    for i, key in enumerate(keys):
        value = table[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, dict | list) and len(value) > 50:
            items = list(value.items()) if isinstance(value, dict) else value
            opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
            lines.append(f"{json.dumps(key)}: {opening}")
            for j, item in enumerate(items):
                sep = "," if j < len(items) - 1 else ""
                text = (f"{json.dumps(item[0])}: {_dense(item[1])}" if isinstance(value, dict) else _dense(item))
                lines.append(text + sep)
            lines.append(closing + comma)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    out.write_text("\n".join(lines) + "\n", "utf-8")


def _dense(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_topology(topo: dict, out: Path) -> None:
    """Gzipped TopoJSON (a third of the size), byte-identical when the inputs are (no timestamp)."""
    with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(_dense(topo).encode("utf-8"))


def _shared_geo() -> Path:
    """The nearest `shared/geo` above the checkout (a worktree may sit one level deeper)."""
    return next((p / "shared" / "geo" for p in ROOT.parents if (p / "shared" / "geo").is_dir()),
                ROOT.parent / "shared" / "geo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo", type=Path, default=_shared_geo())
    parser.add_argument("--out", type=Path, default=ROOT / "plugins" / "maillage" / "data")
    args = parser.parse_args()
    cog = load_cog(args.geo)
    shapes, names_2018 = commune_shapes(args.geo, cog["communes"])
    table = derive_table(cog, shapes, names_2018)
    args.out.mkdir(parents=True, exist_ok=True)
    write_compact(table, args.out / "territoire.json")

    outlines = args.out / "contours"
    outlines.mkdir(exist_ok=True)
    for stale in outlines.glob("*.json.gz"):
        stale.unlink()
    by_departement: dict[str, dict] = defaultdict(dict)
    for code, geom in shapes.items():
        by_departement[table["communes"][code][1]][code] = geom
    for dep, group in sorted(by_departement.items()):
        write_topology(topology(group, "communes"), outlines / f"communes-{dep}.json.gz")
    for layer, group in larger_territories(cog, shapes).items():
        write_topology(topology(group, layer), outlines / f"{layer}.json.gz")

    located = sum(1 for row in table["communes"].values() if row[5] is not None)
    size = sum(p.stat().st_size for p in [args.out / "territoire.json", *outlines.glob("*.json.gz")])
    print(f"{len(table['communes'])} communes ({located} placed), {len(table['epci'])} EPCI, "
          f"{len(by_departement)} départements with outlines; {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
