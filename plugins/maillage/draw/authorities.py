"""The authorities a commons trusts for its draws: drand networks and time-stamping authorities.

They live in the commons' `autorites/` folder, beside `content/` (outside it on purpose: a
contributor's pull request touching it needs a maintainer):

- `autorites/drand/<nom>.json`: the chain info of a drand network other than the League of
  Entropy's (built in), exactly as its `/info` endpoint returns it, plus an optional
  `relais` list of HTTP relays serving its rounds;
- `autorites/horodatage/<nom>.pem`: the certificate(s) of an RFC 3161 time-stamping
  authority — its root first, then any intermediate — that its tokens must chain to.

A draw names the authority it used; `verifier` shows who it is (certificate subject and
SHA-256 fingerprint), so that anyone can compare with what the authority publishes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.drand import LEAGUE_OF_ENTROPY, PUBLIC_RELAYS, Network
from maillage.draw.errors import DrawError

FOLDER = "autorites"


@dataclass(frozen=True, slots=True)
class TimestampAuthority:
    """A time-stamping authority: its name in the commons and its certificates (root first)."""

    name: str
    source: str
    certificates: tuple[Any, ...]  # cryptography.x509.Certificate

    @property
    def subject(self) -> str:
        """Who the root certificate names (RFC 4514)."""
        return self.certificates[0].subject.rfc4514_string()

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the root certificate (DER), as authorities publish it."""
        from cryptography.hazmat.primitives.serialization import Encoding

        return hashlib.sha256(self.certificates[0].public_bytes(Encoding.DER)).hexdigest()

    def pem(self) -> str:
        """The certificates as PEM text (published with each draw for the standalone script)."""
        from cryptography.hazmat.primitives.serialization import Encoding

        return "".join(c.public_bytes(Encoding.PEM).decode("ascii") for c in self.certificates)


@dataclass(slots=True)
class Authorities:
    """The drand networks (by chain hash) and time-stamping authorities (by name) of a commons."""

    networks: dict[str, Network] = field(default_factory=dict)
    timestamping: dict[str, TimestampAuthority] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # chain hash -> file declaring it
    relays: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chain hash -> HTTP relays

    def relays_for(self, chain_hash: str) -> tuple[str, ...]:
        """Where to read the network's rounds: the League of Entropy's relays, or those its file lists."""
        network = self.network(chain_hash)
        return PUBLIC_RELAYS if network.league_of_entropy else self.relays.get(chain_hash, ())

    def network(self, chain_hash: str) -> Network:
        """The network with this chain hash, or a French refusal listing the known ones."""
        found = self.networks.get(chain_hash)
        if found is None:
            known = ", ".join(f"{n.name} ({h})" for h, n in self.networks.items())
            raise DrawError(msg.DRAND_UNKNOWN_CHAIN.format(chain=chain_hash, known=known), "alea.drand.chaine")
        return found

    def authority(self, name: str, field_path: str = "horodatage.autorite") -> TimestampAuthority:
        """The time-stamping authority of this name, or a French refusal."""
        found = self.timestamping.get(name)
        if found is None:
            known = ", ".join(sorted(self.timestamping)) or "aucune"
            raise DrawError(msg.TSA_UNKNOWN.format(name=name, folder=f"{FOLDER}/horodatage", known=known), field_path)
        return found


def load_authorities(root: Path | None) -> Authorities:
    """The League of Entropy's networks, plus what the commons at `root` declares."""
    found = Authorities(networks={n.chain_hash: n for n in LEAGUE_OF_ENTROPY})
    if root is None:
        return found
    folder = root / FOLDER
    for path in sorted((folder / "drand").glob("*.json")):
        try:
            info = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DrawError(msg.AUTHORITY_UNREADABLE.format(path=path, reason=exc)) from None
        try:
            network = Network.from_info(info, path.stem)
        except DrawError as exc:
            raise DrawError(f"{path} : {exc.message}") from None
        found.networks[network.chain_hash] = network
        found.sources[network.chain_hash] = f"{FOLDER}/drand/{path.name}"
        relays = info.get("relais") if isinstance(info, dict) else None
        if isinstance(relays, list):
            found.relays[network.chain_hash] = tuple(str(r) for r in relays)
    for path in sorted((folder / "horodatage").glob("*.pem")):
        found.timestamping[path.stem] = _read_authority(path)
    return found


def _read_authority(path: Path) -> TimestampAuthority:
    from cryptography import x509

    try:
        certificates = tuple(x509.load_pem_x509_certificates(path.read_bytes()))
    except (OSError, ValueError) as exc:
        raise DrawError(msg.AUTHORITY_UNREADABLE.format(path=path, reason=exc)) from None
    return TimestampAuthority(path.stem, f"{FOLDER}/horodatage/{path.name}", certificates)
