"""French official identifiers: SIREN, SIRET (Luhn key, La Poste exception) and RNA."""

from __future__ import annotations

import re

_LA_POSTE_SIREN = "356000000"
_RNA = re.compile(r"W[0-9][0-9AB][0-9]{7}")  # W + préfecture code (2A/2B for Corsica) + serial


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn checksum."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_siren(value: str) -> bool:
    """A SIREN: 9 digits with a valid Luhn key."""
    return len(value) == 9 and value.isascii() and value.isdigit() and luhn_valid(value)


def is_siret(value: str) -> bool:
    """A SIRET: 14 digits, Luhn-valid; La Poste's establishments use a digit sum divisible by 5."""
    if not (len(value) == 14 and value.isascii() and value.isdigit()):
        return False
    if value.startswith(_LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        # La Poste numbers its many establishments with a digit-sum rule instead of Luhn.
        return True
    return luhn_valid(value)


def is_rna(value: str) -> bool:
    """An RNA association number: `W` followed by 9 characters (département code included)."""
    return _RNA.fullmatch(value) is not None


