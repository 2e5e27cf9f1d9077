"""The seed and the deterministic stream derived from it.

The seed is SHA-256 over the canonical JSON of the commitments' digest and the public random
values (a drand round's `randomness`, dice faces). Every random choice then comes from a SHA-256 counter-mode stream:
the k-th number of the stream named L is the integer read (big-endian) from
SHA-256(seed ‖ 0x00 ‖ L ‖ 0x00 ‖ k on 8 bytes big-endian). A number below m is that integer
modulo m, redrawn with k+1 in the (astronomically rare) case it falls in the incomplete last
block of 2^256 — so it is exactly uniform, and anyone can redo it by hand with `sha256sum`.
No language-specific generator (Python's `random`, numpy) is involved.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.canonical import fingerprint
from maillage.draw.errors import DrawError

_HEX64 = re.compile(r"[0-9a-f]{64}")
_DICE = re.compile(r"[1-6](,[1-6])*")


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


def seed(commitments_digest: str, alea: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON {"des": faces or null, "drand": {chaine, ronde, valeur} or
    null, "engagements": digest of the commitments}."""
    drand = alea.get("drand")
    dice = alea.get("des")
    return fingerprint(
        {
            "engagements": commitments_digest,
            "drand": {k: drand.get(k) for k in ("chaine", "ronde", "valeur")} if drand else None,
            "des": dice.get("resultat") if dice else None,
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
