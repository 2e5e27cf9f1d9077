"""Local stand-ins for the outside authorities of a draw, speaking their real protocols.

- `LocalTSA`: an RFC 3161 time-stamping authority over HTTP (`POST`, `application/timestamp-query`
  → `application/timestamp-reply`). Requests are parsed and answers built as real DER messages:
  a `TimeStampResp` holding a CMS `SignedData` over a `TSTInfo`, with signed attributes
  (content type, message digest, ESS signing-certificate-v2), signed with ECDSA P-256 by a
  TSA certificate (critical extended key usage timeStamping) issued by a root certificate,
  all made with `cryptography`. The time it attests comes from a clock the test sets.
- `LocalDrand`: a drand HTTP relay (`/info`, `/<chain hash>/info`, `/<chain hash>/public/<round>`,
  `/public/<round>`) whose beacons are BLS signatures made with a test key (py_ecc), on a
  quicknet-like scheme (signatures on G1) or the chained default scheme (signatures on G2).

Used by the draw tests and by `scripts/demo_draw.py` (the demonstration draw's authorities).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# --- DER, just what RFC 3161 answers need -------------------------------------------------

OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
TEST_POLICY = "1.3.6.1.4.1.99999.1.1"  # a private-arc policy: this authority is a test one


def tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def der_set(*items: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(items)))  # DER: SET OF sorted by encoding


def integer(value: int) -> bytes:
    size = value.bit_length() // 8 + 1
    return tlv(0x02, value.to_bytes(size, "big", signed=True))


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def explicit(number: int, content: bytes) -> bytes:
    return tlv(0xA0 | number, content)


def generalized_time(moment: datetime) -> bytes:
    return tlv(0x18, moment.astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode())


def read_tlv(data: bytes, offset: int = 0) -> tuple[int, bytes, int]:
    """(tag, content, offset after) of the DER element at `offset`."""
    tag = data[offset]
    length = data[offset + 1]
    offset += 2
    if length & 0x80:
        size = length & 0x7F
        length = int.from_bytes(data[offset : offset + size], "big")
        offset += size
    return tag, data[offset : offset + length], offset + length


def children(content: bytes) -> list[tuple[int, bytes]]:
    items, offset = [], 0
    while offset < len(content):
        tag, value, offset = read_tlv(content, offset)
        items.append((tag, value))
    return items


def sha256_algorithm() -> bytes:
    return seq(oid(OID_SHA256))


# --- Certificates ---------------------------------------------------------------------------


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )


@dataclass
class Certificates:
    """A root certificate and the TSA certificate it issued, with the TSA's private key."""

    root: x509.Certificate
    tsa: x509.Certificate
    tsa_key: ec.EllipticCurvePrivateKey
    root_key: ec.EllipticCurvePrivateKey

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)


def make_certificates(
    name: str = "Autorité d'horodatage de test",
    timestamping: bool = True,
    secret: int | None = None,
    organization: str = "Maillage (test)",
) -> Certificates:
    """A root and a TSA certificate valid from 2020 to 2045 (so any test date is inside).

    With `secret`, the keys and serial numbers derive from it: the same authority each time
    (the demonstration's, whose secret is public: its tokens prove nothing).
    """
    if secret is None:
        root_key, tsa_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        serials = (x509.random_serial_number(), x509.random_serial_number())
    else:
        root_key, tsa_key = (
            ec.derive_private_key(secret, ec.SECP256R1()),
            ec.derive_private_key(secret + 1, ec.SECP256R1()),
        )
        serials = (secret % 2**64 + 1, secret % 2**64 + 2)
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC)
    root_name = _name(f"{name} — racine", organization)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(serials[0])
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name, organization))
        .issuer_name(root_name)
        .public_key(tsa_key.public_key())
        .serial_number(serials[1])
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
    )
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    tsa = builder.sign(root_key, hashes.SHA256())
    return Certificates(root, tsa, tsa_key, root_key)


# --- The time-stamping authority -------------------------------------------------------------


