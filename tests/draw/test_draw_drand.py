"""drand: the League of Entropy's networks as published, real beacons accepted, forged ones refused,
and rounds read from a relay speaking drand's HTTP API.

The real beacons are published rounds, as printed in the documentation of drand-verify (noislabs)
and its Python binding: quicknet round 657413 and default (chained) rounds 72785 and 3311596.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from draw_fixture import Commons, cli, data_of, ok, prepared
from fake_authorities import DrandKey

from maillage.draw.drand import LEAGUE_OF_ENTROPY, Beacon, Network, fetch_beacon, verify_beacon
from maillage.draw.errors import DrawError

QUICKNET, DEFAULT = LEAGUE_OF_ENTROPY
QUICKNET_657413 = Beacon(
    657413, "b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b"
)
DEFAULT_3311596 = Beacon(
    3311596,
    "a696b9409ababce45749c3a4ec369074453dd4a79967734e1390d969c8ad8d98897d217b9121e92c8ddebbddda8d92f9"
    "00e3bd6bf9deb166863b1a19390d743f82774001487594c5c09e581db7365f02b70a2c8cc41ce32446ef08e4890c4754",
    "8ed588f2a7716fb1349e2d9803da5db0005e98a83783c353d4a08f183236a9ad91d70ddb01266f4b7c576983db464b43"
    "0e65680b9e0098552758afd6c1e6afcb77e3f62fe1b93d42d1cb63abbb2205512fe12fbf74ea9c5ac3b8f5c1e283a1d8",
)
DEFAULT_72785 = Beacon(
    72785,
    "82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b8"
    "0f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42",
    "a609e19a03c2fcc559e8dae14900aaefe517cb55c840f6e69bc8e4f66c8d18e8a609685d9917efbfb0c37f058c2de88f"
    "13d297c7e19e0ab24813079efe57a182554ff054c7638153f9b26a60e7111f71a0ff63d9571704905d3ca6df0b031747",
)


def test_league_of_entropy_chain_hashes_are_those_drand_publishes() -> None:
    assert QUICKNET.chain_hash == "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
    assert DEFAULT.chain_hash == "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce"
    assert QUICKNET.round_time(1) == datetime.fromtimestamp(1692803367, UTC)
    assert QUICKNET.round_time(11).timestamp() == 1692803367 + 30


@pytest.mark.parametrize(
    ("network", "beacon", "randomness"),
    [
        (QUICKNET, QUICKNET_657413, "fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587"),
        (DEFAULT, DEFAULT_3311596, "647c07b2abbf7ff2afb4d670214f565e5cd9f9c91bfdcecb59a21f3c78d73920"),
        (DEFAULT, DEFAULT_72785, None),
    ],
)
def test_real_league_of_entropy_beacons_are_accepted(network: Network, beacon: Beacon, randomness: str | None) -> None:
    value = verify_beacon(network, beacon)
    assert value == beacon.randomness
    if randomness:
        assert value == randomness


@pytest.mark.parametrize(
    ("network", "beacon"),
    [
        (QUICKNET, Beacon(657414, QUICKNET_657413.signature)),  # a valid signature, for another round
        (DEFAULT, Beacon(72786, DEFAULT_72785.signature, DEFAULT_72785.previous_signature)),
        (DEFAULT, Beacon(72785, DEFAULT_72785.signature, DEFAULT_3311596.previous_signature)),
        (QUICKNET, Beacon(3311596, DEFAULT_3311596.signature)),  # another network's signature
        (DEFAULT, Beacon(657413, QUICKNET_657413.signature, DEFAULT_72785.previous_signature)),
        (QUICKNET, Beacon(657413, "c0" + "00" * 47)),  # not a point of the curve
    ],
)
def test_forged_or_misplaced_beacons_are_refused(network: Network, beacon: Beacon) -> None:
    with pytest.raises(DrawError, match="ne correspond pas à la ronde"):
        verify_beacon(network, beacon)


def test_a_chained_beacon_without_its_previous_signature_is_refused() -> None:
    with pytest.raises(DrawError, match="previous_signature"):
        verify_beacon(DEFAULT, Beacon(72785, DEFAULT_72785.signature))


@pytest.mark.parametrize("scheme", ["bls-unchained-g1-rfc9380", "pedersen-bls-chained"])
def test_a_test_network_is_known_by_its_info_and_its_beacons_verify(scheme: str) -> None:
    key = DrandKey(987654321, scheme=scheme)
    network = Network.from_info(key.info(), "essai")
    beacon = key.beacon(42)
    assert (
        verify_beacon(network, Beacon(42, beacon["signature"], beacon.get("previous_signature")))
        == beacon["randomness"]
    )
    other = DrandKey(123456789, scheme=scheme).beacon(42)  # same round, someone else's key
    with pytest.raises(DrawError):
        verify_beacon(network, Beacon(42, other["signature"], other.get("previous_signature")))


def test_a_network_whose_hash_is_not_that_of_its_key_is_refused() -> None:
    info = DrandKey(987654321).info()
    info["public_key"] = DrandKey(123456789).info()["public_key"]  # the key swapped, the hash kept
    with pytest.raises(DrawError, match="n'est pas celui de sa description"):
        Network.from_info(info, "truquee")


def test_rounds_are_read_from_a_relay_speaking_drands_http_api(commons: Commons) -> None:
    relay = commons.authorities.drand
    network = Network.from_info(relay.key.info(), "essai")
    commons.clock.at(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    published = commons.authorities.round_after(commons.clock.now()) - 2
    beacon = fetch_beacon(network, published, (relay.url,))
    assert verify_beacon(network, beacon) == relay.key.beacon(published)["randomness"]
    assert f"/{network.chain_hash}/public/{published}" in relay.served
    with pytest.raises(DrawError, match="HTTP 425"):
        fetch_beacon(network, published + 1000, (relay.url,))
    with pytest.raises(DrawError, match="impossible de lire la ronde"):
        fetch_beacon(network, published, ("http://127.0.0.1:9",))


def test_run_reads_the_round_verifies_it_and_refuses_before_it_is_published(commons: Commons) -> None:
    path = prepared(
        commons,
        alea={
            "drand": {
                "chaine": commons.authorities.chain,
                "ronde": commons.authorities.round_after(datetime(2026, 3, 2, 11, tzinfo=UTC)),
            }
        },
    )
    commons.clock.at(datetime(2026, 3, 2, 10, 30, tzinfo=UTC))
    early = cli("tirer", str(path))
    assert early.exit_code == 1
    assert "n'est pas encore publiée : elle le sera le 2 mars à 12 h 00" in early.output
    commons.clock.at(datetime(2026, 3, 2, 11, 1, tzinfo=UTC))
    ok(cli("tirer", str(path)))
    drand = data_of(path)["alea"]["drand"]
    assert drand["valeur"] == commons.authorities.drand.key.beacon(drand["ronde"])["randomness"]
    assert "signature" in drand


def test_run_by_hand_refuses_a_wrong_value_and_another_rounds_signature(commons: Commons) -> None:
    round_number = commons.authorities.round_after(datetime(2026, 3, 2, 11, tzinfo=UTC))
    path = prepared(commons, alea={"drand": {"chaine": commons.authorities.chain, "ronde": round_number}})
    commons.clock.at(datetime(2026, 3, 2, 11, 1, tzinfo=UTC))
    key = commons.authorities.drand.key
    genuine = key.beacon(round_number)
    wrong_value = cli("tirer", str(path), "--drand-signature", genuine["signature"], "--drand-valeur", "ab" * 32)
    assert wrong_value.exit_code == 1
    assert "n'est pas le SHA-256 de la signature" in wrong_value.output
    another = cli("tirer", str(path), "--drand-signature", key.beacon(round_number - 1)["signature"])
    assert another.exit_code == 1
    assert "ne correspond pas à la ronde" in another.output
    value_only = cli("tirer", str(path), "--drand-valeur", genuine["randomness"])
    assert value_only.exit_code == 1
    assert "une valeur drand seule ne se vérifie pas" in value_only.output
    assert data_of(path)["statut"] == "prepare"
    ok(cli("tirer", str(path), "--drand-signature", genuine["signature"]))
