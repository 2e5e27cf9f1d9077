#!/usr/bin/env python3
"""Play the demo commons' complete draw, step by step, with real commands and real commits.

The demo's draw (`content/tirages/tirage-de-la-saison-rurale-de-l-ouest-vosgien.md`, a draft)
is taken through its whole life along a fictional autumn 2026 timeline: rules published,
commitments prepared and time-stamped, dice rolled before witnesses and recorded before the
drand round, the run, answers, one decline and its immediate replacement, the last
confirmation. Each step is a git commit dated at its moment, so that the journal is bound to
the history as in a real commons (`maillage tirage verifier` then checks it from any clone).

Its authorities are **demonstration authorities**, declared in `autorites/`: an RFC 3161
time-stamping authority and a drand network whose keys derive from the public constants below.
Anyone can forge their tokens and beacons: in the demo they show how a real draw works, they
prove nothing. A real commons names a real authority (a public or notarial RFC 3161 service)
and the League of Entropy's drand network.

Run it from a clean checkout, once: `.venv/bin/python scripts/demo_draw.py` (it refuses a draw
that is not a draft). It starts the two local authorities (`tests/draw/fake_authorities.py`,
which speak RFC 3161 and drand's HTTP API) on 127.0.0.1:8731 and :8732.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "draw"))

from click.testing import CliRunner  # noqa: E402
from fake_authorities import DrandKey, LocalDrand, LocalTSA, make_certificates  # noqa: E402
from git import Actor, Repo  # noqa: E402

from maillage.cli import main  # noqa: E402
from maillage.draw import clock  # noqa: E402
from maillage.model import read_document, render_entry, write_atomic  # noqa: E402

DRAW = ROOT / "content" / "tirages" / "tirage-de-la-saison-rurale-de-l-ouest-vosgien.md"
AUTHORITIES = ROOT / "autorites"
# The demonstration authorities' secrets: public on purpose.
TSA_SECRET = 0x4D41_494C_4C41_4745_2D44_454D_4F2D_5453_41  # "MAILLAGE-DEMO-TSA"
DRAND_SECRET = 0x4D41_494C_4C41_4745_2D44_454D_4F2D_4452_414E_44  # "MAILLAGE-DEMO-DRAND"
TSA_PORT, DRAND_PORT = 8731, 8732
WHO = Actor("Commission culture de l'Ouest Vosgien (démonstration)", "tirage@exemple.org")


class Timeline:
    """The moment every command and the authorities read."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["tirage", *args])
    print(result.output.rstrip())
    if result.exit_code != 0:
        raise SystemExit(f"échec : maillage tirage {' '.join(args)}")
    return result.output


def commit(repo: Repo, message: str, when: datetime) -> None:
    repo.git.add(
        str(DRAW), str(DRAW.with_suffix(".json")) if DRAW.with_suffix(".json").exists() else str(DRAW), str(AUTHORITIES)
    )
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+0000")
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    repo.git.commit("-m", message, author=f"{WHO.name} <{WHO.email}>", env={**os.environ, **env})
    print(f"commit « {message} » ({repo.head.commit.hexsha[:12]}, {stamp})")


def write_authorities(tsa: LocalTSA, key: DrandKey) -> None:
    (AUTHORITIES / "horodatage").mkdir(parents=True, exist_ok=True)
    (AUTHORITIES / "drand").mkdir(parents=True, exist_ok=True)
    warning = (
        "# Autorité d'horodatage de DÉMONSTRATION du commun des Vosges (scripts/demo_draw.py).\n"
        "# Sa clé privée se déduit d'une constante publique : ses jetons ne prouvent rien.\n"
    )
    (AUTHORITIES / "horodatage" / "demonstration.pem").write_text(warning + tsa.certificates.root_pem().decode())
    info = key.info() | {"relais": [f"http://127.0.0.1:{DRAND_PORT}"]}
    (AUTHORITIES / "drand" / "demonstration.json").write_text(json.dumps(info, indent=1) + "\n")


def edit(change: Any) -> None:
    document = read_document(DRAW)
    change(document.data)
    write_atomic(DRAW, render_entry(document.data, document.body))


def members() -> list[str]:
    data = json.loads(DRAW.with_suffix(".json").read_text())
    return [m for g in data["resultat"]["groupes"] for m in g["membres"]]


