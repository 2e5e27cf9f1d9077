"""Charts drawn at build time as inline SVG: no third-party script, nothing to download.

Each function returns one `<svg role="img">` with a `<title>` and a `<desc>` (what the picture
says, in words) that the page links to its data table; the page puts the table behind a
disclosure. Every text is escaped here. Colours are presentation attributes, never `style` (the
site's Content-Security-Policy allows no inline style); text in the charts keeps a 4.5:1 contrast
with what is behind it, and shapes a 3:1 contrast with the page (WCAG 1.4.3, 1.4.11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from maillage.model import outlines

INK = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white: axis labels and lines
WIDTH = 400  # units of the drawings: the page scales them to the column (font 13 stays legible on a phone)
FONT = 13


@dataclass(frozen=True)
class Series:
    """A named, coloured part of a chart (a segment of a bar, a bar of a group); `ink`: text on it."""

    name: str
    colour: str
    ink: str = "#ffffff"


@dataclass(frozen=True)
class BarRow:
    """One bar of a stacked bar chart: its label, its heading (the group it opens, if any), the
    count of each series, and the figure written at its end."""

    label: str
    counts: tuple[int, ...]
    end: str
    heading: str | None = None


def _svg(ident: str, title: str, desc: str, width: float, height: float, body: str) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="maillage-chart" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-labelledby="{i}-titre {i}-desc" font-family="sans-serif" font-size="{f}">'
        '<title id="{i}-titre">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg>'
    ).format(w=_n(width), h=_n(height), i=ident, f=FONT, t=title, d=desc, b=Markup(body))


def _n(value: float) -> str:
    """A coordinate as short as it can be written."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, value: str, *, anchor: str = "start", fill: str = INK, weight: str = "normal",
          extra: str = "") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}" font-weight="{weight}"{extra}>'
            f"{escape(value)}</text>")


def stacked_bars(ident: str, title: str, desc: str, series: Sequence[Series], rows: Sequence[BarRow]) -> Markup:
    """Horizontal bars of equal length (100 %), each split in its series' counts (written inside
    when there is room), grouped under headings, with a figure at the end of each bar."""
    label_width, end_width, bar_height, gap = 84.0, 50.0, 18.0, 6.0
    left, right = label_width, WIDTH - end_width
    parts, y = [], 0.0
    for row in rows:
        if row.heading is not None:
            y += 22
            parts.append(_text(0, y - 6, row.heading, weight="bold"))
        parts.append(_text(label_width - 6, y + bar_height - 5, row.label, anchor="end"))
        total = sum(row.counts)
        x = left
        for count, part in zip(row.counts, series, strict=True):
            if not count:
                continue
            width = (right - left) * count / total
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(bar_height)}" '
                         f'fill="{part.colour}"><title>{escape(part.name)} : {count}</title></rect>')
            if width >= 16:
                parts.append(_text(x + width / 2, y + bar_height - 5, str(count), anchor="middle", fill=part.ink))
            x += width
        if total:
            parts.append(f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(right - left)}" height="{_n(bar_height)}" '
                         f'fill="none" stroke="{INK}" stroke-width="1"/>')
        parts.append(_text(right + 6, y + bar_height - 5, row.end, weight="bold"))
        y += bar_height + gap
    return _svg(ident, title, desc, WIDTH, y, "".join(parts))


