"""The ASGI application: routes, security headers, body size cap, request logs, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maillage.bridge import messages as msg
from maillage.bridge import pages
from maillage.bridge.config import BridgeConfig
from maillage.bridge.forges import Forge
from maillage.bridge.state import Bridge

log = logging.getLogger("maillage.bridge.http")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Tracking links hold a secret token: never send them to another site. ("no-referrer" would
    # make browsers send `Origin: null` on our own form posts, defeating the Origin check.)
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# Pages hold stamps, answers and tracking tokens: never stored, unless a response says otherwise
# (the commune list). Static files are kept but checked again each time (their ETag answers 304),
# so that an upgrade of Maillage reaches browsers at once.
NO_STORE = (b"cache-control", b"no-store")
REVALIDATE = (b"cache-control", b"no-cache")
_STATIC_PREFIX = "/statique/"
_TOKEN_IN_PATH = re.compile(r"^/suivi/[^/]+")


def _caching(scope: Scope, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The cache-control header to add: none when the response chose its own."""
    if any(name.lower() == b"cache-control" for name, _ in headers):
        return []
    return [REVALIDATE if scope.get("path", "").startswith(_STATIC_PREFIX) else NO_STORE]


class BodyTooLarge(HTTPException):
    """The request body went over the configured cap (raised while the form is being read)."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyTooSlow(HTTPException):
    """The request body did not arrive in time (a client trickling it to hold the service)."""

    def __init__(self) -> None:
        super().__init__(status_code=408)


# Always answered, even when the service is busy: it is how an operator sees that it is.
_UNLIMITED_PATHS = frozenset({"/sante"})


class Guard:
    """ASGI middleware: caps request bodies and the time to send them, limits the requests
    handled at once, adds security headers, logs one JSON line per request."""

    def __init__(self, app: ASGIApp, max_body: int, bridge: Bridge):
        self.app = app
        self.max_body = max_body
        self.bridge = bridge  # the service's state, reachable by tests and the bench
        self.body_seconds = bridge.config.service.delai_corps_secondes
        self.max_requests = bridge.config.service.requetes_simultanees_max
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0}
        limited = scope.get("path") not in _UNLIMITED_PATHS
        if limited and self.in_flight >= self.max_requests:
            await self._refuse(scope, receive, send, status, 503, msg.BUSY, {"retry-after": "5"})
            self._log(scope, status["code"], started)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, receive, send, status)
            self._log(scope, status["code"], started)
            return
        seen = 0
        body_done = False
        deadline = asyncio.get_running_loop().time() + self.body_seconds

        async def capped_receive() -> Message:
            nonlocal seen, body_done
            if body_done:  # later receives wait for a disconnect: no deadline then
                return await receive()
            remaining = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), max(remaining, 0.0))
            except TimeoutError as exc:
                raise BodyTooSlow from exc
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise BodyTooLarge
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = message.get("headers", [])
                message["headers"] = [*headers, *SECURITY_HEADERS, *_caching(scope, headers)]
            await send(message)

        self.in_flight += limited
        try:
            await self.app(scope, capped_receive, secured_send)
        except BodyTooLarge:
            if not status["code"]:
                await self._too_large(scope, receive, send, status)
        except BodyTooSlow:
            if not status["code"]:
                await self._refuse(scope, receive, send, status, 408, msg.TOO_SLOW, {"connection": "close"})
        finally:
            self.in_flight -= limited
        self._log(scope, status["code"], started)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, status: dict) -> None:
        await self._refuse(scope, receive, send, status, 413, msg.TOO_LARGE, {"connection": "close"})

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: dict, code: int, text: str, headers: dict
    ) -> None:
        status["code"] = code
        response = PlainTextResponse(text, status_code=code, headers=headers)
        response.raw_headers.extend([*SECURITY_HEADERS, NO_STORE])
        await response(scope, receive, send)

    def _log(self, scope: Scope, status: int, started: float) -> None:
        # Never the client's address: a log line next to a submission would tie a person to it
        # (the form says so). Rate limits keep addresses in memory only.
        path = _TOKEN_IN_PATH.sub("/suivi/…", scope.get("path", ""))
        log.info(
            "requête",
            extra={
                "methode": scope.get("method"),
                "chemin": path,
                "statut": status,
                "duree_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    messages = {
        400: msg.BAD_REQUEST, 404: msg.NOT_FOUND, 405: msg.METHOD_NOT_ALLOWED, 408: msg.TOO_SLOW, 413: msg.TOO_LARGE
    }
    message = messages.get(status, msg.SERVER_ERROR)
    return pages.error_page(request, status, message)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Logged with its traceback on the server; the person only gets a French sentence.
    log.error("erreur interne", exc_info=exc, extra={"chemin": _TOKEN_IN_PATH.sub("/suivi/…", request.url.path)})
    return pages.error_page(request, 500, msg.SERVER_ERROR)


def create_app(config: BridgeConfig, forge: Forge | None = None, run_worker: bool = True) -> Guard:
    """The service for a configuration; `forge` replaces the configured adapter (tests)."""
    bridge = Bridge.from_config(config, forge)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        bridge.commons.get()  # load once before the first request, not during it
        stop = threading.Event()
        watcher = threading.Thread(target=bridge.commons.watch, args=(stop,), name="maillage-commons", daemon=True)
        watcher.start()
        if run_worker:
            bridge.worker.start()
        yield
        stop.set()
        bridge.worker.stop()

    routes = [
        Route("/", pages.home),
        Route("/sante", pages.health),
        Route("/proposer/{folder}", pages.new_form, methods=["GET", "POST"]),
        Route("/modifier/{folder}/{entry_id}", pages.edit_form, methods=["GET", "POST"]),
        Route("/suivi/{token}", pages.tracking),
        Route("/references/{folder}", pages.references),
        Route("/communes.json", pages.communes),
        Mount("/statique", StaticFiles(directory=Path(__file__).parent / "static"), name="statique"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.bridge = bridge
    return Guard(app, config.limites.taille_max_octets, bridge)
