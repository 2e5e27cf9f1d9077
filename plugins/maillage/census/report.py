"""Coverage of a territory by the commons' actors: a page with maps of its white zones.

Counts publishable actors per commune, EPCI, département and région, and describes each place of
a territory: how many of its communes have an actor, which have none (the white zones), how the
actors spread across the univers. The maps fill each commune (for a whole région, each EPCI) by
its number of actors, from the outlines shipped with the geography (`maillage.model.outlines`).

The territory is the commons' own (`territoire` in mkdocs.yml) unless another is given; a commons
that declares none gets the départements where its actors are. The site builds this page at every
build; `maillage recensement rapport` writes it to a file. Only publishable entries are counted: a
person without consent is not shown, even as a number on a map.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from maillage.model import Commons, default_schemas, slugify, territory
from maillage.model import outlines as shapes
from maillage.model.collation import name_key
from maillage.model.numbers import french_count
from maillage.model.territory import Place, Scope

TITLE = "Recensement des acteurs"
SITE_INTRO = (
    "Cette page est recalculée à chaque publication du site, à partir des fiches d'acteurs publiées. "
    "Les personnes qui n'ont pas consenti à la publication ne sont pas comptées."
)
FILE_INTRO = (
    "Page écrite par `maillage recensement rapport` à partir des fiches d'acteurs publiées. "
    "Les personnes qui n'ont pas consenti à la publication ne sont pas comptées."
)
_COLORS = ("#ffffff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # 0, 1, 2–3, 4–9, 10+
_BOUNDS = (0, 1, 2, 4, 10)
_LEGEND = ("aucun acteur (zone blanche)", "1 acteur", "2 ou 3 acteurs", "4 à 9 acteurs", "10 acteurs ou plus")
_BEST = 15  # communes listed as the best covered
_LISTED = 60  # actors listed by name per département in « Univers à compléter »
_UNKNOWN_UNIVERS = (
    "{count} n'ont aucun univers renseigné (ou seulement ceux que le recensement a déduits de leur "
    "source) : les tirages au sort, les suggestions « autre univers » et le tableau de bord des "
    "coopérations ne savent pas où les placer. Complétez leurs fiches (champ « univers »)."
)


@dataclass
class Coverage:
    """Publishable actors counted per commune, EPCI, département and région, and per univers value."""

    total: int = 0
    commune: Counter[str] = field(default_factory=Counter)
    epci: Counter[str] = field(default_factory=Counter)
    departement: Counter[str] = field(default_factory=Counter)
    region: Counter[str] = field(default_factory=Counter)
    univers: dict[str, Counter[str]] = field(default_factory=dict)
    # Actors no person has placed in any univers, by département ("" when unplaced): (name, id).
    unknown_univers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def coverage(commons: Commons) -> Coverage:
    """Count the commons' publishable actors."""
    places = territory()
    counts = Coverage()
    for entry in commons.of_type("acteurs"):
        if not entry.publishable:
            continue
        counts.total += 1
        code = entry.data.get("commune")
        commune = places.commune(code) if isinstance(code, str) else None
        if commune:
            counts.commune[commune.code] += 1
            counts.epci[commune.epci] += 1
            counts.departement[commune.departement] += 1
            counts.region[places.departements[commune.departement][1]] += 1
        for key, value in (entry.data.get("univers") or {}).items():
            counts.univers.setdefault(key, Counter())[str(value)] += 1
        if not _declared_univers(entry.data):
            where = commune.departement if commune else ""
            counts.unknown_univers.setdefault(where, []).append((entry.title, entry.id))
    return counts


def _declared_univers(data: dict) -> list[str]:  # type: ignore[type-arg]
    """Univers facets set by a person (not inferred by the census from what a listing is)."""
    provenance = data.get("provenance") or {}
    return [k for k in data.get("univers") or {} if not (provenance.get(f"univers.{k}") or {}).get("infere")]


def report_places(commons: Commons, scope: Scope | None) -> tuple[Place, ...]:
    """The places the report describes: the territory's, else the départements where actors are."""
    if scope is not None:
        return scope.places
    geo = territory()
    found = sorted(coverage(commons).departement)
    return tuple(place for place in (geo.place("departement", code) for code in found) if place)


def render_report(commons: Commons, places: Iterable[Place], intro: str = SITE_INTRO) -> str:
    """The coverage page: Markdown, with inline HTML for the maps."""
    counts = coverage(commons)
    places = tuple(places)
    lines = ["---", f"title: {TITLE}", "---", "", f"# {TITLE}", "", intro, ""]
    lines += [f"**{_actors(counts.total)}** publié{'s' if counts.total > 1 else ''}.", ""]
    if not places:
        lines += ["Aucun acteur n'est encore situé sur le territoire.", ""]
    for place in places:
        lines += _SECTIONS[place.kind](place, counts)
    lines += _univers_section(counts)
    lines += _unknown_univers_section(counts)
    return "\n".join(lines) + "\n"


