"""uvicorn's HTTP protocol with the limits it lacks against slow clients (slowloris).

uvicorn closes a connection that stays idle between two requests (`timeout_keep_alive`), but a
client that opens a connection and sends its headers one byte at a time, or never finishes them,
is kept forever: 1,100 such connections under a 1,024-descriptor limit took `/sante` down. This
protocol (the one uvicorn would pick, extended) closes a connection whose request headers are
not complete `header_seconds` after it opened or after the previous answer, and closes at once
any connection beyond `max_connections` (kept below the process's descriptor limit, so that
accepting never fails for lack of descriptors). Slow request bodies are cut by the application
(`app.Guard`); a reverse proxy in front adds per-address limits (deploy/nginx.conf).
"""

from __future__ import annotations

import asyncio
import logging
import random
import resource
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

log = logging.getLogger("maillage.bridge.http")

# Descriptors kept for everything else the service opens (queue, commons files, logs, forge).
_RESERVED_DESCRIPTORS = 128


def connection_cap(configured: int) -> int:
    """The connections the service may hold: the configured cap, within the descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return configured
    return max(1, min(configured, soft - _RESERVED_DESCRIPTORS))


def guarded_protocol(header_seconds: float, max_connections: int) -> type[asyncio.Protocol]:
    """The HTTP protocol class to give uvicorn (`http=`), with these two limits."""
    base: Any = AutoHTTPProtocol

    class GuardedProtocol(base):  # type: ignore[misc,valid-type]
        """Closes connections too slow to send their headers, and connections beyond the cap."""

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self._header_timer: asyncio.TimerHandle | None = None
            self._timed_cycle: object | None = None
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                log.warning("trop de connexions ouvertes : connexion fermée", extra={"plafond": max_connections})
                self.transport.close()
                return
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            cycle = self.cycle
            if cycle is not None and not cycle.response_complete and cycle is not self._timed_cycle:
                self._timed_cycle = cycle  # the headers are complete: the request is the app's now
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request on this connection gets the same delay

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            # Spread over the last fifth of the delay: slow clients that came together are not
            # all closed (and back) in the same instant, which would stall the loop for everyone.
            delay = header_seconds * random.uniform(0.8, 1.0)
            self._header_timer = self.loop.call_later(delay, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.cycle is None or self.cycle.response_complete:  # no request in progress
                self.transport.close()

    return GuardedProtocol
