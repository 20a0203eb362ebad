"""A strict, offline fake of the Telegram Bot API for tests and benchmarks.

Three layers share one state:

* ``FakeTelegram`` answers ``(token, method, params, files) -> (http_status, json_body)`` like the real
  Bot API, keeps chats, messages, updates and callback queries, and records what the bot did.
* ``FakeBotServer`` serves it over real HTTP on 127.0.0.1, for PTB in this or another process.
* ``fake_transport`` serves it through an ``httpx`` transport, for in-process benchmarks without sockets.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import mimetypes
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple, Self

import httpx

# Shaped like a real token, so the log-redaction tests mean something; built from two parts so that
# scanners for committed tokens do not flag this fake one.
TOKEN = "123456789" + ":AAHfake-Token_For_Tests0123456789ab"

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_CALLBACK_ANSWER_LENGTH = 200
CALLBACK_QUERY_TTL = 15.0

# Telegram answers 404 to a token not shaped like "<bot id>:<secret>" and 401 to a well-shaped wrong one.
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_API_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")
_FILE_PATH = re.compile(r"^/file/bot([^/]*)/(.+)$")
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# An inline button must carry exactly one action; a button with only text is rejected.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# Telegram does not deliver these unless allowed_updates asks for them.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

# Form fields arrive as strings; the Bot API parses each one by the type the method expects.
_INT_PARAMS = frozenset(
    {"message_id", "offset", "limit", "timeout", "reply_to_message_id", "message_thread_id", "cache_time"}
)
_CHAT_ID_PARAMS = frozenset({"chat_id", "from_chat_id"})
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
    }
)

JSONDict = dict[str, Any]


class UploadedFile(NamedTuple):
    """One multipart file part as the client sent it."""

    filename: str
    content: bytes
    content_type: str


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


class _ApiError(Exception):
    """A Bot API error reply."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


@dataclass
class _Fault:
    status: int
    description: str
    parameters: JSONDict | None


@dataclass
class _Chat:
    info: JSONDict
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)
    blocked: bool = False


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    content_type: str


@dataclass
class _CallbackQuery:
    user_id: int
    created: float
    answered: bool = False


@dataclass(frozen=True)
class _Poll:
    generation: int
    release_epoch: int
    offset: int
    allowed: frozenset[str] | None
    deadline: float


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_http_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --- formatting: the bot sends plain text only, so the fake refuses formatting rather than parse it --------

# A parse mode set by mistake would show users its markup, or fail on an answer holding "<" or "_".
_FORMATTING = ("parse_mode", "entities", "caption_entities")


def _refuse_formatting(params: Mapping[str, Any]) -> None:
    """Reject any formatting parameter: nothing the bot sends is formatted."""
    for name in _FORMATTING:
        if name in params:
            raise _bad(f"{name} refused: the bot sends plain text only")


def _plain(text: str) -> str:
    """The text as Telegram stores it: trimmed, so "x\n" and "x" are the same content for "not modified"."""
    return text.strip()


# --- request decoding shared by both front-ends ------------------------------------------------------------


def _header_params(value: str) -> dict[str, str]:
    """Parameters of a Content-Disposition / Content-Type header, undoing HTML5 and RFC 5987 escaping."""
    params: dict[str, str] = {}
    for match in re.finditer(r';\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', value):
        name, raw = match[1].lower(), match[2].strip()
        if raw.startswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            # httpx and browsers percent-encode quotes and control characters inside quoted names.
            raw = re.sub(r"%(0[0-9A-Fa-f]|1[0-9A-Fa-f]|22)", lambda m: chr(int(m[1], 16)), raw)
        if name.endswith("*"):
            charset, _, encoded = raw.partition("''")
            name, raw = name[:-1], urllib.parse.unquote(encoded, encoding=charset or "utf-8")
            params[name] = raw
        else:
            params.setdefault(name, raw)
    return params


