"""The dialogue engine (no Telegram here): events in, the new state and the reply out. See decide.py."""

from bot.cleaning import clean_text
from bot.engine.decide import COMMANDS, decide
from bot.engine.events import (
    Attachment,
    Button,
    Command,
    CopyDraft,
    Event,
    Message,
    Outcome,
    Press,
    Resume,
    Text,
    Unsupported,
)
from bot.engine.ports import Aids, Context, Documents, Suggester, Tools
from bot.engine.steps.answers import parse_year

__all__ = [
    "COMMANDS",
    "Aids",
    "Attachment",
    "Button",
    "Command",
    "Context",
    "CopyDraft",
    "Documents",
    "Event",
    "Message",
    "Outcome",
    "Press",
    "Resume",
    "Suggester",
    "Text",
    "Tools",
    "Unsupported",
    "clean_text",
    "decide",
    "parse_year",
]
