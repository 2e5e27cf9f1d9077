"""Serving a built site on localhost and visiting it with a page that records what goes wrong."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from maillage.model import Commons

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The only third-party requests a page may make: OpenStreetMap tiles on the map page.
TILE_HOSTS = {"tile.openstreetmap.org"}
_NOT_LOCAL = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")
# Chromium's own message for a request that our route aborted (not a fault of the page).
_ABORTED = "net::ERR_FAILED"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that keeps the test output clean and, like the static hosts a commons
    is published on (GitHub Pages, GitLab Pages, Netlify), answers an unknown address with the
    site's own `404.html`."""

    def log_message(self, format: str, *args: object) -> None:
        """Drop the access log."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    """A threaded server that does not report browsers hanging up on a page they have left."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore dropped connections; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 in a thread; yield the base URL (ending with /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class Served:
    """A built commons served over HTTP: its base URL, the commons (model) and the built site."""

    base: str
    commons: Commons
    site: Path


@dataclass
class Visit:
    """What happened while a page was open: errors, blocked third-party requests, dialogs."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        """Console and page errors, except the failures of the requests we blocked on purpose."""
        return self.console_errors + self.page_errors

    def unexpected_requests(self) -> list[str]:
        """Third-party requests other than map tiles."""
        return [url for url in self.third_party if urlsplit(url).hostname not in TILE_HOSTS]


class Tab:
    """A Playwright page that blocks non-local requests and records each visit's problems."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.visit = Visit("about:blank")
        # Only requests to other hosts go through Python (routing every request is slow).
        page.route(_NOT_LOCAL, self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.visit.page_errors.append(str(error)))
        page.on("dialog", self._dialog)

    def open(self, url: str, wait_until: str = "load") -> Visit:
        """Navigate to `url` with fresh records; return them (they fill up while the page lives)."""
        self.visit = Visit(url)
        self.page.goto(url, wait_until=wait_until)
        return self.visit

    def _route(self, route: object) -> None:
        # Offline by design: tiles fail quietly; any other third-party request is a finding.
        self.visit.third_party.append(route.request.url)
        route.abort()

    def _console(self, message: object) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if _ABORTED in message.text and urlsplit(source).hostname not in LOCAL_HOSTS:
            return
        if _ABORTED in message.text and any(url in message.text for url in self.visit.third_party):
            return
        self.visit.console_errors.append(f"{message.text} ({source})")

    def _dialog(self, dialog: object) -> None:
        self.visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()