def _parse_multipart(body: bytes, content_type: str) -> tuple[JSONDict, dict[str, UploadedFile]]:
    boundary = _header_params(content_type).get("boundary")
    if not boundary:
        raise _bad("multipart boundary is missing")
    params: JSONDict = {}
    files: dict[str, UploadedFile] = {}
    # Every delimiter but the first is preceded by CRLF; prepending one makes all of them alike.
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise _bad("malformed multipart part")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        name = disposition.get("name", "")
        if "filename" in disposition:
            mime = headers.get("content-type", "application/octet-stream")
            files[name] = UploadedFile(disposition["filename"], content, mime)
        else:
            params[name] = content.decode("utf-8", "replace")
    return params, files


def parse_request_body(content_type: str, body: bytes, query: str = "") -> tuple[JSONDict, dict[str, UploadedFile]]:
    """Decode a Bot API request (query string, then a JSON, urlencoded or multipart body)."""
    params: JSONDict = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return params, files
    if kind == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise _bad("can't parse JSON object") from exc
        if not isinstance(decoded, dict):
            raise _bad("JSON object expected")
        params.update(decoded)
    elif kind == "multipart/form-data":
        form, files = _parse_multipart(body, content_type)
        params.update(form)
    else:
        params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params, files


def _to_int(value: Any) -> int:
    # The Bot API reads a malformed integer as 0 rather than rejecting it.
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _decode_params(raw: Mapping[str, Any]) -> JSONDict:
    """Give each parameter the type the Bot API reads it as, whether it came as a form string or JSON."""
    params: JSONDict = {}
    for name, value in raw.items():
        if name in _INT_PARAMS:
            params[name] = _to_int(value)
        elif name in _CHAT_ID_PARAMS:
            text = str(value).strip()
            params[name] = int(text) if re.fullmatch(r"-?\d+", text) else text
        elif name in _BOOL_PARAMS:
            params[name] = value is True or str(value).lower() in ("true", "1")
        elif name in _JSON_PARAMS and isinstance(value, str):
            try:
                params[name] = json.loads(value)
            except ValueError as exc:
                what = "reply keyboard markup" if name == "reply_markup" else name
                raise _bad(f"can't parse {what} JSON object") from exc
        elif name not in _JSON_PARAMS and not isinstance(value, str):
            params[name] = json.dumps(value) if isinstance(value, bool | dict | list) else str(value)
        else:
            params[name] = value
    return params


# --- the core ----------------------------------------------------------------------------------------------


