"""`recensement rapport`: coverage of the territory as a Markdown page with an SVG map of white zones.

Counts actors per commune, EPCI and département, lists communes with none and shows how
actors spread across the univers. Only publishable entries are counted (a person without
consent is not shown, even as a number on a map). The map covers the demo département (88),
from outlines derived by `scripts/derive_census_map.py`.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from maillage.model import Commons, default_schemas, slugify, territory
from maillage.model.territory import Place

MAP_DEPARTEMENT = "88"
_COLORS = ("#ffffff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # 0, 1, 2–3, 4–9, 10+
_BOUNDS = (0, 1, 2, 4, 10)
_LEGEND = ("aucun acteur (zone blanche)", "1 acteur", "2 ou 3 acteurs", "4 à 9 acteurs", "10 acteurs ou plus")


@cache
def map_data() -> dict[str, Any]:
    """Shipped simplified outlines of the communes of the Vosges."""
    return json.loads((Path(__file__).resolve().parent / "data" / "communes-88.json").read_text("utf-8"))


def _class(count: int) -> int:
    return max(i for i, bound in enumerate(_BOUNDS) if count >= bound)


def svg_map(per_commune: Counter[str]) -> str:
    """Inline SVG: each commune filled by its number of actors, with a title for screen readers."""
    data = map_data()
    places = territory()
    shapes = []
    for code, path in sorted(data["communes"].items()):
        current = code if places.is_commune(code) else (places.successor(code) or (code, ""))[0]
        commune = places.commune(current)
        name = commune.name if commune else code
        count = per_commune.get(current, 0)
        label = f"{name} : {count} acteur{'s' if count > 1 else ''}"
        shapes.append(f'<path d="{path}" fill="{_COLORS[_class(count)]}"><title>{escape(label)}</title></path>')
    # Colours as SVG presentation attributes, never `style`: the site's Content-Security-Policy allows no inline style.
    legend = "".join(
        '<li><svg width="14" height="14" aria-hidden="true">'
        f'<rect x="0.5" y="0.5" width="13" height="13" fill="{color}" stroke="#555"/></svg> {text}</li>'
        for color, text in zip(_COLORS, _LEGEND, strict=True)
    )
    return (
        f'<figure class="maillage-carte">\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}" '
        'role="img" aria-labelledby="carte-titre">'
        '<title id="carte-titre">Carte des acteurs recensés par commune des Vosges</title>'
        f'<g stroke="#555" stroke-width="0.6">{"".join(shapes)}</g></svg>\n'
        # The caption must be the figure's last child: the legend goes before it.
        f'<ul class="maillage-legende">{legend}</ul>\n'
        f"<figcaption>Nombre d'acteurs par commune. Contours : {escape(data['source'])}.</figcaption>\n</figure>"
    )


def coverage(commons: Commons) -> dict[str, Any]:
    """Counts of publishable actors per commune, EPCI and département, and per univers value."""
    places = territory()
    per_commune: Counter[str] = Counter()
    per_epci: Counter[str] = Counter()
    per_departement: Counter[str] = Counter()
    univers: dict[str, Counter[str]] = {}
    total = 0
    for entry in commons.of_type("acteurs"):
        if not entry.publishable:
            continue
        total += 1
        code = entry.data.get("commune")
        commune = places.commune(code) if isinstance(code, str) else None
        if commune:
            per_commune[commune.code] += 1
            per_epci[commune.epci] += 1
            per_departement[commune.departement] += 1
        for key, value in (entry.data.get("univers") or {}).items():
            univers.setdefault(key, Counter())[str(value)] += 1
    return {
        "total": total,
        "commune": per_commune,
        "epci": per_epci,
        "departement": per_departement,
        "univers": univers,
    }


def render_report(commons: Commons, departements: tuple[str, ...] | None = None) -> str:
    """The report page (Markdown with inline HTML for the map), for the given départements or, by
    default, those of the published actors.

    The site builds this page itself (it is trusted HTML, which a file of `content/` never is)."""
    counts = coverage(commons)
    places = territory()
    if departements is None:
        departements = tuple(sorted(counts["departement"]))
    lines = [
        "---",
        "title: Recensement des acteurs",
        "---",
        "",
        "# Recensement des acteurs du territoire",
        "",
        "Page générée à partir des fiches d'acteurs publiées. "
        "Les personnes qui n'ont pas consenti à la publication ne sont pas comptées.",
        "",
        f"**{counts['total']} acteurs** publiés.",
        "",
    ]
    for dep in departements:
        lines += _departement_section(dep, counts, places)
    lines += _univers_section(counts["univers"], counts["total"])
    return "\n".join(lines) + "\n"


def _departement_section(dep: str, counts: dict[str, Any], places: Any) -> list[str]:
    info = places.departements.get(dep)
    if not info:
        return []
    communes = places.communes_in(Place("departement", dep, info[0]))
    empty = sorted((places.commune(c) for c in communes if not counts["commune"].get(c)), key=lambda c: slugify(c.name))
    covered = len(communes) - len(empty)
    lines = [
        f"## {escape(info[0])} ({dep})",
        "",
        f"{counts['departement'].get(dep, 0)} acteurs ; {covered} communes sur {len(communes)} en ont au moins un, "
        f"{len(empty)} n'en ont aucun (zones blanches).",
        "",
    ]
    if dep == MAP_DEPARTEMENT:
        lines += [svg_map(counts["commune"]), ""]
    epcis = sorted({places.commune(c).epci for c in communes if places.commune(c).epci})
    lines += [
        "### Par intercommunalité",
        "",
        "| Intercommunalité | Communes | Acteurs | Communes sans acteur |",
        "|---|---|---|---|",
    ]
    for epci in sorted(epcis, key=lambda e: places.epcis[e][0]):
        members = [c for c in communes if places.commune(c).epci == epci]
        without = sum(1 for c in members if not counts["commune"].get(c))
        lines.append(f"| {_cell(places.epcis[epci][0])} | {len(members)} | {counts['epci'].get(epci, 0)} | {without} |")
    lines += ["", "### Communes les mieux couvertes", "", "| Commune | Acteurs |", "|---|---|"]
    for code, count in sorted(
        ((c, counts["commune"][c]) for c in communes if counts["commune"].get(c)), key=lambda x: (-x[1], x[0])
    )[:15]:
        lines.append(f"| {_cell(places.commune(code).name)} ({code}) | {count} |")
    lines += [
        "",
        f"### Communes sans acteur ({len(empty)})",
        "",
        ", ".join(f"{_cell(c.name)} ({c.code})" for c in empty) or "Aucune.",
        "",
    ]
    return lines


def _univers_section(univers: dict[str, Counter[str]], total: int) -> list[str]:
    schema = default_schemas().resolve(
        default_schemas().raw["communs"]["$defs"]["univers"], default_schemas().raw["communs"]["$id"]
    )[0]
    lines = ["## Répartition entre les univers", ""]
    for key, spec in schema.get("properties", {}).items():
        counter = univers.get(key, Counter())
        labels = spec.get("x-libelles", {})
        parts = [f"{labels.get(v, v)} : {counter.get(v, 0)}" for v in spec.get("enum", [])]
        parts.append(f"non renseigné : {total - sum(counter.values())}")
        lines.append(f"- **{spec.get('title', key)}** — {', '.join(parts)}")
    return [*lines, ""]


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|")
