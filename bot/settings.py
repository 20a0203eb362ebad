"""Settings from the environment (and a .env file beside the working directory)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


def _default_database() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dangjian-bot" / "bot.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; .env.example documents each one."""

    token: str | None
    base_url: str | None
    base_file_url: str | None
    database_path: Path
    # postgresql://… selects PostgreSQL (several processes may share it); None keeps the SQLite file.
    database_url: str | None
    allowed_user_ids: frozenset[int]
    log_level: str
    export_dir: Path
    terminal_user_id: int
    rate_limit: bool
    concurrent_updates: int
    docx_line_spacing_pt: float
    docx_fonts: Literal["gb2312", "windows"]
    webhook: Webhook | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `env` (default: os.environ), raising ValueError on bad values."""
        e = os.environ if env is None else env
        db = Path(e.get("DATABASE_PATH") or _default_database()).expanduser()
        fonts = e.get("DOCX_FONTS", "gb2312").strip().lower()
        if fonts not in ("gb2312", "windows"):
            raise ValueError("DOCX_FONTS must be gb2312 or windows")
        return cls(
            token=e.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            base_url=e.get("TELEGRAM_BASE_URL", "").strip() or None,
            base_file_url=e.get("TELEGRAM_BASE_FILE_URL", "").strip() or None,
            database_path=db,
            database_url=_database_url(e.get("DATABASE_URL", "").strip()),
            allowed_user_ids=_allowed_ids(e.get("ALLOWED_USER_IDS", "")),
            log_level=e.get("LOG_LEVEL", "INFO").strip().upper(),
            export_dir=Path(e.get("EXPORT_DIR") or db.parent / "exports").expanduser(),
            terminal_user_id=int(e.get("TERMINAL_USER_ID", "1")),
            rate_limit=e.get("RATE_LIMIT", "1").strip().lower() not in ("0", "false", "no", "off"),
            concurrent_updates=int(e.get("CONCURRENT_UPDATES", "64")),
            docx_line_spacing_pt=float(e.get("DOCX_LINE_SPACING_PT", "28")),
            docx_fonts=fonts,  # type: ignore[arg-type]
            webhook=Webhook.from_env(e),
        )


@dataclass(frozen=True)
class Webhook:
    """Webhook mode: Telegram posts updates to `url`, a proxy forwards them to `host`:`port`."""

    url: str
    host: str
    port: int
    secret: str

    @classmethod
    def from_env(cls, e: Mapping[str, str]) -> Webhook | None:
        """Read WEBHOOK_URL, WEBHOOK_LISTEN and WEBHOOK_SECRET; None when WEBHOOK_URL is unset."""
        url = e.get("WEBHOOK_URL", "").strip()
        if not url:
            return None
        if not url.startswith("https://"):
            raise ValueError("WEBHOOK_URL must be an https:// URL (Telegram posts only to HTTPS)")
        host, _, port = e.get("WEBHOOK_LISTEN", "127.0.0.1:8443").strip().rpartition(":")
        if not port.isdigit():
            raise ValueError("WEBHOOK_LISTEN must be host:port, e.g. 127.0.0.1:8443")
        secret = e.get("WEBHOOK_SECRET", "").strip()
        # Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise ValueError("WEBHOOK_SECRET must be 16-256 characters of A-Z a-z 0-9 _ -")
        return cls(url=url, host=host or "127.0.0.1", port=int(port), secret=secret)


def _database_url(url: str) -> str | None:
    if not url:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise ValueError("DATABASE_URL must start with postgresql:// (leave it empty for the SQLite file)")
    return url


def _allowed_ids(raw: str) -> frozenset[int]:
    """Parse ALLOWED_USER_IDS; set but naming nobody (" , ") is an error, never "everyone" (fail closed)."""
    if not raw.strip():
        return frozenset()
    ids = [x.strip() for x in raw.split(",") if x.strip()]
    if not ids or not all(x.lstrip("-").isdigit() for x in ids):
        raise ValueError(f"ALLOWED_USER_IDS must be Telegram user ids separated by commas, got {raw!r}")
    return frozenset(int(x) for x in ids)
