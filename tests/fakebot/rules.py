"""What Telegram accepts from a bot: its limits, its error replies, and the checks of what a bot sends."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

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


JSONDict = dict[str, Any]


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


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_http_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


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
