"""SQLite-specific safety: one process per file, files left untouched when refused, /forget beside a reader."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.model import Draft, Item
from bot.sqlite_schema import SCHEMA_VERSION, NotOurDatabase
from bot.sqlite_storage import FORGET_RETRY_S, DatabaseBusy, SQLiteStorage
from bot.storage import Changes

NOW = "2026-11-22T10:00:00+08:00"
MARKER = "MARKER-4c1d-forget-me"


def a_draft(owner: int, text: str) -> Draft:
    return Draft(
        id=f"d{owner}",
        owner=owner,
        kind="annual",
        outline_version="2",
        created_at=NOW,
        updated_at=NOW,
        items={"work.duty": [Item(1, text)]},
        next_item_id=2,
    )


def files_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name) and p.is_file()}


async def test_a_second_process_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = await SQLiteStorage.open(db)
    try:
        with pytest.raises(DatabaseBusy, match="另一个进程"):
            await SQLiteStorage.open(db)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
        env.update(DATABASE_PATH=str(db), LOG_LEVEL="WARNING")
        done = subprocess.run(
            [sys.executable, "-m", "bot"], env=env, cwd=tmp_path, input="", capture_output=True, text=True, timeout=60
        )
        assert done.returncode != 0 and "另一个进程" in done.stderr and "Traceback" not in done.stderr, done.stderr
    finally:
        await store.close()
    # Released at close: the next process gets the file.
    await (await SQLiteStorage.open(db)).close()


@pytest.mark.parametrize("kind", ["newer schema", "text file", "another program's database"])
async def test_a_refused_file_is_left_exactly_as_it_was(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "bot.sqlite3"
    if kind == "text file":
        db.write_text("这不是数据库\n" * 100, encoding="utf-8")
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE notes (x TEXT)")
            conn.execute("INSERT INTO notes VALUES ('别人的数据')")
            if kind == "newer schema":
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
    before = files_of(db)
    with pytest.raises(NotOurDatabase):
        await SQLiteStorage.open(db)
    after = files_of(db)
    # The empty sidecar lock file (bot.sqlite3.lock) is the only thing added; the database is as it was.
    assert after.pop(f"{db.name}.lock") == b""
    assert after == before, "nothing changed, not even the journal mode"


async def test_forget_beside_a_reader_stalls_nobody_and_is_gone_when_promised(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = await SQLiteStorage.open(db)
    await store.apply(Changes(user_id=7, active_id="d7", mode=None, now=NOW, write=(a_draft(7, MARKER),)))
    await store.apply(Changes(user_id=8, active_id="d8", mode=None, now=NOW, write=(a_draft(8, "别人的"),)))
    reading, release = threading.Event(), threading.Event()

    def reader() -> None:
        # A backup or a sqlite3 shell in the middle of a read: it holds a snapshot with the marker in it.
        conn = sqlite3.connect(db)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM items").fetchone()
        reading.set()
        release.wait(10)
        conn.rollback()
        conn.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        reading.wait(5)
        started = time.perf_counter()
        left = await store.apply(Changes(user_id=7, active_id=None, mode=None, now=NOW, forget=True, deleted=("d7",)))
        other = await store.load(8)
        assert time.perf_counter() - started < 0.5, "the forget, and another user's read, did not wait on the reader"
        assert other.active is not None
        assert left.lingering and left.retry_within_s == FORGET_RETRY_S
    finally:
        release.set()
        thread.join()
    # The promise: gone within a second once the reader let go.
    deadline = time.monotonic() + 1.0
    while any(MARKER.encode() in data for data in files_of(db).values()) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not [name for name, data in files_of(db).items() if MARKER.encode() in data]
    await store.close()


async def test_forget_alone_leaves_no_copy(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    store = await SQLiteStorage.open(db)
    await store.apply(Changes(user_id=7, active_id="d7", mode=None, now=NOW, write=(a_draft(7, MARKER),)))
    left = await store.apply(Changes(user_id=7, active_id=None, mode=None, now=NOW, forget=True, deleted=("d7",)))
    assert not left.lingering
    assert not [name for name, data in files_of(db).items() if MARKER.encode() in data]
    await store.close()


@pytest.mark.parametrize("raw", [" , ", ",", "abc", "12,x"])
def test_allowed_user_ids_naming_nobody_is_refused_not_open(raw: str) -> None:
    from bot.settings import Settings

    with pytest.raises(ValueError, match="ALLOWED_USER_IDS"):
        Settings.from_env({"ALLOWED_USER_IDS": raw})
    assert Settings.from_env({"ALLOWED_USER_IDS": " 12, 34 "}).allowed_user_ids == frozenset({12, 34})
    assert Settings.from_env({}).allowed_user_ids == frozenset()


@pytest.mark.parametrize("target", ["itself", "missing folder"])
async def test_backup_onto_itself_or_into_a_missing_folder_fails_with_a_message(tmp_path: Path, target: str) -> None:
    from tests.test_migrations import run_backup

    db = tmp_path / "bot.sqlite3"
    await (await SQLiteStorage.open(db)).close()
    before = db.read_bytes()
    dest = db if target == "itself" else tmp_path / "nowhere" / "copy.sqlite3"
    done = run_backup(db, dest, tmp_path)
    assert done.returncode != 0 and "备份失败" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "已备份" not in done.stdout and db.read_bytes() == before


async def test_the_forget_reply_says_where_the_data_still_is_and_until_when(
    plain_assistant: Any, db_path: Path
) -> None:
    from tests.chat import Chat

    chat = Chat(plain_assistant, 5)
    await chat.command("start")
    await chat.press("年度党建工作总结")
    await chat.say(f"{MARKER}党支部")
    reading, release = threading.Event(), threading.Event()

    def reader() -> None:
        conn = sqlite3.connect(db_path)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM drafts").fetchone()
        reading.set()
        release.wait(10)
        conn.rollback()
        conn.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        reading.wait(5)
        await chat.command("forget")
        reply = await chat.press("全部删除")
        assert "另有程序" in reply and "1秒内" in reply and "出错" not in reply, reply
    finally:
        release.set()
        thread.join()
    deadline = time.monotonic() + 1.0
    while any(MARKER.encode() in data for data in files_of(db_path).values()) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not [name for name, data in files_of(db_path).items() if MARKER.encode() in data]


async def test_a_draft_written_by_another_writer_meanwhile_is_decided_again_not_overwritten(
    db_path: Path, outline: Any
) -> None:
    """Another writer commits between the assistant's read and its write: a Conflict, then a fresh decision."""
    from bot.assistant import Assistant
    from bot.engine import Press
    from tests.chat import Chat
    from tests.conftest import FIXED_NOW, ids
    from tests.test_hostile import first_items_node

    node = first_items_node(outline)
    intrusions: list[int] = []
    armed = False

    def clock() -> Any:
        # Called after the read, before the write: the moment another process's commit would land.
        if armed and not intrusions:
            with sqlite3.connect(db_path) as other:
                draft_id, version = other.execute("SELECT id, version FROM drafts").fetchone()
                other.execute(
                    "INSERT INTO items (draft_id, id, node, position, text) VALUES (?, 999, ?, 99, '另一进程写的。')",
                    (draft_id, node.id),
                )
                other.execute("UPDATE drafts SET version = ? WHERE id = ?", (version + 1, draft_id))
            other.close()
            intrusions.append(1)
        return FIXED_NOW

    store = await SQLiteStorage.open(db_path)
    assistant = Assistant(store, outline, clock=clock, new_id=ids())
    chat = Chat(assistant, 1)
    await chat.command("start")
    await chat.press("年度党建工作总结")
    await chat.say("县财政局机关党支部")
    await chat.press(str(FIXED_NOW.year - 1))
    await chat.command("outline")
    state = await store.load(1)
    assert state.active is not None
    await chat.send(Press(f"d:{state.active.id}:jp:{node.part}"))
    armed = True
    assert "已记下" in await chat.say("组织集中学习")
    assert intrusions == [1]
    texts = [i.text for i in (await store.load(1)).active.items[node.id]]  # type: ignore[union-attr]
    assert "另一进程写的。" in texts and "组织集中学习。" in texts
    await store.close()
