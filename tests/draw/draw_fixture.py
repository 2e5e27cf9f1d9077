"""A small commons for draw tests, its outside authorities and helpers, shared through `conftest`.

The commons is a real git repository with a bare "forge" as `origin`, trusting a local test
time-stamping authority and a local test drand network (`fake_authorities`). Time is a
`Clock` the test moves: the commands, the authority and the drand relay all read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from fake_authorities import DrandKey, LocalDrand, LocalTSA
from git import Actor, Repo

from maillage.cli import main
from maillage.model import read_document, render_entry, write_atomic
from maillage.model.datafile import data_file_of, render_data_file

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning: the commitments
WHO = Actor("Coordination du tirage", "tirage@example.org")


@dataclass
class Clock:
    """The time every part of a test reads (commands, authority, relay)."""

    moment: datetime = T0

    def now(self) -> datetime:
        return self.moment

    def at(self, moment: datetime) -> None:
        self.moment = moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


@dataclass
class Authorities:
    """The test authority and relay of a session, reading whatever clock the test sets."""

    tsa: LocalTSA
    drand: LocalDrand
    clock: Clock = field(default_factory=Clock)

    @property
    def chain(self) -> str:
        return self.drand.chain_hash

    def round_after(self, moment: datetime) -> int:
        key = self.drand.key
        return int((moment.timestamp() - key.genesis) // key.period) + 2

    def round_time(self, round_number: int) -> datetime:
        key = self.drand.key
        return datetime.fromtimestamp(key.genesis + (round_number - 1) * key.period, UTC)


@contextmanager
def running_authorities() -> Iterator[Authorities]:
    """A local RFC 3161 authority and drand relay, reading a clock the tests set, stopped after use."""
    clock = Clock()
    with (
        LocalTSA(clock=lambda: clock.now()) as tsa,
        LocalDrand(DrandKey(0x5EED_1234_5678_9ABC_DEF0), clock=lambda: clock.now()) as drand,
    ):
        yield Authorities(tsa, drand, clock)


def actor(pratique: str, milieu: str = "urbain", **extra: Any) -> dict[str, Any]:
    """An actor volunteer for draws, in Charleville-Mézières (Ardennes)."""
    data = {
        "schema_version": 1,
        "nom": extra.pop("nom", f"Acteur {pratique} {milieu}"),
        "forme": "organisation",
        "nature": "association",
        "commune": "08105",
        "echelle": "commune",
        "univers": {"pratique": pratique, "milieu": milieu},
        "volontaire_tirage": True,
    }
    data.update(extra)
    return data


def mixed_actors(amateurs: int = 4, pros: int = 6) -> dict[str, dict[str, Any]]:
    """Amateurs (half rural) and professionals, ids a-01…, p-01…, named « Amateur 1 »…"""
    actors = {
        f"a-{i:02d}": actor("amateur", "rural" if i % 2 else "urbain", nom=f"Amateur {i}")
        for i in range(1, amateurs + 1)
    }
    actors |= {
        f"p-{i:02d}": actor("professionnel", "rural" if i % 3 == 0 else "urbain", nom=f"Pro {i}")
        for i in range(1, pros + 1)
    }
    return actors


@dataclass
class Commons:
    """A test commons: its folder, git repository, draw entry and the authorities it trusts."""

    root: Path
    repo: Repo
    authorities: Authorities

    @property
    def draw(self) -> Path:
        return self.root / "content" / "tirages" / "tirage-essai.md"

    @property
    def clock(self) -> Clock:
        return self.authorities.clock

    def draw_data(self, **overrides: Any) -> dict[str, Any]:
        """A draw: 2 groups of 3, at least one amateur per group, dice then drand, time-stamped."""
        dice_at = T0 + timedelta(hours=1)
        data: dict[str, Any] = {
            "schema_version": 1,
            "titre": "Tirage d'essai",
            "statut": "brouillon",
            "commune": "08105",
            "echelle": "departement",
            "vivier": {"criteres": {"territoire": "departement"}},
            "groupes": {"nombre": 2, "taille": 3},
            "quotas": [{"categorie": {"champ": "pratique", "valeur": "amateur"}, "min_par_groupe": 1}],
            "periode": {"debut": "2026-04-01", "fin": "2026-06-30"},
            "delai_reflexion_jours": 15,
            "alea": {
                "drand": {
                    "chaine": self.authorities.chain,
                    "ronde": self.authorities.round_after(T0 + timedelta(hours=2)),
                },
                "des": {
                    "nombre": 3,
                    "date": dice_at.isoformat(),
                    "lieu": "Charleville-Mézières",
                    "temoins": ["Une élue"],
                },
            },
            "horodatage": {"autorite": "test", "adresse": self.authorities.tsa.url},
        }
        data.update(overrides)
        return data

    def write(self, actors: dict[str, dict[str, Any]], draw: dict[str, Any] | None = None) -> Path:
        for actor_id, data in actors.items():
            write_atomic(self.root / "content" / "acteurs" / f"{actor_id}.md", render_entry(data, "Présentation."))
        write_atomic(self.draw, render_entry(draw or self.draw_data(), "Le texte du tirage reste tel quel."))
        return self.draw

    def commit(self, message: str, push: bool = True) -> str:
        """Commit everything (dated by the test clock, as a coordinator's machine would), then push."""
        self.repo.git.add("-A")
        stamp = f"{int(self.clock.now().timestamp())} +0000"
        commit = self.repo.index.commit(message, author=WHO, committer=WHO, author_date=stamp, commit_date=stamp)
        if push:
            self.repo.git.push("origin", "main")
        return commit.hexsha


def make_commons(root: Path, authorities: Authorities) -> Commons:
    """An empty commons with `autorites/`, in a git repository whose `origin` is a bare forge."""
    forge = Repo.init(root.parent / f"{root.name}-forge.git", bare=True, initial_branch="main")
    repo = Repo.init(root, initial_branch="main")
    repo.create_remote("origin", forge.working_dir if forge.working_dir else str(forge.git_dir))
    (root / "autorites" / "horodatage").mkdir(parents=True)
    (root / "autorites" / "drand").mkdir(parents=True)
    (root / "autorites" / "horodatage" / "test.pem").write_bytes(authorities.tsa.certificates.root_pem())
    info = authorities.drand.key.info() | {"relais": [authorities.drand.url]}
    (root / "autorites" / "drand" / "test.json").write_text(json.dumps(info, indent=1))
    return Commons(root, repo, authorities)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["tirage", *args])


