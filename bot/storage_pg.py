"""The storage Protocol on PostgreSQL (asyncpg), for several bot processes sharing one database."""

from __future__ import annotations

import asyncio
import contextvars
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg

from bot.locks import KeyedLocks
from bot.model import Draft, UserState
from bot.pg_rows import forget_user, load_draft, mark_handled, write_changes
from bot.pg_schema import REGISTRATION_LOCK, migrate
from bot.rows import summary_from_row
from bot.storage import Changes, Forgotten, InboxEntry

POOL_SIZE = 10

# The connection that holds the current event's user lock: the event's reads and its write use it, so an
# event never needs a second connection while it holds one (no pool deadlock under load).
_held: contextvars.ContextVar[asyncpg.Connection | None] = contextvars.ContextVar("pg_held", default=None)

_PINGABLE = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError)


class PostgresStorage:
    """Storage on a PostgreSQL database; every process of the bot may open the same one."""

    def __init__(self, pool: asyncpg.Pool, life: asyncpg.Connection, taker: int) -> None:
        self._pool = pool
        # Held open for the process's lifetime with the advisory lock `taker`: while it is held, this
        # process is alive and the updates it took are its own to handle.
        self._life = life
        self._taker = taker
        # Inside one process, one user's events queue here rather than each holding a connection.
        self._users = KeyedLocks()

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStorage:
        """Connect to `url` and migrate the schema (under a lock, so processes starting together do not race)."""
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size, command_timeout=60)
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
            life = await asyncpg.connect(url)
            taker = -secrets.randbelow(2**62) - 2**32
            await life.execute("SELECT pg_advisory_lock($1)", taker)
        except BaseException:
            await pool.close()
            raise
        return cls(pool, life, taker)

    async def close(self) -> None:
        """Close every connection (the updates this process took and did not handle pass to the others)."""
        await self._pool.close()
        await self._life.close()

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
        async with self._users.hold(user_id), self._pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", user_id)
            token = _held.set(conn)
            try:
                yield
            finally:
                _held.reset(token)
                # A killed process's locks go with its connection; a live one must unlock before reuse.
                await conn.execute("SELECT pg_advisory_unlock($1)", user_id)

    async def ping(self) -> bool:
        """Return whether the database answers a query within two seconds, and still knows this process alive."""
        if self._life.is_closed():
            # The server lost our liveness lock (it restarted, or the connection broke): other processes may
            # take over this process's updates, so it must not be sent more. A restart gives it a new one.
            return False
        try:
            async with asyncio.timeout(2):
                async with self._pool.acquire() as conn:
                    return bool(await conn.fetchval("SELECT 1"))
        except _PINGABLE:
            return False

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        async with self._conn() as c, c.transaction(isolation="repeatable_read", readonly=True):
            row = await c.fetchrow("SELECT active_draft, mode FROM users WHERE id = $1", user_id)
            summaries = [
                summary_from_row(r)
                for r in await c.fetch(
                    "SELECT id, kind, name, unit, year, updated_at FROM drafts "
                    "WHERE owner = $1 ORDER BY updated_at DESC, id",
                    user_id,
                )
            ]
            if row is None:
                return UserState(user_id=user_id, drafts=summaries)
            active = await load_draft(c, user_id, row["active_draft"]) if row["active_draft"] else None
            return UserState(user_id=user_id, active=active, drafts=summaries, mode=row["mode"])

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        async with self._conn() as c, c.transaction(isolation="repeatable_read", readonly=True):
            return await load_draft(c, user_id, draft_id)

    async def apply(self, changes: Changes) -> Forgotten:
        """Write `changes` in one transaction, or raise Conflict and write nothing; on return they are committed."""
        async with self._conn() as c, c.transaction():
            if changes.forget:
                await forget_user(c, changes.user_id)
            else:
                await write_changes(c, changes)
            if changes.update_id is not None:
                await mark_handled(c, changes.update_id, changes.user_id)
        for draft in changes.write:
            draft.version += 1
        # Deleted rows stay in the table files until VACUUM reuses their space (see the README).
        return Forgotten()

    async def inbox_add(self, entries: Sequence[InboxEntry]) -> list[int]:
        """Keep `entries` as taken by this process, ignoring ids already kept or handled; return the ids newly kept."""
        if not entries:
            return []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        async with self._conn() as c:
            rows = await c.fetch(
                "INSERT INTO inbox (update_id, user_id, payload, received_at, taker) "
                "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[]) "
                "ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                [e.update_id for e in entries],
                [e.user_id for e in entries],
                [e.payload for e in entries],
                [now] * len(entries),
                [self._taker] * len(entries),
            )
        return [r["update_id"] for r in rows]

    async def inbox_pending(self) -> list[InboxEntry]:
        """Return the updates not yet handled that are this process's: its own, and those of dead processes."""
        async with self._pool.acquire() as c:
            for (taker,) in await c.fetch(
                "SELECT DISTINCT taker FROM inbox WHERE NOT handled AND taker <> $1", self._taker
            ):
                await _adopt(c, taker, self._taker)
            rows = await c.fetch(
                "SELECT update_id, user_id, payload FROM inbox WHERE NOT handled AND taker = $1 ORDER BY update_id",
                self._taker,
            )
        return [InboxEntry(r["update_id"], r["user_id"], r["payload"] or "") for r in rows]

    async def inbox_waiting_before(self, user_id: int, update_id: int) -> bool:
        """Return whether an earlier update of the user, taken by any process, is still to be handled."""
        async with self._conn() as c:
            return bool(
                await c.fetchval(
                    "SELECT EXISTS (SELECT 1 FROM inbox WHERE user_id = $1 AND update_id < $2 AND NOT handled)",
                    user_id,
                    update_id,
                )
            )

    async def inbox_done(self, update_id: int) -> None:
        """Mark an update handled that wrote nothing (a read, a refused or unsupported update)."""
        async with self._conn() as c:
            await c.execute(
                "INSERT INTO inbox (update_id, user_id, payload, received_at, handled) VALUES ($1, 0, NULL, $2, true) "
                "ON CONFLICT (update_id) DO UPDATE SET handled = true, payload = NULL",
                update_id,
                datetime.now(UTC).isoformat(timespec="seconds"),
            )

    async def run_once(self, key: str, value: str, action: Callable[[], Awaitable[None]]) -> bool:
        """Run `action` unless `key` already holds `value`, deciding under a lock all processes share."""
        async with self._pool.acquire() as c:
            await c.execute("SELECT pg_advisory_lock($1)", REGISTRATION_LOCK)
            try:
                if await c.fetchval("SELECT value FROM registrations WHERE key = $1", key) == value:
                    return False
                await action()
                await c.execute(
                    "INSERT INTO registrations (key, value) VALUES ($1, $2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    key,
                    value,
                )
                return True
            finally:
                await c.execute("SELECT pg_advisory_unlock($1)", REGISTRATION_LOCK)


async def _adopt(c: asyncpg.Connection, taker: int, me: int) -> None:
    """Take over the pending updates of process `taker` if it is dead (its liveness lock is free)."""
    if not await c.fetchval("SELECT pg_try_advisory_lock($1)", taker):
        return
    try:
        await c.execute("UPDATE inbox SET taker = $1 WHERE taker = $2 AND NOT handled", me, taker)
    finally:
        await c.execute("SELECT pg_advisory_unlock($1)", taker)
