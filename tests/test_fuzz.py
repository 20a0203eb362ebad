"""Fuzz: thousands of mixed updates from 50 users through the real Application, checked against a model.

Each simulated user talks to one items node (the first sub-topic) and does, at random: answer in their
own words, pick a suggested wording, keep their words, ask for more wordings, press stale or forged
buttons (their own old ones, another user's), send photos, stickers, blanks, over-long texts, edits,
forwards and read-only commands. The model is what a user would expect from what they did:

* every answer becomes the next items, one per clause (each phrase's clauses are facts of their own), in the
  user's words, numbered in the reply;
* a pick replaces the item the offer is for (the reply names it when the answer held several) with the
  wording shown on the numbered line that was pressed (moved to the sub-topic the reply names, if the
  wording belongs to another one); keeping the user's words, or picking, offers the next fact's wordings;
* nothing else changes any item.

Every user's text carries a tag unique to that user, so any text reaching another user's chat is a leak.
FUZZ_USERS and FUZZ_STEPS scale the run up for a longer soak.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from telegram.request import HTTPXRequest

from bot.limits import MAX_ITEMS_PER_PART
from bot.matcher import Matcher
from bot.outline import Outline
from tests.fakebot import FakeTelegram, JSONDict, fake_transport
from tests.test_hostile import BotUnderTest, begin, first_items_node, settings_for, to_items

SEED = 20261122
USERS = int(os.environ.get("FUZZ_USERS", "50"))
STEPS_PER_USER = int(os.environ.get("FUZZ_STEPS", "94"))

# Tags no phrase-bank wording contains: two cyclic characters between angle brackets.
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉"
TAG = re.compile(f"〈[{_STEMS}][{_BRANCHES}]〉")

PHRASES = (
    "组织党员集中学习党的二十大精神",
    "开展主题党日活动3次",
    "召开专题组织生活会，开展批评与自我批评",
    "书记带头讲专题党课2次",
    "组织观看廉政警示教育片",
    "落实第一议题制度，党组会先学习重要讲话精神",
    "理论学习中心组集体学习12次",
    "组织党员到红色教育基地参观学习",
    "开展谈心谈话全覆盖",
    "建立党建工作责任清单",
    "党员志愿服务进社区",
    "两次党组会研究党建工作",
)
DECOR = ("", "", "", "😀", "👍🏽", "\u200b", "\u202e", "🇨🇳")


def tag_for(index: int) -> str:
    return f"〈{_STEMS[index // 10 % 10]}{_BRANCHES[index % 10]}〉"


@dataclass
class Suggestions:
    """The latest suggestion message a user can still pick from."""

    message_id: int
    lines: dict[int, str]
    buttons: list[tuple[str, str | None]]
    # Where in FuzzUser.items the item the wordings are offered for is.
    target: int


@dataclass
class FuzzUser:
    """One simulated user and the model of what they should have stored."""

    id: int
    tag: str
    rng: random.Random
    # What the user should find stored, in order: (node id, text). A pick may move the item.
    items: list[tuple[str, str]] = field(default_factory=list)
    live: Suggestions | None = None
    # Buttons seen, as (message id, callback data, number of answers given when it was shown).
    old_buttons: list[tuple[int, str, int]] = field(default_factory=list)
    last_text_message: int | None = None
    first_message: int = 0
    # A picked wording left a gap: the next text must fill it, so the user first leaves it for later.
    gap_open: tuple[int, str] | None = None


@dataclass
class Figures:
    updates: int = 0
    lost: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)


class Fuzzer:
    """Drives the users against one running bot and checks every reply against the model."""

    def __init__(self, bot: BotUnderTest, outline: Outline) -> None:
        self.bot = bot
        self.core: FakeTelegram = bot.core
        self.node = first_items_node(outline)
        self.by_label = {n.label: n.id for n in outline.nodes}
        self.figures = Figures()
        self.users: list[FuzzUser] = []

    async def replies(self, user: FuzzUser, payload: JSONDict) -> list[str]:
        """Feed one update and return the texts sent to the user's chat meanwhile (theirs only)."""
        mark = len(self.core.sent)
        await self.bot.feed(payload)
        return [
            str(call.result.get("text", ""))
            for call in self.core.sent[mark:]
            if call.message is not None
            and call.method != "editMessageReplyMarkup"
            and call.message["chat"]["id"] == user.id
        ]

    async def send(self, user: FuzzUser, payload: JSONDict, expect: str | None = None) -> list[str]:
        """Feed one message update; it must get at least one reply, containing `expect` if given."""
        replies = await self.replies(user, payload)
        if not replies:
            self.figures.lost.append(f"user {user.id}: no answer to {payload}")
        elif expect is not None and not any(expect in r for r in replies):
            self.figures.wrong.append(f"user {user.id}: expected {expect!r}, got {replies}")
        return replies

    async def press(self, user: FuzzUser, data: str, message_id: int | None, *, real: bool) -> list[str]:
        """Feed one button press; its callback query must be answered."""
        payload = self.core.callback_update(user.id, data, message_id, queue=False, require_button=real)
        self.figures.queries.append(payload["callback_query"]["id"])
        return await self.replies(user, payload)

    def remember_buttons(self, user: FuzzUser) -> None:
        last = self.core.messages_to(user.id)[-1]
        user.old_buttons += [(last.message_id, d, len(user.items)) for _, d in last.buttons if d]
        del user.old_buttons[:-30]

    def see_suggestions(self, user: FuzzUser) -> None:
        """Note the suggestion message just shown, if the reply offered wordings, and which item they are for."""
        user.live = None
        shown = self.core.messages_to(user.id)[-1]
        if "可换成规范表述" not in shown.text:
            return
        lines = {int(m[1]): m[2] for line in shown.text.split("\n") if (m := re.match(r"^(\d+)\. (.+)$", line))}
        named = re.search(r"^第(\d+)条「", shown.text, re.M)
        here = [n for n, (node, _) in enumerate(user.items) if node == self.node.id]
        target = here[int(named[1]) - 1] if named else len(user.items) - 1
        user.live = Suggestions(shown.message_id, lines, shown.buttons, target)

    # -- the actions --

    async def leave_gap(self, user: FuzzUser) -> None:
        """Press 先空着 on the open gap prompt; a text now would be read as the gap's number."""
        assert user.gap_open is not None
        message_id, data = user.gap_open
        user.gap_open = None
        await self.press(user, data, message_id, real=True)

    async def answer(self, user: FuzzUser) -> None:
        if sum(node == self.node.id for node, _ in user.items) >= MAX_ITEMS_PER_PART:
            # A full part refuses more (bot.limits, tested on its own in test_limits): do something else.
            await self.junk(user)
            return
        if user.gap_open is not None:
            await self.leave_gap(user)
        raw = user.tag + user.rng.choice(PHRASES) + user.rng.choice(DECOR) + "。"
        payload = self.core.text_update(user.id, raw, queue=False)
        user.last_text_message = payload["message"]["message_id"]
        here = sum(node == self.node.id for node, _ in user.items) + 1
        clauses = raw.replace("\u200b", "").replace("\u202e", "").removesuffix("。").split("，")
        if here - 1 + len(clauses) > MAX_ITEMS_PER_PART:
            clauses = ["，".join(clauses)]  # facts more than the part has room for stay one item
        user.items += [(self.node.id, clause + "。") for clause in clauses]
        await self.send(user, payload, f"已记下第{here}条" if len(clauses) == 1 else f"已记下{len(clauses)}条")
        self.see_suggestions(user)
        self.remember_buttons(user)

    async def pick(self, user: FuzzUser) -> None:
        live = user.live
        if live is None or not live.lines:
            await self.answer(user)
            return
        k = user.rng.choice(sorted(live.lines))
        data = next(d for label, d in live.buttons if label.startswith(f"{k}.") and d)
        replies = await self.press(user, data, live.message_id, real=True)
        if any("写不进您说的" in r for r in replies):
            # The wording would lose the user's count: refused, their words kept, the offer shown again.
            self.see_suggestions(user)
            self.remember_buttons(user)
            return
        if not any("已换成" in r for r in replies):
            self.figures.wrong.append(f"user {user.id}: pick {k} answered {replies}")
        # A wording of another sub-topic is moved there, and the reply says where.
        moved = re.search(r"这条属于「(.+?)」", "\n".join(replies))
        if moved:
            del user.items[live.target]
            user.items.append((self.by_label[moved[1]], live.lines[k]))
        else:
            user.items[live.target] = (self.node.id, live.lines[k])
        last = self.core.messages_to(user.id)[-1]
        later = next((d for label, d in last.buttons if label == "先空着" and d), None)
        user.gap_open = (last.message_id, later) if later else None
        self.see_suggestions(user)
        self.remember_buttons(user)

    async def keep_own(self, user: FuzzUser) -> None:
        live = user.live
        if live is None:
            await self.answer(user)
            return
        data = next(d for label, d in live.buttons if label == "用我的话" and d)
        await self.press(user, data, live.message_id, real=True)
        self.see_suggestions(user)
        self.remember_buttons(user)

    async def more(self, user: FuzzUser) -> None:
        live = user.live
        data = next((d for label, d in live.buttons if label == "换一批" and d), None) if live else None
        if live is None or data is None:
            await self.answer(user)
            return
        replies = await self.press(user, data, live.message_id, real=True)
        if not any("换一批" in r for r in replies):
            self.figures.wrong.append(f"user {user.id}: more answered {replies}")
        self.see_suggestions(user)
        if user.live is not None:
            user.live.target = live.target  # the next page is for the same item
        self.remember_buttons(user)

    async def stale(self, user: FuzzUser) -> None:
        """Press a suggestion button of an earlier answer, or of one already settled: it must do nothing."""
        candidates = [
            (m, d)
            for m, d, answers in user.old_buttons
            if (user.live is None or answers != len(user.items)) and re.search(":(pk|own|more):", d)
        ]
        if not candidates:
            await self.junk(user)
            return
        message_id, data = user.rng.choice(candidates)
        await self.press(user, data, message_id, real=False)

    async def forged(self, user: FuzzUser) -> None:
        """Press another user's button (its data replayed on this user's first message)."""
        other = user.rng.choice([u for u in self.users if u is not user])
        if not other.old_buttons:
            await self.junk(user)
            return
        _, data, _ = user.rng.choice(other.old_buttons)
        await self.press(user, data, user.first_message, real=False)

    async def junk(self, user: FuzzUser) -> None:
        data = user.rng.choice(["", "x", "u:sw:nope", "d:nope:ov", "d:²:jp:²", "u:new:nosuch", "🙂" * 16])
        await self.press(user, data, user.first_message, real=False)

    async def media(self, user: FuzzUser) -> None:
        make = user.rng.choice([self.core.photo_update, self.core.sticker_update, self.core.voice_update])
        await self.send(user, make(user.id, queue=False), "只能看懂文字")

    async def blank(self, user: FuzzUser) -> None:
        text = user.rng.choice([" ", "\u200b", "\n\t", "\u3000", "\x00"])
        await self.send(user, self.core.text_update(user.id, text, queue=False), "没有收到内容")

    async def too_long(self, user: FuzzUser) -> None:
        text = user.tag + "加强党的建设" * user.rng.randint(101, 700)
        await self.send(user, self.core.text_update(user.id, text, queue=False), "太长")

    async def edit(self, user: FuzzUser) -> None:
        if user.last_text_message is None:
            await self.media(user)
            return
        payload = self.core.edited_message_update(user.id, user.last_text_message, user.tag + "改过的话", queue=False)
        await self.send(user, payload, "修改已发出的消息不会改动草稿")

    async def forward(self, user: FuzzUser) -> None:
        payload = self.core.text_update(user.id, user.tag + "转发来的文字", queue=False)
        payload["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "某人", "date": 1}
        await self.send(user, payload, "转发的消息不会写进草稿")

    async def command(self, user: FuzzUser) -> None:
        text, expect = user.rng.choice(
            [
                ("/start", "欢迎回来"),
                ("/help", "/new"),
                ("/outline", "目录"),
                ("/drafts", "我的草稿"),
                ("/preview", "以上是目前的草稿"),
                ("/nosuch", "没有这个命令"),
                ("/start junk ✂", "欢迎回来"),
            ]
        )
        await self.send(user, self.core.text_update(user.id, text, queue=False), expect)
        if text == "/drafts":
            # The draft list's buttons (rename, delete …) are not part of the model; leave them unpressed.
            return
        self.remember_buttons(user)

    ACTIONS = (
        ("answer", 30),
        ("pick", 12),
        ("keep_own", 5),
        ("more", 5),
        ("stale", 8),
        ("forged", 8),
        ("junk", 3),
        ("media", 6),
        ("blank", 4),
        ("too_long", 2),
        ("edit", 3),
        ("forward", 3),
        ("command", 7),
    )

    async def run_user(self, user: FuzzUser, steps: int) -> None:
        names = [name for name, _ in self.ACTIONS]
        weights = [w for _, w in self.ACTIONS]
        for _ in range(steps):
            await getattr(self, user.rng.choices(names, weights)[0])(user)


@pytest.fixture
async def fuzz_bot(tmp_path: Path, outline: Outline, matcher: Matcher) -> AsyncIterator[BotUnderTest]:
    core = FakeTelegram()
    settings = settings_for("http://fake.invalid/bot", "http://fake.invalid/file/bot", tmp_path / "fuzz.sqlite3")
    request = HTTPXRequest(httpx_kwargs={"transport": fake_transport(core)})
    bot = await BotUnderTest.start(core, settings, outline, matcher, request)
    yield bot
    await bot.stop()


async def test_fuzz_many_users_against_the_model(
    fuzz_bot: BotUnderTest, outline: Outline, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    fuzzer = Fuzzer(fuzz_bot, outline)
    fuzzer.users = [FuzzUser(id=5000 + n, tag=tag_for(n), rng=random.Random(SEED * 1000 + n)) for n in range(USERS)]

    async def run(user: FuzzUser) -> None:
        await begin(fuzz_bot, user.id, unit=f"{user.tag}党支部")
        await to_items(fuzz_bot, user.id, outline)
        user.first_message = fuzz_bot.core.messages_to(user.id)[0].message_id
        await fuzzer.run_user(user, STEPS_PER_USER)

    await asyncio.gather(*(run(u) for u in fuzzer.users))

    figures = fuzzer.figures
    figures.updates = fuzz_bot.fed
    unanswered = set(fuzz_bot.core.unanswered_callback_queries()) & set(figures.queries)
    leaks = []
    stored_mismatch = []
    for user in fuzzer.users:
        for text in (m.text for m in fuzz_bot.core.messages_to(user.id)):
            leaks += [(user.id, t) for t in TAG.findall(text) if t != user.tag]
        state = await fuzz_bot.state(user.id)
        assert state.active is not None
        stored = {node: [it.text for it in items] for node, items in state.active.items.items()}
        expected: dict[str, list[str]] = {}
        for node, text in user.items:
            expected.setdefault(node, []).append(text)
        if stored != expected:
            stored_mismatch.append((user.id, stored, expected))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    elapsed = time.monotonic() - started
    lost = len(figures.lost) + len(unanswered)
    print(
        f"\nfuzz: {figures.updates} updates from {USERS} users in {elapsed:.1f}s; "
        f"answers lost {lost}; cross-user leaks {len(leaks)}; model mismatches {len(stored_mismatch)}; "
        f"wrong replies {len(figures.wrong)}; errors logged {len(errors)}"
    )
    assert figures.updates >= 5000
    assert errors == []
    assert figures.lost == [] and unanswered == set()
    assert leaks == []
    assert figures.wrong == []
    assert stored_mismatch == []
