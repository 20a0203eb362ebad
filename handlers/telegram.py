"""The Telegram adapter: parse an update, call the assistant, render its reply. Nothing else."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.assemble import split_for_chat
from bot.assistant import NOT_SAVED, Assistant, Reply
from bot.engine import Command, Event, Message, Press, Text, Unsupported
from bot.locks import KeyedLocks
from bot.settings import Settings
from handlers.inbox import InboxApplication, InboxBot, handle_pending

logger = logging.getLogger(__name__)

COMMANDS = (
    ("start", "开始 / 继续"),
    ("new", "新建草稿"),
    ("drafts", "我的草稿"),
    ("outline", "目录"),
    ("preview", "预览"),
    ("review", "逐条检查"),
    ("download", "下载Word"),
    ("back", "上一步"),
    ("skip", "跳过"),
    ("help", "帮助"),
    ("forget", "删除我的全部数据"),
)

NOT_ALLOWED = "抱歉，这个机器人只对授权用户开放。"
PRIVATE_ONLY = "请私聊我使用：草稿内容只属于您自己。"
FORWARDED = "转发的消息不会写进草稿。请直接输入您的回答。"
EDITED = "修改已发出的消息不会改动草稿。请直接发一条新消息。"
# Only failures before any commit reach the error handler: sending after a commit is retried, never reported so.
FAILED = NOT_SAVED
NOT_IN_CHAT = "请在与我的私聊中使用。"
UPLOAD_TIMEOUT = "文件上传超时，可能已经发出。如果没收到，请再点一次「下载Word」。"
PRESSED_ALREADY = "这个按钮已经点过了"

# Telegram lets one private chat have a short burst, then about one message a second.
CHAT_BURST = 4
# Calls that put a new message in the chat; only these count against the per-chat limit.
_PACED_METHODS = frozenset({"sendMessage", "sendDocument"})
# Waits before sending a reply again after a 5xx or a dropped connection (the answer is already saved).
SEND_BACKOFF_S = (0.5, 1.0, 2.0)

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"

AssistantFactory = Callable[[], Awaitable[Assistant]]


def build_application(
    settings: Settings,
    make_assistant: AssistantFactory,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:
    """Wire the handlers into a python-telegram-bot Application (the requests: how to reach the Bot API)."""
    assert settings.token, "a token is needed to talk to Telegram"
    bot = InboxBot(
        settings.token,
        base_url=settings.base_url or TELEGRAM_BASE_URL,
        base_file_url=settings.base_file_url or TELEGRAM_BASE_FILE_URL,
        # The pool sizes ApplicationBuilder would choose.
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=get_updates_request or HTTPXRequest(connection_pool_size=1),
        rate_limiter=ChatRateLimiter() if settings.rate_limit else None,
    )
    builder: ApplicationBuilder = (
        Application.builder()
        .bot(bot)
        .application_class(InboxApplication)
        .concurrent_updates(settings.concurrent_updates)
    )

    async def post_init(app: Application) -> None:
        assistant = await make_assistant()
        app.bot_data["assistant"] = assistant
        bot.keep_in(assistant.storage)
        await handle_pending(app, assistant.storage)
        try:
            await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        except TelegramError as exc:
            logger.warning("could not register the command menu: %s", exc)

    async def post_shutdown(app: Application) -> None:
        assistant: Assistant | None = app.bot_data.get("assistant")
        if assistant is not None:
            await assistant.storage.close()

    app = builder.post_init(post_init).post_shutdown(post_shutdown).build()
    app.bot_data["allowed"] = settings.allowed_user_ids
    app.bot_data["turns"] = KeyedLocks()
    app.add_handler(TypeHandler(Update, guard), group=-1)
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, edited))
    app.add_handler(MessageHandler(filters.FORWARDED, forwarded))
    app.add_handler(MessageHandler(filters.COMMAND, command))
    app.add_handler(MessageHandler(filters.TEXT, answer))
    app.add_handler(CallbackQueryHandler(press))
    app.add_handler(MessageHandler(filters.ALL, other))
    app.add_error_handler(failed)
    return app


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter (overall and group limits, retry after 429) plus the limit of one private chat."""

    def __init__(self, burst: int = CHAT_BURST, max_retries: int = 3) -> None:
        super().__init__(max_retries=max_retries)
        self._burst = burst
        self._chats: dict[int, AsyncLimiter] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Pace new messages to a private chat, then let AIORateLimiter send and retry."""
        chat_id = data.get("chat_id")
        # AIORateLimiter paces groups per chat but private chats only by the overall limit, so a long
        # preview would be sent at 30 messages a second and end in 429s.
        if endpoint in _PACED_METHODS and isinstance(chat_id, int) and chat_id > 0:
            limiter = self._chat(chat_id)
            inner = callback

            async def paced(*a: Any, **kw: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
                async with limiter:
                    return await inner(*a, **kw)

            callback = paced
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    def _chat(self, chat_id: int) -> AsyncLimiter:
        if len(self._chats) > 1024:
            # Forget chats that have been quiet long enough for their bucket to empty.
            self._chats = {k: v for k, v in self._chats.items() if k == chat_id or not v.has_capacity(v.max_rate)}
        if chat_id not in self._chats:
            self._chats[chat_id] = AsyncLimiter(max_rate=self._burst, time_period=self._burst)
        return self._chats[chat_id]


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let through only private chats of allowed users; politely refuse the rest."""
    user = update.effective_user
    chat = update.effective_chat
    allowed: frozenset[int] = context.bot_data["allowed"]
    if user is None or chat is None:
        if update.callback_query is not None:
            # A button of an inline message: answered, so the client stops its spinner.
            await _answer_query(update, NOT_IN_CHAT)
        raise ApplicationHandlerStop
    if update.business_message is not None or update.edited_business_message is not None:
        # Messages of a business account's chats are other people's conversations, never answers.
        raise ApplicationHandlerStop
    if allowed and user.id not in allowed:
        logger.info("refused user %s (not in ALLOWED_USER_IDS)", user.id)
        await _refuse(update, NOT_ALLOWED)
        raise ApplicationHandlerStop
    if chat.type != ChatType.PRIVATE or chat.id != user.id:
        # In a private chat the chat is the user; anything else would show one user's draft to another chat.
        if chat.type != ChatType.CHANNEL:
            await _refuse(update, PRIVATE_ONLY)
        raise ApplicationHandlerStop


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await _answer_query(update, text)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pass a /command, with whatever follows it, to the assistant."""
    message = update.message
    assert message is not None and message.text is not None and message.entities
    # filters.COMMAND means the text starts with a bot_command entity; the rest, after any separator
    # (a space, a line break), is its argument.
    head = message.parse_entity(message.entities[0])
    name = head.removeprefix("/").split("@", 1)[0].lower()
    await _run(update, context, Command(name, message.text[len(head) :].strip()))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pass a typed answer to the assistant."""
    assert update.message is not None and update.message.text is not None
    logger.debug("text from %s: %r", update.effective_user.id if update.effective_user else "?", update.message.text)
    await _run(update, context, Text(update.message.text))


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pass a button press to the assistant, then drop the pressed message's buttons."""
    query = update.callback_query
    assert query is not None
    async with _turn(update, context):
        pressed = query.message.message_id if query.message is not None else None
        seen = context.user_data if context.user_data is not None else {}
        if pressed is not None and seen.get("pressed") == pressed:
            # A double tap: both presses left the client before the first one took the buttons away.
            await _answer_query(update, PRESSED_ALREADY)
            return
        event = Press(_action(query.data))
        reply = await _handle(update, context, event)
        seen["pressed"] = pressed
        await _answer_query(update, reply.toast)
        if query.message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except TelegramError as exc:
                # Only cosmetic: the message may be too old to edit, or Telegram hiccupped.
                logger.debug("keeping the old buttons: %s", exc)
        await _render(update, context, event, reply)