def grouped_columns(
    ident: str, title: str, desc: str, periods: Sequence[str], series: Sequence[Series],
    values: Sequence[Sequence[int | None]],
) -> Markup:
    """Vertical bars of percentages (0–100) per period, one per series side by side; `values[s][p]`
    is None where the series has nothing in that period (written « – »)."""
    width, height, axis, top, bottom = 240.0, 170.0, 40.0, 18.0, 22.0
    plot = height - top - bottom
    slot = (width - axis) / max(len(periods), 1)
    bar = min(22.0, (slot - 8) / max(len(series), 1))
    parts = []
    for tick in (0, 50, 100):
        y = top + plot * (1 - tick / 100)
        parts.append(f'<line x1="{_n(axis)}" x2="{_n(width)}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GRID}" '
                     f'stroke-width="{1 if tick == 0 else 0.5}"/>')
        parts.append(_text(axis - 4, y + 4, f"{tick} %", anchor="end", fill=GRID, extra=' font-size="10"'))
    for p, period in enumerate(periods):
        start = axis + p * slot + (slot - bar * len(series)) / 2
        for s, part in enumerate(series):
            value = values[s][p]
            x = start + s * bar
            if value is None:
                parts.append(_text(x + bar / 2, top + plot - 3, "–", anchor="middle", fill=GRID))
                continue
            bar_height = plot * value / 100
            parts.append(f'<rect x="{_n(x + 1)}" y="{_n(top + plot - bar_height)}" width="{_n(bar - 2)}" '
                         f'height="{_n(bar_height)}" fill="{part.colour}"><title>{escape(part.name)}, '
                         f'{escape(period)} : {value} %</title></rect>')
            parts.append(_text(x + bar / 2, top + plot - bar_height - 3, str(value), anchor="middle",
                               extra=' font-size="10"'))
        parts.append(_text(axis + p * slot + slot / 2, height - 6, period, anchor="middle", extra=' font-size="11"'))
    return _svg(ident, title, desc, width, height, "".join(parts))


def heatmap(ident: str, title: str, desc: str, labels: Sequence[str], counts: Sequence[Sequence[int]]) -> Markup:
    """A square matrix of counts: rows and columns share their labels (columns written slanted);
    the darker a cell, the larger its count, which is written in it."""
    cell, label_width = 30.0, 168.0
    head = max((len(label) for label in labels), default=0) * 5.2 + 14
    largest = max((c for row in counts for c in row), default=0) or 1
    size = len(labels)
    parts = []
    for j, label in enumerate(labels):
        x = label_width + j * cell + cell / 2
        parts.append(_text(x, head - 4, label, extra=f' transform="rotate(-50 {_n(x)} {_n(head - 4)})"'))
    for i, label in enumerate(labels):
        y = head + i * cell
        parts.append(_text(label_width - 6, y + cell / 2 + 4, label, anchor="end"))
        for j, count in enumerate(counts[i]):
            x = label_width + j * cell
            # From white to the site's indigo (#283593).
            rgb = tuple(round(255 + (c - 255) * count / largest) for c in (0x28, 0x35, 0x93))
            fill = "#{:02x}{:02x}{:02x}".format(*rgb)
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cell)}" height="{_n(cell)}" fill="{fill}" '
                         f'stroke="{GRID}" stroke-width="0.5"><title>{escape(labels[i])} et '
                         f'{escape(labels[j])} : {count}</title></rect>')
            ink = INK if _contrast(rgb, (0x1A, 0x1A, 0x1A)) >= _contrast(rgb, (255, 255, 255)) else "#ffffff"
            parts.append(_text(x + cell / 2, y + cell / 2 + 4, str(count), anchor="middle", fill=ink))
    width = label_width + size * cell + head * 0.65
    return _svg(ident, title, desc, width, head + size * cell + 2, "".join(parts))


def choropleth(
    ident: str, title: str, desc: str, shapes: dict[str, outlines.MultiPolygon], classes: dict[str, int],
    colours: Sequence[str], names: dict[str, str],
) -> Markup:
    """Outlines (by code) filled with the colour of their class, each named in a tooltip."""
    view_box, paths = outlines.svg_paths(shapes, WIDTH)
    drawn = "".join(
        f'<path d="{paths[code]}" fill="{colours[classes[code]]}"><title>{escape(names[code])}</title></path>'
        for code in sorted(paths) if paths[code]
    )
    _, _, width, height = view_box.split()
    body = f'<g stroke="#555555" stroke-width="0.6">{drawn}</g>'
    return _svg(ident, title, desc, float(width), float(height), body)


def _luminance(rgb: tuple[int, ...]) -> float:
    """Relative luminance (WCAG 2)."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Contrast ratio of two colours (WCAG 2): the text of a cell takes the better of dark or white."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def swatch(colour: str) -> Markup:
    """A small square of a series' colour, for a legend written in HTML beside a chart."""
    return Markup(
        '<svg class="maillage-swatch" width="14" height="14" aria-hidden="true" focusable="false">'
        '<rect x="0.5" y="0.5" width="13" height="13" fill="{}" stroke="#555555"/></svg>'
    ).format(colour)
