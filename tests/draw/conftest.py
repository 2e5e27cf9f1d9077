"""Fixtures of the draw tests: the outside authorities (one of each per session), a settable
clock, and a fresh commons in git for each test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests run with --import-mode=importlib: make the shared fixture modules importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from draw_fixture import Authorities, Clock, Commons, make_commons, running_authorities

from maillage.draw import clock as draw_clock


@pytest.fixture(scope="session")
def test_authorities() -> Iterator[Authorities]:
    """A local RFC 3161 authority and drand relay for the whole session, reading a shared clock."""
    with running_authorities() as authorities:
        yield authorities


@pytest.fixture
def commons(tmp_path: Path, test_authorities: Authorities, monkeypatch: pytest.MonkeyPatch) -> Commons:
    """A fresh commons in git (with a forge to push to); the draw's clock is the test's."""
    test_authorities.clock = Clock()
    clock = test_authorities.clock
    # The authority and relay read `test_authorities.clock` through their lambdas' closure: rebind.
    test_authorities.tsa.clock = lambda: test_authorities.clock.now()
    test_authorities.drand.clock = lambda: test_authorities.clock.now()
    monkeypatch.setattr(draw_clock, "now", clock.now)
    return make_commons(tmp_path / "commun", test_authorities)
