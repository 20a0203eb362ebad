"""A strict, offline fake of the Telegram Bot API for tests and benchmarks.

Three layers share one state:

* ``FakeTelegram`` answers ``(token, method, params, files) -> (http_status, json_body)`` like the real
  Bot API, keeps chats, messages, updates and callback queries, and records what the bot did.
* ``FakeBotServer`` serves it over real HTTP on 127.0.0.1, for PTB in this or another process.
* ``fake_transport`` serves it through an ``httpx`` transport, for in-process benchmarks without sockets.

The modules, by job: ``rules`` (Telegram's limits and the checks of what a bot sends; the bot sends plain
text, so any formatting is refused), ``wire`` (decoding requests), ``users`` (the users' side: updates),
``methods`` (the Bot API methods), ``core`` (FakeTelegram itself, faults, long polls), ``servers`` (front-ends).
"""

from tests.fakebot.core import FakeTelegram, SentCall, ShownMessage
from tests.fakebot.rules import (
    CALLBACK_QUERY_TTL,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_DOWNLOAD_BYTES,
    MAX_TEXT_LENGTH,
    MAX_UPLOAD_BYTES,
    TOKEN,
    JSONDict,
)
from tests.fakebot.servers import FakeBotServer, FakeTransport, fake_transport
from tests.fakebot.wire import UploadedFile, parse_request_body

__all__ = [
    "CALLBACK_QUERY_TTL",
    "MAX_CALLBACK_ANSWER_LENGTH",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_DOWNLOAD_BYTES",
    "MAX_TEXT_LENGTH",
    "MAX_UPLOAD_BYTES",
    "TOKEN",
    "FakeBotServer",
    "FakeTelegram",
    "FakeTransport",
    "JSONDict",
    "SentCall",
    "ShownMessage",
    "UploadedFile",
    "fake_transport",
    "parse_request_body",
]