def _actors(count: int) -> str:
    return f"{french_count(count)} acteur{'s' if count > 1 else ''}"


def _heading(place: Place) -> str:
    code = f" ({place.code})" if place.kind in ("commune", "departement") else ""
    return f"## {_cell(place.name)}{code}"


def _commune_section(place: Place, counts: Coverage) -> list[str]:
    return [_heading(place), "", f"{_actors(counts.commune.get(place.code, 0))} dans la commune.", ""]


def _communes_section(place: Place, counts: Coverage) -> list[str]:
    """An EPCI or a département: its communes on a map, its EPCIs, its best covered and white communes."""
    geo = territory()
    codes = sorted(geo.communes_in(place))
    empty = sorted((geo.commune(c) for c in codes if not counts.commune.get(c)),
                   key=lambda c: (name_key(c.name), c.code))
    actors = counts.epci.get(place.code, 0) if place.kind == "intercommunalite" else counts.departement.get(
        place.code, 0)
    lines = [
        _heading(place), "",
        f"{_actors(actors)} ; {french_count(len(codes) - len(empty))} communes sur {french_count(len(codes))} "
        f"en ont au moins un, {french_count(len(empty))} n'en ont aucun (zones blanches).", "",
    ]
    outlines = {code: shape for code in codes if (shape := _commune_outline(code))}
    if outlines:
        labels = {c: f"{geo.commune(c).name} : {_actors(counts.commune.get(c, 0))}" for c in outlines}
        lines += [_svg_map(outlines, {c: counts.commune.get(c, 0) for c in outlines}, labels,
                           f"Carte des acteurs par commune : {place.name}"), ""]
    if place.kind == "departement":
        lines += _epci_table([e for e in dict.fromkeys(geo.commune(c).epci for c in codes) if e], counts,
                             lambda e: [c for c in codes if geo.commune(c).epci == e])
    best = sorted(((c, counts.commune[c]) for c in codes if counts.commune.get(c)), key=lambda x: (-x[1], x[0]))
    if best:
        lines += ["### Communes les mieux couvertes", "", "| Commune | Acteurs |", "|---|---|"]
        lines += [f"| {_cell(geo.commune(c).name)} ({c}) | {n} |" for c, n in best[:_BEST]]
        lines.append("")
    lines += [f"### Communes sans acteur ({french_count(len(empty))})", ""]
    names = ", ".join(f"{escape(c.name)} ({c.code})" for c in empty)
    # Hundreds of names in a département: folded, so that the tables below stay within reach.
    summary = f"<summary>Voir les {french_count(len(empty))} communes</summary>"
    lines += [f"<details>{summary}<p>{names}</p></details>", ""] if empty else ["Aucune.", ""]
    return lines


def _region_section(place: Place, counts: Coverage) -> list[str]:
    """A whole région: its EPCIs on a map, its départements and EPCIs in tables (no commune lists)."""
    geo = territory()
    codes = sorted(geo.communes_in(place))
    covered = sum(1 for c in codes if counts.commune.get(c))
    lines = [
        _heading(place), "",
        f"{_actors(counts.region.get(place.code, 0))} ; {french_count(covered)} communes sur "
        f"{french_count(len(codes))} en ont au moins un, {french_count(len(codes) - covered)} n'en ont aucun "
        "(zones blanches).", "",
    ]
    epcis = sorted({geo.commune(c).epci for c in codes if geo.commune(c).epci})
    members = {e: [c for c in codes if geo.commune(c).epci == e] for e in epcis}
    epci_shapes = shapes.layer("epci")
    outlines = {e: epci_shapes[e] for e in epcis if e in epci_shapes}
    if outlines:
        labels = {e: f"{geo.epcis[e][0]} : {_actors(counts.epci.get(e, 0))}, "
                     f"{sum(1 for c in members[e] if not counts.commune.get(c))} communes sans acteur"
                  for e in outlines}
        lines += [_svg_map(outlines, {e: counts.epci.get(e, 0) for e in outlines}, labels,
                           f"Carte des acteurs par intercommunalité : {place.name}"), ""]
    deps = sorted({geo.commune(c).departement for c in codes})
    lines += ["### Par département", "", "| Département | Communes | Acteurs | Communes sans acteur |",
              "|---|---|---|---|"]
    for dep in deps:
        mine = [c for c in codes if geo.commune(c).departement == dep]
        without = sum(1 for c in mine if not counts.commune.get(c))
        lines.append(f"| {_cell(geo.departements[dep][0])} ({dep}) | {len(mine)} | "
                     f"{counts.departement.get(dep, 0)} | {without} |")
    lines.append("")
    return lines + _epci_table(epcis, counts, members.__getitem__)


