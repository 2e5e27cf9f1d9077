"""drand networks and beacons: when a round is published, and whether a beacon is genuine.

A drand network is known by its *chain info* (public key, period, genesis time, group hash,
scheme, beacon id); its chain hash is the SHA-256 of that info (drand's specification, "Root of
trust": period as 4 bytes and genesis as 8 bytes big-endian, the compressed public key, the
group hash, then the beacon id unless it is "default"), so a network cannot be passed off
under another network's hash. The League of Entropy's two main networks are built in:

- `default` (chain 8990e7a9…51b2ce, scheme pedersen-bls-chained): public key on G1,
  signatures on G2 over SHA-256(previous signature ‖ round), a round every 30 s;
- `quicknet` (chain 52db9ba7…84e971, scheme bls-unchained-g1-rfc9380): public key on G2,
  signatures on G1 over SHA-256(round), hashed to the curve with the RFC 9380 suite
  BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_, a round every 3 s.

A commons may declare other networks (a test or demonstration network) as chain-info JSON
files in `autorites/drand/` (see `authorities`). A beacon's `randomness` is SHA-256 of its
signature; the signature is checked offline with py_ecc's BLS12-381 pairing (imported on use).
"""

from __future__ import annotations

import hashlib
import json
import struct
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.errors import DrawError

CHAINED = "pedersen-bls-chained"
UNCHAINED = "pedersen-bls-unchained"
G1_RFC9380 = "bls-unchained-g1-rfc9380"
SCHEMES = (CHAINED, UNCHAINED, G1_RFC9380)
_DST_G2 = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_"
_DST_G1 = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"

# The League of Entropy's public HTTP relays (drand documentation, "HTTP API").
PUBLIC_RELAYS = (
    "https://api.drand.sh",
    "https://drand.cloudflare.com",
    "https://api2.drand.sh",
    "https://api3.drand.sh",
)


