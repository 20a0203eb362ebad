"""The codec of buttons as typed actions (as aiogram's CallbackData): one frozen dataclass each, one strict codec.

The byte format is the one buttons already in users' chats carry: `u:<code>[:arg…]` for the user's own
actions and `d:<draft id>:<code>[:arg…]` for actions bound to one draft, so a button pressed on another
draft is told apart. Arguments are ASCII: node ids, kind ids, draft ids and non-negative integers.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar, TypeVar

# Telegram refuses callback data over 64 bytes.
MAX_DATA_BYTES = 64
_ARG_RE = re.compile(r"[A-Za-z0-9_.\-]+")


class Action:
    """A button's meaning. Subclasses set `code` and declare their arguments as dataclass fields."""

    code: ClassVar[str]
    # True: bound to a draft (`d:<id>:…`); False: the user's own (`u:…`).
    on_draft: ClassVar[bool] = True


A = TypeVar("A", bound=type[Action])
_REGISTRY: dict[tuple[bool, str], type[Action]] = {}


def action(cls: A) -> A:
    """Register an action class under its code (codes are unique per prefix)."""
    key = (cls.on_draft, cls.code)
    if key in _REGISTRY:
        raise ValueError(f"action code {cls.code} used twice")
    _REGISTRY[key] = cls
    return cls


def registered() -> tuple[type[Action], ...]:
    """Return every action class, for tests and for the dispatcher's completeness check."""
    return tuple(_REGISTRY.values())


def encode(act: Action, draft_id: str | None = None) -> str:
    """Return the callback data of `act`; draft actions need the draft's id."""
    args = [str(getattr(act, f.name)) for f in dataclasses.fields(act)]  # type: ignore[arg-type]
    if act.on_draft:
        if draft_id is None:
            raise ValueError(f"{type(act).__name__} needs a draft id")
        head = ["d", draft_id, act.code]
    else:
        head = ["u", act.code]
    data = ":".join([*head, *args])
    if len(data.encode()) > MAX_DATA_BYTES or not all(_ARG_RE.fullmatch(a) for a in [*head, *args]):
        raise ValueError(f"bad callback data {data!r}")
    return data


def decode(data: str) -> tuple[str | None, Action] | None:
    """Return (draft id or None, action) for callback data, or None for anything malformed or unknown."""
    parts = data.split(":")
    if len(parts) >= 2 and parts[0] == "u":
        draft_id, code, args = None, parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "d" and parts[1]:
        draft_id, code, args = parts[1], parts[2], parts[3:]
    else:
        return None
    cls = _REGISTRY.get((draft_id is not None, code))
    if cls is None:
        return None
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(args) != len(fields) or not all(_ARG_RE.fullmatch(a) for a in args):
        return None
    values: list[object] = []
    for f, raw in zip(fields, args, strict=True):
        if f.type == "int":
            # str.isdigit also takes ² and ١, which int() refuses or misreads.
            if not (raw.isascii() and raw.isdigit()):
                return None
            values.append(int(raw))
        else:
            values.append(raw)
    return draft_id, cls(*values)
