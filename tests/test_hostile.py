"""Odd and hostile updates through the real Application: a clear Chinese answer, nothing saved changed, no error.

The harness here (BotUnderTest, begin, to_items) is shared by the other Telegram reliability tests.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, HTTPXRequest

from bot.matcher import Matcher
from bot.model import UserState
from bot.outline import Node, Outline
from bot.settings import Settings
from bot.storage import Storage
from handlers.telegram import build_application
from tests.conftest import FIXED_NOW, make_assistant
from tests.fakebot import TOKEN, FakeBotServer, FakeTelegram, JSONDict

CJK = re.compile(r"[\u4e00-\u9fff]")


def settings_for(base_url: str, base_file_url: str, db: Path, **extra: str) -> Settings:
    """Settings pointing the real Application at a fake Bot API."""
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": base_url,
        "TELEGRAM_BASE_FILE_URL": base_file_url,
        "DATABASE_PATH": str(db),
        "RATE_LIMIT": "0",
        **extra,
    }
    return Settings.from_env(env)


class HeldRequest(HTTPXRequest):
    """PTB's HTTP client, able to hold chosen calls before they leave, as a slow network does."""

    def __init__(self, **kw: Any) -> None:
        # The fake speaks plain HTTP; verify=False skips building a CA context.
        super().__init__(httpx_kwargs={"verify": False}, **kw)
        self._holds: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)

    def hold_next(self, method: str, seconds: float) -> None:
        """Delay the next call of `method` by `seconds` before it reaches the Bot API."""
        self._holds[method].append(seconds)

    async def do_request(self, url: str, *args: Any, **kw: Any) -> tuple[int, bytes]:
        holds = self._holds[url.rsplit("/", 1)[-1]]
        if holds:
            await asyncio.sleep(holds.popleft())
        return await super().do_request(url, *args, **kw)


class BotUnderTest:
    """The real Application and handlers, fed updates one by one, answering through the fake Bot API."""

    def __init__(self, app: Application, core: FakeTelegram, request: BaseRequest | None = None) -> None:
        self.app = app
        self.core = core
        self.request = request
        self.fed = 0

    @classmethod
    async def start(
        cls,
        core: FakeTelegram,
        settings: Settings,
        outline: Outline,
        matcher: Matcher | None,
        request: BaseRequest | None = None,
    ) -> BotUnderTest:
        app = build_application(
            settings, lambda: make_assistant(settings.database_path, outline, matcher), request=request
        )
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        return cls(app, core, request)

    async def stop(self) -> None:
        await self.app.shutdown()
        assert self.app.post_shutdown is not None
        await self.app.post_shutdown(self.app)

    @property
    def storage(self) -> Storage:
        return self.app.bot_data["assistant"].storage  # type: ignore[no-any-return]

    async def state(self, user: int) -> UserState:
        return await self.storage.load(user)

    async def feed(self, payload: JSONDict) -> None:
        self.fed += 1
        await self.app.process_update(Update.de_json(payload, self.app.bot))

    def shown(self, chat: int) -> list[str]:
        return [m.text for m in self.core.messages_to(chat)]

    async def answer_to(self, chat: int, payload: JSONDict) -> str:
        """Feed one update and return what the bot sent to `chat` because of it."""
        before = len(self.core.messages_to(chat))
        await self.feed(payload)
        return "\n".join(self.shown(chat)[before:])

    async def say(self, user: int, text: str, **kw: Any) -> str:
        chat = kw.get("chat_id") or user
        return await self.answer_to(chat, self.core.text_update(user, text, queue=False, **kw))

    async def press(self, user: int, label: str) -> str:
        return await self.press_data(user, self.button(user, label), require_button=True)

    async def press_data(
        self, user: int, data: str, message_id: int | None = None, *, require_button: bool = False
    ) -> str:
        update = self.core.callback_update(user, data, message_id, queue=False, require_button=require_button)
        return await self.answer_to(user, update)

    def button(self, user: int, label: str) -> str:
        found = [d for t, d in self.core.buttons(user) if label in t and d]
        assert found, f"no button {label!r} in {self.core.buttons(user)}"
        return found[0]

    def answered(self, payload: JSONDict) -> bool:
        """Whether the callback query in `payload` got its answerCallbackQuery."""
        return payload["callback_query"]["id"] not in self.core.unanswered_callback_queries()