def data_of(path: Path) -> dict[str, Any]:
    """The draw's data, data file merged (as the model loads it)."""
    data = read_document(path).data
    data_file = data_file_of(path)
    if data_file.is_file():
        data.update(json.loads(data_file.read_text("utf-8")))
    return data


def edit(path: Path, change: Any) -> None:
    """Change a draw by hand (entry and data file), as someone with a text editor would."""
    document = read_document(path)
    data_file = data_file_of(path)
    attached = json.loads(data_file.read_text("utf-8")) if data_file.is_file() else {}
    whole = {**document.data, **attached}
    change(whole)
    front = {k: v for k, v in whole.items() if k not in attached}
    write_atomic(path, render_entry(front, document.body))
    if attached:
        write_atomic(data_file, render_data_file({k: whole[k] for k in attached if k in whole}))


def members(path: Path) -> list[str]:
    return [m for g in data_of(path)["resultat"]["groupes"] for m in g["membres"]]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def prepared(commons: Commons, actors: dict[str, dict[str, Any]] | None = None, **draw: Any) -> Path:
    """Prepared at T0 (time-stamped), committed and pushed."""
    commons.clock.at(T0)
    path = commons.write(actors or mixed_actors(), commons.draw_data(**draw))
    ok(cli("preparer", str(path)))
    commons.commit("Engagements du tirage")
    return path


def drawn(commons: Commons, actors: dict[str, dict[str, Any]] | None = None, **draw: Any) -> Path:
    """Prepared, dice recorded at T0+1h, drawn just after the drand round (T0+2h), committed."""
    path = prepared(commons, actors, **draw)
    commons.clock.at(T0 + timedelta(hours=1, minutes=5))
    ok(cli("des", str(path), "3,5,1", "--temoin", "Jeanne Martin, conseillère municipale"))
    commons.commit("Dés")
    round_number = data_of(path)["alea"]["drand"]["ronde"]
    commons.clock.at(commons.authorities.round_time(round_number) + timedelta(minutes=1))
    ok(cli("tirer", str(path)))
    commons.commit("Tirage")
    return path