@dataclass(frozen=True, slots=True)
class Network:
    """A drand network, from its chain info."""

    name: str
    public_key: str
    period: int
    genesis: int
    group_hash: str
    scheme: str
    beacon_id: str
    league_of_entropy: bool = False

    @property
    def chain_hash(self) -> str:
        """SHA-256 of the chain info, as drand computes it."""
        data = struct.pack(">I", self.period) + struct.pack(">q", self.genesis)
        data += bytes.fromhex(self.public_key) + bytes.fromhex(self.group_hash)
        if self.beacon_id not in ("", "default"):
            data += self.beacon_id.encode("utf-8")
        return hashlib.sha256(data).hexdigest()

    @property
    def chained(self) -> bool:
        """Whether each signature also covers the previous one."""
        return self.scheme == CHAINED

    def round_time(self, round_number: int) -> datetime:
        """When a round is published (round 1 at genesis)."""
        return datetime.fromtimestamp(self.genesis + (round_number - 1) * self.period, UTC)

    def first_round_after(self, moment: datetime) -> int:
        """The first round published strictly after a moment."""
        elapsed = int(moment.timestamp()) - self.genesis
        return max(1, elapsed // self.period + 2)

    def info(self) -> dict[str, Any]:
        """The chain info as drand's `/info` endpoint returns it."""
        return {
            "public_key": self.public_key,
            "period": self.period,
            "genesis_time": self.genesis,
            "hash": self.chain_hash,
            "groupHash": self.group_hash,
            "schemeID": self.scheme,
            "metadata": {"beaconID": self.beacon_id},
        }

    @classmethod
    def from_info(cls, info: Any, name: str) -> Network:
        """A network from chain-info JSON; refused when its `hash` is not the hash of the rest."""
        try:
            network = cls(
                name=name,
                public_key=str(info["public_key"]).lower(),
                period=int(info["period"]),
                genesis=int(info["genesis_time"]),
                group_hash=str(info["groupHash"]).lower(),
                scheme=str(info.get("schemeID") or CHAINED),
                beacon_id=str((info.get("metadata") or {}).get("beaconID") or "default"),
            )
            bytes.fromhex(network.public_key + network.group_hash)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise DrawError(msg.DRAND_INFO_UNREADABLE.format(name=name)) from None
        if network.scheme not in SCHEMES:
            raise DrawError(
                msg.DRAND_SCHEME_UNSUPPORTED.format(name=name, scheme=network.scheme, known=", ".join(SCHEMES))
            )
        if network.period < 1:
            raise DrawError(msg.DRAND_INFO_UNREADABLE.format(name=name))
        declared = str(info.get("hash") or "")
        if declared and declared.lower() != network.chain_hash:
            raise DrawError(msg.DRAND_INFO_HASH_WRONG.format(name=name, declared=declared, computed=network.chain_hash))
        return network


# The League of Entropy's networks, from their /info (the chain hashes are recomputed above
# and checked by the tests against the hashes drand publishes).
LEAGUE_OF_ENTROPY: tuple[Network, ...] = (
    Network(
        "quicknet",
        "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c"
        "8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5e"
        "d66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
        3,
        1692803367,
        "f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e",
        G1_RFC9380,
        "quicknet",
        league_of_entropy=True,
    ),
    Network(
        "default",
        "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31",
        30,
        1595431050,
        "176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a",
        CHAINED,
        "default",
        league_of_entropy=True,
    ),
)
QUICKNET = LEAGUE_OF_ENTROPY[0].chain_hash


@dataclass(frozen=True, slots=True)
class Beacon:
    """One published round: its signature (and the previous one on chained networks)."""

    round: int
    signature: str
    previous_signature: str | None = None

    @property
    def randomness(self) -> str:
        """The round's random value: SHA-256 of the signature."""
        return hashlib.sha256(bytes.fromhex(self.signature)).hexdigest()


def verify_beacon(network: Network, beacon: Beacon) -> str:
    """The beacon's randomness if its BLS signature is valid for this network and round.

    Refused in French otherwise: a value signed for another round, another network, a
    malformed point, or a chained beacon without its previous signature.
    """
    try:
        signature = bytes.fromhex(beacon.signature)
        previous = bytes.fromhex(beacon.previous_signature or "")
    except ValueError:
        raise DrawError(msg.DRAND_SIGNATURE_UNREADABLE.format(round=beacon.round), "alea.drand.signature") from None
    if network.chained and not previous:
        raise DrawError(msg.DRAND_PREVIOUS_MISSING.format(round=beacon.round), "alea.drand.signature_precedente")
    message = hashlib.sha256((previous if network.chained else b"") + beacon.round.to_bytes(8, "big")).digest()
    if not _pairing_check(network, message, signature):
        raise DrawError(
            msg.DRAND_SIGNATURE_INVALID.format(round=beacon.round, network=network.name), "alea.drand.signature"
        )
    return beacon.randomness


def _pairing_check(network: Network, message: bytes, signature: bytes) -> bool:
    """e(signature, g) = e(H(message), public key), with the groups of the network's scheme."""
    from py_ecc.bls.hash_to_curve import hash_to_G1, hash_to_G2
    from py_ecc.optimized_bls12_381 import FQ12, G1, G2, neg
    from py_ecc.optimized_bls12_381.optimized_pairing import final_exponentiate, miller_loop

    key = bytes.fromhex(network.public_key)
    try:
        if network.scheme == G1_RFC9380:  # signatures on G1, key on G2
            point, public = _g1(signature), _g2(key, trusted=True)
            hashed = hash_to_G1(message, _DST_G1, hashlib.sha256)
            product = miller_loop(G2, neg(point), False) * miller_loop(public, hashed, False)
        else:  # signatures on G2, key on G1
            point, public = _g2(signature), _g1(key, trusted=True)
            hashed = hash_to_G2(message, _DST_G2, hashlib.sha256)
            product = miller_loop(point, neg(G1), False) * miller_loop(hashed, public, False)
    except (ValueError, AssertionError):
        return False
    return final_exponentiate(product) == FQ12.one()


def _g1(data: bytes, trusted: bool = False) -> Any:
    """A compressed G1 point, checked to be on the curve and (unless it is a network's published
    key, checked once by whoever declared it) in the prime-order subgroup."""
    from py_ecc.bls.point_compression import decompress_G1
    from py_ecc.optimized_bls12_381 import curve_order, is_inf, multiply

    if len(data) != 48:
        raise ValueError("G1 point of 48 bytes expected")
    point = decompress_G1(int.from_bytes(data, "big"))  # type: ignore[arg-type]
    if is_inf(point) or (not trusted and not is_inf(multiply(point, curve_order))):
        raise ValueError("G1 point outside the subgroup")
    return point


def _g2(data: bytes, trusted: bool = False) -> Any:
    """A compressed G2 point (see `_g1`)."""
    from py_ecc.bls.point_compression import decompress_G2
    from py_ecc.optimized_bls12_381 import curve_order, is_inf, multiply

    if len(data) != 96:
        raise ValueError("G2 point of 96 bytes expected")
    point = decompress_G2((int.from_bytes(data[:48], "big"), int.from_bytes(data[48:], "big")))  # type: ignore[arg-type]
    if is_inf(point) or (not trusted and not is_inf(multiply(point, curve_order))):
        raise ValueError("G2 point outside the subgroup")
    return point


def fetch_beacon(network: Network, round_number: int, relays: tuple[str, ...], timeout: float = 10.0) -> Beacon:
    """The round from drand's HTTP API (`GET <relay>/<chain hash>/public/<round>`), first relay
    that answers; the caller verifies it. A French refusal says what each relay answered."""
    failures = []
    for relay in relays:
        url = f"{relay.rstrip('/')}/{network.chain_hash}/public/{round_number}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                body = json.loads(response.read(64 * 1024))
            beacon = Beacon(
                int(body["round"]), str(body["signature"]).lower(), (body.get("previous_signature") or None)
            )
        except urllib.error.HTTPError as exc:
            failures.append(f"{relay} : HTTP {exc.code}")
            continue
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            failures.append(f"{relay} : {getattr(exc, 'reason', exc)}")
            continue
        except (ValueError, KeyError, TypeError):
            failures.append(f"{relay} : {msg.DRAND_RELAY_UNREADABLE}")
            continue
        if beacon.round != round_number:
            failures.append(f"{relay} : {msg.DRAND_RELAY_WRONG_ROUND.format(found=beacon.round)}")
            continue
        previous = beacon.previous_signature.lower() if beacon.previous_signature else None
        return Beacon(beacon.round, beacon.signature, previous)
    raise DrawError(msg.DRAND_FETCH_FAILED.format(round=round_number, failures=" ; ".join(failures) or "—"))