def parse_request(der: bytes) -> tuple[str, bytes, int | None, bool]:
    """(hash algorithm OID, hashed message, nonce, certReq) of a TimeStampReq."""
    _, body, _ = read_tlv(der)
    items = children(body)
    imprint = children(items[1][1])
    algorithm = children(imprint[0][1])[0][1]
    nonce, cert_req = None, False
    for tag, value in items[2:]:
        if tag == 0x02:
            nonce = int.from_bytes(value, "big", signed=True)
        elif tag == 0x01:
            cert_req = value != b"\x00"
    return _decode_oid(algorithm), imprint[1][1], nonce, cert_req


def _decode_oid(body: bytes) -> str:
    parts = [body[0] // 40, body[0] % 40]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def build_response(
    certificates: Certificates, imprint: bytes, nonce: int | None, when: datetime, serial: int, cert_req: bool = True
) -> bytes:
    """A granted TimeStampResp over `imprint` (SHA-256), attesting `when`."""
    tst_info = seq(
        integer(1),
        oid(TEST_POLICY),
        seq(sha256_algorithm(), octets(imprint)),
        integer(serial),
        generalized_time(when),
        *([integer(nonce)] if nonce is not None else []),
    )
    tsa_der = certificates.tsa.public_bytes(serialization.Encoding.DER)
    signing_certificate = seq(seq(seq(octets(hashlib.sha256(tsa_der).digest()))))
    attributes = [
        seq(oid(OID_CONTENT_TYPE), der_set(oid(OID_TST_INFO))),
        seq(oid(OID_MESSAGE_DIGEST), der_set(octets(hashlib.sha256(tst_info).digest()))),
        seq(oid(OID_SIGNING_CERTIFICATE_V2), der_set(signing_certificate)),
    ]
    signed_attributes = der_set(*attributes)
    signature = certificates.tsa_key.sign(signed_attributes, ec.ECDSA(hashes.SHA256()))
    issuer = certificates.tsa.issuer.public_bytes()
    signer_info = seq(
        integer(1),
        seq(issuer, integer(certificates.tsa.serial_number)),
        sha256_algorithm(),
        b"\xa0" + signed_attributes[1:],  # [0] IMPLICIT: the SET's tag becomes context 0
        seq(oid(OID_ECDSA_SHA256)),
        octets(signature),
    )
    signed_data = seq(
        integer(3),
        der_set(sha256_algorithm()),
        seq(oid(OID_TST_INFO), explicit(0, octets(tst_info))),
        *([tlv(0xA0, tsa_der)] if cert_req else []),
        der_set(signer_info),
    )
    token = seq(oid(OID_SIGNED_DATA), explicit(0, signed_data))
    return seq(seq(integer(0)), token)


def rejection(text: str) -> bytes:
    """A TimeStampResp with status rejection (2) and a reason."""
    return seq(seq(integer(2), seq(tlv(0x0C, text.encode()))))


