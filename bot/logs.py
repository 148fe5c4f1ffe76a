"""How ``poolgov run`` logs: text or JSON lines (``POOLGOV_LOG_FORMAT``), a request id on each.

Text: ``2026-12-02 03:00:00,123 INFO poolgov.request [act:U1:1700000000.1]: …``. JSON: one object
per line with ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``request_id``, ``message`` and,
for an error, ``exception`` (the traceback as one string). The request id is that of the Slack
request the line comes from (bot/request_ids.py), ``-`` for work no request caused.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO

from bot.request_ids import RequestIdFilter
from bot.settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["exception"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


def configure(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Replace the root logger's handlers by one on ``stream`` (stderr) in the chosen format."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.addFilter(RequestIdFilter())
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level_number)
    return handler
