"""Settings from the environment (and a .env file beside the working directory)."""

from __future__ import annotations

import os
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
    allowed_user_ids: frozenset[int]
    log_level: str
    export_dir: Path
    terminal_user_id: int
    rate_limit: bool
    concurrent_updates: int
    docx_line_spacing_pt: float
    docx_fonts: Literal["gb2312", "windows"]

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
            allowed_user_ids=_allowed_ids(e.get("ALLOWED_USER_IDS", "")),
            log_level=e.get("LOG_LEVEL", "INFO").strip().upper(),
            export_dir=Path(e.get("EXPORT_DIR") or db.parent / "exports").expanduser(),
            terminal_user_id=int(e.get("TERMINAL_USER_ID", "1")),
            rate_limit=e.get("RATE_LIMIT", "1").strip().lower() not in ("0", "false", "no", "off"),
            concurrent_updates=int(e.get("CONCURRENT_UPDATES", "64")),
            docx_line_spacing_pt=float(e.get("DOCX_LINE_SPACING_PT", "28")),
            docx_fonts=fonts,  # type: ignore[arg-type]
        )


def _allowed_ids(raw: str) -> frozenset[int]:
    """Parse ALLOWED_USER_IDS; set but naming nobody (" , ") is an error, never "everyone" (fail closed)."""
    if not raw.strip():
        return frozenset()
    ids = [x.strip() for x in raw.split(",") if x.strip()]
    if not ids or not all(x.lstrip("-").isdigit() for x in ids):
        raise ValueError(f"ALLOWED_USER_IDS must be Telegram user ids separated by commas, got {raw!r}")
    return frozenset(int(x) for x in ids)
