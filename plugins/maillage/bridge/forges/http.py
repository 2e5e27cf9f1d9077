"""HTTP access to forge APIs, with failures sorted into "try later" and "refused".

The token is only ever put in a request header; error messages are built from the method, the
path and the status, never from headers or the request, so no secret reaches a log line.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from maillage.bridge.forges.base import ForgeRefused, ForgeUnavailable


class ForgeClient:
    """A JSON API client for one forge."""

    def __init__(self, base_url: str, headers: dict[str, str], timeout: float):
        self.client = httpx.Client(base_url=base_url, headers=headers, timeout=timeout)

    def request(self, method: str, path: str, *, ok: tuple[int, ...] = (200, 201), **kwargs: Any) -> httpx.Response:
        """Send a request; return the response when its status is in `ok` or is a 4xx to reconcile.

        Raises `ForgeUnavailable` for network errors, timeouts, 5xx and rate limits, and
        `ForgeRefused` for 401/403 without rate-limit signs.
        """
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ForgeUnavailable(f"{method} {path}: délai dépassé") from exc
        except httpx.TransportError as exc:
            raise ForgeUnavailable(f"{method} {path}: {type(exc).__name__}") from exc
        status = response.status_code
        if status in ok:
            return response
        where = f"{method} {path}: HTTP {status}"
        if status >= 500 or status == 429:
            raise ForgeUnavailable(where, retry_after(response))
        if status == 403 and _rate_limited(response):
            raise ForgeUnavailable(where, retry_after(response))
        if status in (401, 403):
            raise ForgeRefused(where)
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()


def _rate_limited(response: httpx.Response) -> bool:
    return "retry-after" in response.headers or response.headers.get("x-ratelimit-remaining") == "0"


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds to wait as the forge asked: Retry-After (seconds or HTTP date) or a rate-limit reset."""
    now = time.time() if now is None else now
    value = response.headers.get("retry-after", "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError):
            return None
        return max(0.0, when - now)
    reset = response.headers.get("x-ratelimit-reset", "").strip()
    if reset.isdigit():
        return max(0.0, float(reset) - now)
    return None


def unexpected(response: httpx.Response) -> ForgeRefused:
    """A refusal for an answer no step knows how to reconcile."""
    request = response.request
    return ForgeRefused(f"{request.method} {request.url.path}: HTTP {response.status_code}")
