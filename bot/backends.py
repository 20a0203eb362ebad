"""Pick the storage backend from the settings: PostgreSQL when DATABASE_URL is set, else the SQLite file."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings
from bot.sqlite_schema import backup as sqlite_backup
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Storage


async def open_storage(settings: Settings) -> Storage:
    """Open (and migrate) the configured database."""
    if settings.database_url:
        from bot.storage_pg import PostgresStorage

        return await PostgresStorage.open(settings.database_url)
    return await SQLiteStorage.open(settings.database_path)


def describe(settings: Settings) -> str:
    """Name the configured database for the log, without a password that DATABASE_URL may carry."""
    if settings.database_url:
        from urllib.parse import urlsplit

        parts = urlsplit(settings.database_url)
        return f"PostgreSQL {parts.hostname}:{parts.port or 5432}{parts.path}"
    return f"SQLite {settings.database_path}"


def backup(settings: Settings, dest: str | Path) -> None:
    """Copy the configured database to `dest`: pg_dump for PostgreSQL, SQLite's online backup otherwise."""
    if settings.database_url:
        from bot import pg_admin

        pg_admin.backup(settings.database_url, dest)
    else:
        sqlite_backup(settings.database_path, dest)
