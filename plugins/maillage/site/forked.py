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
import os
import signal
import threading
from collections.abc import Callable


def can_fork() -> bool:
    """Whether work may run in a forked process here (a POSIX system, no other thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """One piece of work running in a child process (its own process group)."""

    def __init__(self, work: Callable[[], None]) -> None:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            os.setpgid(0, 0)
            status = 0
            try:
                work()
            except BaseException as exc:
                os.write(writer, (str(exc) or type(exc).__name__).encode("utf-8", "replace")[-4000:])
                status = 1
            os._exit(status)
        os.close(writer)
        self.pid: int | None = pid
        self._reader = reader

    def wait(self) -> str | None:
        """Wait for the work to end: None when it succeeded, else why it failed (empty when killed)."""
        with os.fdopen(self._reader, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace").strip()
        pid, self.pid = self.pid, None
        if pid is None:
            return ""
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return ""
        if os.WIFSIGNALED(status):
            return ""
        return message or (None if os.WEXITSTATUS(status) == 0 else f"code {os.WEXITSTATUS(status)}")

    def kill(self) -> None:
        """Stop the work and whatever it started (Pagefind), if still running."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
