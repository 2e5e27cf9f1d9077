"""The cooperation dashboard's pictures: what `maillage.meet.dashboard` measures, as charts drawn
at build time (`site/charts.py`), each with the words that describe it and its data table.

- the headline and the first chart: per univers facet, the share of projects and of rencontres
  that bring both sides together (and those on one side, or that say nothing);
- the same share over time, one small chart per facet;
- which univers meet which (a matrix of values);
- the territories where nothing crosses yet (a map of the level below the commons' territory).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from maillage.meet.dashboard import KINDS, Crossing, Dashboard, Value
from maillage.meet.vocabulary import Vocabulary
from maillage.model import SchemaSet, territory
from maillage.model.collation import name_key
from maillage.model.territory import Place, Scope
from maillage.site import charts
from maillage.site.charts import BarRow, Series
from maillage.site.mapview import subdivisions
from maillage.site.text import french_list

INK = charts.INK
SIDES = (Series("réunissent les deux côtés", "#00695c"), Series("d'un seul côté", "#f2b134", INK),
         Series("sans information", "#d9dde1", INK))
KIND_COLOURS = ("#283593", "#ad1457")
HEADING_ROOM = 52  # characters a bar chart's heading fits in its width
# The territories map: something crosses there, actors but nothing crosses yet, no actor.
STATES = (Series("des univers s'y croisent", "#00695c"), Series("des acteurs, mais rien ne s'y croise encore",
          "#f2b134", INK), Series("aucun acteur recensé", "#eceff1", INK))


@dataclass(frozen=True)
class FacetLine:
    """One facet in the headline: its title, its sides in words and where each kind stands."""

    facet: str
    title: str
    sides: str
    crossings: tuple[Crossing, ...]  # in the order of KINDS


@dataclass(frozen=True)
class Picture:
    """A chart and what the page says around it."""

    svg: Markup | list[tuple[str, Markup]]
    legend: tuple[Series, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A territory of the map, its state (index in STATES) and the places beneath it."""

    place: Place
    state: int


