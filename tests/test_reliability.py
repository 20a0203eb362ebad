"""Issue 16 through the real Application over the fake Bot API: truthful replies, reads on a broken disk,
a vanished database file, odd updates (inline-only callbacks, business messages, foreign chats)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.assistant import ALREADY_SAVED, NOT_SAVED, STORAGE_GONE
from bot.outline import Outline
from bot.sqlite_storage import SQLiteStorage
from tests.fakebot import FakeBotServer
from tests.test_hostile import BotUnderTest, HeldRequest, begin, server, settings_for, to_items  # noqa: F401

ACK = "已记下第"


class ResettingRequest(HeldRequest):
    """PTB's HTTP client whose chosen calls reach the Bot API, but whose answers are lost (a reset)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.resets: list[str] = []

    async def do_request(self, url: str, *args: Any, **kw: Any) -> tuple[int, bytes]:
        result = await super().do_request(url, *args, **kw)
        if self.resets and url.endswith("/" + self.resets[0]):
            self.resets.pop(0)
            raise httpx.RemoteProtocolError("connection reset by peer")
        return result


@pytest.fixture
async def bot(server: FakeBotServer, db_path: Path, outline: Outline) -> AsyncIterator[BotUnderTest]:  # noqa: F811
    settings = settings_for(server.base_url, server.base_file_url, db_path)
    # Answers kept in the user's own words (no matcher): each is acknowledged at once as 已记下第N条.
    b = await BotUnderTest.start(server.core, settings, outline, None, ResettingRequest(read_timeout=1.0))
    yield b
    await b.stop()


async def stored_texts(bot: BotUnderTest, user: int) -> list[str]:
    state = await bot.state(user)
    assert state.active is not None
    return [i.text.rstrip("。") for items in state.active.items.values() for i in items]


async def test_a_500_and_a_reset_on_the_acknowledgement_are_retried_not_reported(
    bot: BotUnderTest, outline: Outline, caplog: pytest.LogCaptureFixture
) -> None:
    u = 31
    await begin(bot, u)
    await to_items(bot, u, outline)
    bot.core.fail_next("sendMessage", 500, times=2)
    shown = await bot.say(u, "组织集中学习")
    assert ACK in shown and "出错" not in shown
    bot.core.fail_next("sendMessage", 502)
    shown = await bot.say(u, "开展主题党日")
    assert ACK in shown and "出错" not in shown
    request = bot.request
    assert isinstance(request, ResettingRequest)
    request.resets.append("sendMessage")
    shown = await bot.say(u, "召开组织生活会")
    assert ACK in shown and "出错" not in shown
    assert await stored_texts(bot, u) == ["组织集中学习", "开展主题党日", "召开组织生活会"]


async def test_a_slow_acknowledgement_then_the_same_text_again_is_asked_about(
    bot: BotUnderTest, outline: Outline
) -> None:
    u = 32
    await begin(bot, u)
    await to_items(bot, u, outline)
    # The acknowledgement arrives only after the client gave up waiting (PTB raises TimedOut).
    bot.core.delay_next("sendMessage", 1.5)
    shown = await bot.say(u, "组织集中学习")
    assert "出错" not in shown
    await asyncio.sleep(1.0)
    assert await stored_texts(bot, u) == ["组织集中学习"]
    # The user saw nothing (or saw it late) and sends it again: asked, not added twice.
    assert ALREADY_SAVED in await bot.say(u, "组织集中学习")
    assert await stored_texts(bot, u) == ["组织集中学习"]
    # Sent once more, it is what the user wants.
    assert ACK in await bot.say(u, "组织集中学习")
    assert await stored_texts(bot, u) == ["组织集中学习", "组织集中学习"]


