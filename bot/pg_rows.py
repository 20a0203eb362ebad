"""Reading and writing a user's rows on PostgreSQL, inside the caller's connection and transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from bot.model import Draft
from bot.rows import DRAFT_COLUMNS, draft_from_rows, draft_values
from bot.storage import Changes, Conflict


async def load_draft(c: asyncpg.Connection, owner: int, draft_id: str) -> Draft | None:
    """Return draft `draft_id` in full if `owner` owns it, else None."""
    r = await c.fetchrow("SELECT * FROM drafts WHERE id = $1 AND owner = $2", draft_id, owner)
    if r is None:
        return None
    answers = await c.fetch("SELECT node, value, status FROM answers WHERE draft_id = $1", draft_id)
    items = await c.fetch(
        "SELECT id, node, text, source FROM items WHERE draft_id = $1 ORDER BY node, position", draft_id
    )
    return draft_from_rows(r, answers, items)


async def write_changes(c: asyncpg.Connection, changes: Changes) -> None:
    """Write the user row, the drafts (compare-and-swap), renames and deletions."""
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
        # A rename is a new version too: a writer that loaded the old name must not write it back.
        await c.execute(
            "UPDATE drafts SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND owner = $4",
            name,
            changes.now,
            draft_id,
            changes.user_id,
        )
    for draft_id in changes.deleted:
        await c.execute("DELETE FROM drafts WHERE id = $1 AND owner = $2", draft_id, changes.user_id)


async def _write_draft(c: asyncpg.Connection, d: Draft) -> None:
    """Write the draft row if its stored version is still d.version (bumping it), else raise Conflict."""
    values = draft_values(d)
    if d.version == 0:
        status = await c.execute(
            "INSERT INTO drafts (name, unit, year, focus, pending, next_item_id, dropped_pairs, outline_version, "
            "updated_at, id, owner, kind, created_at, version) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) ON CONFLICT (id) DO NOTHING",
            *values,
            d.id,
            d.owner,
            d.kind,
            d.created_at,
        )
    else:
        status = await c.execute(
            "UPDATE drafts SET name = $1, unit = $2, year = $3, focus = $4, pending = $5, next_item_id = $6, "
            "dropped_pairs = $7, outline_version = $8, updated_at = $9, version = version + 1 "
            "WHERE id = $10 AND owner = $11 AND version = $12",
            *values,
            d.id,
            d.owner,
            d.version,
        )
    # asyncpg returns the command tag: "INSERT 0 1", "UPDATE 1"; the last number is the rows written.
    if not status.endswith(" 1"):
        raise Conflict(f"draft {d.id} changed since it was read (version {d.version})")
    await c.execute("DELETE FROM answers WHERE draft_id = $1", d.id)
    nodes = ({n for n in d.facts if n not in DRAFT_COLUMNS}) | set(d.status)
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


async def forget_user(c: asyncpg.Connection, user_id: int) -> None:
    """Delete the user row (the drafts go by cascade) and the user's words still in the inbox."""
    await c.execute("DELETE FROM users WHERE id = $1", user_id)
    await c.execute("UPDATE inbox SET payload = NULL WHERE user_id = $1 AND handled", user_id)


async def mark_handled(c: asyncpg.Connection, update_id: int, user_id: int) -> None:
    """Mark an update handled; raise Conflict if another process already handled it (write nothing twice)."""
    handled = await c.fetchval(
        "INSERT INTO inbox (update_id, user_id, payload, received_at, handled) VALUES ($1, $2, NULL, $3, true) "
        "ON CONFLICT (update_id) DO UPDATE SET handled = true, payload = NULL WHERE NOT inbox.handled "
        "RETURNING handled",
        update_id,
        user_id,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if handled is None:
        raise Conflict(f"update {update_id} was already handled")
