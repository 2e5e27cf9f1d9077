"""GeoJSON of actors (RFC 7946): one point per actor at its commune's centroid, never closer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maillage.exports.fields import Column
from maillage.exports.licences import licence_metadata
from maillage.exports.tabular import compact_json
from maillage.model.territory import territory

# Properties of each point: a short subset of the actor columns, documented on the data page.
PROPERTIES = ("id", "nom", "url", "forme", "nature", "resume", "commune", "commune_nom", "echelle")

# 5 decimals is about one metre: more would pretend a precision a centroid does not have.
_DECIMALS = 5


def feature_collection(cols: list[Column], records: list[dict[str, Any]]) -> dict[str, Any]:
    """The actors' FeatureCollection; actors without coordinates are counted, not dropped silently."""
    names = {c.name for c in cols}
    features = []
    unplaced = []
    for record in records:
        code = record.get("commune")
        commune = territory().commune(code) if isinstance(code, str) else None
        if commune is None or commune.lat is None or commune.lon is None:
            unplaced.append(record["id"])
            continue
        features.append({
            "type": "Feature",
            "id": record["id"],
            "geometry": {
                "type": "Point",
                "coordinates": [round(commune.lon, _DECIMALS), round(commune.lat, _DECIMALS)],
            },
            "properties": {name: record.get(name) for name in PROPERTIES if name in names},
        })
    return {
        "type": "FeatureCollection",
        "licence": licence_metadata(),
        "sans_coordonnees": {"nombre": len(unplaced), "ids": unplaced},
        "features": features,
    }


def write_geojson(path: Path, cols: list[Column], records: list[dict[str, Any]]) -> Path:
    """Write the actors' GeoJSON file."""
    path.write_text(compact_json(feature_collection(cols, records)) + "\n", encoding="utf-8")
    return path