def main_script() -> None:
    repo = Repo(ROOT)
    if read_document(DRAW).data.get("statut") != "brouillon":
        raise SystemExit(f"{DRAW} n'est plus un brouillon : le tirage de démonstration est déjà joué")
    timeline = Timeline()
    clock.now = timeline.now  # the fictional timeline, read by the commands and the authorities
    certificates = make_certificates(
        "Horodatage de démonstration (ne prouve rien)",
        secret=TSA_SECRET,
        organization="Maillage — démonstration",
    )
    key = DrandKey(DRAND_SECRET, genesis=1_600_000_000, period=30, beacon_id="maillage-demonstration")
    with (
        LocalTSA(clock=timeline.now, certificates=certificates, port=TSA_PORT) as tsa,
        LocalDrand(key, clock=timeline.now, port=DRAND_PORT) as relay,
    ):
        write_authorities(tsa, key)
        drand_at = datetime(2026, 10, 14, 17, 0, tzinfo=UTC)  # 19 h 00 in Paris
        round_number = int((drand_at.timestamp() - key.genesis) // key.period) + 1

        def rules(data: dict[str, Any]) -> None:
            data["alea"] = {
                "drand": {"chaine": relay.chain_hash, "ronde": round_number},
                "des": {
                    "nombre": 4,
                    "date": "2026-10-14T18:30:00+02:00",
                    "lieu": "MJC Le Trait d'Union, Neufchâteau, réunion publique du tirage",
                    "temoins": ["La présidente de la MJC Le Trait d'Union", "Un·e choriste d'À travers chants"],
                },
            }
            data["horodatage"] = {"autorite": "demonstration", "adresse": tsa.url}

        edit(rules)
        commit(repo, "Démo, tirage de l'Ouest Vosgien : règles définitives et source d'aléa annoncée", timeline.moment)

        timeline.moment = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)
        run("preparer", str(DRAW))
        commit(
            repo,
            "Démo, tirage de l'Ouest Vosgien : engagements préparés et horodatés",
            timeline.moment + timedelta(minutes=5),
        )

        timeline.moment = datetime(2026, 10, 14, 16, 40, tzinfo=UTC)
        run(
            "des",
            str(DRAW),
            "3,6,2,5",
            "--temoin",
            "Claire Bastien, présidente de la MJC Le Trait d'Union",
            "--temoin",
            "Hugo Perrin, choriste d'À travers chants",
        )
        commit(
            repo, "Démo, tirage de l'Ouest Vosgien : dés lancés devant témoins", timeline.moment + timedelta(minutes=2)
        )

        timeline.moment = drand_at + timedelta(minutes=4)
        run(
            "tirer",
            str(DRAW),
            "--relais",
            relay.url,
            "--publication",
            "engagements affichés à la MJC et publiés sur le site du commun le 5 octobre 2026",
        )
        commit(repo, "Démo, tirage de l'Ouest Vosgien : tirage", timeline.moment + timedelta(minutes=2))

        seated = members()
        timeline.moment = datetime(2026, 10, 15, 9, 12, tzinfo=UTC)
        run("confirmer", str(DRAW), seated[0], "--par", "par téléphone")
        timeline.moment = datetime(2026, 10, 16, 14, 30, tzinfo=UTC)
        run("confirmer", str(DRAW), seated[1], "--par", "par courriel")
        commit(repo, "Démo, tirage de l'Ouest Vosgien : deux confirmations", timeline.moment + timedelta(minutes=5))

        timeline.moment = datetime(2026, 10, 17, 10, 5, tzinfo=UTC)
        leaving = _one_who_can_be_replaced(seated[2:])
        run("refuser", str(DRAW), leaving, "--par", "courriel : « pas disponible le samedi »")
        commit(
            repo,
            "Démo, tirage de l'Ouest Vosgien : un désistement, aussitôt remplacé",
            timeline.moment + timedelta(minutes=5),
        )

        timeline.moment = datetime(2026, 10, 20, 17, 45, tzinfo=UTC)
        for number, member in enumerate(m for m in members() if m not in seated[:2]):
            timeline.moment += timedelta(hours=3 * number)
            run("confirmer", str(DRAW), member, "--par", "à la permanence de la MJC")
        commit(
            repo,
            "Démo, tirage de l'Ouest Vosgien : toutes les places confirmées",
            timeline.moment + timedelta(minutes=5),
        )
    run("verifier", str(DRAW))


def _one_who_can_be_replaced(candidates: list[str]) -> str:
    """A seat holder whose decline the reserve can fill (the demo shows a replacement)."""
    from maillage.draw import protocol
    from maillage.draw.store import load_draw

    draw = load_draw(DRAW)
    for candidate in candidates:
        outcome = protocol.answer(draw, candidate, "decline", clock.now())
        if outcome.changes and outcome.changes[0]["entrant"]:
            return candidate
    raise SystemExit("personne dont la réserve puisse prendre la place")


if __name__ == "__main__":
    main_script()
