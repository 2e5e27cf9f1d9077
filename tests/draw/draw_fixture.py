"""Small commons for draw tests (volunteers in Épinal, one draw entry) and CLI helpers, shared through `conftest`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from maillage.cli import main
from maillage.draw.randomness import DRAND_CHAINS, QUICKNET
from maillage.model import read_document, render_entry, write_atomic

COMMITTED = "2026-01-10T10:00:00Z"
DICE_DATE = "2026-01-10T12:00:00Z"
RUN_DATE = "2026-01-10T13:00:00Z"
DRAND_ROUND = DRAND_CHAINS[QUICKNET].first_round_after(datetime(2026, 1, 10, 11, 0, tzinfo=UTC))
DRAND_VALUE = "5a3f" * 16
AFTER_DEADLINE = "2026-01-26T14:00:00Z"  # run + 15 days + 1 hour


def actor(pratique: str, milieu: str = "urbain", **extra: Any) -> dict[str, Any]:
    """An actor volunteer for draws, in Épinal."""
    data = {
        "schema_version": 1,
        "nom": extra.pop("nom", f"Acteur {pratique} {milieu}"),
        "forme": "organisation",
        "nature": "association",
        "commune": "88160",
        "echelle": "commune",
        "univers": {"pratique": pratique, "milieu": milieu},
        "volontaire_tirage": True,
    }
    data.update(extra)
    return data


def draw_data(**overrides: Any) -> dict[str, Any]:
    """A draw entry: 2 groups of 3, at least one amateur per group, dice and drand."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "titre": "Tirage d'essai",
        "statut": "brouillon",
        "commune": "88160",
        "echelle": "departement",
        "vivier": {"criteres": {"territoire": "departement"}},
        "groupes": {"nombre": 2, "taille": 3},
        "quotas": [{"categorie": {"champ": "pratique", "valeur": "amateur"}, "min_par_groupe": 1}],
        "periode": {"debut": "2026-02-01", "fin": "2026-06-30"},
        "delai_reflexion_jours": 15,
        "alea": {
            "drand": {"chaine": QUICKNET, "ronde": DRAND_ROUND},
            "des": {"nombre": 3, "date": DICE_DATE, "lieu": "Épinal"},
        },
    }
    data.update(overrides)
    return data


Builder = Callable[..., Path]


def mixed_actors(amateurs: int = 4, pros: int = 6) -> dict[str, dict[str, Any]]:
    """Amateurs (half rural) and professionals, ids a-01…, p-01…"""
    actors = {f"a-{i:02d}": actor("amateur", "rural" if i % 2 else "urbain") for i in range(1, amateurs + 1)}
    actors |= {f"p-{i:02d}": actor("professionnel", "rural" if i % 3 == 0 else "urbain") for i in range(1, pros + 1)}
    return actors


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["tirage", *args])


def data_of(path: Path) -> dict[str, Any]:
    return read_document(path).data


def edit(path: Path, change: Any) -> None:
    """Change an entry by hand, as a contributor would in a text editor."""
    document = read_document(path)
    change(document.data)
    write_atomic(path, render_entry(document.data, document.body))


def prepared(make_draw: Builder, **draw: Any) -> Path:
    path = make_draw(mixed_actors(), draw_data(**draw))
    result = cli("preparer", str(path), "--maintenant", COMMITTED)
    assert result.exit_code == 0, result.output
    return path


def drawn(make_draw: Builder) -> Path:
    path = prepared(make_draw)
    result = cli("tirer", str(path), "--drand-valeur", DRAND_VALUE, "--des", "3,5,1", "--maintenant", RUN_DATE)
    assert result.exit_code == 0, result.output
    return path


def members(path: Path) -> list[str]:
    return [m for g in data_of(path)["resultat"]["groupes"] for m in g["membres"]]
