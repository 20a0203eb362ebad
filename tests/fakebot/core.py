"""FakeTelegram: one Bot API call in, one HTTP status and JSON body out; fault injection; long polls."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, NamedTuple

from tests.fakebot.methods import _Methods
from tests.fakebot.rules import (
    _OPT_IN_UPDATES,
    _POLL_CONFLICT,
    _TOKEN_SHAPE,
    TOKEN,
    JSONDict,
    _ApiError,
    _flat_buttons,
    _refuse_formatting,
)
from tests.fakebot.users import _CallbackQuery, _Chat, _StoredFile, _Users
from tests.fakebot.wire import UploadedFile, _decode_params


@dataclass(frozen=True)
class SentCall:
    """One successful Bot API call: method, decoded params, uploaded files and the result."""

    method: str
    params: JSONDict
    files: dict[str, UploadedFile]
    result: Any

    @property
    def message(self) -> JSONDict | None:
        """The message the call produced, if its result is one."""
        if isinstance(self.result, dict) and "message_id" in self.result:
            return self.result
        return None


class ShownMessage(NamedTuple):
    """A bot message as the user currently sees it."""

    text: str
    buttons: list[tuple[str, str | None]]
    message_id: int
    document: str | None


@dataclass
class _Fault:
    status: int
    description: str
    parameters: JSONDict | None


@dataclass(frozen=True)
class _Poll:
    generation: int
    release_epoch: int
    offset: int
    allowed: frozenset[str] | None
    deadline: float


class FakeTelegram(_Users, _Methods):
    """In-memory Bot API: validates like Telegram, keeps chats and messages, records what the bot did."""

    def __init__(
        self,
        token: str = TOKEN,
        *,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Bot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_user: JSONDict = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.clock = clock
        self.sent: list[SentCall] = []
        self.calls: collections.Counter[str] = collections.Counter()
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._listeners: set[Callable[[], None]] = set()
        self._users: dict[int, JSONDict] = {}
        self._chats: dict[int, _Chat] = {}
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._allowed_updates: frozenset[str] | None = None
        self._webhook_url = ""
        self._poll_generation = 0
        self._release_epoch = 0
        self._queries: dict[str, _CallbackQuery] = {}
        self._query_ids = itertools.count(4_000_000_000_001)
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._file_ids = itertools.count(1)
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._faults: dict[str, collections.deque[_Fault]] = collections.defaultdict(collections.deque)
        self._delays: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._methods: dict[str, tuple[str, Callable[[JSONDict, dict[str, UploadedFile]], Any]]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._ok,
                "close": self._ok,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendChatAction": self._send_chat_action,
                "sendDocument": self._send_document,
                "getFile": self._get_file,
            }.items()
        }

    # -- the Bot API entry point --

    def handle(
        self,
        token: str,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
    ) -> tuple[int, JSONDict]:
        """Answer one Bot API call immediately (getUpdates never waits here) as (HTTP status, JSON body)."""
        with self._lock:
            try:
                self._check_token(token)
                name, handler = self._methods.get(method.lower(), (method, None))
                self.calls[name] += 1
                fault = self._faults[name].popleft() if self._faults.get(name) else None
                if fault:
                    raise _ApiError(fault.status, fault.description, fault.parameters)
                if handler is None:
                    raise _ApiError(404, "Not Found")
                decoded = _decode_params(params)
                _refuse_formatting(decoded)
                uploaded = dict(files or {})
                result = handler(decoded, uploaded)
            except _ApiError as exc:
                return exc.status, exc.body()
            self.sent.append(SentCall(name, decoded, uploaded, result))
            return 200, {"ok": True, "result": result}

    def download(self, token: str, file_path: str) -> tuple[int, bytes, str]:
        """Serve GET /file/bot<token>/<file_path> as (HTTP status, body, content type)."""
        with self._lock:
            try:
                self._check_token(token)
            except _ApiError as exc:
                return exc.status, json.dumps(exc.body()).encode(), "application/json"
            stored = self._files_by_path.get(file_path)
            if stored is None:
                body = {"ok": False, "error_code": 404, "description": "Not Found"}
                return 404, json.dumps(body).encode(), "application/json"
            return 200, stored.content, stored.content_type

    # -- fault injection --

    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int = 1,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail with `status` instead of running."""
        if status == 429 and retry_after < 1:
            # PTB raises RetryAfter only for a truthy parameters.retry_after; Telegram always sends >= 1.
            raise ValueError("retry_after must be at least 1 second")
        default = {429: f"Too Many Requests: retry after {retry_after}"}.get(status, HTTPStatus(status).phrase)
        parameters = {"retry_after": retry_after} if status == 429 else None
        fault = _Fault(status, description or default, parameters)
        with self._lock:
            self._faults[self._canonical(method)].extend([fault] * times)

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the reply to the next `times` calls of `method` for `seconds`; the calls still take effect."""
        with self._lock:
            self._delays[self._canonical(method)].extend([seconds] * times)

    # -- reading what the bot did --

    def messages_to(self, chat_id: int) -> list[ShownMessage]:
        """The bot's messages in a chat as the user now sees them (edits and deletions applied)."""
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None:
                return []
            return [
                ShownMessage(
                    str(message.get("text", message.get("caption", ""))),
                    _flat_buttons(message),
                    message["message_id"],
                    message.get("document", {}).get("file_name"),
                )
                for message in chat.messages.values()
                if message["from"]["id"] == self.bot_user["id"]
            ]

    def last_message(self, chat_id: int) -> JSONDict | None:
        """The bot's latest surviving message in a chat (a copy), or None."""
        with self._lock:
            chat = self._chats.get(chat_id)
            mine = [m for m in chat.messages.values() if m["from"]["id"] == self.bot_user["id"]] if chat else []
            return json.loads(json.dumps(mine[-1])) if mine else None

    def buttons(self, chat_id: int) -> list[tuple[str, str | None]]:
        """Inline buttons of the bot's latest message as (text, callback_data); url buttons have None."""
        message = self.last_message(chat_id)
        return _flat_buttons(message) if message else []

    def file_content(self, file_id: str) -> bytes:
        """Bytes behind a file id (uploaded by the bot or by a user)."""
        with self._lock:
            return self._files[file_id].content

    # -- front-end support: long polling and delays --

    def _serve_blocking(
        self, token: str, method: str, params: Mapping[str, Any], files: Mapping[str, UploadedFile]
    ) -> tuple[int, JSONDict, float]:
        """Like handle(), but a getUpdates with a timeout waits (blocking the thread) for an update."""
        with self._lock:
            poll = self._begin_poll(token, method, params)
            state = "ready"
            while poll is not None and (state := self._poll_state(poll)) == "wait":
                self._cond.wait(max(poll.deadline - time.monotonic(), 0))
            return self._finish(token, method, params, files, state)

    async def _serve_async(
        self, token: str, method: str, params: Mapping[str, Any], files: Mapping[str, UploadedFile]
    ) -> tuple[int, JSONDict, float]:
        """Like handle(), but a getUpdates with a timeout waits (without blocking the loop) for an update."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()

        def wake() -> None:
            loop.call_soon_threadsafe(event.set)

        with self._lock:
            poll = self._begin_poll(token, method, params)
            if poll is not None:
                self._listeners.add(wake)
        state = "ready"
        try:
            while poll is not None:
                event.clear()
                with self._lock:
                    state = self._poll_state(poll)
                if state != "wait":
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), max(poll.deadline - time.monotonic(), 0))
        finally:
            with self._lock:
                self._listeners.discard(wake)
        with self._lock:
            return self._finish(token, method, params, files, state)

    def _release_pollers(self) -> None:
        """End all waiting long polls now with what they have (used when a server stops)."""
        with self._lock:
            self._release_epoch += 1
            self._notify()

    def _finish(
        self,
        token: str,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile],
        state: str,
    ) -> tuple[int, JSONDict, float]:
        if state == "conflict":
            self.calls["getUpdates"] += 1
            status, body = 409, _ApiError(409, _POLL_CONFLICT).body()
        else:
            status, body = self.handle(token, method, params, files)
        delays = self._delays.get(self._canonical(method))
        return status, body, delays.popleft() if delays else 0.0

    def _begin_poll(self, token: str, method: str, params: Mapping[str, Any]) -> _Poll | None:
        """Register a long poll if this call is one that has to wait; every getUpdates ends older polls."""
        if self._canonical(method) != "getUpdates" or token != self.token:
            return None
        self._poll_generation += 1
        self._notify()
        try:
            decoded = _decode_params(params)
        except _ApiError:
            return None
        timeout = decoded.get("timeout", 0)
        allowed = decoded.get("allowed_updates")
        poll = _Poll(
            self._poll_generation,
            self._release_epoch,
            decoded.get("offset", 0),
            frozenset(allowed) if isinstance(allowed, list) and allowed else self._allowed_updates,
            time.monotonic() + timeout,
        )
        if timeout <= 0 or self._faults.get("getUpdates") or self._webhook_url or self._poll_state(poll) != "wait":
            return None
        return poll

    def _poll_state(self, poll: _Poll) -> str:
        if poll.generation != self._poll_generation:
            return "conflict"
        if poll.release_epoch != self._release_epoch or self._visible(poll.offset, poll.allowed):
            return "ready"
        return "wait" if time.monotonic() < poll.deadline else "timeout"

    def _notify(self) -> None:
        self._cond.notify_all()
        for wake in list(self._listeners):
            try:
                wake()
            except RuntimeError:
                # The listener's event loop is closed; its poll is gone with it.
                self._listeners.discard(wake)

    # -- internals --

    def _canonical(self, method: str) -> str:
        return self._methods.get(method.lower(), (method, None))[0]

    def _check_token(self, token: str) -> None:
        if not _TOKEN_SHAPE.match(token):
            raise _ApiError(404, "Not Found")
        if token != self.token:
            raise _ApiError(401, "Unauthorized")

    def _visible(self, offset: int, allowed: frozenset[str] | None) -> list[JSONDict]:
        def wanted(update: JSONDict) -> bool:
            kind = next(key for key in update if key != "update_id")
            return kind in allowed if allowed else kind not in _OPT_IN_UPDATES

        start = offset if offset > 0 else 0
        return [u for u in self._updates if u["update_id"] >= start and wanted(u)]
