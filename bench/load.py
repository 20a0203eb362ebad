"""Telegram load: the real Application and handlers against the in-process fake Bot API.

`python -m bench.load MODE --users N --answers M --db FILE` runs one scenario in a fresh process and
prints one JSON line, so the resident memory it reports is that process's own:

* `product`: users /start, pick a kind, fill the two required facts, skip the intro, then type
  answers into an items node (the matcher runs on each); answers are timed.
* `bare`: the same updates through the same Application machinery (builder options, polling, fake
  Bot API) with one handler that only replies.
* `bare-rich`: as `bare`, but the reply has the size and buttons of the bot's reply to an answer, to
  tell what the bot's messages cost apart from what its logic costs.
* `concurrent`: many users finish a short draft at once; afterwards the database is checked for
  every answer each user sent.

Each simulated user sends its next update only once the bot has replied to the previous one, so
one user's updates arrive in order while users interleave, as real people's do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bench.scripts import (
    FIRST_TOPIC,
    Step,
    lost_answers,
    short_draft,
    throughput_steps,
)
from bot.__main__ import make_assistant
from bot.settings import Settings
from handlers.telegram import FAILED, build_application
from tests.fakebot import TOKEN, FakeTelegram, fake_transport

# Never contacted (the transport answers every call); a refused local port if anything slipped past it.
UNREACHABLE_API = "http://127.0.0.1:1/bot"
REPLY_TIMEOUT_S = 60.0

# The shape of the bot's reply to an items answer: three suggestions, then choice and navigation rows.
RICH_TEXT = "\n".join(
    [
        "已记下第3条（您的原话）。",
        "可换成规范表述（点选即替换）：",
        *(f"{i}. 严格落实“第一议题”制度，全年召开党组会议〔待补：次数〕次，专题研究部署党建工作。" for i in (1, 2, 3)),
        "也可以直接发下一条。",
    ]
)
RICH_KEYBOARD = InlineKeyboardMarkup(
    [
        *(
            [InlineKeyboardButton(f"{i + 1}. 严格落实第一议题制度…", callback_data=f"d:Ab3_xY9z:pk:12:{i}")]
            for i in range(3)
        ),
        [
            InlineKeyboardButton("用我的话", callback_data="d:Ab3_xY9z:own:12"),
            InlineKeyboardButton("换一批", callback_data="d:Ab3_xY9z:more:12"),
        ],
        [
            InlineKeyboardButton("这部分写完了", callback_data=f"d:Ab3_xY9z:dn:{FIRST_TOPIC}"),
            InlineKeyboardButton("目录", callback_data="d:Ab3_xY9z:ov"),
        ],
    ]
)


@dataclass
class Tally:
    """What the simulated users saw."""

    latencies: list[float] = field(default_factory=list)
    stalled: int = 0
    api_errors: int = 0
    error_replies: int = 0
    unexpected_replies: int = 0


class ErrorCount(logging.Handler):
    """Counts records at ERROR and above (the error handler logs every failed update)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Users:
    """Simulated users: queue an update in the fake, wait for the bot's reply to that chat."""

    def __init__(self, core: FakeTelegram, *, buttons: bool) -> None:
        self.core = core
        self._buttons = buttons
        self._waiting: dict[int, asyncio.Future[str]] = {}
        self.tally = Tally()

    def replied(self, chat_id: int, text: str) -> None:
        """Hand a sendMessage the bot made to the user waiting in that chat."""
        self._forget_history(chat_id)
        if text == FAILED:
            self.tally.error_replies += 1
        waiter = self._waiting.pop(chat_id, None)
        if waiter is None or waiter.done():
            self.tally.unexpected_replies += 1
        else:
            waiter.set_result(text)

    def _forget_history(self, chat_id: int) -> None:
        # The fake keeps every message and call forever, in the bot's process: its memory would be
        # counted as the bot's. A user only ever presses a button on the bot's latest message.
        self.core.sent.clear()
        chat = self.core._chats.get(chat_id)
        if chat is not None and len(chat.messages) > 2:
            chat.messages = dict(list(chat.messages.items())[-2:])

    def _send(self, user: int, step: Step) -> None:
        if step.text is not None:
            self.core.text_update(user, step.text)
        elif self._buttons:
            data = [d for label, d in self.core.buttons(user) if d and step.label and step.label in label]
            if not data:
                raise LookupError(f"user {user} has no button {step.label!r}")
            self.core.callback_update(user, data[0])
        else:
            self.core.callback_update(user, f"u:{step.label}", require_button=False)

    async def run(self, user: int, steps: list[Step], *, timed: bool) -> bool:
        """Send `steps` one after the other, each after the reply to the previous; False if stalled."""
        loop = asyncio.get_running_loop()
        for step in steps:
            waiter: asyncio.Future[str] = loop.create_future()
            self._waiting[user] = waiter
            start = time.perf_counter()
            try:
                self._send(user, step)
                await asyncio.wait_for(waiter, REPLY_TIMEOUT_S)
            except (TimeoutError, LookupError):
                self._waiting.pop(user, None)
                self.tally.stalled += 1
                return False
            if timed:
                self.tally.latencies.append(time.perf_counter() - start)
        return True


