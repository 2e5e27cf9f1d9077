"""Numbers as French readers write them (`maillage.model.numbers`)."""

from __future__ import annotations

import pytest

from maillage.model.numbers import french_count, french_decimal, french_percent


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0"), (7, "7"), (999, "999"), (1202, "1\u202f202"), (20000, "20\u202f000"), (34935, "34\u202f935"),
    (1234567, "1\u202f234\u202f567"),
])
def test_digits_are_grouped_by_three_with_a_narrow_no_break_space(value: int, shown: str) -> None:
    assert french_count(value) == shown


def test_decimals_and_percentages_take_a_decimal_comma() -> None:
    assert french_decimal(0.2) == "0,2" and french_decimal(1.256, 2) == "1,26"
    assert french_percent(0.973) == "97,3 %" and french_percent(1.0) == "100,0 %"
