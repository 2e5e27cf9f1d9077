"""RFC 3161 time-stamps: proof from an outside authority that a digest existed at a date.

The organiser picks an authority (any RFC 3161 service: a public one, a notary's, a
university's); `preparer` sends it the SHA-256 of the commitments and keeps its signed answer
(the `TimeStampResp` in DER, base64) in the draw's data file. `verifier` checks the token
offline with rfc3161-client: the signature chains to the authority's certificate kept by the
commons (`authorities`), the token is a granted one, its message imprint is the digest, and
its time is the authority's `genTime`. Git dates, written by whoever commits, prove nothing;
the token does.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from maillage.draw import messages as msg
from maillage.draw.authorities import Authorities, TimestampAuthority
from maillage.draw.clock import format_datetime
from maillage.draw.errors import DrawError

_MAX_RESPONSE = 256 * 1024


def request_token(authority: TimestampAuthority, url: str, message: bytes, timeout: float = 20.0) -> dict[str, Any]:
    """Ask the authority at `url` to time-stamp SHA-256(message); the token as the data file keeps it.

    The answer is verified at once (signature, authority, imprint, nonce) so that a wrong
    authority or a broken service is noticed now, not by a citizen months later.
    """
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder, VerificationError, decode_timestamp_response

    request = TimestampRequestBuilder().data(message).hash_algorithm(HashAlgorithm.SHA256).build()
    http = urllib.request.Request(
        url,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:
            der = answer.read(_MAX_RESPONSE + 1)
    except urllib.error.HTTPError as exc:
        raise DrawError(msg.TSA_HTTP_ERROR.format(url=url, status=exc.code)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DrawError(msg.TSA_UNREACHABLE.format(url=url, reason=getattr(exc, "reason", exc))) from None
    if len(der) > _MAX_RESPONSE:
        raise DrawError(msg.TSA_ANSWER_UNREADABLE.format(url=url, reason="réponse trop longue"))
    try:
        response = decode_timestamp_response(der)
    except ValueError as exc:
        raise DrawError(msg.TSA_ANSWER_UNREADABLE.format(url=url, reason=exc)) from None
    digest = hashlib.sha256(message).digest()
    if response.tst_info.nonce != request.nonce:
        raise DrawError(msg.TSA_ANSWER_UNREADABLE.format(url=url, reason="nonce différent de la demande"))
    token = {
        "autorite": authority.name,
        "adresse": url,
        "jeton": base64.b64encode(der).decode("ascii"),
        "date": format_datetime(response.tst_info.gen_time),
        "empreinte": digest.hex(),
    }
    try:
        check_token(token, authority, digest.hex())
    except VerificationError as exc:  # pragma: no cover - check_token turns these into DrawError
        raise DrawError(msg.TSA_TOKEN_INVALID.format(name=authority.name, reason=exc)) from None
    return token


def check_token(token: dict[str, Any], authority: TimestampAuthority, digest_hex: str) -> datetime:
    """The time the authority attests for `digest_hex`, or a French refusal saying what is wrong."""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        response = decode_timestamp_response(base64.b64decode(token["jeton"], validate=True))
    except (ValueError, KeyError, TypeError) as exc:
        raise DrawError(msg.TSA_TOKEN_INVALID.format(name=authority.name, reason=exc)) from None
    builder = VerifierBuilder().add_root_certificate(authority.certificates[0])
    for certificate in authority.certificates[1:]:
        builder = builder.add_intermediate_certificate(certificate)
    try:
        builder.build().verify(response, bytes.fromhex(digest_hex))
    except (VerificationError, ValueError) as exc:
        raise DrawError(
            msg.TSA_TOKEN_INVALID.format(name=authority.name, reason=_reason(exc, digest_hex, response))
        ) from None
    attested = response.tst_info.gen_time
    if format_datetime(attested) != token.get("date") or token.get("empreinte") != digest_hex:
        raise DrawError(msg.TSA_TOKEN_FIELDS_WRONG.format(date=format_datetime(attested)))
    return attested


def verify_stamp(token: Any, authorities: Authorities, digest_hex: str, what: str) -> datetime:
    """`check_token` with the authority the token names (refused if the commons does not know it)."""
    if not isinstance(token, dict) or not isinstance(token.get("autorite"), str):
        raise DrawError(msg.TSA_TOKEN_INVALID.format(name="?", reason=f"jeton {what} illisible"))
    return check_token(token, authorities.authority(token["autorite"], f"horodatages.{what}"), digest_hex)


def _reason(exc: Exception, digest_hex: str, response: Any) -> str:
    if response.tst_info.message_imprint.message.hex() != digest_hex:
        return msg.TSA_IMPRINT_DIFFERS
    return str(exc)
