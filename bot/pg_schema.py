"""The PostgreSQL schema: versioned migrations, run under a lock every process of the bot shares."""

from __future__ import annotations

import asyncpg

# Each entry moves the schema from version i to i + 1 (table schema_version). Append, never edit.
# The tables mirror the SQLite schema (bot.sqlite_schema), so `python -m bot migrate-to` copies rows as they are.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        id            BIGINT PRIMARY KEY,
        active_draft  TEXT,
        mode          TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE drafts (
        id               TEXT PRIMARY KEY,
        owner            BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind             TEXT NOT NULL,
        name             TEXT NOT NULL DEFAULT '',
        unit             TEXT,
        year             TEXT,
        outline_version  TEXT NOT NULL,
        focus            TEXT,
        pending          TEXT,
        next_item_id     INTEGER NOT NULL DEFAULT 1,
        dropped_pairs    TEXT NOT NULL DEFAULT '',
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        -- Compare-and-swap: a write succeeds only while the stored version is the one the writer read.
        version          INTEGER NOT NULL DEFAULT 1
    );
    ALTER TABLE users ADD CONSTRAINT users_active_draft_fkey FOREIGN KEY (active_draft)
        REFERENCES drafts(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
    CREATE INDEX drafts_by_owner ON drafts(owner, updated_at);
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
    -- Updates received and not yet handled; `taker` is the process that took the update (its liveness
    -- lock key), so a process that died leaves its updates to the others instead of losing them.
    CREATE TABLE inbox (
        update_id    BIGINT PRIMARY KEY,
        user_id      BIGINT NOT NULL,
        -- The update's JSON; NULL once handled, so a user's words do not outlive their handling.
        payload      TEXT,
        received_at  TEXT NOT NULL,
        handled      BOOLEAN NOT NULL DEFAULT false,
        taker        BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX inbox_pending ON inbox(taker, update_id) WHERE NOT handled;
    -- Things done once for all processes, e.g. the webhook registration (key "webhook", a fingerprint).
    CREATE TABLE registrations (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Advisory lock keys share one bigint space per database. Telegram user ids are positive, so a user's lock
# is its id; these fixed keys and each process's liveness key are negative, where no user can collide.
MIGRATION_LOCK = -15_000_001
REGISTRATION_LOCK = -15_000_002


async def migrate(conn: asyncpg.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION under a database-wide lock, one migration per transaction."""
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        # Read before changing anything: a newer schema is refused untouched.
        version = await conn.fetchval("SELECT max(version) FROM schema_version") or 0
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"database schema {version} is newer than this program ({SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            async with conn.transaction():
                await conn.execute(MIGRATIONS[target - 1])
                await conn.execute("DELETE FROM schema_version")
                await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", target)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
