"""Public randomness and the deterministic stream derived from it.

The seed is SHA-256 over the commitments and the public random values (a drand round's
`randomness`, dice faces). Every random choice then comes from a SHA-256 counter-mode stream:
the k-th number of the stream named L is the integer read (big-endian) from
SHA-256(seed ‖ 0x00 ‖ L ‖ 0x00 ‖ k on 8 bytes big-endian). A number below m is that integer
modulo m, redrawn with k+1 in the (astronomically rare) case it falls in the incomplete last
block of 2^256 — so it is exactly uniform, and anyone can redo it by hand with `sha256sum`.
No language-specific generator (Python's `random`, numpy) is involved.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.canonical import fingerprint
from maillage.draw.errors import DrawError
from maillage.model.dates import parse_moment

_HEX64 = re.compile(r"[0-9a-f]{64}")
_DICE = re.compile(r"[1-6](,[1-6])*")


@dataclass(frozen=True, slots=True)
class DrandChain:
    """A drand network: rounds are published every `period` seconds from `genesis`."""

    name: str
    genesis: int
    period: int

    def round_time(self, round_number: int) -> datetime:
        """When a round is published (round 1 at genesis)."""
        return datetime.fromtimestamp(self.genesis + (round_number - 1) * self.period, UTC)

    def first_round_after(self, moment: datetime) -> int:
        """The first round published strictly after a moment."""
        elapsed = int(moment.timestamp()) - self.genesis
        return max(1, elapsed // self.period + 2)


# The League of Entropy's public chains (https://drand.love/docs/http-api-reference).
DRAND_CHAINS: dict[str, DrandChain] = {
    "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971": DrandChain("quicknet", 1692803367, 3),
    "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce": DrandChain("default", 1595431050, 30),
}
QUICKNET = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"


def parse_datetime(text: str, field: str) -> datetime:
    """An ISO 8601 date and time with a time zone, or a French refusal."""
    moment = parse_moment(text)
    if moment is None:
        raise DrawError(msg.BAD_DATETIME.format(value=text, field=field), field)
    if moment.tzinfo is None:
        raise DrawError(msg.DATETIME_WITHOUT_ZONE.format(value=text, field=field), field)
    return moment


# How far ahead of this machine's clock a date may be and still count as "now" (clock skew).
CLOCK_TOLERANCE = timedelta(minutes=5)


def format_datetime(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second: how the draw writes every date."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def drand_chain(chain_hash: str) -> DrandChain:
    """The known drand chain with this hash, or a French refusal."""
    chain = DRAND_CHAINS.get(chain_hash)
    if chain is None:
        known = ", ".join(f"{c.name} ({h})" for h, c in DRAND_CHAINS.items())
        raise DrawError(msg.DRAND_UNKNOWN_CHAIN.format(chain=chain_hash, known=known), "alea.drand.chaine")
    return chain


def check_sources_before(alea: dict[str, Any], committed: datetime) -> None:
    """Refuse randomness that exists already (or may) when the commitments are made."""
    drand = alea.get("drand")
    if drand:
        chain = drand_chain(drand["chaine"])
        published = chain.round_time(drand["ronde"])
        if published <= committed:
            raise DrawError(
                msg.DRAND_ROUND_TOO_EARLY.format(
                    round=drand["ronde"],
                    published=format_datetime(published),
                    committed=format_datetime(committed),
                    suggestion=chain.first_round_after(committed + timedelta(minutes=10)),
                ),
                "alea.drand.ronde",
            )
    dice = alea.get("des")
    if dice:
        rolled = parse_datetime(dice["date"], "alea.des.date")
        if rolled <= committed:
            raise DrawError(
                msg.DICE_TOO_EARLY.format(rolled=dice["date"], committed=format_datetime(committed)),
                "alea.des.date",
            )


def check_drand_value(value: str) -> str:
    """A drand `randomness` value: 64 lowercase hexadecimal characters."""
    value = value.strip().lower()
    if not _HEX64.fullmatch(value):
        raise DrawError(msg.DRAND_BAD_VALUE.format(value=value[:80]), "alea.drand.valeur")
    return value


def check_dice(value: str, expected: int) -> str:
    """Dice faces "3,5,1": as many as announced, each from 1 to 6."""
    value = value.replace(" ", "")
    if not _DICE.fullmatch(value):
        raise DrawError(msg.DICE_BAD_FORMAT.format(value=value[:80]), "alea.des.resultat")
    count = value.count(",") + 1
    if count != expected:
        raise DrawError(msg.DICE_BAD_COUNT.format(count=count, expected=expected), "alea.des.resultat")
    return value


def seed(commitments: dict[str, Any], alea: dict[str, Any]) -> str:
    """SHA-256 of the commitments and the public random values (canonical JSON)."""
    drand = alea.get("drand")
    dice = alea.get("des")
    return fingerprint(
        {
            "engagements": {k: commitments[k] for k in ("date", "vivier", "regles", "distribution", "logiciel")},
            "drand": {k: drand[k] for k in ("chaine", "ronde", "valeur")} if drand else None,
            "des": dice["resultat"] if dice else None,
        }
    )


class HashStream:
    """Uniform integers from a SHA-256 counter-mode stream (see the module docstring)."""

    def __init__(self, seed_hex: str, label: str):
        self._prefix = bytes.fromhex(seed_hex) + b"\x00" + label.encode("utf-8") + b"\x00"
        self.counter = 0

    def block(self) -> int:
        """The next 256-bit number of the stream."""
        digest = hashlib.sha256(self._prefix + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(digest, "big")

    def below(self, bound: int) -> int:
        """A uniform integer in [0, bound)."""
        if bound <= 0:
            raise ValueError("bound must be positive")
        limit = (1 << 256) - (1 << 256) % bound
        while True:
            number = self.block()
            if number < limit:
                return number % bound

    def shuffle(self, items: list[Any]) -> list[Any]:
        """A new list: Fisher–Yates from the last position down, j = below(i + 1)."""
        result = list(items)
        for i in range(len(result) - 1, 0, -1):
            j = self.below(i + 1)
            result[i], result[j] = result[j], result[i]
        return result
