"""Storage on one SQLite file (aiosqlite): WAL, compare-and-swap drafts, the inbox, one process per file."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import aiosqlite

from bot.locks import KeyedLocks
from bot.model import Draft, UserState
from bot.rows import summary_from_row
from bot.sqlite_rows import all_rows, load_draft, one, write_changes
from bot.sqlite_schema import check_before_changing, migrate
from bot.storage import Changes, Forgotten, InboxEntry, StorageGone

logger = logging.getLogger(__name__)

# How long a /forget keeps retrying to empty the write-ahead log while another program reads the file.
FORGET_RETRY_S = 600.0
_FORGET_RETRY_EVERY_S = 0.25
# Handled inbox rows are kept this long, so an update Telegram sends again is recognised and skipped.
_INBOX_KEEP = timedelta(days=2)
_INBOX_PRUNE_EVERY_S = 3600.0


class DatabaseBusy(RuntimeError):
    """Another process already runs the bot on this database file."""


class SQLiteStorage:
    """Storage on one SQLite file (WAL, foreign keys, busy timeout, versioned schema)."""

    def __init__(self, conn: aiosqlite.Connection, path: str, lock_file: IO[bytes] | None) -> None:
        self._conn = conn
        self._path = path
        self._lock_file = lock_file
        # One connection serves every user: statements of two transactions must never interleave.
        self._lock = asyncio.Lock()
        self._users = KeyedLocks()
        self._identity = _identity(path)
        self._gone = False
        self._pruned_at = time.monotonic()
        self._cleaners: set[asyncio.Task[None]] = set()

    @classmethod
    async def open(cls, path: str | Path) -> SQLiteStorage:
        """Open (creating if needed) and migrate the database at `path`, refusing a second process."""
        name = str(path)
        lock_file = None
        if name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            lock_file = _lock_process(Path(name))
        try:
            conn = await aiosqlite.connect(name, isolation_level=None)
        except BaseException:
            if lock_file:
                lock_file.close()
            raise
        try:
            conn.row_factory = sqlite3.Row
            await check_before_changing(conn, name)
            await conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a killed process (every commit is in the WAL before we reply);
            # only a power cut can lose the last commits, and FULL would cost an fsync per answer.
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Deleted rows are overwritten with zeros (not every SQLite build does it by default), so a
            # forgotten draft is not left in free pages.
            await conn.execute("PRAGMA secure_delete=ON")
            await migrate(conn)
            store = cls(conn, name, lock_file)
            await store._prune_inbox()
        except BaseException:
            # An open connection would keep its thread alive and, after a failed migration, the lock.
            await conn.close()
            if lock_file:
                lock_file.close()
            raise
        return store

    async def close(self) -> None:
        """Close the connection and release the file to another process."""
        for task in list(self._cleaners):
            task.cancel()
        await self._conn.close()
        if self._lock_file:
            self._lock_file.close()

    def user_lock(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """Hold `user_id`'s lock; the process is alone on the file, so an in-process lock suffices."""
        return self._users.hold(user_id)

    async def ping(self) -> bool:
        """Return whether the database answers a query and is still the file the bot opened."""
        try:
            self._check_file()
            async with self._lock:
                await all_rows(self._conn, "SELECT count(*) FROM sqlite_master")
        except (sqlite3.Error, StorageGone):
            return False
        return True

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        async with self._reading():
            row = await one(self._conn, "SELECT active_draft, mode FROM users WHERE id = ?", (user_id,))
            summaries = [
                summary_from_row(r)
                for r in await all_rows(
                    self._conn,
                    "SELECT id, kind, name, unit, year, updated_at FROM drafts "
                    "WHERE owner = ? ORDER BY updated_at DESC, id",
                    (user_id,),
                )
            ]
            if row is None:
                return UserState(user_id=user_id, drafts=summaries)
            active = await load_draft(self._conn, user_id, row["active_draft"]) if row["active_draft"] else None
            return UserState(user_id=user_id, active=active, drafts=summaries, mode=row["mode"])

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        async with self._reading():
            return await load_draft(self._conn, user_id, draft_id)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[None]:
        # One read transaction, so the five queries of a load see one snapshot even beside another writer.
        async with self._lock:
            await self._conn.execute("BEGIN")
            try:
                yield
            finally:
                await self._conn.execute("COMMIT")

    async def apply(self, changes: Changes) -> Forgotten:
        """Write `changes` atomically, or raise Conflict and write nothing; when this returns they are durable."""
        c = self._conn
        async with self._lock:
            self._check_file()
            await c.execute("BEGIN IMMEDIATE")
            try:
                if changes.forget:
                    await _forget_user(c, changes.user_id)
                else:
                    await write_changes(c, changes)
                if changes.update_id is not None:
                    await _mark_handled(c, changes.update_id, changes.user_id)
                await c.execute("COMMIT")
            except BaseException as e:
                await _roll_back(c, e)
                raise
        for draft in changes.write:
            draft.version += 1
        if changes.deleted or changes.forget:
            return await self._empty_the_log()
        return Forgotten()

    async def inbox_add(self, entries: Sequence[InboxEntry]) -> list[int]:
        """Keep `entries`, ignoring update ids already kept or already handled; return the ids newly kept."""
        if not entries:
            return []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        async with self._lock:
            self._check_file()
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                known = {
                    r[0]
                    for r in await all_rows(
                        self._conn,
                        f"SELECT update_id FROM inbox WHERE update_id IN ({', '.join('?' * len(entries))})",
                        [e.update_id for e in entries],
                    )
                }
                fresh = [e for e in entries if e.update_id not in known]
                await self._conn.executemany(
                    "INSERT INTO inbox (update_id, user_id, payload, received_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (update_id) DO NOTHING",
                    [(e.update_id, e.user_id, e.payload, now) for e in fresh],
                )
                await self._conn.execute("COMMIT")
            except BaseException as e:
                await _roll_back(self._conn, e)
                raise
        if time.monotonic() - self._pruned_at > _INBOX_PRUNE_EVERY_S:
            await self._prune_inbox()
        return [e.update_id for e in fresh]

    async def inbox_pending(self) -> list[InboxEntry]:
        """Return the updates kept but not yet handled, by update id."""
        async with self._reading():
            rows = await all_rows(
                self._conn,
                "SELECT update_id, user_id, payload FROM inbox WHERE handled = 0 ORDER BY update_id",
            )
        return [InboxEntry(r["update_id"], r["user_id"], r["payload"] or "") for r in rows]

    async def inbox_done(self, update_id: int) -> None:
        """Mark an update handled that wrote nothing (a read, a refused or unsupported update)."""
        async with self._lock:
            self._check_file()
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                await _mark_handled(self._conn, update_id, 0)
                await self._conn.execute("COMMIT")
            except BaseException as e:
                await _roll_back(self._conn, e)
                raise

    async def _prune_inbox(self) -> None:
        self._pruned_at = time.monotonic()
        cutoff = (datetime.now(UTC) - _INBOX_KEEP).isoformat(timespec="seconds")
        async with self._lock:
            await self._conn.execute("DELETE FROM inbox WHERE handled = 1 AND received_at < ?", (cutoff,))

    def _check_file(self) -> None:
        """Raise StorageGone if the file was deleted or replaced since it was opened (checked before each write)."""
        if self._identity is None:
            return
        if self._gone or _identity(self._path) != self._identity:
            if not self._gone:
                logger.critical(
                    "the database file %s was deleted or replaced while the bot ran; no more answers are "
                    "accepted until the bot is restarted on the right file",
                    self._path,
                )
            self._gone = True
            raise StorageGone(self._path)

    async def _empty_the_log(self) -> Forgotten:
        """Truncate the -wal, which still holds deleted rows; retry in the background while a reader holds it."""
        if self._identity is None or await asyncio.to_thread(_truncate_log, self._path):
            return Forgotten()
        logger.warning("another reader holds the database; retrying to empty its write-ahead log")
        task = asyncio.ensure_future(self._retry_emptying())
        self._cleaners.add(task)
        task.add_done_callback(self._cleaners.discard)
        return Forgotten(lingering=True, retry_within_s=FORGET_RETRY_S)

    async def _retry_emptying(self) -> None:
        deadline = time.monotonic() + FORGET_RETRY_S
        while time.monotonic() < deadline:
            await asyncio.sleep(_FORGET_RETRY_EVERY_S)
            if await asyncio.to_thread(_truncate_log, self._path):
                logger.info("write-ahead log emptied after a reader let go")
                return
        logger.error("a reader held the database %.0f s; deleted rows stay in the -wal until restart", FORGET_RETRY_S)


