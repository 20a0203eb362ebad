"""Webhook mode: Telegram (through a reverse proxy) posts updates to one of several bot processes.

The server is tornado, the one python-telegram-bot's own webhook mode runs on, with three differences
that several processes need: an update is stored in the database's inbox before Telegram gets its
200 (PTB answers first, so a process killed right after would lose an update Telegram will not send
again); a /healthz route for the proxy that answers only while the database does; and setWebhook is
called by one process only, under a database lock.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.settings import Webhook
from bot.storage import InboxEntry, Storage
from bot.storage_pg import PostgresStorage

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
# How often each process looks for updates that a dead process stored but never handled.
SWEEP_EVERY_S = 1.0
DRAIN_TIMEOUT_S = 10.0
# How long a user's update waits for that user's earlier ones, and how often it looks.
ORDER_WAIT_S = 10.0
ORDER_POLL_S = 0.02

# Run `action` unless it already ran with this fingerprint, deciding under a lock all processes share.
RunOnce = Callable[[str, str, Callable[[], Awaitable[None]]], Awaitable[bool]]


class UpdateHandler(tornado.web.RequestHandler):
    """POST of one update from Telegram: check the secret, store the update, answer 200, then handle it."""

    def initialize(self, worker: Worker, secret: str) -> None:
        """Take the worker that stores and handles updates, and the expected secret (per-request set-up)."""
        self.worker = worker
        self.secret = secret

    async def post(self) -> None:
        """Handle one webhook request."""
        given = self.request.headers.get(SECRET_HEADER, "")
        # A constant-time comparison: the secret is the only thing standing between the URL and the bot.
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(403)
        try:
            payload = self.request.body.decode()
            update = Update.de_json(json.loads(payload), self.worker.app.bot)
        except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise tornado.web.HTTPError(400) from exc
        if update is None or not isinstance(update.update_id, int):
            raise tornado.web.HTTPError(400)
        try:
            new = await self.worker.receive(update, payload)
        except Exception as exc:
            # Telegram retries a failed delivery; the proxy may send the retry to another process.
            logger.error("could not store update %s; Telegram will send it again", update.update_id, exc_info=exc)
            raise tornado.web.HTTPError(503) from exc
        self.set_status(200)
        await self.finish()
        if new:
            self.worker.handle(update)

    def log_exception(self, *args: object) -> None:
        """Keep tornado from logging request details (the body holds user text)."""


class HealthHandler(tornado.web.RequestHandler):
    """GET /healthz: 200 while the database answers, else 503, so the proxy sends updates elsewhere."""

    def initialize(self, ping: Callable[[], Awaitable[bool]]) -> None:
        """Take the database check."""
        self.ping = ping

    async def get(self) -> None:
        """Answer the proxy's health check."""
        if await self.ping():
            self.write("ok\n")
        else:
            self.set_status(503)
            self.write("database unreachable\n")


