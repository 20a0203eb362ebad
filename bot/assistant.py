"""The assistant: per-user lock, read the stored state, decide, commit, then hand back the reply."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Generic, TypeVar

from bot.engine import Context, CopyDraft, Documents, Event, Message, Outcome, Press, Text, Tools, decide
from bot.outline import Outline
from bot.storage import Changes, Conflict, Storage

logger = logging.getLogger(__name__)

# China Standard Time has no daylight saving; a fixed offset needs no tz database on the host.
CHINA = timezone(timedelta(hours=8), "CST")

T = TypeVar("T")
# A Conflict means another process wrote the same draft between our read and our write; a few rounds settle it.
CONFLICT_RETRIES = 3


def china_now() -> datetime:
    """Return the current time in China, which sets the year buttons and the sign-off date."""
    return datetime.now(CHINA)


def new_draft_id() -> str:
    """Return a short random draft id (8 URL-safe characters, fits callback data)."""
    return secrets.token_urlsafe(6)


@dataclass(frozen=True)
class Reply:
    """What to send back for one event."""

    messages: list[Message]
    toast: str | None = None


class Background(Generic[T]):
    """A value built in a worker thread, so start-up does not wait for it (jieba takes ~1 s)."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._task: asyncio.Future[T] | None = None

    def start(self) -> None:
        """Begin building in a thread (idempotent)."""
        if self._task is None:
            self._task = asyncio.ensure_future(asyncio.to_thread(self._build))

    async def get(self, wait: bool = True) -> T | None:
        """Return the value; if it is still being built, wait for it, or return None when `wait` is false."""
        if self._task is not None and self._task.done() and self._task.exception() is not None:
            # A failed load is tried again rather than failing every later event until a restart.
            logger.error("loading failed; trying again", exc_info=self._task.exception())
            self._task = None
        self.start()
        assert self._task is not None
        if not wait and not self._task.done():
            return None
        return await self._task


class Assistant:
    """Handles events for many users; the database row is the only record of where each user is."""

    def __init__(
        self,
        storage: Storage,
        outline: Outline,
        *,
        tools: Callable[[bool], Awaitable[Tools | None]] | None = None,
        documents: Documents | None = None,
        clock: Callable[[], datetime] = china_now,
        new_id: Callable[[], str] = new_draft_id,
    ) -> None:
        self.storage = storage
        self.outline = outline
        self._tools = tools
        self._documents = documents
        self._clock = clock
        self._new_id = new_id

    async def handle(self, user_id: int, event: Event, update_id: int | None = None) -> Reply:
        """Handle one event: under the user's lock, read, decide, commit, and return the reply.

        `update_id` (the inbox update the event came from) is marked handled with the event's first write.
        """
        async with self.storage.user_lock(user_id):
            # Answers and button presses need the matcher; a command takes it only if it is ready, so
            # /start never waits for jieba. Waiting inside the lock keeps the user's events in order.
            tools = await self._tools(isinstance(event, Text | Press)) if self._tools else None
            messages: list[Message] = []
            toast: str | None = None
            next_event: Event | None = event
            while next_event is not None:
                outcome = await self._decide_and_commit(user_id, next_event, tools, update_id)
                update_id = None
                messages += outcome.replies
                toast = toast or outcome.toast
                next_event = outcome.follow_up
            return Reply(messages, toast)

    async def _decide_and_commit(
        self, user_id: int, event: Event, tools: Tools | None, update_id: int | None
    ) -> Outcome:
        """Read, decide and commit one event; on a Conflict (another writer came first) read and decide again."""
        for attempt in range(1, CONFLICT_RETRIES + 1):
            if isinstance(event, CopyDraft):
                event = replace(event, source=await self.storage.load_draft(user_id, event.source_id))
            state = await self.storage.load(user_id)
            now = self._clock()
            ctx = Context(outline=self.outline, now=now, new_id=self._new_id, tools=tools, documents=self._documents)
            outcome = decide(state, event, ctx)
            try:
                await self.storage.apply(replace(_changes(user_id, outcome, now), update_id=update_id))
            except Conflict:
                if attempt == CONFLICT_RETRIES:
                    raise
                logger.warning("user %s: a draft changed under us; deciding again (attempt %d)", user_id, attempt)
                continue
            return outcome
        raise AssertionError("unreachable")


def _changes(user_id: int, outcome: Outcome, now: datetime) -> Changes:
    return Changes(
        user_id=user_id,
        active_id=outcome.active_id,
        mode=outcome.mode,
        now=now.isoformat(timespec="seconds"),
        write=tuple(outcome.write),
        renamed=dict(outcome.renamed),
        deleted=tuple(outcome.deleted),
        forget=outcome.forget,
    )
