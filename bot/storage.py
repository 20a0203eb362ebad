"""Where drafts live: a small storage Protocol and its SQLite implementation (aiosqlite)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import aiosqlite

from bot.model import Draft, DraftSummary, Item, NodeStatus, Pending, UserState
from bot.outline import Outline, load_outline

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
    # 2: the problem ↔ measure pairs whose measure the user turned down get a column of their own; outline
    # version 2 kept them in `answers` under a made-up node, named here once to move them.
    """
    ALTER TABLE drafts ADD COLUMN dropped_pairs TEXT NOT NULL DEFAULT '';
    UPDATE drafts SET dropped_pairs = COALESCE(
        (SELECT value FROM answers WHERE answers.draft_id = drafts.id AND answers.node = 'plans.items.dropped'), '');
    DELETE FROM answers WHERE node = 'plans.items.dropped';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Changes:
    """Everything one handled event wants written, in one transaction."""

    user_id: int
    active_id: str | None
    mode: str | None
    now: str
    write: tuple[Draft, ...] = ()
    renamed: dict[str, str] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()
    # Remove the user row and, by cascade, every draft of the user.
    forget: bool = False


class Storage(Protocol):
    """What the assistant needs from a storage backend."""

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        ...

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        ...

    async def apply(self, changes: Changes) -> None:
        """Write `changes` atomically; when this returns they are durable."""
        ...

    async def close(self) -> None:
        """Release the backend's resources."""
        ...


