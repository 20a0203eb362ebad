"""The front-ends: FakeTelegram over real HTTP on 127.0.0.1, or as an httpx transport without sockets."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

import httpx

from tests.fakebot.core import FakeTelegram
from tests.fakebot.rules import JSONDict, _ApiError
from tests.fakebot.wire import UploadedFile, parse_request_body

_API_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")


_FILE_PATH = re.compile(r"^/file/bot([^/]*)/(.+)$")


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
