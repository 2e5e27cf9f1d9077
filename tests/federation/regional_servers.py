"""Local commons' sites served on 127.0.0.1 by servers a test can make fail (`status`) or serve a
changed file (`replaced`), as a host going down or a publication caught halfway."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, unless the server says to fail or to serve another version of a file."""

    def do_GET(self) -> None:
        server: LocalServer = self.server  # type: ignore[assignment]
        if server.status != 200:
            self.send_error(server.status)
            return
        name = self.path.rsplit("/", 1)[-1]
        if name in server.replaced:
            body = server.replaced[name]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


class LocalServer(http.server.ThreadingHTTPServer):
    """A local commons' site on 127.0.0.1, whose behaviour a test may change."""

    daemon_threads = True

    def __init__(self, directory: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
        self.status = 200
        self.replaced: dict[str, bytes] = {}

    @property
    def data_url(self) -> str:
        """The address of its `donnees/` folder."""
        return f"http://127.0.0.1:{self.server_address[1]}/donnees/"


@contextlib.contextmanager
def running(directory: Path) -> Iterator[LocalServer]:
    """A `LocalServer` of `directory`, in a thread, for the time of the block."""
    server = LocalServer(directory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