class SQLiteStorage:
    """Storage on one SQLite file (WAL, foreign keys, busy timeout, versioned schema)."""

    def __init__(self, conn: aiosqlite.Connection, outline: Outline | None = None) -> None:
        self._conn = conn
        self._columns = draft_columns(outline or load_outline())
        # One connection serves every user: statements of two transactions must never interleave.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, outline: Outline | None = None) -> SQLiteStorage:
        """Open (creating if needed) and migrate the database at `path`."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
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
        except BaseException:
            # An open connection would keep its thread alive and, after a failed migration, the lock.
            await conn.close()
            raise
        return cls(conn, outline)

    async def close(self) -> None:
        """Close the connection."""
        await self._conn.close()

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        async with self._lock:
            row = await _one(self._conn, "SELECT active_draft, mode FROM users WHERE id = ?", (user_id,))
            summaries = [
                DraftSummary(
                    id=r["id"],
                    kind=r["kind"],
                    name=r["name"],
                    unit=r["unit"],
                    year=r["year"],
                    updated_at=r["updated_at"],
                )
                for r in await _all(
                    self._conn,
                    "SELECT id, kind, name, unit, year, updated_at FROM drafts "
                    "WHERE owner = ? ORDER BY updated_at DESC, id",
                    (user_id,),
                )
            ]
            if row is None:
                return UserState(user_id=user_id, drafts=summaries)
            active = await self._load_draft(user_id, row["active_draft"]) if row["active_draft"] else None
            return UserState(user_id=user_id, active=active, drafts=summaries, mode=row["mode"])

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        async with self._lock:
            return await self._load_draft(user_id, draft_id)

    async def _load_draft(self, owner: int, draft_id: str) -> Draft | None:
        r = await _one(self._conn, "SELECT * FROM drafts WHERE id = ? AND owner = ?", (draft_id, owner))
        if r is None:
            return None
        facts = {node: r[col] for node, col in self._columns.items() if r[col] is not None}
        status: dict[str, NodeStatus] = {}
        for a in await _all(self._conn, "SELECT node, value, status FROM answers WHERE draft_id = ?", (draft_id,)):
            if a["value"] is not None:
                facts[a["node"]] = a["value"]
            if a["status"] is not None:
                status[a["node"]] = a["status"]
        items: dict[str, list[Item]] = {}
        for i in await _all(
            self._conn,
            "SELECT id, node, text, source FROM items WHERE draft_id = ? ORDER BY node, position",
            (draft_id,),
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
            dropped_pairs=tuple(r["dropped_pairs"].split()),
        )

    async def apply(self, changes: Changes) -> None:
        """Write `changes` atomically; when this returns they are durable."""
        c = self._conn
        async with self._lock:
            await c.execute("BEGIN IMMEDIATE")
            try:
                if changes.forget:
                    # The drafts go with the user row (ON DELETE CASCADE).
                    await c.execute("DELETE FROM users WHERE id = ?", (changes.user_id,))
                else:
                    await _write_changes(c, changes, self._columns)
                await c.execute("COMMIT")
            except BaseException:
                await c.execute("ROLLBACK")
                raise
            if changes.deleted or changes.forget:
                # The write-ahead log still holds the deleted drafts' old pages until it is checkpointed;
                # TRUNCATE also empties the file, so /forget leaves no copy of them on disk.
                await c.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def _write_changes(c: aiosqlite.Connection, changes: Changes, columns: dict[str, str]) -> None:
    await c.execute(
        "INSERT INTO users (id, active_draft, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET active_draft = excluded.active_draft, "
        "mode = excluded.mode, updated_at = excluded.updated_at",
        (changes.user_id, changes.active_id, changes.mode, changes.now, changes.now),
    )
    for draft in changes.write:
        await _write_draft(c, draft, columns)
    for draft_id, name in changes.renamed.items():
        await c.execute(
            "UPDATE drafts SET name = ?, updated_at = ? WHERE id = ? AND owner = ?",
            (name, changes.now, draft_id, changes.user_id),
        )
    for draft_id in changes.deleted:
        await c.execute("DELETE FROM drafts WHERE id = ? AND owner = ?", (draft_id, changes.user_id))


async def _write_draft(c: aiosqlite.Connection, d: Draft, columns: dict[str, str]) -> None:
    by_column = {col: d.facts.get(node) for node, col in columns.items()}
    await c.execute(
        "INSERT INTO drafts (id, owner, kind, name, unit, year, outline_version, focus, pending, next_item_id, "
        "dropped_pairs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit, year = excluded.year, "
        "focus = excluded.focus, pending = excluded.pending, next_item_id = excluded.next_item_id, "
        "dropped_pairs = excluded.dropped_pairs, updated_at = excluded.updated_at "
        "WHERE drafts.owner = excluded.owner",
        (
            d.id,
            d.owner,
            d.kind,
            d.name,
            by_column["unit"],
            by_column["year"],
            d.outline_version,
            d.focus,
            _encode_pending(d.pending),
            d.next_item_id,
            " ".join(d.dropped_pairs),
            d.created_at,
            d.updated_at,
        ),
    )
    await c.execute("DELETE FROM answers WHERE draft_id = ?", (d.id,))
    nodes = ({n for n in d.facts if n not in columns}) | set(d.status)
    await c.executemany(
        "INSERT INTO answers (draft_id, node, value, status) VALUES (?, ?, ?, ?)",
        [(d.id, n, None if n in columns else d.facts.get(n), d.status.get(n)) for n in sorted(nodes)],
    )
    await c.execute("DELETE FROM items WHERE draft_id = ?", (d.id,))
    await c.executemany(
        "INSERT INTO items (draft_id, id, node, position, text, source) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (d.id, item.id, node, pos, item.text, item.source)
            for node, items in d.items.items()
            for pos, item in enumerate(items)
        ],
    )


def draft_columns(outline: Outline) -> dict[str, str]:
    """Return the facts kept as columns of the draft row (node id → column), so the draft list needs no join."""
    return {node.id: role for role in ("unit", "year") if (node := outline.role(role)) is not None}


def _encode_pending(p: Pending | None) -> str | None:
    return None if p is None else json.dumps(asdict(p), ensure_ascii=False)


def _decode_pending(raw: str | None) -> Pending | None:
    if not raw:
        return None
    data = json.loads(raw)
    data["options"] = tuple(data.get("options", ()))
    return Pending(**data)


async def migrate(conn: aiosqlite.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one migration per transaction."""
    row = await _one(conn, "PRAGMA user_version")
    version = int(row[0]) if row else 0
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
        raise FileNotFoundError(f"no database at {src}")
    with closing(sqlite3.connect(str(src))) as source, closing(sqlite3.connect(str(dest))) as target:
        source.backup(target)


async def _one(c: aiosqlite.Connection, sql: str, args: Sequence[object] = ()) -> sqlite3.Row | None:
    rows = await _all(c, sql, args)
    return rows[0] if rows else None


async def _all(c: aiosqlite.Connection, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
    # One trip to the connection's thread instead of three (execute, fetch, close): a load is five queries.
    return list(await c.execute_fetchall(sql, args))
