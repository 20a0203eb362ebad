"""The SQLite schema: versioned migrations, the checks made before a file is touched, and backups."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import aiosqlite

# Each entry moves the schema from version i to i + 1 (PRAGMA user_version). Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        active_draft  TEXT REFERENCES drafts(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
        mode          TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE drafts (
        id               TEXT PRIMARY KEY,
        owner            INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind             TEXT NOT NULL,
        name             TEXT NOT NULL DEFAULT '',
        unit             TEXT,
        year             TEXT,
        outline_version  TEXT NOT NULL,
        focus            TEXT,
        pending          TEXT,
        next_item_id     INTEGER NOT NULL DEFAULT 1,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX drafts_by_owner ON drafts(owner, updated_at);
    -- One row per answered or skipped node; unit and year live on the draft row.
    CREATE TABLE answers (
        draft_id  TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        node      TEXT NOT NULL,
        value     TEXT,
        status    TEXT CHECK (status IN ('done', 'skipped')),
        PRIMARY KEY (draft_id, node)
    );
    CREATE TABLE items (
        draft_id  TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        id        INTEGER NOT NULL,
        node      TEXT NOT NULL,
        position  INTEGER NOT NULL,
        text      TEXT NOT NULL,
        source    TEXT,
        PRIMARY KEY (draft_id, id)
    );
    """,
    # Version 2: compare-and-swap on drafts, and the durable inbox of updates received but not yet handled.
    # Drafts already stored count as version 1; version 0 means "never stored".
    """
    ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE inbox (
        update_id    INTEGER PRIMARY KEY,
        user_id      INTEGER NOT NULL,
        -- The update's JSON; NULL once handled, so a user's words do not outlive their handling.
        payload      TEXT,
        received_at  TEXT NOT NULL,
        handled      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX inbox_pending ON inbox(handled, update_id);
    PRAGMA application_id = 1684433255;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# Marks a file as this program's database (PRAGMA application_id, "dj-g"); set by migration 2.
APPLICATION_ID = 1684433255


class NotOurDatabase(RuntimeError):
    """The file is not a database of this program, or of a newer version of it; it was left untouched."""


async def check_before_changing(conn: aiosqlite.Connection, path: str) -> None:
    """Refuse, before anything is written, a foreign file or a database of a newer schema."""
    try:
        version = await _scalar(conn, "PRAGMA user_version")
        app_id = await _scalar(conn, "PRAGMA application_id")
        objects = await _scalar(conn, "SELECT count(*) FROM sqlite_master")
    except sqlite3.DatabaseError as e:
        raise NotOurDatabase(f"{path} 不是本程序的数据库（{e}），未做任何改动。") from e
    if version > SCHEMA_VERSION:
        raise NotOurDatabase(
            f"database schema {version} is newer than this program ({SCHEMA_VERSION}): "
            f"{path} 由更新版本的程序写入，请升级后再用，未做任何改动。"
        )
    if app_id not in (0, APPLICATION_ID) or (version == 0 and objects > 0):
        raise NotOurDatabase(f"{path} 不是本程序的数据库，未做任何改动。")


async def migrate(conn: aiosqlite.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one migration per transaction."""
    version = await _scalar(conn, "PRAGMA user_version")
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"database schema {version} is newer than this program ({SCHEMA_VERSION})")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        try:
            await conn.executescript(f"BEGIN; {MIGRATIONS[target - 1]} PRAGMA user_version = {target}; COMMIT;")
        except BaseException:
            # executescript stops at the failing statement and leaves the transaction open.
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise


def backup(src: str | Path, dest: str | Path) -> None:
    """Copy the live database to `dest` with SQLite's online backup (safe while the bot runs)."""
    # Connecting would create an empty database at a mistyped path and back that up instead.
    if not Path(src).is_file():
        raise FileNotFoundError(f"找不到数据库 {src}")
    if not Path(dest).parent.is_dir():
        raise FileNotFoundError(f"备份目标所在的文件夹 {Path(dest).parent} 不存在")
    if Path(dest).exists() and Path(dest).samefile(src):
        raise ValueError(f"备份目标 {dest} 就是数据库本身，请换一个文件名")
    with closing(sqlite3.connect(str(src))) as source, closing(sqlite3.connect(str(dest))) as target:
        source.backup(target)


async def _scalar(conn: aiosqlite.Connection, sql: str) -> int:
    rows = list(await conn.execute_fetchall(sql))
    return int(rows[0][0]) if rows else 0
