"""What reaches the engine (events) and what it hands back (messages, buttons, the outcome of a turn)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.model import Draft


@dataclass(frozen=True)
class Text:
    """A plain text message."""

    text: str


@dataclass(frozen=True)
class Press:
    """A button press; `data` is the button's action string."""

    data: str


@dataclass(frozen=True)
class Command:
    """A command such as /start, without the slash."""

    name: str
    args: str = ""


@dataclass(frozen=True)
class Unsupported:
    """Anything the bot cannot read: a photo, a sticker, a voice note (…)."""

    what: str


@dataclass(frozen=True)
class CopyDraft:
    """Start a draft of `kind` from the user's draft `source_id`; the assistant loads `source`."""

    kind: str
    source_id: str
    source: Draft | None = None


@dataclass(frozen=True)
class Resume:
    """Show the user where they are (after switching drafts, for instance)."""

    note: str = ""


Event = Text | Press | Command | Unsupported | Resume | CopyDraft


@dataclass(frozen=True)
class Button:
    """An inline button: what it says and the action it sends back."""

    label: str
    action: str


@dataclass(frozen=True)
class Attachment:
    """A file to send."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Message:
    """One outgoing message."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None


@dataclass
class Outcome:
    """What one event changed and what to answer."""

    replies: list[Message]
    active_id: str | None
    mode: str | None
    write: list[Draft] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    toast: str | None = None
    follow_up: Event | None = None
    # Delete everything stored about the user (/forget), the user row included.
    forget: bool = False