def _epci_table(epcis: list[str], counts: Coverage, members_of) -> list[str]:
    geo = territory()
    lines = ["### Par intercommunalité", "", "| Intercommunalité | Communes | Acteurs | Communes sans acteur |",
             "|---|---|---|---|"]
    for epci in sorted(epcis, key=lambda e: (name_key(geo.epcis[e][0]), e)):
        members = members_of(epci)
        without = sum(1 for c in members if not counts.commune.get(c))
        lines.append(f"| {_cell(geo.epcis[epci][0])} | {len(members)} | {counts.epci.get(epci, 0)} | {without} |")
    return [*lines, ""]


_SECTIONS = {
    "commune": _commune_section,
    "intercommunalite": _communes_section,
    "departement": _communes_section,
    "region": _region_section,
}


def _commune_outline(code: str) -> shapes.MultiPolygon | None:
    commune = territory().commune(code)
    return shapes.commune_outlines(commune.departement).get(code) if commune else None


def _class(count: int) -> int:
    return max(i for i, bound in enumerate(_BOUNDS) if count >= bound)


def _svg_map(outlines: dict[str, shapes.MultiPolygon], values: dict[str, int], labels: dict[str, str],
             title: str) -> str:
    """Inline SVG: each outline filled by its number of actors, with a title for screen readers."""
    view_box, paths = shapes.svg_paths(outlines)
    figure_id = "carte-" + slugify(title)[:60]
    drawn = "".join(
        f'<path d="{paths[code]}" fill="{_COLORS[_class(values[code])]}"><title>{escape(labels[code])}</title></path>'
        for code in sorted(paths)
    )
    # Colours as SVG presentation attributes, never `style`: the site's Content-Security-Policy allows no inline style.
    legend = "".join(
        '<li><svg width="14" height="14" aria-hidden="true">'
        f'<rect x="0.5" y="0.5" width="13" height="13" fill="{color}" stroke="#555"/></svg> {text}</li>'
        for color, text in zip(_COLORS, _LEGEND, strict=True)
    )
    return (
        f'<figure class="maillage-carte">\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" '
        f'role="img" aria-labelledby="{figure_id}">'
        f'<title id="{figure_id}">{escape(title)}</title>'
        f'<g stroke="#555" stroke-width="0.6">{drawn}</g></svg>\n'
        # The caption must be the figure's last child: the legend goes before it.
        f'<ul class="maillage-legende">{legend}</ul>\n'
        f"<figcaption>Nombre d'acteurs. Contours : {escape(territory().source)}</figcaption>\n</figure>"
    )


def _univers_section(counts: Coverage) -> list[str]:
    schemas = default_schemas()
    schema = schemas.resolve(schemas.raw["communs"]["$defs"]["univers"], schemas.raw["communs"]["$id"])[0]
    lines = ["## Répartition entre les univers", ""]
    for key, spec in schema.get("properties", {}).items():
        counter = counts.univers.get(key, Counter())
        labels = spec.get("x-libelles", {})
        parts = [f"{labels.get(v, v)} : {counter.get(v, 0)}" for v in spec.get("enum", [])]
        parts.append(f"non renseigné : {counts.total - sum(counter.values())}")
        lines.append(f"- **{spec.get('title', key)}** — {', '.join(parts)}")
    return [*lines, ""]


def _unknown_univers_section(counts: Coverage) -> list[str]:
    """The actors whose univers are still unknown, by département, for a coordinator to complete."""
    total = sum(len(actors) for actors in counts.unknown_univers.values())
    if not total:
        return []
    geo = territory()
    lines = ["## Univers à compléter", "", _UNKNOWN_UNIVERS.format(count=_actors(total)), ""]
    for code in sorted(counts.unknown_univers):
        actors = sorted(counts.unknown_univers[code], key=lambda a: (slugify(a[0]), a[1]))
        name = f"{geo.departements[code][0]} ({code})" if code in geo.departements else "Sans commune"
        shown = ", ".join(f"{_cell(title)} (`{entry}`)" for title, entry in actors[:_LISTED])
        more = f", et {len(actors) - _LISTED} autres" if len(actors) > _LISTED else ""
        lines += [f"### {name} : {_actors(len(actors))}", "", shown + more + ".", ""]
    return lines


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|")
