"""The storage contract, run on every backend in BACKENDS, on real databases (SQLite files; PostgreSQL,
a fresh database per test, skipped with one reason when no server is reachable).

A backend plugs in with one entry in BACKENDS: a name and an async factory given a pytest tmp_path.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import aiosqlite
import pytest

from bot.model import Draft, Item, Pending
from bot.sqlite_schema import SCHEMA_VERSION, backup, migrate
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Changes, Conflict, InboxEntry, Storage
from bot.storage_pg import PostgresStorage
from tests import pg

NOW = "2026-11-22T10:00:00+08:00"


async def open_sqlite(tmp_path: Path) -> Storage:
    return await SQLiteStorage.open(tmp_path / "contract.sqlite3")


async def open_postgresql(tmp_path: Path) -> Storage:
    # A database of its own, dropped when the test closes the storage.
    pg.require()
    url = await pg.create_database()
    store = await PostgresStorage.open(url)
    close = store.close

    async def close_and_drop() -> None:
        await close()
        await pg.drop_database(url)

    store.close = close_and_drop  # type: ignore[method-assign]
    return store


BACKENDS: dict[str, Callable[[Path], Awaitable[Storage]]] = {"sqlite": open_sqlite, "postgresql": open_postgresql}


@pytest.fixture(params=sorted(BACKENDS))
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    store = await BACKENDS[request.param](tmp_path)
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
        pending=Pending(
            kind="suggest", node="work.duty", item=2, text="原话", options=("a", "b"), nonce=2, queue=(3, 4)
        ),
        next_item_id=3,
    )


async def test_unknown_user_is_empty(storage: Storage) -> None:
    state = await storage.load(42)
    assert state.user_id == 42 and state.active is None and state.drafts == [] and state.mode is None


async def test_draft_round_trips_exactly(storage: Storage) -> None:
    draft = a_draft()
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(draft,)))
    state = await storage.load(7)
    assert draft.version == 1, "apply bumps the version of the written object too"
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
    assert state.active == replace(a_draft(), version=1) and state.drafts[0].name == ""


async def test_a_stale_version_is_refused_and_writes_nothing(storage: Storage) -> None:
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    first = (await storage.load(7)).active
    second = (await storage.load(7)).active
    assert first is not None and second is not None and first.version == second.version == 1
    first.items["work.duty"].append(Item(3, "第一个进程的回答。"))
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(first,), update_id=10))
    second.items["work.duty"].append(Item(3, "第二个进程的回答。"))
    with pytest.raises(Conflict):
        await storage.apply(Changes(user_id=7, active_id="d1", mode="x", now=NOW, write=(second,), update_id=11))
    state = await storage.load(7)
    assert state.active == first and state.active.version == 2 and state.mode is None
    # The refused event is not marked handled: it is still to be handled (again, on fresh data).
    await storage.inbox_add([InboxEntry(10, 7, "{}"), InboxEntry(11, 7, "{}")])
    assert [e.update_id for e in await storage.inbox_pending()] == [11]


async def test_a_new_draft_cannot_overwrite_a_stored_one(storage: Storage) -> None:
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    with pytest.raises(Conflict):
        again = replace(a_draft(), name="新")
        await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(again,)))
    assert (await storage.load(7)).drafts[0].name == ""


async def test_a_rename_makes_a_loaded_copy_stale(storage: Storage) -> None:
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    loaded = (await storage.load(7)).active
    assert loaded is not None
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, renamed={"d1": "新名字"}))
    with pytest.raises(Conflict):
        await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(loaded,)))
    assert (await storage.load(7)).drafts[0].name == "新名字"


async def test_inbox_keeps_updates_until_handled_exactly_once(storage: Storage) -> None:
    await storage.inbox_add([InboxEntry(3, 7, '{"a": 3}'), InboxEntry(1, 8, '{"a": 1}'), InboxEntry(2, 7, "{}")])
    assert await storage.inbox_add([InboxEntry(1, 8, '{"changed": 1}'), InboxEntry(4, 8, "{}")]) == [4]
    assert await storage.inbox_pending() == [
        InboxEntry(1, 8, '{"a": 1}'),
        InboxEntry(2, 7, "{}"),
        InboxEntry(3, 7, '{"a": 3}'),
        InboxEntry(4, 8, "{}"),
    ]
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),), update_id=2))
    await storage.inbox_done(1)
    assert [e.update_id for e in await storage.inbox_pending()] == [3, 4]
    # Already handled: a redelivery (webhook retry, lost confirmation) is not handled twice.
    assert await storage.inbox_add([InboxEntry(1, 8, '{"a": 1}'), InboxEntry(2, 7, "{}")]) == []
    assert [e.update_id for e in await storage.inbox_pending()] == [3, 4]


async def test_forget_removes_the_users_words_from_the_inbox(storage: Storage) -> None:
    await storage.inbox_add([InboxEntry(1, 7, '{"text": "秘密"}'), InboxEntry(2, 8, '{"text": "别人的"}')])
    await storage.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),), update_id=1))
    await storage.inbox_add([InboxEntry(3, 7, '{"text": "/forget"}')])
    await storage.apply(Changes(user_id=7, active_id=None, mode=None, now=NOW, forget=True, update_id=3))
    assert (await storage.load(7)).drafts == []
    assert await storage.inbox_pending() == [InboxEntry(2, 8, '{"text": "别人的"}')]


async def test_user_lock_serialises_one_user_only(storage: Storage) -> None:
    order: list[str] = []

    async def hold(user: int, name: str) -> None:
        async with storage.user_lock(user):
            order.append(f"{name}+")
            await asyncio.sleep(0.05)
            order.append(f"{name}-")

    await asyncio.gather(hold(7, "a"), hold(7, "b"), hold(8, "c"))
    assert order.index("a-") < order.index("b+")
    assert order.index("c+") < order.index("a-"), "another user does not wait"


async def test_ping(storage: Storage) -> None:
    assert await storage.ping()


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
    broken = replace(a_draft(), version=1)
    broken.items["work.duty"] = [Item(1, "一。"), Item(1, "重复的id。")]
    with pytest.raises(sqlite3.IntegrityError):
        await store.apply(Changes(user_id=7, active_id="d1", mode="x", now=NOW, write=(broken,)))
    state = await store.load(7)
    assert state.active == replace(a_draft(), version=1) and state.mode is None
    await store.close()


async def test_backup_and_restore(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    store = await SQLiteStorage.open(live)
    await store.apply(Changes(user_id=7, active_id="d1", mode=None, now=NOW, write=(a_draft(),)))
    backup(live, tmp_path / "copy.sqlite3")
    await store.close()
    restored = await SQLiteStorage.open(tmp_path / "copy.sqlite3")
    assert (await restored.load(7)).active == replace(a_draft(), version=1)
    await restored.close()
