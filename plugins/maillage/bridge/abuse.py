"""Abuse protection without a third-party captcha.

- a signed form stamp (time of display, a random nonce, bound to the browser's CSRF cookie):
  proves the form came from us, gives a minimum time-to-submit and the idempotency key; it
  expires in minutes (every page answering a post carries a fresh stamp of the same form, so the
  delay runs from the last page shown) and makes at most one submission: sent again, with the
  same or other content, it leads to the submission it already made;
- a honeypot field, hidden from people, that bots fill in;
- per-IP and global sliding-window rate limits, the client IP taken from `X-Forwarded-For`
  only when the connection comes from a configured proxy;
- an Origin check against the service's own origins (its public address and, when it is
  tried on this machine, the loopback address it is served on).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

HONEYPOT_FIELD = "site_web_secondaire"
STAMP_FIELD = "_tampon"
CSRF_COOKIE = "maillage_csrf"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Stamp:
    """A verified form stamp."""

    issued_at: float
    nonce: str


class Stamps:
    """Issue and check HMAC-signed form stamps."""

    def __init__(self, secret: bytes):
        self._key = hashlib.sha256(b"maillage-bridge-stamp\0" + secret).digest()

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def issue(self, csrf: str, now: float | None = None, nonce: str | None = None) -> str:
        """A new stamp for a form shown to the browser holding `csrf` (`nonce`: the same form again)."""
        issued = int((time.time() if now is None else now) * 1000)
        nonce = nonce or secrets.token_hex(12)
        payload = f"{issued}.{nonce}"
        return f"{payload}.{self._sign(payload + '.' + csrf)}"

    def check(self, stamp: str, csrf: str) -> Stamp | None:
        """The stamp's content if it is ours and bound to this CSRF cookie, else None."""
        parts = stamp.split(".")
        if len(parts) != 3 or not csrf:
            return None
        issued, nonce, signature = parts
        if not (issued.isdigit() and len(nonce) == 24):
            return None
        if not hmac.compare_digest(signature, self._sign(f"{issued}.{nonce}.{csrf}")):
            return None
        return Stamp(int(issued) / 1000, nonce)

    def seal(self, payload: bytes) -> str:
        """`payload` with our signature, for a value the form carries and must give back unchanged."""
        text = base64.urlsafe_b64encode(payload).decode("ascii")
        return f"{text}.{self._sign('sceau.' + text)}"

    def unseal(self, sealed: str) -> bytes | None:
        """The payload of a value `seal` made, or None if it is not ours or was changed."""
        text, _, signature = sealed.rpartition(".")
        if not text or not hmac.compare_digest(signature, self._sign("sceau." + text)):
            return None
        try:
            return base64.urlsafe_b64decode(text.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            return None

    def fingerprint(self, address: str) -> str:
        """A keyed fingerprint of a client address: counts proposals per address without keeping it."""
        return hmac.new(self._key, b"adresse\0" + address.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def idempotency_key(self, stamp: Stamp) -> str:
        """The key that makes every resend of one form the same submission."""
        return hmac.new(self._key, b"idem\0" + stamp.nonce.encode(), hashlib.sha256).hexdigest()


def new_csrf_token() -> str:
    """A random value for the CSRF cookie."""
    return base64.urlsafe_b64encode(secrets.token_bytes(18)).decode("ascii")


def client_ip(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address: the peer, or the last untrusted hop of X-Forwarded-For if the peer is a
    trusted proxy (earlier hops can be forged by the client and are ignored)."""
    if not peer:
        return "inconnu"
    if not (forwarded_for and _is_trusted(peer, trusted)):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, trusted):
            return hop if _is_ip(hop) else peer
    return peer


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def origin_allowed(origin: str | None, referer: str | None, own_origins: Collection[str]) -> bool:
    """Whether a POST comes from our own pages (Origin, else Referer; both absent: allowed, as
    old browsers send neither and the CSRF cookie still protects the form)."""
    if origin:
        return origin in own_origins  # "null" (sandboxed or privacy-stripped) never matches
    if referer:
        return _origin_of(referer) in own_origins
    return True


def own_origins(public_url: str, scheme: str, netloc: str) -> tuple[str, ...]:
    """The origins our pages are served from, for a request that reached us as `scheme://netloc`.

    The public address when one is configured; and the address of the request itself when no
    public address is configured or when it is a loopback address (a coordinator trying the
    service on this machine, as the example configuration says): only a page served by this very
    service can carry a loopback Origin with our port, so this opens nothing to other sites.
    """
    here = f"{scheme}://{netloc}"
    if not public_url or is_loopback_host(netloc):
        return (public_url, here) if public_url else (here,)
    return (public_url,)


def is_loopback_host(netloc: str) -> bool:
    """Whether a Host header (`127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`) names this machine."""
    host = urlsplit(f"//{netloc}").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class RateLimiter:
    """Sliding-window counters per key, plus one global window."""

    def __init__(self, per_key: int, per_key_window: float, global_limit: int, global_window: float):
        self.per_key = per_key
        self.per_key_window = per_key_window
        self.global_limit = global_limit
        self.global_window = global_window
        self._events: dict[str, deque[float]] = {}
        self._global: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one event for `key` if both limits allow it; False (nothing counted) otherwise."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            _expire(events, now - self.per_key_window)
            _expire(self._global, now - self.global_window)
            if len(events) >= self.per_key or len(self._global) >= self.global_limit:
                return False
            events.append(now)
            self._global.append(now)
            if len(self._events) > 10000:
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, e in self._events.items() if not e or e[-1] < now - self.per_key_window]:
            del self._events[key]


def _expire(events: deque[float], before: float) -> None:
    while events and events[0] < before:
        events.popleft()
