"""The regional merge uses the census linkage with its regional settings: two local commons of the
same towns (the Ardennes) whose actors have confusable names (« Big band de Sedan », « Ciné-club
de Sedan »), sharing none, then sharing a few actors each describes in its own words."""

from __future__ import annotations

from pathlib import Path

from bench_census_synthetic import two_commons
from maillage.meet.regional import regional


def _ids(actor) -> set[str]:  # type: ignore[no-untyped-def]
    return {origin.record["id"] for origin in actor.origins}


def test_two_commons_sharing_none_are_never_merged(tmp_path: Path) -> None:
    locations, _ = two_commons(tmp_path, actors=80, planted=0, seed=11)
    region = regional(locations)
    assert region.method == "splink", region.note
    assert len(region.actors) == 160
    assert all(len(actor.origins) == 1 for actor in region.actors)


def test_planted_shared_actors_are_found(tmp_path: Path) -> None:
    locations, _ = two_commons(tmp_path, actors=60, planted=8, seed=12)
    region = regional(locations)
    shared = [a for a in region.actors if len(a.origins) == 2]
    assert all(len(_ids(actor)) == 1 for actor in region.actors)  # never two actors in one
    assert len(shared) >= 7  # the second commons names them its own way, without identifiers
    assert len(region.actors) == 2 * 60 + 8 + (8 - len(shared))
