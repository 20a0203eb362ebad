"""The storage Protocol on PostgreSQL (asyncpg), for several bot processes sharing one database."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from bot.model import Draft, DraftSummary, Item, NodeStatus, UserState
from bot.storage import Changes, _decode_pending, _encode_pending

# Each entry moves the schema from version i to i + 1 (table schema_version). Append, never edit.
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
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
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
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Advisory lock keys are one bigint space per database. Telegram user ids are positive, so a user's
# lock is its id and the migration lock a negative constant that no user can take.
MIGRATION_LOCK = -15_000_001

_DRAFT_COLUMNS = {"basic.unit": "unit", "basic.year": "year"}
POOL_SIZE = 10

# The connection that holds the current event's user lock: the event's reads and its write use it, so an
# event never needs a second connection while it holds one (no pool deadlock under load).
_held: contextvars.ContextVar[asyncpg.Connection | None] = contextvars.ContextVar("pg_held", default=None)


class PostgresStorage:
    """Storage on a PostgreSQL database; every process of the bot may open the same one."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStorage:
        """Connect to `url` and migrate the schema (under a lock, so processes starting together do not race)."""
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size, command_timeout=60)
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
        except BaseException:
            await pool.close()
            raise
        return cls(pool)

    async def close(self) -> None:
        """Close every connection of the pool."""
        await self._pool.close()

    @asynccontextmanager
    async def _conn(self) -> AsyncIterator[asyncpg.Connection]:
        held = _held.get()
        if held is not None:
            yield held
            return
        async with self._pool.acquire() as conn:
            yield conn

    @asynccontextmanager
    async def user_lock(self, user_id: int) -> AsyncIterator[None]:
        """Hold the user's lock across every process on this database for the duration of the block."""
        async with self._pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", user_id)
            token = _held.set(conn)
            try:
                yield
            finally:
                _held.reset(token)
                # A killed process's locks go with its connection; a live one must unlock before reuse.
                await conn.execute("SELECT pg_advisory_unlock($1)", user_id)

    async def ping(self) -> bool:
        """Return whether the database answers a query within two seconds."""
        try:
            async with asyncio.timeout(2):
                async with self._pool.acquire() as conn:
                    return bool(await conn.fetchval("SELECT 1"))
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
            return False

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        async with self._conn() as c:
            row = await c.fetchrow("SELECT active_draft, mode FROM users WHERE id = $1", user_id)
            summaries = [
                DraftSummary(
                    id=r["id"],
                    kind=r["kind"],
                    name=r["name"],
                    unit=r["unit"],
                    year=r["year"],
                    updated_at=r["updated_at"],
                )
                for r in await c.fetch(
                    "SELECT id, kind, name, unit, year, updated_at FROM drafts "
                    "WHERE owner = $1 ORDER BY updated_at DESC, id",
                    user_id,
                )
            ]
            if row is None:
                return UserState(user_id=user_id, drafts=summaries)
            active = await _load_draft(c, user_id, row["active_draft"]) if row["active_draft"] else None
            return UserState(user_id=user_id, active=active, drafts=summaries, mode=row["mode"])

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        async with self._conn() as c:
            return await _load_draft(c, user_id, draft_id)

    async def apply(self, changes: Changes) -> None:
        """Write `changes` in one transaction; when this returns they are committed."""
        async with self._conn() as c, c.transaction():
            if changes.forget:
                await c.execute("DELETE FROM users WHERE id = $1", changes.user_id)
            else:
                await _write_changes(c, changes)


async def _load_draft(c: asyncpg.Connection, owner: int, draft_id: str) -> Draft | None:
    r = await c.fetchrow("SELECT * FROM drafts WHERE id = $1 AND owner = $2", draft_id, owner)
    if r is None:
        return None
    facts = {node: r[col] for node, col in _DRAFT_COLUMNS.items() if r[col] is not None}
    status: dict[str, NodeStatus] = {}
    for a in await c.fetch("SELECT node, value, status FROM answers WHERE draft_id = $1", draft_id):
        if a["value"] is not None:
            facts[a["node"]] = a["value"]
        if a["status"] is not None:
            status[a["node"]] = a["status"]
    items: dict[str, list[Item]] = {}
    for i in await c.fetch(
        "SELECT id, node, text, source FROM items WHERE draft_id = $1 ORDER BY node, position", draft_id
    ):
        items.setdefault(i["node"], []).append(Item(id=i["id"], text=i["text"], source=i["source"]))
    return Draft(
        id=r["id"],
        owner=r["owner"],
        kind=r["kind"],
        outline_version=r["outline_version"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        name=r["name"],
        facts=facts,
        items=items,
        status=status,
        focus=r["focus"],
        pending=_decode_pending(r["pending"]),
        next_item_id=r["next_item_id"],
    )


async def _write_changes(c: asyncpg.Connection, changes: Changes) -> None:
    await c.execute(
        "INSERT INTO users (id, active_draft, mode, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) "
        "ON CONFLICT (id) DO UPDATE SET active_draft = excluded.active_draft, "
        "mode = excluded.mode, updated_at = excluded.updated_at",
        changes.user_id,
        changes.active_id,
        changes.mode,
        changes.now,
    )
    for draft in changes.write:
        await _write_draft(c, draft)
    for draft_id, name in changes.renamed.items():
        await c.execute(
            "UPDATE drafts SET name = $1, updated_at = $2 WHERE id = $3 AND owner = $4",
            name,
            changes.now,
            draft_id,
            changes.user_id,
        )
    for draft_id in changes.deleted:
        await c.execute("DELETE FROM drafts WHERE id = $1 AND owner = $2", draft_id, changes.user_id)


async def _write_draft(c: asyncpg.Connection, d: Draft) -> None:
    await c.execute(
        "INSERT INTO drafts (id, owner, kind, name, unit, year, outline_version, focus, pending, next_item_id, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, year = excluded.year, "
        "focus = excluded.focus, pending = excluded.pending, next_item_id = excluded.next_item_id, "
        "updated_at = excluded.updated_at WHERE drafts.owner = excluded.owner",
        d.id,
        d.owner,
        d.kind,
        d.name,
        d.facts.get("basic.unit"),
        d.facts.get("basic.year"),
        d.outline_version,
        d.focus,
        _encode_pending(d.pending),
        d.next_item_id,
        d.created_at,
        d.updated_at,
    )
    await c.execute("DELETE FROM answers WHERE draft_id = $1", d.id)
    nodes = ({n for n in d.facts if n not in _DRAFT_COLUMNS}) | set(d.status)
    await c.executemany(
        "INSERT INTO answers (draft_id, node, value, status) VALUES ($1, $2, $3, $4)",
        [(d.id, n, d.facts.get(n), d.status.get(n)) for n in sorted(nodes)],
    )
    await c.execute("DELETE FROM items WHERE draft_id = $1", d.id)
    await c.executemany(
        "INSERT INTO items (draft_id, id, node, position, text, source) VALUES ($1, $2, $3, $4, $5, $6)",
        [
            (d.id, item.id, node, pos, item.text, item.source)
            for node, items in d.items.items()
            for pos, item in enumerate(items)
        ],
    )


async def migrate(conn: asyncpg.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION under a database-wide lock, one migration per transaction."""
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
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