def _action(data: str | None) -> str:
    """Return the pressed button's action, or "" (a stale button) if none of ours could carry it."""
    # Every action we make is short printable ASCII; anything else was typed by a modified client.
    if data and data.isascii() and data.isprintable() and len(data) <= 64:
        return data
    return ""


async def other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the user only text can be read (photo, sticker, voice …)."""
    msg = update.effective_message
    what = "unknown"
    if msg is not None:
        what = next(
            (
                k
                for k in ("photo", "sticker", "voice", "video", "document", "location", "contact")
                if getattr(msg, k, None)
            ),
            "other",
        )
    await _run(update, context, Unsupported(what))


async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuse to take a forwarded message as an answer."""
    assert update.effective_message is not None
    async with _turn(update, context):
        await update.effective_message.reply_text(FORWARDED)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain that editing a sent message does not change the draft."""
    assert update.effective_message is not None
    async with _turn(update, context):
        await context.bot.send_message(update.effective_message.chat_id, EDITED)


async def failed(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error and tell the user something went wrong; the saved answers are untouched."""
    logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, FAILED)
        except TelegramError:
            logger.warning("could not tell the user about the error")


@asynccontextmanager
async def _turn(update: Update, context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[None]:
    """Hold the user's turn from reading their update until the last reply is sent."""
    # With concurrent updates, the assistant's own lock orders the decisions but not the replies, and
    # an answer waiting for the matcher could be overtaken by a later command.
    assert update.effective_user is not None
    turns: KeyedLocks = context.bot_data["turns"]
    async with turns.hold(update.effective_user.id):
        yield


async def _run(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
    async with _turn(update, context):
        await _render(update, context, event, await _handle(update, context, event))


async def _handle(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> Reply:
    assert update.effective_user is not None
    assistant: Assistant = context.bot_data["assistant"]
    return await assistant.handle(update.effective_user.id, event, update.update_id)


async def _answer_query(update: Update, text: str | None) -> None:
    assert update.callback_query is not None
    try:
        await update.callback_query.answer(text)
    except TelegramError as exc:
        # "query is too old" (pressed long ago) or a network hiccup: the reply message still follows.
        logger.debug("callback answer failed: %s", exc)


async def _render(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event, reply: Reply) -> None:
    """Send the reply; what failed after retries is remembered, so a resent answer is not added twice."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id = update.effective_chat.id
    delivered = True
    for message in reply.messages:
        if message.attachment is not None:
            delivered &= await _send_file(context, chat_id, message)
            continue
        chunks = split_for_chat(message.text)
        for i, chunk in enumerate(chunks):
            delivered &= await _deliver(
                partial(
                    context.bot.send_message,
                    chat_id,
                    chunk,
                    reply_markup=_keyboard(message) if i == len(chunks) - 1 else None,
                )
            )
    if not delivered:
        assistant: Assistant = context.bot_data["assistant"]
        assistant.note_undelivered(update.effective_user.id, event)


async def _deliver(send: Callable[[], Awaitable[object]]) -> bool:
    """Send, retrying a 5xx or a dropped connection with backoff; return whether it arrived."""
    for delay in (*SEND_BACKOFF_S, None):
        try:
            await send()
            return True
        except TimedOut:
            # It may still arrive: sending again could show it twice. A resend by the user is asked about.
            logger.warning("a reply timed out; it may or may not have arrived")
            return False
        except BadRequest as exc:
            logger.error("Telegram refused a reply: %s", exc)
            return False
        except NetworkError as exc:
            if delay is None:
                logger.error("a reply could not be sent after %d tries: %s", len(SEND_BACKOFF_S) + 1, exc)
                return False
            logger.warning("sending a reply failed (%s); trying again in %.1f s", exc, delay)
            await asyncio.sleep(delay)
        except TelegramError as exc:
            # Forbidden (the user blocked the bot) and the like: trying again will not help.
            logger.warning("a reply could not be sent: %s", exc)
            return False
    return False


def _keyboard(message: Message) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in message.buttons]
    )


async def _send_file(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message: Message) -> bool:
    attachment = message.attachment
    assert attachment is not None
    try:
        await context.bot.send_document(chat_id, document=attachment.data, filename=attachment.filename)
    except TimedOut:
        # The upload may have arrived: sending it again blindly could give the user two copies.
        return await _deliver(partial(context.bot.send_message, chat_id, UPLOAD_TIMEOUT))
    except TelegramError as exc:
        logger.warning("a file could not be sent: %s", exc)
        return await _deliver(partial(context.bot.send_message, chat_id, UPLOAD_TIMEOUT))
    return True
