"""Decoding a Bot API request, as both front-ends receive it: query string, then JSON, form or multipart."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any, NamedTuple

from tests.fakebot.rules import JSONDict, _bad

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


class UploadedFile(NamedTuple):
    """One multipart file part as the client sent it."""

    filename: str
    content: bytes
    content_type: str


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