class FakeTelegram:
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

    # -- users, chats and updates --

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "zh-hans",
    ) -> JSONDict:
        """Register (or redefine) a user; users get deterministic names unless given here."""
        user: JSONDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"User{user_id}",
            "username": username or f"user{user_id}",
            "language_code": language_code,
        }
        if last_name:
            user["last_name"] = last_name
        with self._lock:
            self._users[user_id] = user
        return user

    def text_update(
        self,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        reply_to: int | None = None,
        queue: bool = True,
    ) -> JSONDict:
        """A user sends `text`; a leading /command gets its bot_command entity like a real client adds."""
        content: JSONDict = {"text": text, **_command_entities(text)}
        return self._incoming(user_id, chat_type, chat_id, content, reply_to=reply_to, queue=queue)

    def command_update(
        self,
        user_id: int,
        command: str,
        args: str = "",
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        mention: bool = False,
        queue: bool = True,
    ) -> JSONDict:
        """A user sends /command [args], optionally addressed as /command@bot_username."""
        text = "/" + command.removeprefix("/")
        if mention:
            text += "@" + self.bot_user["username"]
        if args:
            text += " " + args
        return self.text_update(user_id, text, chat_type=chat_type, chat_id=chat_id, queue=queue)

    def callback_update(
        self,
        user_id: int,
        data: str,
        message_id: int | None = None,
        *,
        chat_id: int | None = None,
        require_button: bool = True,
        queue: bool = True,
    ) -> JSONDict:
        """A user presses the button carrying `data` on a bot message (default: the last bot message)."""
        with self._lock:
            user = self._user(user_id)
            chat = self._chats.get(user_id if chat_id is None else chat_id)
            if chat is None:
                raise ValueError(f"chat {chat_id or user_id} has never talked to the bot")
            if message_id is None:
                mine = [m for m in chat.messages.values() if m["from"]["id"] == self.bot_user["id"]]
                if not mine:
                    raise ValueError("the bot has sent no message to press a button on")
                message = mine[-1]
            elif message_id in chat.messages:
                message = chat.messages[message_id]
            else:
                raise ValueError(f"message {message_id} does not exist (or was deleted) in chat {chat.info['id']}")
            datas = [b.get("callback_data") for row in _keyboard(message) for b in row]
            if require_button and data not in datas:
                raise ValueError(f"message {message['message_id']} has no button with callback_data {data!r}")
            query_id = str(next(self._query_ids))
            self._queries[query_id] = _CallbackQuery(user_id, self.clock())
            payload = {
                "id": query_id,
                "from": user,
                "message": json.loads(json.dumps(message)),
                "chat_instance": str(-(abs(chat.info["id"]) * 7919 % 10**18)),
                "data": data,
            }
            return self._queue("callback_query", payload, queue)

    def photo_update(
        self, user_id: int, *, caption: str | None = None, chat_type: str = "private", queue: bool = True
    ) -> JSONDict:
        """A user sends a photo (two sizes, downloadable through getFile)."""
        with self._lock:
            sizes = []
            for width, height in ((90, 67), (1280, 960)):
                stored = self._store_file(f"{width}.jpg", b"\xff\xd8\xff" + bytes(width), "image/jpeg", "photos")
                sizes.append(self._file_fields(stored) | {"width": width, "height": height})
            content: JSONDict = {"photo": sizes}
            if caption:
                content["caption"] = caption
            return self._incoming(user_id, chat_type, None, content, queue=queue)

    def sticker_update(
        self, user_id: int, emoji: str = "👍", *, chat_type: str = "private", queue: bool = True
    ) -> JSONDict:
        """A user sends a regular sticker."""
        with self._lock:
            stored = self._store_file("sticker.webp", b"RIFF\x00\x00\x00\x00WEBP", "image/webp", "stickers")
            sticker = self._file_fields(stored) | {
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "set_name": "FakeStickers",
            }
            return self._incoming(user_id, chat_type, None, {"sticker": sticker}, queue=queue)

    def voice_update(
        self, user_id: int, duration: int = 3, *, chat_type: str = "private", queue: bool = True
    ) -> JSONDict:
        """A user sends a voice note."""
        with self._lock:
            stored = self._store_file("voice.oga", b"OggS" + bytes(64), "audio/ogg", "voice")
            voice = self._file_fields(stored) | {"duration": duration, "mime_type": "audio/ogg"}
            return self._incoming(user_id, chat_type, None, {"voice": voice}, queue=queue)

    def document_update(
        self,
        user_id: int,
        filename: str = "材料.docx",
        content: bytes = b"PK\x03\x04fake docx",
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_type: str = "private",
        queue: bool = True,
    ) -> JSONDict:
        """A user sends a document whose bytes the bot can then fetch with getFile and a download."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        with self._lock:
            stored = self._store_file(filename, content, mime, "documents")
            document = self._file_fields(stored) | {"file_name": filename, "mime_type": mime}
            message: JSONDict = {"document": document}
            if caption:
                message["caption"] = caption
            return self._incoming(user_id, chat_type, None, message, queue=queue)

    def edited_message_update(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None, queue: bool = True
    ) -> JSONDict:
        """A user edits the text of one of their own earlier messages."""
        with self._lock:
            chat = self._chats.get(user_id if chat_id is None else chat_id)
            message = chat.messages.get(message_id) if chat else None
            if message is None or message["from"]["id"] != user_id:
                raise ValueError(f"user {user_id} has no message {message_id} to edit")
            message.pop("entities", None)
            message.update(text=text, edit_date=int(self.clock()), **_command_entities(text))
            return self._queue("edited_message", json.loads(json.dumps(message)), queue)

    def my_chat_member_update(self, user_id: int, status: str = "kicked", *, queue: bool = True) -> JSONDict:
        """A user blocks ("kicked") or unblocks ("member") the bot in their private chat."""
        with self._lock:
            user = self._user(user_id)
            chat = self._chat_for(user_id, "private", None)
            old = "member" if status == "kicked" else "kicked"
            chat.blocked = status == "kicked"
            payload = {
                "chat": chat.info,
                "from": user,
                "date": int(self.clock()),
                "old_chat_member": {"user": self.bot_user, "status": old},
                "new_chat_member": {"user": self.bot_user, "status": status},
            }
            return self._queue("my_chat_member", payload, queue)

    def expire_callback_queries(self) -> None:
        """Make every callback query so far too old to answer, as after a restart or a slow handler."""
        with self._lock:
            for query in self._queries.values():
                query.created = float("-inf")

    def unanswered_callback_queries(self) -> list[str]:
        """Ids of callback queries the bot has not answered."""
        with self._lock:
            return [qid for qid, query in self._queries.items() if not query.answered]

    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._updates)

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

    def _user(self, user_id: int) -> JSONDict:
        return self._users.get(user_id) or self.add_user(user_id)

    def _chat_for(self, user_id: int, chat_type: str, chat_id: int | None) -> _Chat:
        if chat_type == "private":
            chat_id = user_id
        elif chat_id is None:
            chat_id = -user_id if chat_type == "group" else -1_001_000_000_000 - user_id
        chat = self._chats.get(chat_id)
        if chat is None:
            info: JSONDict = {"title": f"Group {chat_id}"}
            if chat_type == "private":
                user = self._user(user_id)
                info = {k: user[k] for k in ("first_name", "last_name", "username") if k in user}
            chat = self._chats[chat_id] = _Chat({"id": chat_id, "type": chat_type, **info})
        return chat

    def _incoming(
        self,
        user_id: int,
        chat_type: str,
        chat_id: int | None,
        content: JSONDict,
        *,
        reply_to: int | None = None,
        queue: bool,
    ) -> JSONDict:
        with self._lock:
            user = self._user(user_id)
            chat = self._chat_for(user_id, chat_type, chat_id)
            message: JSONDict = {
                "message_id": chat.next_message_id,
                "from": user,
                "chat": chat.info,
                "date": int(self.clock()),
                **content,
            }
            if reply_to is not None:
                if reply_to not in chat.messages:
                    raise ValueError(f"message {reply_to} does not exist in chat {chat.info['id']}")
                message["reply_to_message"] = _without_reply(chat.messages[reply_to])
            chat.next_message_id += 1
            chat.messages[message["message_id"]] = message
            return self._queue("message", json.loads(json.dumps(message)), queue)

    def _queue(self, kind: str, payload: JSONDict, queue: bool) -> JSONDict:
        update = {"update_id": next(self._update_ids), kind: payload}
        if queue:
            self._updates.append(update)
            self._notify()
        return update

    def _visible(self, offset: int, allowed: frozenset[str] | None) -> list[JSONDict]:
        def wanted(update: JSONDict) -> bool:
            kind = next(key for key in update if key != "update_id")
            return kind in allowed if allowed else kind not in _OPT_IN_UPDATES

        start = offset if offset > 0 else 0
        return [u for u in self._updates if u["update_id"] >= start and wanted(u)]

    def _store_file(self, filename: str, content: bytes, content_type: str, folder: str) -> _StoredFile:
        number = next(self._file_ids)
        suffix = filename.rpartition(".")[2] if "." in filename else "bin"
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}.{suffix}",
            content=content,
            content_type=content_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _file_fields(stored: _StoredFile) -> JSONDict:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }

    def _target_chat(self, params: JSONDict) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _bad("chat_id is empty")
        # "@username" addresses only public groups and channels, which the fake does not have.
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _bad("chat not found")
        return chat

    def _writable(self, chat: _Chat) -> _Chat:
        if chat.blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _new_bot_message(self, chat: _Chat, params: JSONDict, content: JSONDict) -> JSONDict:
        message: JSONDict = {
            "message_id": chat.next_message_id,
            "from": self.bot_user,
            "chat": chat.info,
            "date": int(self.clock()),
            **content,
        }
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") or params.get("reply_to_message_id")
        if reply_to:
            allow_missing = reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply")
            if reply_to in chat.messages:
                message["reply_to_message"] = _without_reply(chat.messages[reply_to])
            elif not allow_missing:
                raise _bad("message to be replied not found")
        chat.next_message_id += 1
        chat.messages[message["message_id"]] = message
        return json.loads(json.dumps(message))

    def _message_to_edit(self, params: JSONDict) -> JSONDict:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._writable(self._target_chat(params))
        message_id = params.get("message_id", 0)
        if not message_id:
            raise _bad("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None:
            raise _bad("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise _bad("message can't be edited")
        return message

    # -- Bot API methods --

    def _ok(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        return True

    def _get_me(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: JSONDict, files: dict[str, UploadedFile]) -> list[JSONDict]:
        if self._webhook_url:
            raise _ApiError(409, _WEBHOOK_CONFLICT)
        self._poll_generation += 1
        self._notify()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            # Telegram remembers the last allowed_updates; an empty list restores the default.
            self._allowed_updates = frozenset(allowed) or None
        offset = params.get("offset", 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        # Updates the bot did not ask for are never stored by Telegram.
        self._updates = self._visible(0, self._allowed_updates)
        limit = min(max(params.get("limit", 100) or 100, 1), 100)
        return json.loads(json.dumps(self._updates[:limit]))

    def _set_webhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        url = params.get("url", "")
        if url and not url.startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = url
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    def _set_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands", [])
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand: expected an Object")
            for key in ("command", "description"):
                if key not in command:
                    raise _bad(f"can't parse BotCommand: Can't find field \"{key}\"")
            if not isinstance(command["command"], str) or not _COMMAND_NAME.match(command["command"]):
                raise _bad("BOT_COMMAND_INVALID")
            description = command["description"]
            if not isinstance(description, str) or not description.strip():
                raise _bad("command description must be non-empty")
            if len(description) > 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> list[JSONDict]:
        return list(self._commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _send_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        if params.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        keyboard = _check_reply_markup(params.get("reply_markup"))
        text = _message_text(params)
        chat = self._writable(self._target_chat(params))
        content: JSONDict = {"text": text}
        if keyboard is not None:
            content["reply_markup"] = keyboard
        return self._new_bot_message(chat, params, content)

    def _edit_message_text(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        keyboard = _check_reply_markup(params.get("reply_markup"), inline_only=True)
        text = _message_text(params)
        message = self._message_to_edit(params)
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        # Omitting reply_markup in an edit removes the keyboard, so it is part of what "changed" means.
        if (text, keyboard) == (message["text"], message.get("reply_markup")):
            raise _bad(_NOT_MODIFIED)
        message["text"] = text
        _set_or_drop(message, "reply_markup", keyboard)
        message["edit_date"] = int(self.clock())
        return json.loads(json.dumps(message))

    def _edit_message_reply_markup(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        keyboard = _check_reply_markup(params.get("reply_markup"), inline_only=True)
        message = self._message_to_edit(params)
        if keyboard == message.get("reply_markup"):
            raise _bad(_NOT_MODIFIED)
        _set_or_drop(message, "reply_markup", keyboard)
        message["edit_date"] = int(self.clock())
        return json.loads(json.dumps(message))

    def _delete_message(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        chat = self._target_chat(params)
        if chat.messages.pop(params.get("message_id", 0), None) is None:
            raise _bad("message to delete not found")
        return True

    def _answer_callback_query(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        query = self._queries.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered or self.clock() - query.created > CALLBACK_QUERY_TTL:
            raise _bad(_QUERY_TOO_OLD)
        if _utf16_len(params.get("text", "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        query.answered = True
        return True

    def _send_chat_action(self, params: JSONDict, files: dict[str, UploadedFile]) -> bool:
        self._writable(self._target_chat(params))
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _send_document(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        if params.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        keyboard = _check_reply_markup(params.get("reply_markup"))
        reference = params.get("document")
        upload = files.get("document")
        if isinstance(reference, str) and reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        if upload is None and not reference:
            raise _bad("there is no document in the request")
        caption = _plain(params.get("caption") or "")
        if _utf16_len(caption) > MAX_CAPTION_LENGTH:
            raise _bad("message caption is too long")
        chat = self._writable(self._target_chat(params))
        if upload is not None:
            if not upload.content:
                raise _bad("file must be non-empty")
            if len(upload.content) > MAX_UPLOAD_BYTES:
                raise _ApiError(413, "Request Entity Too Large")
            stored = self._store_file(upload.filename, upload.content, upload.content_type, "documents")
            file_name, mime = upload.filename, upload.content_type
        else:
            known = self._files.get(str(reference))
            if known is None:
                raise _bad("wrong file identifier/HTTP URL specified")
            stored, file_name, mime = known, known.file_path.rpartition("/")[2], known.content_type
        document = {"file_name": file_name, "mime_type": mime, **self._file_fields(stored)}
        content: JSONDict = {"document": document}
        if caption:
            content["caption"] = caption
        if keyboard is not None:
            content["reply_markup"] = keyboard
        return self._new_bot_message(chat, params, content)

    def _get_file(self, params: JSONDict, files: dict[str, UploadedFile]) -> JSONDict:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _bad("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD_BYTES:
            raise _bad("file is too big")
        return {**self._file_fields(stored), "file_path": stored.file_path}


def _message_text(params: JSONDict) -> str:
    raw = params.get("text")
    if not raw:
        raise _bad("message text is empty")
    text = _plain(str(raw))
    if not text:
        raise _bad("text must be non-empty")
    if _utf16_len(text) > MAX_TEXT_LENGTH:
        raise _bad("message is too long")
    return text


def _check_reply_markup(markup: Any, *, inline_only: bool = False) -> JSONDict | None:
    """Validate reply_markup; return the inline keyboard that becomes part of the message, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise _bad('field "inline_keyboard" must be of type Array')
        for row in rows:
            if not isinstance(row, list):
                raise _bad('field "inline_keyboard" must be an Array of Arrays')
            for button in row:
                _check_inline_button(button)
        return {"inline_keyboard": rows}
    if inline_only:
        raise _bad("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('field "keyboard" must be of type Array')
        for row in rows:
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text:
                    raise _bad("keyboard button text must be non-empty")
        return None
    for flag in ("remove_keyboard", "force_reply"):
        if flag in markup:
            if markup[flag] is not True:
                raise _bad(f'field "{flag}" must be of type Boolean')
            return None
    raise _bad("can't parse reply keyboard markup JSON object")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad("can't parse inline keyboard button: Object expected")
    if "text" not in button:
        raise _bad("can't parse inline keyboard button: Can't find field \"text\"")
    if not isinstance(button["text"], str):
        raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not button["text"]:
        raise _bad("inline keyboard button text must be non-empty")
    # Telegram treats callback_data "" as absent, which leaves a text-only button.
    actions = [key for key in _BUTTON_ACTIONS if button.get(key) not in (None, "")]
    if not actions:
        raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if data is not None and (not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES):
        raise _bad("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None:
        scheme = urllib.parse.urlsplit(str(url)).scheme
        if scheme not in ("http", "https", "tg", ""):
            raise _bad(f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol")
        if scheme != "tg" and not _is_http_url(str(url)):
            raise _bad(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _command_entities(text: str) -> JSONDict:
    """The bot_command entity a Telegram client adds to a message starting with /command."""
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if not command:
        return {}
    return {"entities": [{"type": "bot_command", "offset": 0, "length": _utf16_len(command[0])}]}


def _keyboard(message: JSONDict) -> list[list[JSONDict]]:
    rows: list[list[JSONDict]] = message.get("reply_markup", {}).get("inline_keyboard", [])
    return rows


def _flat_buttons(message: JSONDict) -> list[tuple[str, str | None]]:
    return [(button["text"], button.get("callback_data")) for row in _keyboard(message) for button in row]


def _without_reply(message: JSONDict) -> JSONDict:
    # Telegram never nests reply_to_message more than one level deep.
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def _set_or_drop(message: JSONDict, key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


# --- front-ends --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Call:
    token: str
    method: str
    params: JSONDict
    files: dict[str, UploadedFile]


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json"


def _json_reply(status: int, payload: JSONDict) -> _Reply:
    return _Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def _route(core: FakeTelegram, path: str, query: str, content_type: str, body: bytes) -> _Call | _Reply:
    """Turn an HTTP request into a Bot API call, or answer it directly (file downloads, bad paths)."""
    if file_match := _FILE_PATH.match(path):
        token, file_path = (urllib.parse.unquote(part) for part in file_match.groups())
        status, content, mime = core.download(token, file_path)
        return _Reply(status, content, mime)
    api_match = _API_PATH.match(path)
    if not api_match:
        return _json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
    try:
        params, files = parse_request_body(content_type, body, query)
    except _ApiError as exc:
        return _json_reply(exc.status, exc.body())
    return _Call(urllib.parse.unquote(api_match[1]), urllib.parse.unquote(api_match[2]), params, files)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A pool opening many connections at once can overflow the default backlog of 5; a dropped SYN costs 1 s.
    request_queue_size = 256
    core: FakeTelegram

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up before a delayed reply is expected; anything else is a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body written separately, unbuffered, stall ~40 ms per call on Nagle + delayed ACK.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines contain the token; tests should not print them.
        pass

    def _serve(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._send(_json_reply(411, {"ok": False, "error_code": 411, "description": "Length Required"}))
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urllib.parse.urlsplit(self.path)
        routed = _route(self.server.core, url.path, url.query, self.headers.get("Content-Type", ""), body)
        if isinstance(routed, _Call):
            status, payload, delay = self.server.core._serve_blocking(
                routed.token, routed.method, routed.params, routed.files
            )
            time.sleep(delay)
            routed = _json_reply(status, payload)
        self._send(routed)

    def _send(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


class FakeBotServer:
    """FakeTelegram over real HTTP on 127.0.0.1 (a free port), one thread per connection."""

    def __init__(self, core: FakeTelegram | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.core = core or FakeTelegram()
        self._address = (host, port)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port; only valid while started."""
        if self._httpd is None:
            raise RuntimeError("FakeBotServer is not started")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """Value for Bot(base_url=...) / TELEGRAM_BASE_URL: the token gets appended to it."""
        return f"http://{self._address[0]}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for Bot(base_file_url=...)."""
        return f"http://{self._address[0]}:{self.port}/file/bot"

    def start(self) -> Self:
        """Bind and serve in a background thread."""
        if self._httpd is not None:
            raise RuntimeError("FakeBotServer is already started")
        httpd = _Server(self._address, _Handler)
        httpd.core = self.core
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="FakeBotServer", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting requests and end waiting long polls."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self.core._release_pollers()
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)


class FakeTransport(httpx.AsyncBaseTransport):
    """FakeTelegram as an httpx transport: same answers as the server, no sockets, honours read timeouts."""

    def __init__(self, core: FakeTelegram) -> None:
        self.core = core

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request; a delay or long poll past the read timeout raises httpx.ReadTimeout."""
        body = await request.aread()
        query = request.url.query.decode("ascii")
        routed = _route(self.core, request.url.path, query, request.headers.get("Content-Type", ""), body)
        if isinstance(routed, _Call):
            read_timeout = request.extensions.get("timeout", {}).get("read")
            try:
                async with asyncio.timeout(read_timeout):
                    status, payload, delay = await self.core._serve_async(
                        routed.token, routed.method, routed.params, routed.files
                    )
                    await asyncio.sleep(delay)
            except TimeoutError as exc:
                raise httpx.ReadTimeout("fake Bot API did not answer in time", request=request) from exc
            routed = _json_reply(status, payload)
        return httpx.Response(
            routed.status, headers={"Content-Type": routed.content_type}, content=routed.body, request=request
        )


def fake_transport(core: FakeTelegram) -> httpx.AsyncBaseTransport:
    """An httpx transport for HTTPXRequest(httpx_kwargs={"transport": ...}) backed by `core`."""
    return FakeTransport(core)
