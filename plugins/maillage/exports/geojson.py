"""GeoJSON of the types on the map (`x-carte`, RFC 7946): one point per entry at its commune's
centroid, never closer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maillage.exports.fields import Column
from maillage.exports.licences import licence_metadata
from maillage.exports.tabular import compact_json
from maillage.model import EntryType, dotted
from maillage.model.territory import territory
from maillage.model.types import SCALE_FIELD, SUMMARY_FIELD

# 5 decimals is about one metre: more would pretend a precision a centroid does not have.
_DECIMALS = 5


def properties(entry_type: EntryType) -> list[str]:
    """Properties of each point, a short subset of the type's columns documented on the data page:
    id, title, page address, the `x-carte` columns, summary, commune code and name, scale."""
    place = dotted(entry_type.place) if entry_type.place else None
    names = ["id", entry_type.title_field, "url", *(entry_type.map_columns or ()), SUMMARY_FIELD]
    names += [place, f"{place}_nom"] if place else []
    return [*names, SCALE_FIELD]


def feature_collection(entry_type: EntryType, cols: list[Column], records: list[dict[str, Any]]) -> dict[str, Any]:
    """A type's FeatureCollection; entries without coordinates are counted, not dropped silently."""
    names = {c.name for c in cols}
    shown = [name for name in properties(entry_type) if name in names]
    place = dotted(entry_type.place) if entry_type.place else ""
    features = []
    unplaced = []
    for record in records:
        code = record.get(place)
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
            "properties": {name: record.get(name) for name in shown},
        })
    return {
        "type": "FeatureCollection",
        "licence": licence_metadata(),
        "sans_coordonnees": {"nombre": len(unplaced), "ids": unplaced},
        "features": features,
    }


def write_geojson(path: Path, entry_type: EntryType, cols: list[Column], records: list[dict[str, Any]]) -> Path:
    """Write a type's GeoJSON file (`acteurs.geojson`)."""
    path.write_text(compact_json(feature_collection(entry_type, cols, records)) + "\n", encoding="utf-8")
    return path
