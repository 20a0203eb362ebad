"""The storage contract every backend implements (SQLite in bot.sqlite_storage; PostgreSQL alongside it)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from bot.model import Draft, UserState


class Conflict(Exception):
    """A draft changed in the database since it was loaded; nothing was written. Read again and retry."""


class StorageGone(Exception):
    """The database file was deleted or replaced under the running bot; nothing more can be saved."""


@dataclass(frozen=True)
class InboxEntry:
    """One update as Telegram sent it, kept until it has been handled."""

    update_id: int
    # 0 when the update has no sender (it is still kept, so that it is confirmed and marked handled).
    user_id: int
    # The update's JSON, exactly as received.
    payload: str


@dataclass(frozen=True)
class Changes:
    """Everything one handled event wants written, in one transaction."""

    user_id: int
    active_id: str | None
    mode: str | None
    now: str
    # Each draft is written only if its stored version still equals draft.version (0: not stored yet).
    write: tuple[Draft, ...] = ()
    renamed: dict[str, str] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()
    # Remove the user row and, by cascade, every draft of the user (and the user's inbox payloads).
    forget: bool = False
    # The inbox update this event came from; it is marked handled in the same transaction.
    update_id: int | None = None


@dataclass(frozen=True)
class Forgotten:
    """What a /forget left on disk: None when every copy is gone, else why and until when copies remain."""

    # Old copies of the deleted rows still sit in a journal another reader holds open (SQLite -wal).
    lingering: bool = False
    # Seconds after which the backend will have retried and removed them.
    retry_within_s: float = 0.0


class Storage(Protocol):
    """What the assistant needs from a storage backend."""

    async def load(self, user_id: int) -> UserState:
        """Return the user's state: draft list, active draft in full, input mode."""
        ...

    async def load_draft(self, user_id: int, draft_id: str) -> Draft | None:
        """Return draft `draft_id` in full if `user_id` owns it, else None."""
        ...

    async def apply(self, changes: Changes) -> Forgotten:
        """Write `changes` atomically, or raise Conflict and write nothing; when this returns they are durable.

        Each written draft's version is bumped by one in the database and in the Draft object. The result
        says whether copies of deleted rows are still on disk (only ever when something was deleted).
        """
        ...

    def user_lock(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """Hold `user_id`'s lock, across processes, for the duration of one event."""
        ...

    async def inbox_add(self, entries: Sequence[InboxEntry]) -> list[int]:
        """Keep `entries`, ignoring update ids already kept or already handled; return the ids newly kept."""
        ...

    async def inbox_pending(self) -> list[InboxEntry]:
        """Return the updates kept but not yet handled, by update id."""
        ...

    async def inbox_done(self, update_id: int) -> None:
        """Mark an update handled that wrote nothing (a read, a refused or unsupported update)."""
        ...

    async def ping(self) -> bool:
        """Return whether the database answers a query."""
        ...

    async def close(self) -> None:
        """Release the backend's resources."""
        ...
