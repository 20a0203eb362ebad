"""PostgreSQL for operators, on a real server: `python -m bot backup` (pg_dump) and `migrate-to`, run as
commands; two processes migrating one database at once; the schema version check; /forget."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest

from bot.pg_schema import SCHEMA_VERSION, migrate
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Changes, InboxEntry
from bot.storage_pg import PostgresStorage
from tests import pg
from tests.test_storage import NOW, a_draft

ROOT = Path(__file__).resolve().parent.parent


def bot_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def seed_sqlite(path: Path, users: int) -> None:
    store = await SQLiteStorage.open(path)
    for u in range(1, users + 1):
        drafts = (a_draft(f"a{u}", owner=u), replace(a_draft(f"b{u}", owner=u), name=f"第二稿{u}"))
        await store.apply(Changes(user_id=u, active_id=f"a{u}", mode=None, now=NOW, write=drafts))
    await store.close()


async def test_migrate_to_copies_every_draft_checks_the_counts_and_keeps_the_file(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "unit.sqlite3"
    await seed_sqlite(source, users=30)
    before = source.read_bytes()
    done = await asyncio.to_thread(bot_command, "migrate-to", pg_url, DATABASE_PATH=str(source))
    assert done.returncode == 0, done.stderr
    assert "users 30，drafts 60，answers" in done.stdout and "核对无误" in done.stdout
    assert source.read_bytes() == before, "the SQLite file is only read"
    store = await PostgresStorage.open(pg_url)
    sqlite = await SQLiteStorage.open(source)
    try:
        for u in (1, 17, 30):
            assert await store.load(u) == await sqlite.load(u)
        # Moved drafts go on being written with their versions.
        state = await store.load(5)
        assert state.active is not None and state.active.version == 1
        await store.apply(Changes(user_id=5, active_id=state.active.id, mode=None, now=NOW, write=(state.active,)))
    finally:
        await store.close()
        await sqlite.close()
    # A second move into a database that already has drafts is refused and adds nothing.
    again = await asyncio.to_thread(bot_command, "migrate-to", pg_url, DATABASE_PATH=str(source))
    assert again.returncode != 0 and "already holds drafts" in again.stderr
    conn = await asyncpg.connect(pg_url)
    assert await conn.fetchval("SELECT count(*) FROM drafts") == 60
    await conn.close()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump not installed")
async def test_backup_with_pg_dump_restores_every_draft(tmp_path: Path, pg_url: str) -> None:
    store = await PostgresStorage.open(pg_url)
    await store.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    await store.close()
    dump = tmp_path / "backup.pgdump"
    done = await asyncio.to_thread(bot_command, "backup", str(dump), DATABASE_URL=pg_url)
    assert done.returncode == 0, done.stderr
    assert "已备份" in done.stdout and pg_url not in done.stdout + done.stderr
    async with pg.fresh_database() as restored:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], check=True, timeout=60)
        copy = await PostgresStorage.open(restored)
        assert (await copy.load(7)).active == replace(a_draft(), version=1)
        await copy.close()


async def test_two_processes_starting_together_migrate_once(pg_url: str) -> None:
    stores = await asyncio.gather(*(PostgresStorage.open(pg_url) for _ in range(4)))
    for s in stores:
        await s.close()
    conn = await asyncpg.connect(pg_url)
    try:
        assert await conn.fetch("SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    finally:
        await conn.close()


async def test_a_newer_schema_is_refused_untouched(pg_url: str) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        await migrate(conn)
        await migrate(conn)
        await conn.execute("UPDATE schema_version SET version = $1", SCHEMA_VERSION + 1)
        tables = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        with pytest.raises(RuntimeError, match="newer"):
            await migrate(conn)
        assert await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == tables
    finally:
        await conn.close()


async def test_forget_leaves_no_row_of_the_user(pg_url: str) -> None:
    store = await PostgresStorage.open(pg_url)
    try:
        await store.inbox_add([InboxEntry(1, 7, '{"text": "秘密"}')])
        await store.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),), update_id=1))
        await store.apply(Changes(user_id=8, active_id="o1", mode=None, now=NOW, write=(a_draft("o1", owner=8),)))
        await store.apply(Changes(user_id=7, active_id=None, mode=None, now=NOW, forget=True))
    finally:
        await store.close()
    conn = await asyncpg.connect(pg_url)
    try:
        for table in ("users", "drafts", "answers", "items", "inbox"):
            assert "秘密" not in str(await conn.fetch(f"SELECT * FROM {table}")), table
        assert await conn.fetchval("SELECT count(*) FROM users WHERE id = 7") == 0
        assert await conn.fetchval("SELECT count(*) FROM answers WHERE draft_id = 'd1'") == 0
        assert await conn.fetchval("SELECT count(*) FROM items WHERE draft_id = 'd1'") == 0
        assert await conn.fetchval("SELECT count(*) FROM drafts WHERE owner = 8") == 1
        assert await conn.fetchval("SELECT count(*) FROM inbox WHERE payload IS NOT NULL") == 0
    finally:
        await conn.close()


def test_the_sqlite_file_is_not_touched_by_a_failed_move(tmp_path: Path) -> None:
    pg.require()
    source = tmp_path / "unit.sqlite3"
    asyncio.run(seed_sqlite(source, users=2))
    with sqlite3.connect(source) as conn:
        rows = conn.execute("SELECT count(*) FROM drafts").fetchone()[0]
    done = bot_command("migrate-to", pg.url_for("no_such_database_here"), DATABASE_PATH=str(source))
    assert done.returncode != 0
    with sqlite3.connect(source) as conn:
        assert conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == rows


async def test_health_fails_once_the_process_lost_its_liveness_lock(pg_url: str) -> None:
    store = await PostgresStorage.open(pg_url)
    try:
        assert await store.ping()
        conn = await asyncpg.connect(pg_url)
        # What a server restart or a broken connection does to the process's liveness session.
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        await conn.close()
        await asyncio.sleep(0.2)
        assert not await store.ping()
    finally:
        await store.close()