@pytest.mark.parametrize("breakage", ["read-only", "disk full"])
async def test_reads_work_on_a_broken_disk_and_nothing_acknowledged_is_lost(
    bot: BotUnderTest, outline: Outline, breakage: str, caplog: pytest.LogCaptureFixture
) -> None:
    u = 33
    await begin(bot, u)
    await to_items(bot, u, outline)
    assert ACK in await bot.say(u, "组织集中学习")
    storage = bot.storage
    assert isinstance(storage, SQLiteStorage)
    conn = storage._conn
    if breakage == "read-only":
        await conn.execute("PRAGMA query_only = ON")
    else:
        pages = next(iter(await conn.execute_fetchall("PRAGMA page_count")))[0]
        await conn.execute(f"PRAGMA max_page_count = {pages}")
    for command, expected in (("/preview", "组织集中学习"), ("/outline", "目录"), ("/drafts", "草稿")):
        shown = await bot.say(u, command)
        assert expected in shown and "出错" not in shown, (command, shown)
    before = len(bot.core.messages_to(u))
    await bot.say(u, "/download")
    assert bot.core.messages_to(u)[before:], "the download was sent"
    acknowledged = ["组织集中学习"]
    for k in range(12):
        text = f"第{k}次开展主题党日活动，" + "学习党的理论，" * 60 + "加强教育"
        shown = await bot.say(u, text)
        if ACK in shown:
            acknowledged.append(text.rstrip("。"))
            continue
        assert NOT_SAVED in shown, shown
        break
    else:
        raise AssertionError("the broken disk never refused an answer")
    assert "no transaction is active" not in caplog.text
    await conn.execute("PRAGMA query_only = OFF")
    assert await stored_texts(bot, u) == acknowledged


async def test_a_deleted_database_file_stops_acknowledging(
    bot: BotUnderTest, outline: Outline, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    u = 34
    await begin(bot, u)
    await to_items(bot, u, outline)
    assert ACK in await bot.say(u, "组织集中学习")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shown = await bot.say(u, "开展主题党日")
    assert STORAGE_GONE in shown and ACK not in shown
    assert any(r.levelno == logging.CRITICAL for r in caplog.records)
    # A file put back in its place is not taken for the one the bot opened either.
    sqlite3.connect(db_path).close()
    assert STORAGE_GONE in await bot.say(u, "再发一条")


async def test_inline_only_callback_business_message_and_foreign_chat(bot: BotUnderTest, outline: Outline) -> None:
    u = 35
    await begin(bot, u)
    before = await bot.state(u)
    inline = bot.core.callback_update(u, "u:list", queue=False, require_button=False)
    inline["callback_query"].pop("message", None)
    inline["callback_query"]["inline_message_id"] = "inl-1"
    await bot.feed(inline)
    assert bot.answered(inline), "an inline-only press still gets answerCallbackQuery"
    business = bot.core.text_update(u, "/forget", queue=False)
    business["business_message"] = {**business.pop("message"), "business_connection_id": "bc1"}
    await bot.feed(business)
    # A private-looking chat that is not the sender's own: refused, the sender's draft is not shown there.
    foreign = bot.core.text_update(u, "/preview", queue=False)
    foreign["message"]["chat"]["id"] = 999
    await bot.feed(foreign)
    assert not bot.core.messages_to(999) or all("县财政局" not in m.text for m in bot.core.messages_to(999))
    assert await bot.state(u) == before


async def test_a_help_is_answered_while_another_user_previews_a_huge_draft(bot: BotUnderTest, outline: Outline) -> None:
    """The stall: 700 stored items of ~580 characters, /preview, and another user's /help every 0.2 s."""
    from tests.test_duplicates import items

    u, other = 36, 37
    await begin(bot, u)
    node = await to_items(bot, u, outline)
    await bot.say(other, "/start")
    state = await bot.state(u)
    assert state.active is not None
    draft = state.active
    texts = [(t * (580 // max(1, len(t)) + 1))[:580] for t in items(700, seed=16, twins=0.05)]
    from bot.model import Item
    from bot.storage import Changes

    draft.items[node.id] = [Item(draft.next_item_id + k, t) for k, t in enumerate(texts)]
    draft.next_item_id += len(texts)
    await bot.storage.apply(Changes(user_id=u, active_id=draft.id, mode=None, now=draft.updated_at, write=(draft,)))
    waits: list[float] = []

    async def ping() -> None:
        for _ in range(12):
            started = time.perf_counter()
            await bot.say(other, "/help")
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.2)

    preview = asyncio.ensure_future(bot.say(u, "/preview"))
    await ping()
    await preview
    print(f"\nstall: /help waited at most {max(waits) * 1000:.0f} ms while 700 items were previewed")
    assert max(waits) < 0.5, f"/help waited up to {max(waits):.2f} s"