def held(bot: BotUnderTest) -> HeldRequest:
    assert isinstance(bot.request, HeldRequest)
    return bot.request


def first_items_node(outline: Outline) -> Node:
    return next(n for n in outline.nodes if n.type == "items")


async def new_draft(bot: BotUnderTest, user: int, kind: str = "年度党建工作总结") -> None:
    """Pick a document kind on the menu just shown, starting blank if asked."""
    await bot.press(user, kind)
    if any("从空白开始" in label for label, _ in bot.core.buttons(user)):
        await bot.press(user, "从空白开始")


async def begin(bot: BotUnderTest, user: int, unit: str = "县财政局机关党支部") -> str:
    """Start an annual summary for `user` through the dialogue; return the draft id."""
    await bot.say(user, "/start")
    await new_draft(bot, user)
    await bot.say(user, unit)
    await bot.press(user, str(FIXED_NOW.year - 1))
    state = await bot.state(user)
    assert state.active is not None
    return state.active.id


async def to_items(bot: BotUnderTest, user: int, outline: Outline) -> Node:
    """Move `user` to the first items node through the 目录 buttons."""
    node = first_items_node(outline)
    state = await bot.state(user)
    assert state.active is not None
    await bot.say(user, "/outline")
    await bot.press_data(user, f"d:{state.active.id}:jp:{node.part}", require_button=True)
    assert node.label in bot.shown(user)[-1]
    return node


def media_update(core: FakeTelegram, user: int, content: JSONDict, **kw: Any) -> JSONDict:
    """A message from `user` carrying `content` (a location, a contact …) instead of text."""
    payload = core.text_update(user, "placeholder", queue=False, **kw)
    message = payload["message"]
    del message["text"]
    message.pop("entities", None)
    message.update(content)
    return payload


@pytest.fixture
def server() -> Iterator[FakeBotServer]:
    fake = FakeBotServer().start()
    yield fake
    fake.stop()


@pytest.fixture
async def bot(server: FakeBotServer, db_path: Path, outline: Outline, matcher: Matcher) -> AsyncIterator[BotUnderTest]:
    settings = settings_for(server.base_url, server.base_file_url, db_path)
    b = await BotUnderTest.start(server.core, settings, outline, matcher, HeldRequest())
    yield b
    await b.stop()


