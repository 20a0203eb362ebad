"""The Bot API methods the bot calls, each validating its parameters like Telegram."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.fakebot.rules import (
    _CHAT_ACTIONS,
    _COMMAND_NAME,
    _NOT_MODIFIED,
    _QUERY_TOO_OLD,
    _WEBHOOK_CONFLICT,
    CALLBACK_QUERY_TTL,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CAPTION_LENGTH,
    MAX_DOWNLOAD_BYTES,
    MAX_UPLOAD_BYTES,
    JSONDict,
    _ApiError,
    _bad,
    _check_reply_markup,
    _message_text,
    _plain,
    _set_or_drop,
    _utf16_len,
    _without_reply,
)
from tests.fakebot.users import _CallbackQuery, _Chat, _StoredFile
from tests.fakebot.wire import UploadedFile


class _Methods:
    """The Bot API methods; mixed into FakeTelegram, whose __init__ sets the state used here."""

    bot_user: JSONDict
    clock: Callable[[], float]
    _chats: dict[int, _Chat]
    _updates: list[JSONDict]
    _allowed_updates: frozenset[str] | None
    _webhook_url: str
    _poll_generation: int
    _commands: dict[tuple[str, str], list[JSONDict]]
    _files: dict[str, _StoredFile]
    _queries: dict[str, _CallbackQuery]
    # From FakeTelegram (long polls) and _Users (files).
    _notify: Callable[[], None]
    _visible: Callable[[int, frozenset[str] | None], list[JSONDict]]
    _store_file: Callable[[str, bytes, str, str], _StoredFile]
    _file_fields: Callable[[_StoredFile], JSONDict]

    # -- chats and messages the methods act on --

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

    # -- the methods --

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
