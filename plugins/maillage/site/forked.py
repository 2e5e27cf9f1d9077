"""Work done in a forked process: the site's second core.

Writing the open data, the calendars and the draws' files is CPU-bound Python that no page
needs: forked once the commons is loaded, it runs beside MkDocs' page rendering (a thread would
share one interpreter lock with it). The child inherits everything in memory (nothing is pickled)
and writes its files itself, so the site is the same byte for byte whether it ran apart or not.
Processes are forked only when the caller runs no other thread (forking a threaded process can
deadlock), except by the preview, whose server threads the child never touches.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import threading
from collections.abc import Callable
from typing import Any


def can_fork() -> bool:
    """Whether work may run in a forked process here (a POSIX system, no other thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """One piece of work running in a child process (its own process group).

    What the work returns (JSON-serializable) is handed back to the parent as `result`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        reader, writer = os.pipe()
        # The child's garbage collector leaves the objects it inherits alone: its passes would write
        # into every one of them, copying the parent's memory page by page. The parent (maybe the
        # long-lived preview) keeps collecting them.
        gc.freeze()
        pid = os.fork()
        if pid != 0:
            gc.unfreeze()
        if pid == 0:  # the child: never returns
            os.close(reader)
            os.setpgid(0, 0)
            status, report = 0, {"failure": None, "result": None}
            try:
                report["result"] = work()
            except BaseException as exc:
                report["failure"] = (str(exc) or type(exc).__name__)[-4000:]
                status = 1
            with contextlib.suppress(BaseException), os.fdopen(writer, "wb") as pipe:
                pipe.write(json.dumps(report).encode("utf-8", "replace"))
            os._exit(status)
        os.close(writer)
        self.pid: int | None = pid
        self.result: Any = None
        self._reader = reader

    def wait(self) -> str | None:
        """Wait for the work to end: None when it succeeded, else why it failed (empty when killed)."""
        with os.fdopen(self._reader, "rb") as pipe:
            sent = pipe.read().decode("utf-8", "replace")
        pid, self.pid = self.pid, None
        if pid is None:
            return ""
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return ""
        if os.WIFSIGNALED(status):
            return ""
        try:
            report = json.loads(sent)
        except ValueError:
            report = {"failure": None, "result": None}
        self.result = report.get("result")
        message = (report.get("failure") or "").strip()
        return message or (None if os.WEXITSTATUS(status) == 0 else f"code {os.WEXITSTATUS(status)}")

    def kill(self) -> None:
        """Stop the work and whatever it started (Pagefind), if still running."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
