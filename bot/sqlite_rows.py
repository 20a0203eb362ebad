"""Rows of the SQLite schema to and from the model: drafts with compare-and-swap, answers, items."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import aiosqlite

from bot.model import Draft
from bot.rows import DRAFT_COLUMNS, draft_from_rows, draft_values
from bot.storage import Changes, Conflict


async def write_changes(c: aiosqlite.Connection, changes: Changes) -> None:
    """Write the user row, the drafts (compare-and-swap), renames and deletions, inside the caller's transaction."""
    await c.execute(
        "INSERT INTO users (id, active_draft, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET active_draft = excluded.active_draft, "
        "mode = excluded.mode, updated_at = excluded.updated_at",
        (changes.user_id, changes.active_id, changes.mode, changes.now, changes.now),
    )
    for draft in changes.write:
        await _write_draft(c, draft)
    for draft_id, name in changes.renamed.items():
        # A rename is a new version too: a writer that loaded the old name must not write it back.
        await c.execute(
            "UPDATE drafts SET name = ?, updated_at = ?, version = version + 1 WHERE id = ? AND owner = ?",
            (name, changes.now, draft_id, changes.user_id),
        )
    for draft_id in changes.deleted:
        await c.execute("DELETE FROM drafts WHERE id = ? AND owner = ?", (draft_id, changes.user_id))


async def _write_draft(c: aiosqlite.Connection, d: Draft) -> None:
    """Write the draft row if its stored version is still d.version (bumping it), else raise Conflict."""
    values = draft_values(d)
    if d.version == 0:
        cursor = await c.execute(
            "INSERT INTO drafts (name, unit, year, focus, pending, next_item_id, dropped_pairs, outline_version, "
            "updated_at, id, owner, kind, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
            "ON CONFLICT (id) DO NOTHING",
            (*values, d.id, d.owner, d.kind, d.created_at),
        )
    else:
        cursor = await c.execute(
            "UPDATE drafts SET name = ?, unit = ?, year = ?, focus = ?, pending = ?, next_item_id = ?, "
            "dropped_pairs = ?, outline_version = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND owner = ? AND version = ?",
            (*values, d.id, d.owner, d.version),
        )
    if cursor.rowcount != 1:
        raise Conflict(f"draft {d.id} changed since it was read (version {d.version})")
    await c.execute("DELETE FROM answers WHERE draft_id = ?", (d.id,))
    nodes = ({n for n in d.facts if n not in DRAFT_COLUMNS}) | set(d.status)
    await c.executemany(
        "INSERT INTO answers (draft_id, node, value, status) VALUES (?, ?, ?, ?)",
        [(d.id, n, None if n in DRAFT_COLUMNS else d.facts.get(n), d.status.get(n)) for n in sorted(nodes)],
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


async def load_draft(c: aiosqlite.Connection, owner: int, draft_id: str) -> Draft | None:
    """Read draft `draft_id` in full if `owner` owns it."""
    r = await one(c, "SELECT * FROM drafts WHERE id = ? AND owner = ?", (draft_id, owner))
    if r is None:
        return None
    answers = await all_rows(c, "SELECT node, value, status FROM answers WHERE draft_id = ?", (draft_id,))
    items = await all_rows(
        c, "SELECT id, node, text, source FROM items WHERE draft_id = ? ORDER BY node, position", (draft_id,)
    )
    return draft_from_rows(r, answers, items)


async def one(c: aiosqlite.Connection, sql: str, args: Sequence[object] = ()) -> sqlite3.Row | None:
    """Return the first row of `sql`, or None."""
    rows = await all_rows(c, sql, args)
    return rows[0] if rows else None


async def all_rows(c: aiosqlite.Connection, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
    """Return every row of `sql`."""
    # One trip to the connection's thread instead of three (execute, fetch, close): a load is five queries.
    return list(await c.execute_fetchall(sql, args))
