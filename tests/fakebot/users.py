"""The users' side of the fake: chats, files, and the updates a user's actions queue for the bot."""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tests.fakebot.rules import JSONDict, _command_entities, _keyboard, _without_reply


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


class _Users:
    """Users, chats and updates; mixed into FakeTelegram, whose __init__ sets the state used here."""

    bot_user: JSONDict
    clock: Callable[[], float]
    _lock: threading.RLock
    _users: dict[int, JSONDict]
    _chats: dict[int, _Chat]
    _updates: list[JSONDict]
    _update_ids: Iterator[int]
    _queries: dict[str, _CallbackQuery]
    _query_ids: Iterator[int]
    _files: dict[str, _StoredFile]
    _files_by_path: dict[str, _StoredFile]
    _file_ids: Iterator[int]
    _notify: Callable[[], None]  # wakes the long polls (FakeTelegram)

    # -- users and what they send --

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

    # -- callback queries and the queue --

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

    # -- internals --

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
