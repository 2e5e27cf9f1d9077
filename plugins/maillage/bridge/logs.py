"""Structured logs: one JSON object per line, with secrets masked as a last line of defence."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable

# uvicorn adds an ANSI-coloured copy of its messages: not for a JSON journal.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """Formats records as JSON; any configured secret text is replaced by `***`."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def format(self, record: logging.LogRecord) -> str:
        """One JSON line: time, level, logger, message and the record's extra fields."""
        entry: dict[str, object] = {
            "moment": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(record.created)),
            "niveau": record.levelname.lower(),
            "source": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        text = json.dumps(entry, ensure_ascii=False, default=str)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def configure(level: str, secrets: Iterable[str]) -> None:
    """Send every `maillage` and uvicorn log record to stderr as JSON."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(secrets))
    for name in ("maillage", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    # uvicorn's access log would duplicate our own request lines (and its format is not JSON).
    logging.getLogger("uvicorn.access").disabled = True