class _QuietHandler(BaseHTTPRequestHandler):
    """A request handler that answers with one body and keeps the test output clean."""

    def reply(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler], port: int) -> ThreadingHTTPServer:
    """Serve `handler` on the loopback (port 0: any free port) from a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@dataclass
class LocalTSA:
    """An RFC 3161 authority on 127.0.0.1; `clock` gives the time it attests."""

    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    certificates: Certificates = field(default_factory=make_certificates)
    requests: list[bytes] = field(default_factory=list)
    serial: int = 1
    port: int = 0  # 0: any free port
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/tsr"

    def answer(self, der: bytes) -> bytes:
        algorithm, imprint, nonce, cert_req = parse_request(der)
        if algorithm != OID_SHA256:
            return rejection("unsupported hash algorithm")
        self.serial += 1
        return build_response(self.certificates, imprint, nonce, self.clock(), self.serial, cert_req)

    def __enter__(self) -> LocalTSA:
        authority = self

        class Handler(_QuietHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                authority.requests.append(body)
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                self.reply(200, "application/timestamp-reply", authority.answer(body))

        self.server = _serve(Handler, self.port)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        _stop(self.server)


# --- The drand relay -------------------------------------------------------------------------


@dataclass
class DrandKey:
    """A BLS key for a test drand network (scheme: quicknet-like G1 signatures, or chained G2)."""

    secret: int
    scheme: str = "bls-unchained-g1-rfc9380"
    genesis: int = 1_700_000_000
    period: int = 3
    beacon_id: str = "maillage-test"

    def public_key(self) -> str:
        from py_ecc.bls.g2_primitives import G1_to_pubkey, G2_to_signature
        from py_ecc.optimized_bls12_381 import G1, G2, multiply

        if self.scheme == "bls-unchained-g1-rfc9380":
            return G2_to_signature(multiply(G2, self.secret)).hex()
        return G1_to_pubkey(multiply(G1, self.secret)).hex()

    def info(self) -> dict[str, Any]:
        from maillage.draw.drand import Network

        group_hash = hashlib.sha256(f"groupe {self.beacon_id}".encode()).hexdigest()
        network = Network(
            self.beacon_id, self.public_key(), self.period, self.genesis, group_hash, self.scheme, self.beacon_id
        )
        return network.info()

    def sign(self, round_number: int, previous: bytes = b"") -> bytes:
        from py_ecc.bls.g2_primitives import G1_to_pubkey, G2_to_signature
        from py_ecc.bls.hash_to_curve import hash_to_G1, hash_to_G2
        from py_ecc.optimized_bls12_381 import multiply

        if self.scheme == "bls-unchained-g1-rfc9380":
            message = hashlib.sha256(round_number.to_bytes(8, "big")).digest()
            point = hash_to_G1(message, b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_", hashlib.sha256)
            return G1_to_pubkey(multiply(point, self.secret))
        message = hashlib.sha256(previous + round_number.to_bytes(8, "big")).digest()
        point = hash_to_G2(message, b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_", hashlib.sha256)
        return G2_to_signature(multiply(point, self.secret))

    def beacon(self, round_number: int) -> dict[str, Any]:
        """The round as drand's `/public/<round>` returns it."""
        body: dict[str, Any] = {"round": round_number}
        if self.scheme == "bls-unchained-g1-rfc9380":
            signature = self.sign(round_number)
        else:
            # A chained beacon signs the previous signature: a test chain of its own, where the
            # "previous signature" of each round is a fixed value derived from the round.
            previous = self.sign(round_number - 1, _seed_signature(round_number - 1))
            signature = self.sign(round_number, previous)
            body["previous_signature"] = previous.hex()
        body["signature"] = signature.hex()
        body["randomness"] = hashlib.sha256(signature).hexdigest()
        return body


def _seed_signature(round_number: int) -> bytes:
    return hashlib.sha256(f"précédent {round_number}".encode()).digest()


@dataclass
class LocalDrand:
    """A drand HTTP relay on 127.0.0.1 for one test network; rounds in the future get 425."""

    key: DrandKey
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    served: list[str] = field(default_factory=list)
    port: int = 0  # 0: any free port
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def chain_hash(self) -> str:
        return str(self.key.info()["hash"])

    def published(self, round_number: int) -> bool:
        due = datetime.fromtimestamp(self.key.genesis + (round_number - 1) * self.key.period, UTC)
        return due <= self.clock()

    def __enter__(self) -> LocalDrand:
        relay = self
        info = self.key.info()

        class Handler(_QuietHandler):
            def do_GET(self) -> None:
                relay.served.append(self.path)
                parts = [p for p in self.path.split("/") if p]
                if parts and parts[0] == info["hash"]:
                    parts = parts[1:]
                elif len(parts) > 2 or (parts and parts[0] not in ("info", "public")):
                    self._send(404, {"error": "unknown chain"})
                    return
                if parts == ["info"]:
                    self._send(200, info)
                elif len(parts) == 2 and parts[0] == "public" and parts[1].isdigit():
                    number = int(parts[1])
                    if not relay.published(number):
                        self._send(425, {"error": "round not published yet"})
                    else:
                        self._send(200, relay.key.beacon(number))
                else:
                    self._send(404, {"error": "not found"})

            def _send(self, status: int, body: dict[str, Any]) -> None:
                self.reply(status, "application/json", json.dumps(body).encode())

        self.server = _serve(Handler, self.port)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        _stop(self.server)


def round_published_at(key: DrandKey, moment: datetime) -> int:
    """The last round published at or before `moment`."""
    return int((moment.timestamp() - key.genesis) // key.period) + 1
