"""End to end: the real PTB Application and handlers against the strict fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import __main__ as bot_main
from bot.__main__ import load_tools
from bot.engine import Tools
from bot.matcher import Matcher
from bot.outline import Outline, load_outline
from bot.settings import Settings
from handlers.telegram import build_application
from tests.conftest import make_assistant
from tests.fakebot import TOKEN, FakeBotServer, FakeTelegram


@pytest.fixture
def server() -> Iterator[FakeBotServer]:
    fake = FakeBotServer().start()
    yield fake
    fake.stop()


def settings_for(server: FakeBotServer, db: Path, **extra: str) -> Settings:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": server.base_url,
        "TELEGRAM_BASE_FILE_URL": server.base_file_url,
        "DATABASE_PATH": str(db),
        "RATE_LIMIT": "0",
        **extra,
    }
    return Settings.from_env(env)


class Client:
    """Telegram users talking to one running Application, through the fake Bot API."""

    def __init__(self, app: Application, core: FakeTelegram) -> None:
        self.app = app
        self.core = core

    async def feed(self, payload: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(payload, self.app.bot))

    async def say(self, user: int, text: str, **kw: Any) -> str:
        before = len(self.core.messages_to(kw.get("chat_id") or user))
        await self.feed(self.core.text_update(user, text, queue=False, **kw))
        return self.since(kw.get("chat_id") or user, before)

    async def press(self, user: int, label: str) -> str:
        data = self.button(user, label)
        before = len(self.core.messages_to(user))
        await self.feed(self.core.callback_update(user, data, queue=False))
        return self.since(user, before)

    async def press_data(self, user: int, data: str, message_id: int | None = None) -> str:
        before = len(self.core.messages_to(user))
        await self.feed(self.core.callback_update(user, data, message_id, queue=False, require_button=False))
        return self.since(user, before)

    def button(self, user: int, label: str) -> str:
        found = [d for t, d in self.core.buttons(user) if label in t and d]
        assert found, f"no button {label!r} in {self.core.buttons(user)}"
        return found[0]

    def since(self, chat_id: int, before: int) -> str:
        return "\n".join(m.text for m in self.core.messages_to(chat_id)[before:])


async def running(settings: Settings, outline: Outline, matcher: Matcher) -> Application:
    app = build_application(settings, lambda: make_assistant(settings.database_path, outline, matcher))
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    return app


async def stopped(app: Application) -> None:
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)


@pytest.fixture
async def client(server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher) -> AsyncIterator[Client]:
    app = await running(settings_for(server, db_path), outline, matcher)
    yield Client(app, server.core)
    await stopped(app)


async def start_annual(c: Client, user: int) -> None:
    await c.say(user, "/start")
    await c.press(user, "年度党建工作总结")
    await c.say(user, "县财政局机关党支部")
    await c.press(user, "2025")


async def skip_until(c: Client, user: int, question: str) -> None:
    """Skip optional questions, however many the outline has, until `question` is asked."""
    text = ""
    for _ in range(len(load_outline().nodes)):
        text = await c.say(user, "/skip")
        if question in text:
            return
    raise AssertionError(f"never asked {question!r}; last: {text}")


async def test_commands_are_registered(client: Client) -> None:
    calls = [s.params for s in client.core.sent if s.method == "setMyCommands"]
    assert calls, "setMyCommands was not called"
    commands = {c["command"] for c in calls[0]["commands"]}
    assert {"start", "new", "drafts", "outline", "preview", "back", "skip", "help"} <= commands


async def test_a_whole_short_draft_then_preview_and_download(client: Client) -> None:
    u = 101
    await start_annual(client, u)
    await skip_until(client, u, "政治建设和理论学习")
    await client.say(u, "中心组学习了12次")
    await client.press(u, "用我的话")
    await client.press(u, "这部分写完了")
    await skip_until(client, u, "还有哪些不足")
    await client.say(u, "学习形式比较单一")
    await client.press(u, "这部分写完了")
    await skip_until(client, u, "全部部分都填完了")
    text = await client.say(u, "/preview")
    assert "县财政局机关党支部2025年党建工作总结" in text and "中心组学习12次" in text
    before = len(client.core.sent)
    await client.say(u, "/download")
    docs = [s for s in client.core.sent[before:] if s.method == "sendDocument"]
    names = sorted(f.filename for s in docs for f in s.files.values())
    assert names == ["县财政局机关党支部2025年党建工作总结.docx", "县财政局机关党支部2025年党建工作总结.txt"]


async def test_restart_keeps_answers_and_position(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    settings = settings_for(server, db_path)
    app = await running(settings, outline, matcher)
    c = Client(app, server.core)
    await start_annual(c, 7)
    await c.say(7, "县直机关工委")
    await stopped(app)

    app = await running(settings, outline, matcher)
    c = Client(app, server.core)
    text = await c.say(7, "/start")
    assert "欢迎回来" in text and "第2/11部分" in text
    text = await c.press(7, "继续写")
    assert "指导思想" in text
    await stopped(app)


async def test_two_users_never_see_each_other(client: Client) -> None:
    await start_annual(client, 1)
    await client.say(2, "/start")
    alice_skip = client.button(1, "跳过")
    # Bob forges Alice's button (same callback data) on his own chat.
    text = await client.press_data(2, alice_skip)
    assert "县财政局" not in text and "按钮已过期" in text
    text = await client.say(2, "/drafts")
    assert "县财政局" not in text
    assert all("县财政局" not in m.text for m in client.core.messages_to(2))


async def test_button_pressed_after_the_draft_moved_on(client: Client) -> None:
    u = 3
    await start_annual(client, u)
    old = client.core.messages_to(u)[-1]
    skip = client.button(u, "跳过")
    await client.say(u, "县直机关工委")
    text = await client.press_data(u, skip, old.message_id)
    assert "按钮已过期" in text and "指导思想" in text


async def test_odd_updates_get_a_clear_answer(client: Client) -> None:
    u = 4
    await start_annual(client, u)
    core = client.core
    before = len(core.messages_to(u))
    await client.feed(core.photo_update(u, queue=False))
    await client.feed(core.sticker_update(u, queue=False))
    assert core.messages_to(u)[before].text.startswith("我只能看懂文字")
    text = await client.say(u, "/start@fake_test_bot junk args")
    assert "欢迎回来" in text
    text = await client.say(-100500, "/start", chat_type="group", chat_id=-100500)
    assert "私聊" in text


async def test_allowlist_refuses_others(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    app = await running(settings_for(server, db_path, ALLOWED_USER_IDS="11, 12"), outline, matcher)
    c = Client(app, server.core)
    assert "授权用户" in await c.say(13, "/start")
    assert "文种" in await c.say(11, "/start")
    await stopped(app)


async def test_command_menu_failure_is_not_fatal(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, caplog: pytest.LogCaptureFixture
) -> None:
    server.core.fail_next("setMyCommands", status=500)
    with caplog.at_level(logging.WARNING):
        app = await running(settings_for(server, db_path), outline, matcher)
    assert "could not register the command menu" in caplog.text
    assert "文种" in await Client(app, server.core).say(5, "/start")
    await stopped(app)


async def test_draft_survives_a_restart_before_download(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    settings = settings_for(server, db_path)
    app = await running(settings, outline, matcher)
    c = Client(app, server.core)
    await start_annual(c, 8)
    await skip_until(c, 8, "政治建设和理论学习")
    await c.say(8, "中心组学习了12次")
    await stopped(app)

    app = await running(settings, outline, matcher)
    c = Client(app, server.core)
    before = len(server.core.sent)
    await c.say(8, "/download")
    txt = [f for s in server.core.sent[before:] if s.method == "sendDocument" for f in s.files.values()]
    assert [f.filename for f in txt] == [
        "县财政局机关党支部2025年党建工作总结.docx",
        "县财政局机关党支部2025年党建工作总结.txt",
    ]
    assert "中心组学习12次" in txt[1].content.decode("utf-8")
    await stopped(app)


async def test_start_is_answered_while_the_matcher_is_still_loading(server: FakeBotServer, db_path: Path) -> None:
    # The wiring of `python -m bot` (its make_assistant, the background loader), the loader held until /start
    # was answered: /start must not wait for the matcher, nor for a worker thread the loader occupies.
    loaded = threading.Event()

    def load_after_start() -> Tools:
        loaded.wait()
        return load_tools()

    settings = settings_for(server, db_path)
    app = build_application(settings, lambda: bot_main.make_assistant(settings, load_after_start))
    await app.initialize()
    assert app.post_init is not None
    try:
        await app.post_init(app)
        c = Client(app, server.core)
        # A deadlock guard, not a timing: /start needs nothing the loader holds.
        assert "文种" in await asyncio.wait_for(c.say(21, "/start"), 60)
        loaded.set()
        assert "单位" in await c.press(21, "年度党建工作总结")
    finally:
        loaded.set()
        await stopped(app)


async def test_an_update_is_marked_handled_once(client: Client) -> None:
    # An answer marks its update handled in its own transaction; a read (which commits nothing) after its
    # handlers ran. Either way one write of the inbox row, not a second one that would change nothing.
    storage = client.app.bot_data["assistant"].storage
    statements: list[str] = []
    await storage._conn.set_trace_callback(statements.append)
    await start_annual(client, 31)
    for text in ("县直机关工委", "/help"):
        statements.clear()
        assert await client.say(31, text)
        marks = [s for s in statements if s.lstrip().startswith("INSERT INTO inbox")]
        assert len(marks) == 1, f"{text}: {marks}"
    await storage._conn.set_trace_callback(None)
    rows = await storage._conn.execute_fetchall("SELECT count(*) FROM inbox WHERE handled = 0")
    assert [tuple(r) for r in rows] == [(0,)]


def test_the_loader_imports_cn2an_so_the_first_counted_answer_does_not() -> None:
    # A fresh process: in this one cn2an is long imported. Loading the tools must leave nothing of
    # cn2an's set-up (~0.3 s) to the first answer with a Chinese numeral in it.
    script = "import sys; from bot.__main__ import load_tools; load_tools(); print('cn2an' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["True"]
