"""Schema migrations from every earlier version on a database holding data; the backup command and a restore.

When a migration is appended to bot.sqlite_schema.MIGRATIONS, add to SEEDS the rows a database of the version it
starts from holds, written in that version's own SQL (the test refuses to run without them).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

import bot.sqlite_schema
from bot.model import Draft, DraftSummary, Item, Pending, UserState
from bot.sqlite_schema import MIGRATIONS, SCHEMA_VERSION
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Changes

NOW = "2026-11-22T10:00:00+08:00"


def seed_v1(conn: sqlite3.Connection) -> None:
    """Two users as a version-1 database stores them: one with a full draft and a rename pending."""
    conn.executescript(
        f"""
        INSERT INTO users (id, active_draft, mode, created_at, updated_at) VALUES
            (7, 'd1', 'rename:d2', '{NOW}', '{NOW}'),
            (8, NULL, NULL, '{NOW}', '{NOW}');
        INSERT INTO drafts (id, owner, kind, name, unit, year, outline_version, focus, pending, next_item_id,
                            created_at, updated_at) VALUES
            ('d1', 7, 'annual', '', '县财政局机关党支部', '2025', '1', 'work.duty',
             '{{"kind": "suggest", "node": "work.duty", "item": 2, "text": "原话", "options": ["a", "b"],
               "page": 0, "nonce": 2}}', 3, '{NOW}', '{NOW}'),
            ('d2', 7, 'half', '旧的', NULL, NULL, '1', NULL, NULL, 1, '{NOW}', '2026-01-01T00:00:00+08:00');
        INSERT INTO answers (draft_id, node, value, status) VALUES
            ('d1', 'intro.leader', '县直机关工委', NULL),
            ('d1', 'intro.theme', NULL, 'skipped'),
            ('d1', 'work.theory', NULL, 'done');
        INSERT INTO items (draft_id, id, node, position, text, source) VALUES
            ('d1', 1, 'work.duty', 0, '召开党组会议3次。', 'pb-1'),
            ('d1', 2, 'work.duty', 1, '制定责任清单。', NULL);
        """
    )


# The state a database seeded at each version must load as once migrated to the latest schema.
EXPECTED_V1 = {
    7: UserState(
        user_id=7,
        active=Draft(
            id="d1",
            owner=7,
            kind="annual",
            outline_version="1",
            created_at=NOW,
            updated_at=NOW,
            facts={"basic.unit": "县财政局机关党支部", "basic.year": "2025", "intro.leader": "县直机关工委"},
            items={"work.duty": [Item(1, "召开党组会议3次。", "pb-1"), Item(2, "制定责任清单。")]},
            status={"intro.theme": "skipped", "work.theory": "done"},
            focus="work.duty",
            pending=Pending(kind="suggest", node="work.duty", item=2, text="原话", options=("a", "b"), nonce=2),
            next_item_id=3,
            version=1,
        ),
        drafts=[
            DraftSummary("d1", "annual", "", "县财政局机关党支部", "2025", NOW),
            DraftSummary("d2", "half", "旧的", None, None, "2026-01-01T00:00:00+08:00"),
        ],
        mode="rename:d2",
    ),
    8: UserState(user_id=8),
}


def seed_v2(conn: sqlite3.Connection) -> None:
    """Version 2 adds the draft version and the inbox: d1 has been written four times, one update waits."""
    seed_v1(conn)
    conn.executescript(
        f"""
        UPDATE drafts SET version = 4 WHERE id = 'd1';
        INSERT INTO inbox (update_id, user_id, payload, received_at, handled) VALUES
            (100, 7, NULL, '{NOW}', 1),
            (101, 7, '{{"update_id": 101}}', '{NOW}', 0);
        """
    )


EXPECTED_V2 = {**EXPECTED_V1, 7: replace(EXPECTED_V1[7], active=replace(EXPECTED_V1[7].active, version=4))}

SEEDS: dict[int, tuple[Callable[[sqlite3.Connection], None], dict[int, UserState]]] = {
    1: (seed_v1, EXPECTED_V1),
    2: (seed_v2, EXPECTED_V2),
}


def database_at(path: Path, version: int) -> None:
    """Build a database at schema `version` by running the first `version` migrations as shipped."""
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        for script in MIGRATIONS[:version]:
            conn.executescript(f"BEGIN; {script} COMMIT;")
        conn.execute(f"PRAGMA user_version = {version}")
        if version:
            seed, _ = SEEDS[version]
            seed(conn)
    conn.close()


def schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        found = [(t, n, " ".join(s.split())) for t, n, s in rows]
    conn.close()
    return found


def test_every_version_has_seed_data() -> None:
    assert set(SEEDS) == set(range(1, SCHEMA_VERSION + 1)), "add SEEDS for the schema version a migration starts from"


@pytest.mark.parametrize("version", range(SCHEMA_VERSION + 1))
async def test_migrating_from_every_version_keeps_the_data(tmp_path: Path, version: int) -> None:
    db = tmp_path / f"v{version}.sqlite3"
    database_at(db, version)
    store = await SQLiteStorage.open(db)
    try:
        if version:
            for user_id, expected in SEEDS[version][1].items():
                assert await store.load(user_id) == expected
        else:
            assert await store.load(7) == UserState(user_id=7)
        # The migrated database takes new writes like a fresh one.
        draft = Draft(id="new", owner=9, kind="report", outline_version="2", created_at=NOW, updated_at=NOW)
        await store.apply(Changes(user_id=9, active_id="new", mode=None, now=NOW, write=(draft,)))
        assert (await store.load(9)).active == draft
    finally:
        await store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    fresh = tmp_path / "fresh.sqlite3"
    await (await SQLiteStorage.open(fresh)).close()
    assert schema(db) == schema(fresh), "migrating up must end at the schema a new database gets"


async def test_a_failing_migration_changes_nothing_and_releases_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "broken.sqlite3"
    database_at(db, SCHEMA_VERSION)
    broken = "CREATE TABLE half_done (x INTEGER); ALTER TABLE drafts ADD COLUMN;"
    monkeypatch.setattr(bot.sqlite_schema, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(bot.sqlite_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    opened: list[aiosqlite.Connection] = []
    connect = aiosqlite.connect

    def recording(*args: Any, **kw: Any) -> aiosqlite.Connection:
        opened.append(connect(*args, **kw))
        return opened[-1]

    monkeypatch.setattr(aiosqlite, "connect", recording)
    threads = threading.active_count()
    with pytest.raises(sqlite3.Error):
        await SQLiteStorage.open(db)
    monkeypatch.undo()
    # A connection left open keeps its worker thread (and the process) alive, and its lock on the file.
    # A closed connection's worker thread ends just after close() returns; a leaked one never does.
    for _ in range(100):
        leaked = threading.active_count() - threads
        if leaked == 0:
            break
        await asyncio.sleep(0.01)
    try:
        with sqlite3.connect(db, timeout=0.5) as conn:
            conn.execute("UPDATE users SET mode = NULL WHERE id = 8")
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
        conn.close()
    finally:
        for c in opened:
            await c.close()
    assert leaked == 0, "the failed open left its connection open"
    store = await SQLiteStorage.open(db)
    assert await store.load(7) == SEEDS[SCHEMA_VERSION][1][7]
    await store.close()


async def test_a_failing_migration_rolls_back_on_the_callers_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "caller.sqlite3"
    database_at(db, SCHEMA_VERSION)
    monkeypatch.setattr(bot.sqlite_schema, "MIGRATIONS", (*MIGRATIONS, "CREATE TABLE half_done (x); SELECT nonsense;"))
    monkeypatch.setattr(bot.sqlite_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    async with aiosqlite.connect(db, isolation_level=None) as conn:
        with pytest.raises(sqlite3.Error):
            await bot.sqlite_schema.migrate(conn)
        # The connection is usable and holds no lock: the half-run migration was rolled back.
        assert not conn.in_transaction
        with sqlite3.connect(db, timeout=0.5) as other:
            other.execute("UPDATE users SET mode = NULL WHERE id = 8")
        other.close()
        rows = await conn.execute_fetchall("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")
        assert next(iter(rows))[0] == 0


def run_backup(db: Path, dest: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The documented command: `python -m bot backup FILE`, DATABASE_PATH naming the live database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(DATABASE_PATH=str(db), LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "bot", "backup", str(dest)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_backup_while_the_bot_holds_the_database_then_restore(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    database_at(live, SCHEMA_VERSION)
    store = await SQLiteStorage.open(live)  # the running bot's connection
    later = Draft(id="wal", owner=8, kind="half", outline_version="2", created_at=NOW, updated_at=NOW)
    await store.apply(Changes(user_id=8, active_id="wal", mode=None, now=NOW, write=(later,)))
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0  # that commit is only in the write-ahead log
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # and an answer is being written right now
    writer.execute("UPDATE drafts SET name = '未提交' WHERE id = 'd1'")
    try:
        done = run_backup(live, tmp_path / "backup.sqlite3", tmp_path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        await store.close()
    assert done.returncode == 0, done.stderr
    assert "已备份到" in done.stdout

    # Restore as the README says: stop the bot, copy the backup over DATABASE_PATH, drop -wal/-shm.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.sqlite3", live)
    restored = await SQLiteStorage.open(live)
    try:
        assert await restored.load(7) == SEEDS[SCHEMA_VERSION][1][7]  # committed data, without the uncommitted rename
        assert (await restored.load(8)).active == later
    finally:
        await restored.close()
    with sqlite3.connect(live) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_backup_of_a_missing_database_fails_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "bot.sqlite3"
    missing.parent.mkdir()
    done = run_backup(missing, tmp_path / "backup.sqlite3", tmp_path)
    assert done.returncode != 0
    assert not missing.exists() and not (tmp_path / "backup.sqlite3").exists()
