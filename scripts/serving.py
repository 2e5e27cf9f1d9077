"""A real `mkdocs serve` in a child process, its console read line by line.

Shared by the preview's benchmark (`scripts/bench_preview.py`) and its tests
(`tests/site/test_preview.py`): both start the server on a commons, wait for console lines
(« Serving on », « Aperçu à jour en … ») and read the server's CPU time.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    """`mkdocs serve` on a config; its console lines in a queue, and all kept in `console`.

    `tmpdir` is the server's TMPDIR (MkDocs serves a site built in a temporary folder there);
    `env` adds to the environment (e.g. SOURCE_DATE_EPOCH)."""

    def __init__(self, config: Path, tmpdir: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.tmpdir = tmpdir
        environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmpdir), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ)
        self.lines: queue.Queue[str] = queue.Queue()
        self.console: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.console.append(line)
            self.lines.put(line)

    def next_line(self, text: str, timeout: float) -> str | None:
        """The next console line holding `text`, or None when none came in `timeout` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if text in line:
                return line
        return None

    def drain(self) -> list[str]:
        """The console lines not read yet."""
        lines = []
        while not self.lines.empty():
            lines.append(self.lines.get())
        return lines

    def site_dir(self) -> Path:
        """The folder the server builds the site into (once it serves)."""
        return next(self.tmpdir.glob("mkdocs_*"))

    def cpu(self) -> float:
        """User + system seconds of the server and of its children that ended."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / TICKS

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
