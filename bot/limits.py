"""Caps on what one user can store, chosen from the corpus, with the message shown when one is reached.

The five corpus documents run 3,183–4,272 characters and never list more than five items (一是…五是) under one
sub-topic, nor more than 25 in a whole document. The caps leave room for drafting (items are merged and
trimmed later) while keeping every draft small enough to preview, check and download in milliseconds.
"""

from __future__ import annotations

from bot.model import Draft

# One item: a paragraph of the longest kind the corpus has (as the engine's MAX_ITEM_CHARS).
MAX_ITEM_CHARS = 600
# One part (sub-topic): four times the corpus's most, 5.
MAX_ITEMS_PER_PART = 20
# One draft: six times the corpus's most items (25), and seven times its longest text.
MAX_ITEMS_PER_DRAFT = 150
MAX_DRAFT_CHARS = 30_000


def item_too_long(text: str) -> str | None:
    """Return the message for an item over MAX_ITEM_CHARS, or None."""
    if len(text) <= MAX_ITEM_CHARS:
        return None
    return f"这条太长了（{len(text)}字）。请分几条发，每条不超过{MAX_ITEM_CHARS}字。本条未保存。"


def cannot_add(draft: Draft, node: str, text: str) -> str | None:
    """Return why `text` cannot be added as a new item of `node` in `draft` (a cap reached), or None."""
    if (message := item_too_long(text)) is not None:
        return message
    if len(draft.items.get(node, [])) >= MAX_ITEMS_PER_PART:
        return (
            f"这一部分已有{MAX_ITEMS_PER_PART}条，真实的总结每部分一般不超过5条。"
            "请先合并或删掉几条（发 /review 整理），再补充。本条未保存。"
        )
    if sum(len(items) for items in draft.items.values()) >= MAX_ITEMS_PER_DRAFT:
        return f"这份草稿已有{MAX_ITEMS_PER_DRAFT}条，已远超一份总结的篇幅。请先整理、删减，再补充。本条未保存。"
    if draft_chars(draft) + len(text) > MAX_DRAFT_CHARS:
        return f"这份草稿已接近{MAX_DRAFT_CHARS}字，远超一份总结（3000到4200字）。请先删减，再补充。本条未保存。"
    return None


def room(draft: Draft, node: str) -> int:
    """Return how many more items `node` may take before a cap on items is reached."""
    in_draft = sum(len(items) for items in draft.items.values())
    return max(0, min(MAX_ITEMS_PER_PART - len(draft.items.get(node, [])), MAX_ITEMS_PER_DRAFT - in_draft))


def cannot_replace(draft: Draft, old_text: str, new_text: str) -> str | None:
    """Return why an item's text cannot become `new_text` (too long, or the draft over its size), or None."""
    if (message := item_too_long(new_text)) is not None:
        return message
    if draft_chars(draft) - len(old_text) + len(new_text) > MAX_DRAFT_CHARS:
        return f"改后这份草稿将超过{MAX_DRAFT_CHARS}字，远超一份总结。请改短些。本条未保存。"
    return None


def draft_chars(draft: Draft) -> int:
    """Return the characters the user's items and answers take."""
    return sum(len(i.text) for items in draft.items.values() for i in items) + sum(map(len, draft.facts.values()))
