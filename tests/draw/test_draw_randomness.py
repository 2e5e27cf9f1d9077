"""Randomness: the seed and every choice derived from it are reproducible by anyone, anywhere."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from maillage.draw.errors import DrawError
from maillage.draw.randomness import HashStream, check_dice, check_drand_value

SEED = "ab" * 32


def test_stream_numbers_are_sha256_of_seed_label_and_counter() -> None:
    by_hand = hashlib.sha256(bytes.fromhex(SEED) + b"\x00reserve\x00" + (0).to_bytes(8, "big")).digest()
    assert HashStream(SEED, "reserve").block() == int.from_bytes(by_hand, "big")
    assert HashStream(SEED, "reserve").below(1000) == int.from_bytes(by_hand, "big") % 1000


def test_shuffle_is_a_permutation_and_depends_on_the_label() -> None:
    items = [f"acteur-{i}" for i in range(30)]
    first = HashStream(SEED, "type 1").shuffle(items)
    assert sorted(first) == sorted(items)
    assert first == HashStream(SEED, "type 1").shuffle(items)
    assert first != HashStream(SEED, "type 2").shuffle(items)


def test_same_seed_same_choices_in_another_process() -> None:
    code = (
        "import json; from maillage.draw.randomness import HashStream; "
        f"s = HashStream({SEED!r}, 'groupes'); "
        "print(json.dumps([s.below(10**9), s.shuffle(list(range(20)))]))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    stream = HashStream(SEED, "groupes")
    assert json.loads(other.stdout) == [stream.below(10**9), stream.shuffle(list(range(20)))]


@pytest.mark.parametrize("value", ["xyz", "ab" * 31, "g" * 64, "ab" * 33])
def test_drand_value_must_be_64_hexadecimal_characters(value: str) -> None:
    with pytest.raises(DrawError, match="64 caractères hexadécimaux"):
        check_drand_value(value)


def test_dice_must_be_faces_1_to_6_as_many_as_announced() -> None:
    assert check_dice("3, 5,1", 3) == "3,5,1"
    with pytest.raises(DrawError, match="faces de 1 à 6"):
        check_dice("3,7,1", 3)
    with pytest.raises(DrawError, match="2 dé\\(s\\) donné\\(s\\), mais le tirage en annonce 3"):
        check_dice("3,5", 3)