def _lock_process(path: Path) -> IO[bytes]:
    """Take the file lock that keeps a second process off this database, or raise DatabaseBusy."""
    lock_file = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - held until close()
    try:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        lock_file.close()
        raise DatabaseBusy(
            f"数据库 {path} 正被另一个进程使用（另一个机器人或终端对话）。同一个数据库文件只能由一个进程打开，"
            "请先停掉它，或用 DATABASE_PATH 指定另一个文件。"
        ) from e
    return lock_file


def _identity(path: str) -> tuple[int, int] | None:
    if path == ":memory:":
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (-1, -1)
    return (st.st_dev, st.st_ino)


def _truncate_log(path: str) -> bool:
    """Checkpoint and truncate the -wal on a connection of its own, without waiting; return whether it worked."""
    try:
        with closing(sqlite3.connect(Path(path).resolve().as_uri() + "?mode=rw", uri=True, timeout=0)) as conn:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as e:
        logger.warning("could not checkpoint the write-ahead log: %s", e)
        return False
    return busy == 0


async def _roll_back(c: aiosqlite.Connection, cause: BaseException) -> None:
    """Roll back if a transaction is still open, never hiding `cause` behind the rollback's own error."""
    if not c.in_transaction:
        # SQLite already rolled back (a full disk, I/O error): a ROLLBACK would only raise "no transaction".
        return
    try:
        await c.execute("ROLLBACK")
    except sqlite3.Error:
        logger.debug("rollback after %r failed too", cause, exc_info=True)


async def _forget_user(c: aiosqlite.Connection, user_id: int) -> None:
    # The drafts go with the user row (ON DELETE CASCADE); the user's words leave the inbox too.
    await c.execute("DELETE FROM users WHERE id = ?", (user_id,))
    await c.execute("UPDATE inbox SET payload = NULL WHERE user_id = ? AND handled = 1", (user_id,))


async def _mark_handled(c: aiosqlite.Connection, update_id: int, user_id: int) -> None:
    await c.execute(
        "INSERT INTO inbox (update_id, user_id, payload, received_at, handled) VALUES (?, ?, NULL, ?, 1) "
        "ON CONFLICT (update_id) DO UPDATE SET handled = 1, payload = NULL",
        (update_id, user_id, datetime.now(UTC).isoformat(timespec="seconds")),
    )