class CooperationPage:
    """Everything the dashboard page draws, computed once per build."""

    def __init__(self, board: Dashboard, words: Vocabulary, schemas: SchemaSet, scope: Scope | None) -> None:
        self.board = board
        self.words = words
        self.kinds = [(kind, schemas.by_folder[kind].plural) for kind in KINDS if kind in schemas.by_folder]
        self._singular = {kind: schemas.by_folder[kind].singular for kind, _ in self.kinds}
        self.kind_series = tuple(Series(plural.capitalize(), colour)
                                 for (_, plural), colour in zip(self.kinds, KIND_COLOURS, strict=False))
        self.facets = [f for f in words.facets if any(f == v[0] for v in board.values())] or list(words.facets)
        self.units = self._units(scope)

    @property
    def empty(self) -> bool:
        """No project nor rencontre yet (a new commons): nothing to measure, nothing to draw."""
        return not any(self.board.items.get(kind) for kind, _ in self.kinds)

    def count(self, number: int, kind: str) -> str:
        """« 1 projet », « 0 projet », « 3 projets » (French takes the singular below two)."""
        plural = dict(self.kinds)[kind]
        return f"{number} {self._singular[kind] if number < 2 else plural}"

    def sides(self, facet: str) -> str:
        """« amateur et professionnel »: the values of a facet in words."""
        return french_list([self.words.facet_value(facet, v) for v in self.words.facet_values.get(facet, {})])

    def headline(self) -> list[FacetLine]:
        """Per facet, where projects and rencontres stand (for all time)."""
        return [
            FacetLine(f, self.words.facets[f], self.sides(f), tuple(self.board.crossing(k, f) for k, _ in self.kinds))
            for f in self.facets
        ]

    def crossing_chart(self) -> Picture:
        """Stacked bars: per facet and kind, both sides / one side / unknown."""
        rows, said = [], []
        for line in self.headline():
            for index, ((_, plural), part) in enumerate(zip(self.kinds, line.crossings, strict=True)):
                end = f"{part.percent} %" if part.percent is not None else "–"
                heading = f"{line.title} : {line.sides}" if index == 0 else None
                if heading is not None and len(heading) > HEADING_ROOM:
                    heading = line.title  # its sides are in the headline and the table
                rows.append(BarRow(plural.capitalize(), (part.both, part.one_side, part.unknown), end, heading))
            said.append(f"{line.title}, " + " et ".join(
                f"{self.count(part.both, kind)} sur {part.total}"
                for (kind, _), part in zip(self.kinds, line.crossings, strict=True)))
        desc = ("Pour chaque facette des univers, combien de projets et de rencontres réunissent les deux côtés : "
                + " ; ".join(said) + ".")
        title = "Projets et rencontres qui réunissent les deux côtés, par facette"
        return Picture(charts.stacked_bars("coop-facettes", title, desc, SIDES, rows), SIDES)

    def periods(self) -> list[str]:
        """Every period (year) that has projects or rencontres, oldest first, undated last."""
        found = {p for kind, _ in self.kinds for p in self.board.periods(kind)}
        return sorted(found, key=lambda p: (not p[:1].isdigit(), p))

    def over_time(self) -> Picture:
        """Per facet, a small chart of the share bringing both sides together, year by year."""
        periods = self.periods()
        drawn = []
        for facet in self.facets:
            values = []
            said = []
            for (kind, plural), _ in zip(self.kinds, self.kind_series, strict=False):
                by_period = dict(self.board.over_time(kind, facet))
                row = [by_period[p].percent if p in by_period else None for p in periods]
                values.append(row)
                shown = [f"{v} % en {p}" for p, v in zip(periods, row, strict=True) if v is not None]
                said.append(f"{plural} : " + (", ".join(shown) or "aucun"))
            title = f"{self.words.facets[facet]} : part qui réunit {self.sides(facet)}, par année"
            desc = " ; ".join(said) + "."
            svg = charts.grouped_columns(f"coop-temps-{facet}", title, desc, periods, self.kind_series, values)
            drawn.append((self.words.facets[facet], svg))
        return Picture(drawn, self.kind_series)

    def value_label(self, value: Value) -> str:
        """A univers value as the matrix names it (its label, with its facet when the label alone is vague)."""
        facet, code = value
        return self.words.facet_values.get(facet, {}).get(code, code)

    def matrix(self) -> tuple[list[Value], dict[tuple[Value, Value], int], Picture | None]:
        """Which univers meet which: the values, their counts, and the heatmap (None without values)."""
        order = {(f, v): (i, j) for i, f in enumerate(self.words.facet_values)
                 for j, v in enumerate(self.words.facet_values[f])}
        values = sorted(self.board.values(), key=lambda v: order.get(v, (len(order), 0)))
        counts = self.board.meetings()
        if not values:
            return values, counts, None
        labels = [self.value_label(v) for v in values]
        grid = [[counts[(a, b)] for b in values] for a in values]
        pairs = sorted(((counts[(a, b)], a, b) for i, a in enumerate(values) for b in values[i + 1:]
                        if counts[(a, b)]), key=lambda t: -t[0])[:3]
        strongest = "; ".join(f"{self.value_label(a)} et {self.value_label(b)} : {n}" for n, a, b in pairs)
        desc = ("Pour chaque paire d'univers, le nombre de projets et de rencontres où un acteur de l'un travaille "
                "avec un autre acteur de l'autre ; sur la diagonale, ceux où l'univers est présent. "
                + (f"Les rencontres les plus fréquentes : {strongest}." if strongest else "Aucune rencontre encore."))
        svg = charts.heatmap("coop-matrice", "Quels univers se rencontrent", desc, labels, grid)
        return values, counts, Picture(svg)

    def _units(self, scope: Scope | None) -> list[Unit]:
        """The territories one level below the commons' (without a declared territory: below the
        départements where its actors are), each with its state."""
        if scope is not None:
            places = list(scope.places)
        else:
            geography = territory()
            codes = sorted(code for scale, code in self.board.located if scale == "departement")
            places = [Place("departement", code, geography.departements[code][0]) for code in codes]
        units = []
        for place in places:
            below = subdivisions(place) or [place]
            for unit in below:
                key = (unit.kind, unit.code)
                state = 0 if key in self.board.active else 1 if key in self.board.located else 2
                units.append(Unit(unit, state))
        return sorted(units, key=lambda u: (u.state, name_key(u.place.name), u.place.code))

    def territories_map(self) -> Picture | None:
        """The map of the units by state (None when none has an outline)."""
        geography = territory()
        shapes = {u.place.code: shape for u in self.units if (shape := geography.outline(u.place))}
        if not shapes:
            return None
        counts = [sum(1 for u in self.units if u.state == i) for i in range(len(STATES))]
        desc = " ; ".join(f"{n} {s.name}" for n, s in zip(counts, STATES, strict=True) if n) + "."
        classes = {u.place.code: u.state for u in self.units}
        names = {u.place.code: f"{u.place.name} : {STATES[u.state].name}" for u in self.units}
        svg = charts.choropleth("coop-territoires", "Où les univers se croisent", desc, shapes, classes,
                                [s.colour for s in STATES], names)
        return Picture(svg, STATES)
