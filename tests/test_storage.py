"""The storage contract, run on every backend: a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.model import Draft, Item, Pending
from bot.storage import SCHEMA_VERSION, Changes, SQLiteStorage, Storage, backup, migrate
from bot.storage_pg import PostgresStorage
from tests import pg

NOW = "2026-11-22T10:00:00+08:00"


@pytest.fixture(params=["sqlite", "postgresql"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "sqlite":
        store: Storage = await SQLiteStorage.open(tmp_path / "contract.sqlite3")
        yield store
        await store.close()
        return
    async with pg.fresh_database() as url:
        store = await PostgresStorage.open(url)
        yield store
        await store.close()


def a_draft(draft_id: str = "d1", owner: int = 7) -> Draft:
    return Draft(
        id=draft_id,
        owner=owner,
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
    )


async def test_unknown_user_is_empty(storage: Storage) -> None:
    state = await storage.load(42)
    assert state.user_id == 42 and state.active is None and state.drafts == [] and state.mode is None


async def test_draft_round_trips_exactly(storage: Storage) -> None:
    draft = a_draft()
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(draft,)))
    state = await storage.load(7)
    assert state.active == draft
    assert [(s.id, s.unit, s.year) for s in state.drafts] == [("d1", "县财政局机关党支部", "2025")]


async def test_items_keep_their_order_after_rewrites(storage: Storage) -> None:
    draft = a_draft()
    draft.items["work.duty"] = [Item(5, "后来的。"), Item(1, "先来的。")]
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(draft,)))
    state = await storage.load(7)
    assert state.active is not None
    assert [i.id for i in state.active.items["work.duty"]] == [5, 1]


async def test_rename_delete_and_mode(storage: Storage) -> None:
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft("d1"), a_draft("d2"))))
    await storage.apply(Changes(user_id=7, active_id="d2", mode="rename:d1", now=NOW, renamed={"d1": "新名字"}))
    state = await storage.load(7)
    assert state.mode == "rename:d1" and state.active is not None and state.active.id == "d2"
    assert {s.id: s.name for s in state.drafts} == {"d1": "新名字", "d2": ""}
    await storage.apply(Changes(user_id=7, active_id=None, mode=None, now=NOW, deleted=("d2",)))
    state = await storage.load(7)
    assert state.active is None and [s.id for s in state.drafts] == ["d1"]


async def test_owner_is_checked_on_every_path(storage: Storage) -> None:
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    # Another user pointing at d1, renaming or deleting it changes nothing of user 7's.
    await storage.apply(Changes(user_id=8, active_id="d1", mode=None, now=NOW, renamed={"d1": "偷改"}, deleted=("d1",)))
    other = await storage.load(8)
    assert other.drafts == [] and other.active is None
    state = await storage.load(7)
    assert state.active == a_draft() and state.drafts[0].name == ""


async def test_sqlite_pragmas_and_schema_version(tmp_path: Path) -> None:
    store = await SQLiteStorage.open(tmp_path / "p.sqlite3")
    await store.close()
    with sqlite3.connect(tmp_path / "p.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


async def test_migrate_is_idempotent_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await migrate(conn)
        await migrate(conn)
        await conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        with pytest.raises(RuntimeError, match="newer"):
            await migrate(conn)


async def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    store = await SQLiteStorage.open(tmp_path / "f.sqlite3")
    await store.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    broken = a_draft()
    broken.items["work.duty"] = [Item(1, "一。"), Item(1, "重复的id。")]
    with pytest.raises(sqlite3.IntegrityError):
        await store.apply(Changes(user_id=7, active_id="d1", mode="x", now=NOW, write=(broken,)))
    state = await store.load(7)
    assert state.active == a_draft() and state.mode is None
    await store.close()


async def test_backup_and_restore(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    store = await SQLiteStorage.open(live)
    await store.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    backup(live, tmp_path / "copy.sqlite3")
    await store.close()
    restored = await SQLiteStorage.open(tmp_path / "copy.sqlite3")
    assert (await restored.load(7)).active == a_draft()
    await restored.close()
