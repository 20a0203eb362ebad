"""Telegram failing: flood limits (429), a burst to one chat, server errors (5xx) and timeouts."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram.request import HTTPXRequest

from bot.matcher import Matcher
from bot.model import Draft, Item
from bot.outline import Outline
from bot.storage import Changes
from handlers.telegram import CHAT_BURST, FAILED, UPLOAD_TIMEOUT
from tests.conftest import FIXED_NOW
from tests.fakebot import FakeBotServer, FakeTelegram
from tests.test_hostile import BotUnderTest, begin, first_items_node, settings_for

NOW = FIXED_NOW.isoformat(timespec="seconds")


@pytest.fixture
def server() -> Iterator[FakeBotServer]:
    fake = FakeBotServer().start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def retry_after_as_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it, PTB warns while building RetryAfter, and filterwarnings=error turns the warning into the error.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@asynccontextmanager
async def running_bot(
    server: FakeBotServer,
    db: Path,
    outline: Outline,
    matcher: Matcher,
    *,
    rate_limit: bool = True,
    request: HTTPXRequest | None = None,
) -> AsyncIterator[BotUnderTest]:
    settings = settings_for(server.base_url, server.base_file_url, db, RATE_LIMIT="1" if rate_limit else "0")
    bot = await BotUnderTest.start(server.core, settings, outline, matcher, request)
    try:
        yield bot
    finally:
        await bot.stop()


@asynccontextmanager
async def polling(bot: BotUnderTest) -> AsyncIterator[None]:
    """Run the real update fetcher and long polling, as `python -m bot` does."""
    assert bot.app.updater is not None
    await bot.app.start()
    await bot.app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield
    finally:
        await bot.app.updater.stop()
        await bot.app.stop()


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def stamp_calls(core: FakeTelegram) -> list[tuple[float, str, Any]]:
    """Record (time, method, chat id) of every successful Bot API call the fake answers from now on."""
    stamps: list[tuple[float, str, Any]] = []
    handle = core.handle

    def stamped(token: str, method: str, params: Any, files: Any = None) -> tuple[int, dict[str, Any]]:
        status, body = handle(token, method, params, files)
        if status == 200:
            stamps.append((time.monotonic(), method, str(params.get("chat_id"))))
        return status, body

    core.handle = stamped  # type: ignore[method-assign]
    return stamps


def a_draft(outline: Outline, owner: int, texts: list[str] = []) -> Draft:  # noqa: B006
    """A draft already at the first sub-topic, holding `texts` there (set up without any chat messages)."""
    node = first_items_node(outline)
    return Draft(
        id=f"draft{owner}",
        owner=owner,
        kind="annual",
        outline_version=outline.version,
        created_at=NOW,
        updated_at=NOW,
        facts={"basic.unit": "县财政局机关党支部", "basic.year": "2025"},
        items={node.id: [Item(k, t) for k, t in enumerate(texts, 1)]} if texts else {},
        focus=node.id,
        next_item_id=len(texts) + 1,
    )


async def seed(bot: BotUnderTest, draft: Draft) -> None:
    await bot.storage.apply(Changes(user_id=draft.owner, active_id=draft.id, mode=None, now=NOW, write=(draft,)))


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_429_is_waited_out_and_the_message_arrives(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(server, db_path, outline, matcher) as bot:
        await bot.say(1, "/start")
        server.core.fail_next("sendMessage", 429, retry_after=1)
        before = server.core.calls["sendMessage"]
        started = time.monotonic()
        answer = await bot.say(1, "/help")
        elapsed = time.monotonic() - started
    assert "我帮您一步步写" in answer
    assert server.core.calls["sendMessage"] - before == 2  # refused once, then sent
    assert elapsed >= 1.0  # it waited retry_after before trying again
    assert "Rate limit hit" in caplog.text and errors(caplog) == []


async def test_a_long_preview_is_paced_to_about_one_message_a_second(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    # Thirty long, unlike items, each marked so the order they arrive in can be read back.
    rng = random.Random(7)
    texts = [
        f"【{k:02d}】" + "".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(540)) + "。" for k in range(1, 31)
    ]
    async with running_bot(server, db_path, outline, matcher) as bot:
        await bot.say(1, "/start")
        await bot.say(2, "/start")
        await seed(bot, a_draft(outline, 1, texts))
        stamps = stamp_calls(server.core)
        preview = asyncio.ensure_future(bot.say(1, "/preview"))
        await until(lambda: len(stamps) >= 2)
        # Another user is not held up by the first user's long preview.
        await bot.say(2, "/help")
        text = await preview
    sends = [(t, chat) for t, method, chat in stamps if method == "sendMessage"]
    mine = [t for t, chat in sends if chat == "1"]
    assert len(mine) >= CHAT_BURST + 3, f"the preview should be long: {len(mine)} messages"
    for i in range(len(mine)):
        for j in range(i + 1, len(mine)):
            # A token bucket: a burst, then one message a second (5% slack for timer granularity).
            assert mine[j] - mine[i] >= (j - i - CHAT_BURST) * 0.95, f"messages {i} and {j} too close"
    other = next(t for t, chat in sends if chat == "2")
    assert other < mine[-1], "the other user waited for the whole preview"
    marks = [
        int(text[k + 1 : k + 3]) for k in range(len(text)) if text.startswith("【", k) and text[k + 1 : k + 3].isdigit()
    ]
    assert marks == sorted(marks) and set(marks) == set(range(1, 31))


async def test_a_server_error_on_the_reply_is_retried_logged_and_survived(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, caplog: pytest.LogCaptureFixture
) -> None:
    core = server.core
    node = first_items_node(outline)
    async with running_bot(server, db_path, outline, matcher) as bot:
        await bot.say(1, "/start")
        await seed(bot, a_draft(outline, 1))
        async with polling(bot):
            before = len(core.messages_to(1))
            core.fail_next("sendMessage", 500)
            core.text_update(1, "召开专题组织生活会")
            await until(lambda: len(core.messages_to(1)) > before)
            # The answer was saved before the reply failed: the reply is sent again, never "出错了".
            assert "已记下第1条" in core.messages_to(1)[-1].text
            assert FAILED not in "".join(m.text for m in core.messages_to(1))
            state = await bot.state(1)
            assert state.active is not None and [i.text for i in state.active.items[node.id]] == [
                "召开专题组织生活会。"
            ]

            # Every try fails: logged, and the next update is still handled.
            core.fail_next("sendMessage", 502, times=4)
            core.text_update(1, "开展谈心谈话")
            await until(lambda: "could not be sent after 4 tries" in caplog.text)
            before = len(core.messages_to(1))
            core.text_update(1, "组织观看警示教育片")
            await until(lambda: len(core.messages_to(1)) > before)
            assert "已记下第3条" in core.messages_to(1)[-1].text
        state = await bot.state(1)
        assert state.active is not None and len(state.active.items[node.id]) == 3


async def test_a_failing_cosmetic_call_does_not_cost_the_reply(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(server, db_path, outline, matcher) as bot:
        await begin(bot, 1)
        server.core.fail_next("answerCallbackQuery", 500)
        server.core.fail_next("editMessageReplyMarkup", 502)
        answer = await bot.press(1, "跳过")
    assert "已跳过" in answer and FAILED not in answer
    assert errors(caplog) == []


async def test_a_document_that_timed_out_is_not_sent_again(
    server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher, caplog: pytest.LogCaptureFixture
) -> None:
    request = HTTPXRequest(read_timeout=0.5, httpx_kwargs={"verify": False})
    core = server.core
    async with running_bot(server, db_path, outline, matcher, request=request) as bot:
        await bot.say(1, "/start")
        await seed(bot, a_draft(outline, 1, ["召开专题组织生活会。"]))
        core.delay_next("sendDocument", 1.5)  # the upload arrives, the answer to it does not
        answer = await bot.say(1, "/download")
        if "直接下载" in answer:
            answer = await bot.press(1, "直接下载")
        await asyncio.sleep(1.2)  # let the delayed reply finish, so nothing is pending at shutdown
    uploads = [f.filename for s in core.sent if s.method == "sendDocument" for f in s.files.values()]
    assert len(uploads) == 2 and len(set(uploads)) == 2, uploads  # .docx once, .txt once
    assert UPLOAD_TIMEOUT in answer and "文件已生成" in answer
    assert errors(caplog) == []
