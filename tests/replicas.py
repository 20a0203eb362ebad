"""Several real bot processes (`python -m bot`, webhook mode) on one PostgreSQL, and a dispatcher that plays
Telegram and the reverse proxy: it posts each update to one process, alternating, and when a delivery fails
(the process died, or answered 5xx) it sends the same update to the next process, as Telegram retries a
failed webhook and the proxy picks another upstream.

Used by tests/test_replicas.py and by bench (python -m bench), so both measure the same set-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.fakebot import TOKEN, FakeBotServer, FakeTelegram

SECRET = "replica-test-secret-0123456789"
# Registered with the fake Bot API only; nothing ever connects to it.
HOOK_PATH = "/tg/hook"
HOOK_URL = "https://bot.example.test" + HOOK_PATH
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
START_TIMEOUT_S = 60.0
DELIVERY_TIMEOUT_S = 60.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Replica:
    """One `python -m bot` process in webhook mode."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = {**env, "WEBHOOK_LISTEN": f"127.0.0.1:{self.port}"}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    @property
    def hook(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"

    @property
    def health(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot"], env=self.env, cwd=self.log.parent, stdout=out, stderr=subprocess.STDOUT
            )

    async def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                assert self.proc is not None and self.proc.poll() is None, self.tail()
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(self.health, timeout=2)).status_code == 200:
                        return
                await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} never became healthy: {self.tail()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None
        self.kills += 1

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def tail(self) -> str:
        return self.log.read_text("utf-8", "replace")[-3000:] if self.log.exists() else ""


def replica_env(server: FakeBotServer, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process: the fake Bot API, the shared database, webhook mode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_", "DATABASE_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=server.base_url,
        TELEGRAM_BASE_FILE_URL=server.base_file_url,
        DATABASE_URL=database_url,
        WEBHOOK_URL=HOOK_URL,
        WEBHOOK_SECRET=SECRET,
        RATE_LIMIT="0",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


@dataclass
class Deliveries:
    """What the dispatcher did."""

    sent: int = 0
    retried: int = 0
    refused: int = 0


class Dispatcher:
    """Telegram plus the proxy: post each update to the next process; on failure, to the next one."""

    def __init__(self, replicas: list[Replica], *, secret: str = SECRET) -> None:
        self.replicas = replicas
        self.secret = secret
        self._turn = itertools.cycle(range(len(replicas)))
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(30.0, connect=2.0), limits=httpx.Limits(max_connections=400)
        )
        self.figures = Deliveries()

    async def close(self) -> None:
        await self.client.aclose()

    async def deliver(self, update: dict[str, Any]) -> None:
        """Post `update` until some process answers 200 (Telegram retries a failed webhook delivery)."""
        index = next(self._turn)
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        self.figures.sent += 1
        while True:
            replica = self.replicas[index]
            with contextlib.suppress(httpx.TransportError):
                response = await self.client.post(replica.hook, json=update, headers={SECRET_HEADER: self.secret})
                if response.status_code == 200:
                    return
                if response.status_code == 403:
                    self.figures.refused += 1
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"update {update['update_id']} was never accepted")
            self.figures.retried += 1
            index = (index + 1) % len(self.replicas)
            await asyncio.sleep(0.05)


@dataclass
class Chat:
    """The bot's messages to one user, as they arrive at the fake Bot API."""

    texts: list[str] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class Replies:
    """Watch the fake Bot API for the bot's sendMessage calls and wake the users waiting for them."""

    def __init__(self, core: FakeTelegram, loop: asyncio.AbstractEventLoop) -> None:
        self.chats: dict[int, Chat] = defaultdict(Chat)
        self._loop = loop
        handle = core.handle

        def observed(token: str, method: str, params: Any, files: Any = None) -> tuple[int, dict[str, Any]]:
            status, body = handle(token, method, params, files)
            if status == 200 and method.lower() == "sendmessage":
                message = body["result"]
                loop.call_soon_threadsafe(self._arrived, message["chat"]["id"], message.get("text", ""))
            return status, body

        core.handle = observed  # type: ignore[method-assign]

    def _arrived(self, chat_id: int, text: str) -> None:
        chat = self.chats[chat_id]
        chat.texts.append(text)
        chat.changed.set()

    async def wait(self, chat_id: int, count: int, timeout: float) -> bool:
        """Wait until the chat holds at least `count` messages; False on timeout."""
        chat = self.chats[chat_id]
        deadline = time.monotonic() + timeout
        while len(chat.texts) < count:
            chat.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(chat.changed.wait(), left)
        return True


def update_json(update: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, as it would travel over the wire."""
    result: dict[str, Any] = json.loads(json.dumps(update))
    return result
