"""Webhook mode on the default SQLite file (one process): no PostgreSQL needed.

A real `python -m bot` behind the test dispatcher: it answers, a redelivered update is handled once,
a request without the secret gets 403, and /healthz answers while the database does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakebot import FakeBotServer
from tests.replicas import SECRET, SECRET_HEADER, Dispatcher, Replica, Replies, replica_env


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[tuple[FakeBotServer, Replica, Replies]]:
    async with FakeBotServer() as server:
        env = replica_env(server, "")
        del env["DATABASE_URL"]
        env["DATABASE_PATH"] = str(tmp_path / "bot.sqlite3")
        replica = Replica("bot", env, tmp_path / "bot.log")
        replica.start()
        try:
            await replica.wait_healthy()
            yield server, replica, Replies(server.core, asyncio.get_running_loop())
            assert " ERROR " not in replica.tail(), replica.tail()
        finally:
            replica.stop()


async def test_webhook_on_sqlite_answers_once_per_update(bot: tuple[FakeBotServer, Replica, Replies]) -> None:
    server, replica, replies = bot
    assert server.core.calls["setWebhook"] == 1
    dispatcher = Dispatcher([replica])
    try:
        update = server.core.text_update(901, "/start", queue=False)
        await dispatcher.deliver(update)
        assert await replies.wait(901, 1, 30)
        await asyncio.sleep(1.0)
        # Long after it was handled, Telegram sends it again (it missed our 200): it is not handled twice.
        await dispatcher.deliver(update)
        await asyncio.sleep(2.5)
        assert len(replies.chats[901].texts) == 1
    finally:
        await dispatcher.close()
    async with httpx.AsyncClient() as client:
        wrong = await client.post(replica.hook, json=server.core.text_update(902, "/start", queue=False))
        assert wrong.status_code == 403
        right = {SECRET_HEADER: SECRET}
        for body in (b"{not json", b"null", b"[]", b"{}", b'{"update_id": "x"}', b"\xff"):
            assert (await client.post(replica.hook, content=body, headers=right)).status_code == 400, body
        assert (await client.get(replica.health)).status_code == 200
    await asyncio.sleep(0.5)
    assert server.core.messages_to(902) == []
