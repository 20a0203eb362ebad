"""Logging set-up that never writes the bot token, and keeps user text at DEBUG."""

from __future__ import annotations

import logging
import re
from pathlib import Path

# A Bot API token: the bot's numeric id, a colon (percent-encoded inside a quoted URL), a 35-character secret.
TOKEN_SHAPE = re.compile(r"\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}")


class RedactTokens(logging.Filter):
    """Replace anything token-shaped in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = TOKEN_SHAPE.sub("<token>", record.exc_text)
        record.msg = TOKEN_SHAPE.sub("<token>", message)
        record.args = None
        return True


def setup_logging(level: str = "INFO", log_file: Path | None = None) -> None:
    """Configure the root logger with token redaction on every handler.

    With `log_file` (the terminal chat), records go to that file, and only warnings and errors to stderr too.
    """
    stderr = logging.StreamHandler()
    handlers: list[logging.Handler] = [stderr]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        stderr.setLevel(logging.WARNING)
        handlers.insert(0, logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
