"""Updates fetched but not handled survive SIGKILL: the real bot (`python -m bot`) on the fake Bot API.

Three users each send ten answers while every reply is slow to send, so most answers wait in the bot's
queue, already fetched (and confirmed to Telegram by the next poll). The bot is killed; after the restart,
all thirty are stored, each exactly once.
"""

from __future__ import annotations

import time
from pathlib import Path

from bot.model import Draft
from bot.outline import load_outline
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Changes
from tests.fakebot import FakeBotServer
from tests.test_crash_telegram import CrashedBot, stored_items
from tests.test_hostile import first_items_node

USERS = (71, 72, 73)
ANSWERS = 10
NOW = "2026-11-22T10:00:00+08:00"


async def seed(db: Path) -> None:
    """Give each user a draft that stands at the first items part, as if they had got there in the dialogue."""
    outline = load_outline()
    node = first_items_node(outline)
    store = await SQLiteStorage.open(db)
    for user in USERS:
        draft = Draft(
            id=f"d{user}",
            owner=user,
            kind="annual",
            outline_version=outline.version,
            created_at=NOW,
            updated_at=NOW,
            facts={"basic.unit": "县财政局机关党支部", "basic.year": "2025"},
            focus=node.id,
        )
        await store.apply(Changes(user_id=user, active_id=draft.id, mode=None, now=NOW, write=(draft,)))
    await store.close()


def wait_for(condition: object, timeout: float, bot: CrashedBot) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out; log: {bot.tail()}")


async def test_thirty_queued_updates_are_each_handled_once_across_sigkill(tmp_path: Path) -> None:
    bot = CrashedBot(tmp_path)
    server: FakeBotServer = bot.server
    try:
        await seed(bot.db)
        sent = {user: [f"用户{user}第{k}条：组织党员集中学习。" for k in range(1, ANSWERS + 1)] for user in USERS}
        for k in range(ANSWERS):
            for user in USERS:
                server.core.text_update(user, sent[user][k])
        server.core.delay_next("sendMessage", 0.4, times=1000)
        bot.start()
        # Killed once a few answers are acknowledged: the rest are fetched, confirmed, and waiting.
        wait_for(lambda: sum("已记下" in m.text for u in USERS for m in server.core.messages_to(u)) >= 3, 60, bot)
        bot.kill()
        handled_before = len(stored_items(bot.db))
        server.core.delay_next("sendMessage", 0.0, times=0)
        bot.start()
        wait_for(lambda: len(stored_items(bot.db)) >= len(USERS) * ANSWERS, 90, bot)
        time.sleep(0.5)  # nothing more arrives
        items = stored_items(bot.db)
        expected = [text.rstrip("。") for texts in sent.values() for text in texts]
        assert sorted(i.rstrip("。") for i in items) == sorted(expected), f"{handled_before} before the kill"
    finally:
        if bot.proc is not None:
            bot.proc.kill()
            bot.proc.wait()
        server.stop()