class Observed(httpx.AsyncBaseTransport):
    """The fake's transport, telling `users` about every message the bot sends and every API error."""

    def __init__(self, inner: httpx.AsyncBaseTransport, users: Users) -> None:
        self._inner = inner
        self._users = users

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward the request, then report sendMessage results and failed calls."""
        response = await self._inner.handle_async_request(request)
        method = request.url.path.rsplit("/", 1)[-1]
        if response.status_code != 200:
            self._users.tally.api_errors += 1
        elif method == "sendMessage":
            result = json.loads(response.content)["result"]
            self._users.replied(result["chat"]["id"], result.get("text", ""))
        return response


def requests_for(transport: httpx.AsyncBaseTransport) -> tuple[HTTPXRequest, HTTPXRequest]:
    """Return the Bot API and getUpdates requests, both going through `transport`."""
    # Pool sizes as ApplicationBuilder picks them when it builds the requests itself.
    api = HTTPXRequest(connection_pool_size=256, httpx_kwargs={"transport": transport})
    updates = HTTPXRequest(connection_pool_size=1, httpx_kwargs={"transport": transport})
    return api, updates


def settings_for(db: Path) -> Settings:
    """Settings of the benchmarked bot: rate limiter off (it would cap both runs at 30 messages/s)."""
    return Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": UNREACHABLE_API, "DATABASE_PATH": str(db), "RATE_LIMIT": "0"}
    )


def product_app(settings: Settings, transport: httpx.AsyncBaseTransport) -> Application:
    """The bot as `python -m bot` wires it, against the fake."""
    api, updates = requests_for(transport)
    return build_application(settings, lambda: make_assistant(settings), request=api, get_updates_request=updates)


def bare_app(settings: Settings, transport: httpx.AsyncBaseTransport, *, rich: bool) -> Application:
    """The same builder options and fake, with a handler that only replies (short, or bot-sized)."""

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        if rich:
            await context.bot.send_message(update.effective_chat.id, RICH_TEXT, reply_markup=RICH_KEYBOARD)
        else:
            await context.bot.send_message(update.effective_chat.id, "好的")

    api, updates = requests_for(transport)
    builder = Application.builder().request(api).get_updates_request(updates).token(settings.token or TOKEN)
    builder = builder.concurrent_updates(settings.concurrent_updates).base_url(settings.base_url or UNREACHABLE_API)
    app = builder.build()
    app.add_handler(TypeHandler(Update, reply))
    return app


@contextlib.asynccontextmanager
async def polling(app: Application) -> AsyncIterator[None]:
    """Run `app` as run_polling would (post_init included), without taking over the event loop."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=["message", "edited_message", "callback_query"])
    await app.start()
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def rss_mb() -> dict[str, float]:
    """Resident memory of this process now and at its peak, in MiB."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {key: round(int(status[key].split()[0]) / 1024, 1) for key in ("VmRSS", "VmHWM")}


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `samples`; 0 if there are none."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def scenario(
    mode: str, users: int, answers: int, db: Path, timed_part: contextlib.AbstractContextManager[Any] | None = None
) -> dict[str, Any]:
    """Run one scenario and return its figures; `timed_part` (a profiler, say) wraps what is timed."""
    watch = timed_part or contextlib.nullcontext()
    core = FakeTelegram()
    bare = mode.startswith("bare")
    # The bare handler's buttons lead nowhere: its users press data nobody offered (the fake allows that).
    simulated = Users(core, buttons=not bare)
    transport = Observed(fake_transport(core), simulated)
    settings = settings_for(db)
    errors = ErrorCount()
    logging.getLogger().addHandler(errors)
    app = bare_app(settings, transport, rich=mode == "bare-rich") if bare else product_app(settings, transport)
    ids = range(1_000_001, 1_000_001 + users)
    figures: dict[str, Any] = {"mode": mode, "users": users}
    async with polling(app):
        if mode == "concurrent":
            drafts = {u: short_draft(u) for u in ids}
            with watch:
                start, cpu = time.perf_counter(), time.process_time()
                done = await asyncio.gather(*(simulated.run(u, drafts[u].steps, timed=True) for u in ids))
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            figures["updates"] = sum(len(d.steps) for d in drafts.values())
            figures["finished_users"] = sum(done)
        else:
            steps = {u: throughput_steps(i, answers) for i, u in enumerate(ids)}
            await asyncio.gather(*(simulated.run(u, steps[u][0], timed=False) for u in ids))
            with watch:
                start, cpu = time.perf_counter(), time.process_time()
                await asyncio.gather(*(simulated.run(u, steps[u][1], timed=True) for u in ids))
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            figures["updates"] = users * answers
        figures["memory_mb"] = rss_mb()
    tally = simulated.tally
    figures["seconds"] = round(elapsed, 3)
    figures["updates_per_s"] = round(len(tally.latencies) / elapsed, 1)
    # CPU seconds per wall second of the timed part: below 1, the event loop waited on something.
    figures["cpu_busy"] = round(cpu / elapsed, 2)
    figures["p50_ms"] = round(percentile(tally.latencies, 0.5) * 1000, 1)
    figures["p99_ms"] = round(percentile(tally.latencies, 0.99) * 1000, 1)
    figures["errors"] = {
        "logged": errors.count,
        "error_replies": tally.error_replies,
        "api_errors": tally.api_errors,
        "stalled_users": tally.stalled,
        "unexpected_replies": tally.unexpected_replies,
    }
    if mode == "concurrent":
        figures["lost_answers"] = lost_answers(db, drafts)
    return figures


def main() -> None:
    """Parse the command line, run the scenario (its timed part under pyinstrument if asked), print figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("mode", choices=("product", "bare", "bare-rich", "concurrent"))
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--profile", type=Path, help="profile the timed part to FILE (.txt: text, else HTML)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.profile is None:
        figures = asyncio.run(scenario(args.mode, args.users, args.answers, args.db))
    else:
        from pyinstrument import Profiler  # a profiling tool, not a project dependency

        profiler = Profiler(async_mode="disabled")
        figures = asyncio.run(scenario(args.mode, args.users, args.answers, args.db, profiler))
        as_text = args.profile.suffix == ".txt"
        report = profiler.output_text(unicode=True) if as_text else profiler.output_html()
        args.profile.write_text(report, encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