class Worker:
    """Stores each received update in the inbox and handles it; sweeps up updates a dead process left."""

    def __init__(self, app: Application, storage: Storage) -> None:
        self.app = app
        self.storage = storage
        # Updates being handled in this process, so the sweep does not start them a second time.
        self._in_flight: set[int] = set()
        # The same by user, so that a user's later update waits for the earlier ones.
        self._by_user: dict[int, set[int]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def receive(self, update: Update, payload: str) -> bool:
        """Store `update` as taken by this process; return whether it is new (else it is handled or pending)."""
        user = update.effective_user
        return bool(await self.storage.inbox_add([InboxEntry(update.update_id, user.id if user else 0, payload)]))

    def handle(self, update: Update) -> None:
        """Handle `update` in the background, within the Application's limit of concurrent updates."""
        if update.update_id in self._in_flight:
            return
        self._in_flight.add(update.update_id)
        user = update.effective_user.id if update.effective_user else 0
        self._by_user.setdefault(user, set()).add(update.update_id)
        task = asyncio.create_task(self._process(update, user))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _process(self, update: Update, user: int) -> None:
        try:
            await self._wait_turn(update.update_id, user)
            # The Application marks the update handled after its handlers ran (handlers.inbox).
            await self.app.update_processor.process_update(update, self.app.process_update(update))
        except Exception as exc:
            logger.warning("update %s stays in the inbox: %s", update.update_id, exc)
        finally:
            self._in_flight.discard(update.update_id)
            mine = self._by_user[user]
            mine.discard(update.update_id)
            if not mine:
                del self._by_user[user]

    async def _wait_turn(self, update_id: int, user: int) -> None:
        """Wait while an earlier update of the same user is still to be handled, here or in another process.

        Telegram sends one chat's updates one after another, so this rarely waits; it keeps the order when
        several of one user's updates arrive at once (a retry racing a new update, or a proxy's reordering).
        Bounded: an earlier update that cannot be handled must not hold the user up for ever.
        """
        deadline = time.monotonic() + ORDER_WAIT_S
        while time.monotonic() < deadline:
            if not any(u < update_id for u in self._by_user.get(user, ())) and not (
                isinstance(self.storage, PostgresStorage) and await self.storage.inbox_waiting_before(user, update_id)
            ):
                return
            await asyncio.sleep(ORDER_POLL_S)
        logger.warning("update %s: an earlier update of the same user is still pending; going ahead", update_id)

    async def sweep(self, every_s: float = SWEEP_EVERY_S) -> None:
        """Handle, now and then, the stored updates nobody is handling (a dead process took them)."""
        # Only an update pending at two sweeps in a row: one read just before its handler committed is not.
        seen: set[int] = set()
        while True:
            try:
                pending = [e for e in await self.storage.inbox_pending() if e.update_id not in self._in_flight]
                for entry in pending:
                    if entry.update_id in seen and entry.payload:
                        self.handle(Update.de_json(json.loads(entry.payload), self.app.bot))
                seen = {e.update_id for e in pending}
            except Exception as exc:
                logger.warning("inbox sweep failed: %s", exc)
            await asyncio.sleep(every_s)

    async def drain(self) -> None:
        """Wait for the updates being handled (on shutdown; Telegram has them acknowledged)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=DRAIN_TIMEOUT_S)


def make_web_app(worker: Worker, hook: Webhook) -> tornado.web.Application:
    """Route the webhook path and the health check."""
    path = urlsplit(hook.url).path.rstrip("/") or ""
    return tornado.web.Application(
        [
            (rf"{path}/?", UpdateHandler, {"worker": worker, "secret": hook.secret}),
            (HEALTH_PATH, HealthHandler, {"ping": worker.storage.ping}),
        ],
        log_function=lambda handler: None,
    )


def fingerprint(hook: Webhook) -> str:
    """Return what identifies a webhook registration (the secret only as a hash)."""
    parts = (hook.url, hook.secret, ",".join(ALLOWED_UPDATES))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


async def register(app: Application, hook: Webhook, run_once: RunOnce | None) -> None:
    """Call setWebhook, once for all processes sharing the database (`run_once`), or always when alone."""

    async def set_webhook() -> None:
        await app.bot.set_webhook(hook.url, secret_token=hook.secret, allowed_updates=list(ALLOWED_UPDATES))
        logger.info("webhook registered at %s", hook.url)

    if run_once is None:
        await set_webhook()
    elif not await run_once("webhook", fingerprint(hook), set_webhook):
        logger.info("webhook already registered by another process")


async def serve(app: Application, hook: Webhook) -> None:
    """Run the Application behind the webhook server until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        storage: Storage = app.bot_data["assistant"].storage
        await app.start()
        worker = Worker(app, storage)
        server = tornado.httpserver.HTTPServer(make_web_app(worker, hook))
        server.listen(hook.port, address=hook.host)
        logger.info("webhook server listening on %s:%s", hook.host, hook.port)
        await register(app, hook, storage.run_once if isinstance(storage, PostgresStorage) else None)
        sweeping = asyncio.create_task(worker.sweep())
        await stop.wait()
        server.stop()
        sweeping.cancel()
        await worker.drain()
        await server.close_all_connections()
        await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
