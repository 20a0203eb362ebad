"""Privacy: no token in any log, user words only at DEBUG, /forget really forgets, the allow-list holds."""

from __future__ import annotations

import io
import logging
import sqlite3
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.assistant import Assistant, Reply
from bot.engine import Event
from bot.logs import setup_logging
from bot.matcher import Matcher
from bot.outline import Outline
from tests.fakebot import TOKEN, FakeBotServer
from tests.test_hostile import BotUnderTest, HeldRequest, begin, media_update, settings_for, to_items

SECRET = TOKEN.split(":", 1)[1]
UNIT = "保密单位乙支部"
WORDS = "只有我们知道的整改措施"


@pytest.fixture
def server() -> Iterator[FakeBotServer]:
    fake = FakeBotServer().start()
    yield fake
    fake.stop()


@pytest.fixture
def captured_log() -> Iterator[Callable[[str], io.StringIO]]:
    """Call setup_logging(level) and capture what its handler writes; restore logging afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    stream = io.StringIO()

    def setup(level: str) -> io.StringIO:
        setup_logging(level)
        handler = root.handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
        return stream

    yield setup
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)


@asynccontextmanager
async def running(
    server: FakeBotServer, db: Path, outline: Outline, matcher: Matcher, **env: str
) -> AsyncIterator[BotUnderTest]:
    settings = settings_for(server.base_url, server.base_file_url, db, **env)
    bot = await BotUnderTest.start(server.core, settings, outline, matcher, HeldRequest())
    try:
        yield bot
    finally:
        await bot.stop()


@pytest.fixture
async def bot(server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher) -> AsyncIterator[BotUnderTest]:
    async with running(server, db_path, outline, matcher) as b:
        yield b


async def a_dialogue(bot: BotUnderTest, outline: Outline, user: int = 1) -> None:
    await begin(bot, user, unit=UNIT)
    await to_items(bot, user, outline)
    await bot.say(user, WORDS)
    await bot.say(user, "/preview")
    await bot.feed(bot.core.photo_update(user, queue=False))


def failing_with(monkeypatch: pytest.MonkeyPatch, bot: BotUnderTest, error: BaseException) -> None:
    """Make the assistant raise `error` on the next event, as a bug deep inside would."""
    assistant: Assistant = bot.app.bot_data["assistant"]
    handle = assistant.handle

    async def broken(user_id: int, event: Event) -> Reply:
        monkeypatch.setattr(assistant, "handle", handle)
        raise error

    monkeypatch.setattr(assistant, "handle", broken)


async def test_the_token_never_reaches_the_log(
    bot: BotUnderTest,
    server: FakeBotServer,
    outline: Outline,
    captured_log: Callable[[str], io.StringIO],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = captured_log("DEBUG")
    url = f"{server.base_url}{TOKEN}/sendMessage"
    await a_dialogue(bot, outline)
    # Errors whose text carries the token, as an exception from an HTTP library would.
    for error in (
        RuntimeError(f"POST {url} failed"),
        ValueError(f"bad URL {urllib.parse.quote(url, safe='/')}"),
        KeyError(TOKEN),
    ):
        failing_with(monkeypatch, bot, error)
        assert "出错了" in await bot.say(1, "/start")
    try:
        try:
            raise ConnectionError(f"connect to {url}")
        except ConnectionError as inner:
            raise RuntimeError("request failed") from inner
    except RuntimeError:
        logging.getLogger("bot").exception("chained, with the URL as an argument: %s", url)
    logging.getLogger("telegram.ext").warning("token as a dict argument: %(t)s", {"t": TOKEN})
    text = log.getvalue()
    assert "error while handling an update" in text and "chained" in text
    assert TOKEN not in text and SECRET not in text
    assert urllib.parse.quote(TOKEN) not in text and urllib.parse.quote(SECRET) not in text
    # httpx logs each request URL at INFO; it must be quiet, whatever the level asked for.
    assert "HTTP Request:" not in text
    for name in ("httpx", "httpcore"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


async def test_user_words_are_logged_only_at_debug(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, captured_log: Callable[[str], io.StringIO]
) -> None:
    log = captured_log("INFO")
    async with running(server, db_path, outline, matcher, ALLOWED_USER_IDS="1") as bot:
        await a_dialogue(bot, outline)
        await bot.say(2, WORDS + "（外人）")  # refused, and logged as refused
        await bot.say(1, "/forget")
        await bot.press(1, "全部删除")
    text = log.getvalue()
    assert "refused user 2" in text  # the log is working at INFO
    for words in (UNIT, WORDS, "外人"):
        assert words not in text

    log.truncate(0)
    log.seek(0)
    logging.getLogger().setLevel(logging.DEBUG)
    async with running(server, db_path, outline, matcher) as bot:
        await bot.say(3, WORDS)
    assert WORDS in log.getvalue(), "at DEBUG the user's words are logged (the check above means something)"


def database_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(db.parent.glob(db.name + "*")))


async def test_forget_deletes_every_draft_after_a_confirmation(
    bot: BotUnderTest, db_path: Path, outline: Outline
) -> None:
    u, other = 1, 2
    await a_dialogue(bot, outline, u)
    await bot.say(u, "/new")
    await bot.press(u, "上半年党建工作总结")
    await bot.press(u, "从空白开始")
    await bot.say(u, "第二份草稿的单位")
    await a_dialogue(bot, outline, other)

    assert "确定删除您的全部数据吗" in await bot.say(u, "/forget")
    assert "没有删除" in await bot.press(u, "不删了")
    assert len((await bot.state(u)).drafts) == 2

    # SQLite checkpoints the write-ahead log into the database file now and then: the words are in it.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert "第二份草稿的单位".encode() in db_path.read_bytes()

    assert "共2份草稿" in await bot.say(u, "/forget")
    assert "已删除" in await bot.press(u, "全部删除")
    state = await bot.state(u)
    assert state.drafts == [] and state.active is None
    assert len((await bot.state(other)).drafts) == 1  # someone else's drafts stay

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM drafts WHERE owner = ?", (u,)).fetchone()[0] == 0
        for table in ("items", "answers"):
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE draft_id NOT IN (SELECT id FROM drafts)")
            assert orphans.fetchone()[0] == 0
    conn.close()
    # Not just unlinked: the words are gone from the database file and its write-ahead log.
    raw = database_bytes(db_path)
    assert "第二份草稿的单位".encode() not in raw
    assert WORDS.encode() in raw  # the other user's copy of the same words is still there
    other_draft = (await bot.state(other)).active
    assert other_draft is not None


async def test_the_allow_list_holds_for_every_kind_of_update(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    async with running(server, db_path, outline, matcher, ALLOWED_USER_IDS="1, 2") as bot:
        await refuses_a_stranger(bot, db_path)


async def refuses_a_stranger(bot: BotUnderTest, db_path: Path) -> None:
    core = bot.core
    await begin(bot, 1)
    stranger = 3
    sent = core.text_update(stranger, "你好", queue=False)
    forwarded = core.text_update(stranger, "转发", queue=False)
    forwarded["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "某人", "date": 1}
    updates: list[dict[str, Any]] = [
        sent,
        core.text_update(stranger, "/start", queue=False),
        core.text_update(stranger, "/forget", queue=False),
        core.text_update(stranger, "县财政局", queue=False),
        core.edited_message_update(stranger, sent["message"]["message_id"], "/start", queue=False),
        forwarded,
        core.photo_update(stranger, queue=False),
        core.sticker_update(stranger, queue=False),
        core.document_update(stranger, queue=False),
        media_update(core, stranger, {"location": {"latitude": 1.0, "longitude": 2.0}}),
        core.text_update(stranger, "/start", chat_type="group", queue=False),
    ]
    for payload in updates:
        chat = payload.get("message", payload.get("edited_message", {})).get("chat", {}).get("id", stranger)
        assert "只对授权用户开放" in await bot.answer_to(chat, payload), payload
    # Buttons: the stranger replays the allowed user's buttons and a few of their own making.
    own = [d for _, d in core.buttons(1) if d]
    for data in [*own, "u:kind:annual", "u:new:annual", "u:fgy", "u:list"]:
        query = core.callback_update(stranger, data, queue=False, require_button=False)
        assert await bot.answer_to(stranger, query) == ""
        assert bot.answered(query)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM users WHERE id = ?", (stranger,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM drafts WHERE owner = ?", (stranger,)).fetchone()[0] == 0
    conn.close()
    assert "欢迎回来" in await bot.say(1, "/start")
