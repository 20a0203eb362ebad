"""The assistant: per-user lock, read the stored state, decide (off the event loop), commit, then reply."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Generic, TypeVar

from bot.engine import Context, CopyDraft, Documents, Event, Message, Outcome, Press, Text, Tools, decide
from bot.engine.ports import Offer
from bot.model import UserState
from bot.offers import standard_offer
from bot.outline import Outline
from bot.storage import Changes, Conflict, Forgotten, Storage, StorageGone

logger = logging.getLogger(__name__)

# China Standard Time has no daylight saving; a fixed offset needs no tz database on the host.
CHINA = timezone(timedelta(hours=8), "CST")

T = TypeVar("T")
# A Conflict means another process wrote the same draft between our read and our write; a few rounds settle it.
CONFLICT_RETRIES = 3
# A text sent again this soon after its acknowledgement could not be delivered is asked about, not added twice.
RESEND_WINDOW_S = 600.0

NOT_SAVED = "出错了：这一条没有保存，请稍后再发一次。之前已保存的内容不受影响，预览和下载仍可使用。"
STORAGE_GONE = (
    "数据库文件不见了（被删除或替换），从现在起无法保存：这一条没有保存。请联系管理员重启机器人；"
    "之前确认过的内容在原数据库备份中。"
)
ALREADY_SAVED = "这一条刚才已经保存了（当时的确认消息没能发到您这里）。如果确实要再加一次同样的内容，请再发一遍。"


def forget_residue_message(left: Forgotten) -> str:
    """Say truthfully where deleted data still is, and until when."""
    minutes = max(1, round(left.retry_within_s / 60))
    return (
        "注意：另有程序（例如备份）正在读取数据库，已删除内容的旧副本暂时还在数据库的日志文件里。"
        f"它读完后1秒内会被清除；若{minutes}分钟内仍未读完，则在机器人下次启动时清除。"
    )


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
        offer: Offer = standard_offer,
    ) -> None:
        self.storage = storage
        self.outline = outline
        self._tools = tools
        self._documents = documents
        self._clock = clock
        self._new_id = new_id
        self._offer = offer
        # Per user: a text whose acknowledgement never reached the user, and when.
        self._undelivered: dict[int, tuple[str, float]] = {}
        # Inbox entries marked handled in the transaction of their answer, until the inbox asks (once).
        self._marked: set[int] = set()

    async def handle(self, user_id: int, event: Event, update_id: int | None = None) -> Reply:
        """Handle one event: under the user's lock, read, decide, commit, and return the reply.

        `update_id` is the inbox entry the event came from; it is marked handled with the first commit.
        A failure never raises: the reply then says that the event was not saved.
        """
        async with self.storage.user_lock(user_id):
            if self._resent_after_failure(user_id, event):
                return Reply([Message(ALREADY_SAVED)])
            # Answers and button presses need the matcher; a command takes it only if it is ready, so
            # /start never waits for jieba. Waiting inside the lock keeps the user's events in order.
            tools = await self._tools(isinstance(event, Text | Press)) if self._tools else None
            messages: list[Message] = []
            toast: str | None = None
            next_event: Event | None = event
            while next_event is not None:
                try:
                    outcome, left = await self._decide_and_commit(user_id, next_event, tools, update_id)
                except StorageGone:
                    return Reply([*messages, Message(STORAGE_GONE)], toast)
                except Exception:
                    # The first error is what is logged (a failed rollback never hides it; see the storage).
                    logger.exception("user %s: the event was not handled; nothing of it was saved", user_id)
                    return Reply([*messages, Message(NOT_SAVED)], toast)
                update_id = None
                messages += outcome.replies
                if left.lingering:
                    messages.append(Message(forget_residue_message(left)))
                toast = toast or outcome.toast
                next_event = outcome.follow_up
            return Reply(messages, toast)

    def marked_with_answer(self, update_id: int) -> bool:
        """Return (once) whether `update_id` was marked handled in the transaction of its answer."""
        if update_id in self._marked:
            self._marked.discard(update_id)
            return True
        return False

    def note_undelivered(self, user_id: int, event: Event) -> None:
        """Remember that the reply to `event` (already committed) could not be delivered."""
        if isinstance(event, Text):
            self._undelivered[user_id] = (event.text.strip(), time.monotonic())

    def _resent_after_failure(self, user_id: int, event: Event) -> bool:
        """Return whether `event` repeats a text whose acknowledgement was lost (asked once, then accepted)."""
        lost = self._undelivered.pop(user_id, None)
        if lost is None or not isinstance(event, Text):
            return False
        text, at = lost
        return event.text.strip() == text and time.monotonic() - at < RESEND_WINDOW_S

    async def _decide_and_commit(
        self, user_id: int, event: Event, tools: Tools | None, update_id: int | None
    ) -> tuple[Outcome, Forgotten]:
        """Read, decide and commit one event; on a Conflict (another writer came first) read and decide again."""
        attempt = 0
        while True:
            attempt += 1
            if isinstance(event, CopyDraft):
                event = replace(event, source=await self.storage.load_draft(user_id, event.source_id))
            state = await self.storage.load(user_id)
            now = self._clock()
            ctx = Context(
                outline=self.outline,
                now=now,
                new_id=self._new_id,
                tools=tools,
                documents=self._documents,
                offer=self._offer,
            )
            # A preview or a download of a long draft takes tens of milliseconds: in a worker thread, other
            # users' events go on meanwhile. decide() is a pure function of its arguments.
            outcome = await asyncio.to_thread(decide, state, event, ctx)
            if _changes_nothing(state, outcome):
                # Reads need no write, so they work on a full disk or a read-only database.
                return outcome, Forgotten()
            try:
                left = await self.storage.apply(_changes(user_id, outcome, now, update_id))
                if update_id is not None:
                    self._marked.add(update_id)
            except Conflict:
                if attempt >= CONFLICT_RETRIES:
                    raise
                logger.warning("user %s: a draft changed under us; deciding again (attempt %d)", user_id, attempt)
                continue
            return outcome, left


def _changes_nothing(state: UserState, outcome: Outcome) -> bool:
    """Return whether committing `outcome` would leave the stored state as it is."""
    active = state.active.id if state.active is not None else None
    return not (outcome.write or outcome.renamed or outcome.deleted or outcome.forget) and (
        outcome.active_id,
        outcome.mode,
    ) == (active, state.mode)


def _changes(user_id: int, outcome: Outcome, now: datetime, update_id: int | None) -> Changes:
    return Changes(
        user_id=user_id,
        active_id=outcome.active_id,
        mode=outcome.mode,
        now=now.isoformat(timespec="seconds"),
        write=tuple(outcome.write),
        renamed=dict(outcome.renamed),
        deleted=tuple(outcome.deleted),
        forget=outcome.forget,
        update_id=update_id,
    )
