"""Counts as French readers write them: « 1 202 communes », « 20 000 volontaires ».

French typography groups the digits of a whole number by three with a narrow no-break space
(U+202F), the separator browsers use for `fr-FR` (`Intl.NumberFormat`), so a count the site
computes again in the browser reads the same. Every count a person reads that may reach a
thousand goes through `french_count`: site pages, `maillage verifier`, the census and draw reports.
Decimals and percentages take a decimal comma (`french_decimal`, `french_percent`).
"""

from __future__ import annotations

NARROW_NO_BREAK_SPACE = "\u202f"


def french_count(value: int) -> str:
    """`1202` → `1 202` (narrow no-break space); below a thousand, as is."""
    return f"{value:,}".replace(",", NARROW_NO_BREAK_SPACE)


def french_decimal(value: float, digits: int = 1) -> str:
    """`1.25` → `1,2` (a decimal comma)."""
    return f"{value:.{digits}f}".replace(".", ",")


def french_percent(fraction: float, digits: int = 1) -> str:
    """`0.973` → `97,3 %`."""
    return f"{french_decimal(fraction * 100, digits)} %"
