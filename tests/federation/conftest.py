"""Fixtures of the regional commons' tests: two local commons published over HTTP, a regional one.

- `local_servers` (session): the Ardennes and Moselle commons (see `regional_commons.py`), built at their
  public addresses, their sites served on 127.0.0.1 by servers a test can make fail (`status`)
  or serve a changed file (`replaced`), as a host going down or a publication caught halfway.
- `region_site` (session): the Grand Est commons gathering both (`communs_locaux` naming their
  `donnees/` over HTTP), built strictly with its search index.
- `degraded_site` (session): the same commons built again while the Ardennes server answers 503
  and the Moselle one serves an `acteurs.json` that no longer matches its manifest.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import regional_commons as R
from regional_servers import LocalServer, running


@dataclass
class Region:
    """The three commons: where they are, their servers, the regional commons' built site."""

    folder: Path
    ardennes: Path
    moselle: Path
    grand_est: Path
    servers: dict[str, LocalServer] = field(default_factory=dict)


@pytest.fixture(scope="package")
def local_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    """The two local commons, built and served, and the regional commons started (not built)."""
    folder = tmp_path_factory.mktemp("region")
    ardennes = R.start(folder, "ardennes", "--departement", "Ardennes", R.ARDENNES)
    moselle = R.start(folder, "moselle", "--departement", "57", R.MOSELLE)
    grand_est = R.start(folder, "grand-est", "--region", "Grand Est", R.GRAND_EST)
    options = {"git_dates": False, "search_index": False}
    R.build(ardennes, "https://ardennes.example.org/", **options)
    R.build(moselle, "https://moselle.example.org/", **options)
    with running(ardennes / "site") as first, running(moselle / "site") as second:
        R.declare_local_commons(grand_est, [{"adresse": first.data_url, "cle": "ardennes"},
                                            {"adresse": second.data_url, "cle": "moselle"}])
        yield Region(folder, ardennes, moselle, grand_est, {"ardennes": first, "moselle": second})


@pytest.fixture(scope="package")
def region_site(local_servers: Region) -> Path:
    """The Grand Est commons built while both local commons answer."""
    return R.build(local_servers.grand_est, "https://grand-est.example.org/", git_dates=False)


@pytest.fixture(scope="package")
def degraded_site(local_servers: Region, region_site: Path) -> Path:
    """The Grand Est commons built again, one local commons down and the other one invalid."""
    ardennes, moselle = local_servers.servers["ardennes"], local_servers.servers["moselle"]
    original = (local_servers.moselle / "site" / "donnees" / "acteurs.json").read_bytes()
    ardennes.status = 503
    moselle.replaced["acteurs.json"] = original.replace(b"Harmonie municipale", "Harmonie modifiée".encode())
    try:
        site = local_servers.folder / "grand-est-degradé"
        R.build(local_servers.grand_est, "https://grand-est.example.org/", site_dir=site, git_dates=False)
    finally:
        ardennes.status = 200
        moselle.replaced.clear()
    return site