@pytest.fixture(autouse=True)
def no_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail the test if anything logged an error (the global error handler logs every crash)."""
    caplog.set_level(logging.WARNING)
    yield
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, errors


@asynccontextmanager
async def unchanged(bot: BotUnderTest, *users: int) -> AsyncIterator[None]:
    """Assert that nothing stored for `users` changed inside the block."""
    before = [await bot.state(u) for u in users]
    yield
    assert [await bot.state(u) for u in users] == before


def clear_chinese(text: str) -> None:
    assert CJK.search(text), f"no Chinese answer: {text!r}"


# ---- media and other non-text messages ----------------------------------------------------------

MEDIA: dict[str, JSONDict] = {
    "location": {"location": {"latitude": 39.9042, "longitude": 116.4074}},
    "contact": {"contact": {"phone_number": "+8613800000000", "first_name": "张三", "user_id": 99}},
    "venue": {
        "venue": {"location": {"latitude": 39.9, "longitude": 116.4}, "title": "会议室", "address": "北京"},
        "location": {"latitude": 39.9, "longitude": 116.4},
    },
    "dice": {"dice": {"emoji": "🎲", "value": 3}},
    "video_note": {"video_note": {"file_id": "vn1", "file_unique_id": "vn1u", "length": 240, "duration": 2}},
    "audio": {"audio": {"file_id": "au1", "file_unique_id": "au1u", "duration": 5}},
    "new_chat_title": {"new_chat_title": "改名"},
}


async def test_media_and_other_messages_get_only_text_notice(bot: BotUnderTest, outline: Outline) -> None:
    u = 11
    await begin(bot, u)
    await to_items(bot, u, outline)
    await bot.say(u, "组织中心组集中学习")
    core = bot.core
    updates = [
        core.photo_update(u, queue=False),
        core.photo_update(u, caption="这是照片说明，不是回答", queue=False),
        core.sticker_update(u, queue=False),
        core.voice_update(u, queue=False),
        core.document_update(u, queue=False),
        core.document_update(u, caption="/skip", queue=False),
        *(media_update(core, u, content) for content in MEDIA.values()),
    ]
    async with unchanged(bot, u):
        for payload in updates:
            text = await bot.answer_to(u, payload)
            assert "只能看懂文字" in text, (payload, text)
            assert first_items_node(outline).label in text  # and it repeats the current question


# ---- texts that carry nothing, too much, or strange characters -------------------------------------


async def test_empty_and_invisible_texts_change_nothing(bot: BotUnderTest, outline: Outline) -> None:
    u = 12
    await begin(bot, u)
    await to_items(bot, u, outline)
    invisible = [
        "",
        " ",
        "   \n\t  \n",
        "\u3000\u3000",
        "\u200b\u200c\u200d\u2060\ufeff",
        "\u202e\u202d\u200f\u200e\u202a",
        "\x00\x01\x07\x1b\x7f\x85",
        "\ud800",
        "\udfff\ud83d",
    ]
    async with unchanged(bot, u):
        for text in invisible:
            answer = await bot.say(u, text)
            clear_chinese(answer)
            assert "没有收到内容" in answer or "只能看懂文字" in answer, (text, answer)


async def test_ten_thousand_characters_are_refused_politely(bot: BotUnderTest, outline: Outline) -> None:
    u, v = 13, 14
    await begin(bot, u)
    await to_items(bot, u, outline)
    await bot.say(v, "/start")
    await bot.press(v, "年度党建工作总结")  # v is at the unit name, a short fact
    long = "加强党的建设" * 1667
    assert len(long) >= 10_000
    async with unchanged(bot, u, v):
        answer = await bot.say(u, long)
        assert "太长" in answer and "10002字" in answer
        answer = await bot.say(v, long)
        assert "简短" in answer
    assert all(len(t) <= 4096 for t in bot.shown(u) + bot.shown(v))


async def test_strange_characters_are_cleaned_and_kept_in_the_users_words(bot: BotUnderTest, outline: Outline) -> None:
    u = 15
    await begin(bot, u)
    node = await to_items(bot, u, outline)
    sent = {
        "学习😀\u200b\u202e理论\x07\x00，🇨🇳党旗👍🏽飘扬": ["学习😀理论，🇨🇳党旗👍🏽飘扬。"],
        "ملاحظة مع 阿拉伯文\u200f混排": ["ملاحظة مع 阿拉伯文混排。"],
        "半个代理对\ud83d在这里": ["半个代理对在这里。"],
        r"看起来像转义\ud800\udc00的文字": [r"看起来像转义\ud800\udc00的文字。"],
        "<b>不是HTML</b> & *不是Markdown* _x_ [链接](http://example.com)": [
            "<b>不是HTML</b> & *不是Markdown* _x_ [链接](http://example.com)。"
        ],
    }
    for raw in sent:
        answer = await bot.say(u, raw)
        assert "已记下" in answer, answer
        for _ in range(3):  # each fact of the message may be offered wordings in turn
            if any("用我的话" in t for t, _ in bot.core.buttons(u)):
                await bot.press(u, "用我的话")
    state = await bot.state(u)
    assert state.active is not None
    assert [it.text for it in state.active.items[node.id]] == [x for items in sent.values() for x in items]


# ---- edited, forwarded, groups and channels --------------------------------------------------------


async def test_edits_and_forwards_do_not_touch_the_draft(bot: BotUnderTest, outline: Outline) -> None:
    u = 16
    await begin(bot, u)
    await to_items(bot, u, outline)
    core = bot.core
    mine = core.text_update(u, "原来的话", queue=False)
    await bot.feed(mine)
    forwarded = core.text_update(u, "/skip", queue=False)
    forwarded["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "某人", "date": 1}
    forwarded_photo = core.photo_update(u, queue=False)
    forwarded_photo["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "某人", "date": 1}
    async with unchanged(bot, u):
        for new_text in ("改过的话", "/skip", "", "\u200b"):
            edit = core.edited_message_update(u, mine["message"]["message_id"], new_text, queue=False)
            assert "修改已发出的消息不会改动草稿" in await bot.answer_to(u, edit)
        assert "转发的消息不会写进草稿" in await bot.answer_to(u, forwarded)
        assert "转发的消息不会写进草稿" in await bot.answer_to(u, forwarded_photo)


async def test_groups_are_refused_and_channels_ignored(bot: BotUnderTest, outline: Outline) -> None:
    u = 17
    await begin(bot, u)
    core = bot.core
    async with unchanged(bot, u):
        for chat_type in ("group", "supergroup"):
            chat = -u if chat_type == "group" else -1_001_000_000_000 - u
            for text in ("/start", "县直机关工委", "/forget"):
                assert "请私聊我" in await bot.say(u, text, chat_type=chat_type, chat_id=chat)
            assert "请私聊我" in await bot.answer_to(chat, core.photo_update(u, chat_type=chat_type, queue=False))
            # A button pressed in the group (on the bot's refusal) is answered, not run.
            last = core.messages_to(chat)[-1].message_id
            query = core.callback_update(u, "u:fgy", last, chat_id=chat, queue=False, require_button=False)
            await bot.feed(query)
            assert bot.answered(query)
        channel = {
            "update_id": 900_001,
            "channel_post": {
                "message_id": 5,
                "sender_chat": {"id": -1_009_999, "type": "channel", "title": "通知频道"},
                "chat": {"id": -1_009_999, "type": "channel", "title": "通知频道"},
                "date": 1_700_000_000,
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        before = len(core.sent)
        await bot.feed(channel)
        edited_channel = {"update_id": 900_002, "edited_channel_post": {**channel["channel_post"], "edit_date": 1}}
        await bot.feed(edited_channel)
        assert [s.method for s in core.sent[before:]] == []  # posting into a channel would publish it


# ---- commands ------------------------------------------------------------------------------------


async def test_commands_with_junk_arguments(bot: BotUnderTest, outline: Outline) -> None:
    u = 18
    await begin(bot, u)
    await to_items(bot, u, outline)
    async with unchanged(bot, u):
        assert "欢迎回来" in await bot.say(u, "/start junk args ✂ \u202e")
        assert "欢迎回来" in await bot.say(u, "/START")
        assert "欢迎回来" in await bot.say(u, "/start@fake_test_bot")
        assert "欢迎回来" in await bot.say(u, "/start\n第二行也是参数")
        assert "欢迎回来" in await bot.say(u, "/start\u200b")
        assert "我帮您一步步写" in await bot.say(u, "/help " + "x" * 4000)
        assert "目录" in await bot.say(u, "/outline 1 2 3")
        assert "我的草稿" in await bot.say(u, "/drafts\t\t删掉全部")
        assert "没有这个命令" in await bot.say(u, "/nosuch")
        assert "没有这个命令" in await bot.say(u, "/" + "a" * 32)
        assert "没有这个命令" in await bot.say(u, "/start_now")
        assert "确定删除您的全部数据吗" in await bot.say(u, "/forget 立刻 不用确认")
    # /skip with junk does what /skip does, nothing more.
    state = await bot.state(u)
    assert state.active is not None
    answer = await bot.say(u, "/skip 3 4 5")
    assert "已跳过" in answer


# ---- buttons: forged, truncated, outdated, someone else's, deleted, pressed twice --------------------


def forged(draft: str, node: str) -> list[str]:
    return [
        "",
        "u",
        "d",
        ":",
        "::::",
        "u:",
        "u:new",
        "u:new:nosuch",
        "u:sw:",
        "u:sw:nosuchid",
        "u:sw:../../etc/passwd",
        "u:rn:' OR 1=1 --",
        f"u:dly:{draft[:4]}",
        f"d:{draft}",
        f"d:{draft}:",
        f"d:{draft}:jp",
        f"d:{draft}:jp:99",
        f"d:{draft}:jp:-1",
        f"d:{draft}:jp:²",
        f"d:{draft}:jp:١",
        f"d:{draft}:jp:1e3",
        f"d:{draft}:ed:{node}",
        f"d:{draft}:ed:{node}:x",
        f"d:{draft}:ed:{node}:²",
        f"d:{draft}:ed:nosuch.node:1",
        f"d:{draft}:rm:{node}:99999999999999999999999",
        f"d:{draft}:pk:424242:0",
        f"d:{draft}:pk:1:²",
        f"d:{draft}:gf:²",
        f"d:{draft}:gf:99999999999999999999999",
        f"d:{draft}:yr:1999",
        f"d:{draft}:yr:²⁰²⁵",
        f"d:{draft}:sk:{node}\n",
        f"d:{draft.upper()}:sk:{node}",
        "x" * 64,
        "😀" * 16,
        "\x00",
        "d:\u202e" + draft[::-1] + ":ov",
    ]


async def test_forged_and_truncated_callback_data(bot: BotUnderTest, outline: Outline) -> None:
    u = 19
    draft = await begin(bot, u)
    node = await to_items(bot, u, outline)
    await bot.say(u, "组织中心组集中学习")
    async with unchanged(bot, u):
        for data in forged(draft, node.id):
            query = bot.core.callback_update(u, data, queue=False, require_button=False)
            answer = await bot.answer_to(u, query)
            assert bot.answered(query), data
            clear_chinese(answer)
            assert "按钮已过期" in answer, (data, answer)


async def test_outdated_button_after_the_query_expired(bot: BotUnderTest, outline: Outline) -> None:
    u = 20
    await begin(bot, u)
    old = bot.core.messages_to(u)[-1]
    skip = bot.button(u, "跳过")
    await bot.say(u, "县直机关工委")
    bot.core.expire_callback_queries()
    async with unchanged(bot, u):
        query = bot.core.callback_update(u, skip, old.message_id, queue=False, require_button=False)
        bot.core.expire_callback_queries()  # the answer comes too late for Telegram: "query is too old"
        answer = await bot.answer_to(u, query)
    assert "按钮已过期" in answer


async def test_another_users_draft_is_neither_revealed_nor_changed(bot: BotUnderTest, outline: Outline) -> None:
    alice, bob = 21, 22
    secret_unit = "机密单位甲"
    alice_draft = await begin(bot, alice, unit=secret_unit)
    node = await to_items(bot, alice, outline)
    await bot.say(alice, "只有爱丽丝知道的工作")
    await bot.say(bob, "/start")
    alice_buttons = [d for m in bot.core.messages_to(alice) for _, d in m.buttons if d]
    attacks = [
        *alice_buttons,
        f"u:sw:{alice_draft}",
        f"u:rn:{alice_draft}",
        f"u:dl:{alice_draft}",
        f"u:dly:{alice_draft}",
        f"d:{alice_draft}:pv",
        f"d:{alice_draft}:dw",
        f"d:{alice_draft}:dwf",
        f"d:{alice_draft}:ov",
        f"d:{alice_draft}:ls:{node.id}",
        f"d:{alice_draft}:rm:{node.id}:1",
        f"d:{alice_draft}:ed:{node.id}:1",
    ]
    before_docs = bot.core.calls["sendDocument"]
    async with unchanged(bot, alice):
        for data in attacks:
            await bot.press_data(bob, data)
            # Had Bob been put in rename or edit mode, this would write into Alice's draft.
            await bot.say(bob, "鲍勃改的名字")
    bob_state = await bot.state(bob)
    assert alice_draft not in {s.id for s in bob_state.drafts}
    leaked = [t for t in bot.shown(bob) if secret_unit in t or "爱丽丝" in t]
    assert leaked == []
    assert bot.core.calls["sendDocument"] == before_docs


async def test_buttons_of_a_deleted_draft(bot: BotUnderTest, outline: Outline) -> None:
    u = 23
    first = await begin(bot, u, unit="将被删除的单位")
    node = await to_items(bot, u, outline)
    await bot.say(u, "将被删除的条目")
    old_buttons = [d for m in bot.core.messages_to(u) for _, d in m.buttons if d]
    await bot.say(u, "/new")
    await new_draft(bot, u, "上半年党建工作总结")
    await bot.say(u, "/drafts")
    row = [d for t, d in bot.core.buttons(u) if d and d.startswith("u:dl:") and d.endswith(first)]
    await bot.press_data(u, row[0], require_button=True)
    await bot.press(u, "确定删除")
    state = await bot.state(u)
    assert [s.id for s in state.drafts] != [] and first not in {s.id for s in state.drafts}
    async with unchanged(bot, u):
        for data in [*old_buttons, f"u:sw:{first}", f"u:dly:{first}", f"d:{first}:ls:{node.id}"]:
            answer = await bot.press_data(u, data)
            assert "将被删除的" not in answer, (data, answer)


async def pressed_once_and_twice(bot: BotUnderTest, once: int, twice: int, label: str) -> None:
    """`once` presses the button labelled `label`; `twice` double-taps it; both must end up alike."""
    for user, times in ((once, 1), (twice, 2)):
        data = bot.button(user, label)
        before = len(bot.core.messages_to(user))
        queries = [bot.core.callback_update(user, data, queue=False) for _ in range(times)]
        await asyncio.gather(*(bot.feed(q) for q in queries))
        assert all(bot.answered(q) for q in queries)
        replies = bot.shown(user)[before:]
        if user == once:
            expected = replies
        else:
            assert replies == expected, f"double tap on {label}: {replies} != {expected}"
    one, two = await bot.state(once), await bot.state(twice)
    assert len(one.drafts) == len(two.drafts)
    assert (one.active is None) == (two.active is None)
    if one.active is not None and two.active is not None:
        assert (one.active.facts, one.active.items, one.active.status) == (
            two.active.facts,
            two.active.items,
            two.active.status,
        )


async def test_the_same_button_pressed_twice_quickly(bot: BotUnderTest, outline: Outline) -> None:
    once, twice = 28, 29
    for user in (once, twice):
        await bot.say(user, "/start")
    await pressed_once_and_twice(bot, once, twice, "年度党建工作总结")
    for user in (once, twice):
        await bot.say(user, "县直机关工委")
    await pressed_once_and_twice(bot, once, twice, str(FIXED_NOW.year - 1))
    await pressed_once_and_twice(bot, once, twice, "跳过")
    for user in (once, twice):
        await to_items(bot, user, outline)
        await bot.say(user, "开了三次党组会研究党建")
    await pressed_once_and_twice(bot, once, twice, "1.")
    for user in (once, twice):
        await bot.say(user, "/new")
    await pressed_once_and_twice(bot, once, twice, "上半年党建工作总结")
    await pressed_once_and_twice(bot, once, twice, "从空白开始")
    for user in (once, twice):
        await bot.say(user, "/forget")
    await pressed_once_and_twice(bot, once, twice, "全部删除")


async def test_many_messages_at_once_are_answered_in_order(bot: BotUnderTest, outline: Outline) -> None:
    u = 25
    await begin(bot, u)
    node = await to_items(bot, u, outline)
    core = bot.core
    texts = [f"第{n}件事：组织党员学习" for n in range(12)]
    before = len(core.messages_to(u))
    # The network is not first-in first-out: the first reply takes longest to reach Telegram.
    held(bot).hold_next("sendMessage", 0.3)
    await asyncio.gather(*(bot.feed(core.text_update(u, t, queue=False)) for t in texts))
    replies = bot.shown(u)[before:]
    numbers = [int(m[1]) for r in replies if (m := re.search(r"已记下第(\d+)条", r))]
    assert numbers == list(range(1, len(texts) + 1)), replies
    state = await bot.state(u)
    assert state.active is not None
    assert [it.text for it in state.active.items[node.id]] == [t + "。" for t in texts]


async def test_mixed_burst_keeps_each_users_replies_together_and_in_order(bot: BotUnderTest, outline: Outline) -> None:
    u, v = 26, 27
    for user in (u, v):
        await begin(bot, user)
        await to_items(bot, user, outline)
    core = bot.core
    burst = [
        core.text_update(u, "/outline", queue=False),
        core.text_update(v, "第二个用户的第一条", queue=False),
        core.text_update(u, "第一条", queue=False),
        core.text_update(u, "/preview", queue=False),
        core.photo_update(u, queue=False),
        core.text_update(v, "第二个用户的第二条", queue=False),
        core.text_update(u, "第二条", queue=False),
    ]
    before = {user: len(core.messages_to(user)) for user in (u, v)}
    held(bot).hold_next("sendMessage", 0.2)
    await asyncio.gather(*(bot.feed(p) for p in burst))
    replies = bot.shown(u)[before[u] :]
    marks = ["目录：", "已记下第1条", "以上是目前的草稿", "只能看懂文字", "已记下第2条"]
    where = [next(i for i, r in enumerate(replies) if m in r) for m in marks]
    assert where == sorted(where), replies
    numbers = [m[1] for r in bot.shown(v)[before[v] :] if (m := re.search(r"已记下第(\d+)条", r))]
    assert numbers == ["1", "2"], bot.shown(v)[before[v] :]
