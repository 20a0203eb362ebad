"""Plain data the engine, storage, matcher and document assembly share. No Telegram here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

NodeStatus = Literal["done", "skipped"]

# A gap the user has not filled yet. The label says what is missing (次数, 金额 …); the text around
# it keeps the counter word, e.g. "召开党组会议〔待补：次数〕次".
GAP_OPEN = "〔待补："
GAP_CLOSE = "〕"


# Finds each gap; group 1 is its label.
GAP_RE = re.compile(re.escape(GAP_OPEN) + "(.*?)" + re.escape(GAP_CLOSE))


def gap(label: str) -> str:
    """Return the visible marker for a missing fact."""
    return f"{GAP_OPEN}{label}{GAP_CLOSE}"


@dataclass(frozen=True)
class Item:
    """One entry of an items node (it becomes 一是/二是… in the document)."""

    id: int
    text: str
    # The phrase-bank entry the wording was taken from; None when it is the user's own words (the document
    # polishes them), AS_TYPED when the user chose to keep them unpolished (保留原话).
    source: str | None = None


# The source of an item the user kept as typed: the document writes it unpolished.
AS_TYPED = "#as-typed"


@dataclass(frozen=True)
class Pending:
    """What the user's next message or button means, beyond answering the current question.

    kind:
      edit     the next text replaces item `item` of node `node`
      suggest  `options` are phrase-bank ids offered for the raw answer `text`
      gap      the next number fills the first gap of item `item`

    origin says where to return afterwards ("gap-list", "review:<page>"); typed keeps what the user typed at a
    gap prompt that was no number, until they say whether it is a new item. queue holds the items split from
    the same message whose wordings are offered next, one after the other.
    """

    kind: Literal["edit", "suggest", "gap"]
    node: str
    item: int | None = None
    text: str | None = None
    options: tuple[str, ...] = ()
    page: int = 0
    nonce: int = 0
    origin: str | None = None
    typed: str | None = None
    queue: tuple[int, ...] = ()


@dataclass
class Draft:
    """One document in progress: everything the dialogue position is derived from."""

    id: str
    owner: int
    kind: str
    outline_version: str
    created_at: str
    updated_at: str
    name: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    items: dict[str, list[Item]] = field(default_factory=dict)
    status: dict[str, NodeStatus] = field(default_factory=dict)
    # A node the user explicitly moved to (目录 jump, back, edit); None means "the first open node".
    focus: str | None = None
    pending: Pending | None = None
    next_item_id: int = 1
    # Problem ↔ measure pairs (bot.aids) whose proposed measure the user turned down.
    dropped_pairs: tuple[str, ...] = ()
    # The stored version this draft was loaded at (0: never stored). A write succeeds only while the stored
    # version still equals it, so two writers never silently overwrite each other.
    version: int = 0


@dataclass(frozen=True)
class DraftSummary:
    """A line of the user's draft list."""

    id: str
    kind: str
    name: str
    unit: str | None
    year: str | None
    updated_at: str


@dataclass
class UserState:
    """Everything stored about one user, as read under that user's lock."""

    user_id: int
    active: Draft | None = None
    drafts: list[DraftSummary] = field(default_factory=list)
    # A user-level input mode not tied to the active draft, e.g. "rename:<draft id>".
    mode: str | None = None
