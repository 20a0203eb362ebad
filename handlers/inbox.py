"""The durable inbox for polling: every fetched update is in the database before Telegram is told it arrived.

PTB's Updater confirms a batch by asking for the next one (getUpdates with a higher offset), before the batch
has been handled. InboxBot writes each batch to the inbox before get_updates returns, so a killed process
loses nothing: at the next start the pending entries are handled first, in order, and the updates Telegram
sends again are recognised and dropped. Each update is marked handled in the transaction of its answer (see
Assistant.handle), or after its handlers ran when it wrote nothing.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ExtBot

from bot.assistant import Assistant
from bot.storage import InboxEntry, Storage

logger = logging.getLogger(__name__)


class InboxBot(ExtBot[Any]):
    """An ExtBot whose get_updates keeps each update in the inbox before returning it."""

    def keep_in(self, storage: Storage) -> None:
        """Start keeping fetched updates in `storage`'s inbox."""
        self._inbox: Storage | None = storage
        # Update ids Telegram sent again that are already kept (pending or handled): not handled twice.
        self._seen: set[int] = set()

    def seen_before(self, update_id: int) -> bool:
        """Return (once) whether the update was already in the inbox when it was fetched."""
        seen: set[int] = getattr(self, "_seen", set())
        if update_id in seen:
            seen.discard(update_id)
            return True
        return False

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """Fetch updates, then keep them in the inbox before the caller (and so Telegram) sees them."""
        updates = await super().get_updates(*args, **kwargs)
        inbox: Storage | None = getattr(self, "_inbox", None)
        if inbox is None or not updates:
            return updates
        entries = [InboxEntry(u.update_id, _sender(u), json.dumps(u.to_dict(), ensure_ascii=False)) for u in updates]
        try:
            new = set(await inbox.inbox_add(entries))
        except Exception:
            # A full disk: better to handle (reads still work) than to stall every user; logged once a batch.
            logger.exception("could not keep %d updates in the inbox; handling them without it", len(entries))
            return updates
        self._seen.update(u.update_id for u in updates if u.update_id not in new)
        return updates


class InboxApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that drops updates already handled and marks each update handled after its handlers ran."""

    async def process_update(self, update: object) -> None:
        """Handle `update` unless it was handled before, then mark it handled."""
        bot = self.bot
        if isinstance(update, Update) and isinstance(bot, InboxBot) and bot.seen_before(update.update_id):
            logger.info("update %s was already received; not handling it twice", update.update_id)
            return
        await super().process_update(update)
        assistant: Assistant | None = self.bot_data.get("assistant")
        if not isinstance(update, Update) or assistant is None:
            return
        if assistant.marked_with_answer(update.update_id):
            return  # marked in the transaction of its answer: a second write would change nothing
        try:
            await assistant.storage.inbox_done(update.update_id)
        except Exception:
            logger.warning("could not mark update %s handled", update.update_id, exc_info=True)


async def handle_pending(app: Application[Any, Any, Any, Any, Any, Any], storage: Storage) -> int:
    """Handle, in order, the updates kept before the last stop but not handled; return how many."""
    pending = await storage.inbox_pending()
    for entry in pending:
        try:
            update = Update.de_json(json.loads(entry.payload), app.bot)
        except (ValueError, TypeError, KeyError):
            logger.error("inbox entry %s cannot be read; dropping it", entry.update_id)
            await storage.inbox_done(entry.update_id)
            continue
        await app.process_update(update)
    if pending:
        logger.info("handled %d updates kept from before the restart", len(pending))
    return len(pending)


def _sender(update: Update) -> int:
    user = update.effective_user
    return user.id if user is not None else 0
