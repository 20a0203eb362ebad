"""Operator commands for PostgreSQL: a backup with pg_dump, and moving a unit's SQLite file over."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import asyncpg

from bot.storage_pg import PostgresStorage

# Parents before children: users and drafts point at each other (the deferred active_draft key).
TABLES = ("users", "drafts", "answers", "items")


def backup(url: str, dest: str | Path) -> None:
    """Dump the database at `url` to `dest` with pg_dump (custom format; restore with pg_restore)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise FileNotFoundError("pg_dump not found: install the PostgreSQL client (Debian: postgresql-client)")
    # The URL goes in as --dbname, never echoed: it may carry a password.
    done = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={dest}", f"--dbname={url}"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")


async def migrate_to(sqlite_path: str | Path, url: str) -> dict[str, int]:
    """Copy every row of the SQLite file into the (empty) database at `url`; return the rows per table.

    The SQLite file is only read, never changed or deleted. The copy is one transaction and is checked
    table by table against the source before it commits, so a failed move leaves the target empty.
    """
    if not Path(sqlite_path).is_file():
        raise FileNotFoundError(f"no database at {sqlite_path}")
    rows = _read_sqlite(Path(sqlite_path))
    storage = await PostgresStorage.open(url)
    await storage.close()
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            if await conn.fetchval("SELECT count(*) FROM users"):
                raise RuntimeError("the target database already holds drafts; move into an empty one")
            for table in TABLES:
                columns, records = rows[table]
                await conn.copy_records_to_table(table, columns=columns, records=records)
            counts = {table: int(await conn.fetchval(f"SELECT count(*) FROM {table}")) for table in TABLES}
            expected = {table: len(rows[table][1]) for table in TABLES}
            if counts != expected:
                raise RuntimeError(f"copied {counts}, expected {expected}; nothing was kept")
    finally:
        await conn.close()
    return counts


def _read_sqlite(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    # Read-only and in one transaction, so a bot still running on the file cannot make the copy torn.
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.execute("BEGIN")
        out = {}
        for table in TABLES:
            cursor = conn.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            out[table] = (columns, [tuple(r) for r in cursor.fetchall()])
        return out
