"""The caps: each one reached gives its own message saying the answer was not saved."""

from __future__ import annotations

from bot.limits import (
    MAX_DRAFT_CHARS,
    MAX_ITEM_CHARS,
    MAX_ITEMS_PER_DRAFT,
    MAX_ITEMS_PER_PART,
    cannot_add,
    cannot_replace,
)
from bot.model import Draft, Item

NOW = "2026-11-22T10:00:00+08:00"


def draft_with(items: dict[str, list[Item]]) -> Draft:
    return Draft(id="d", owner=1, kind="annual", outline_version="1", created_at=NOW, updated_at=NOW, items=items)


def test_each_cap_has_its_message() -> None:
    empty = draft_with({})
    assert cannot_add(empty, "work.duty", "召开党组会议3次。") is None
    assert "太长" in (cannot_add(empty, "work.duty", "字" * (MAX_ITEM_CHARS + 1)) or "")
    full_part = draft_with({"work.duty": [Item(i, "一条。") for i in range(MAX_ITEMS_PER_PART)]})
    assert "这一部分" in (cannot_add(full_part, "work.duty", "再一条。") or "")
    assert cannot_add(full_part, "work.theory", "别的部分。") is None
    parts = {f"p{k}": [Item(k * 100 + i, "一条。") for i in range(10)] for k in range(MAX_ITEMS_PER_DRAFT // 10)}
    assert "这份草稿已有" in (cannot_add(draft_with(parts), "work.new", "再一条。") or "")
    big = draft_with({f"p{k}": [Item(k, "字" * MAX_ITEM_CHARS)] for k in range(MAX_DRAFT_CHARS // MAX_ITEM_CHARS)})
    assert "字" in (cannot_add(big, "work.new", "再一条。") or "")
    assert cannot_replace(big, "字" * MAX_ITEM_CHARS, "短。") is None
    assert cannot_replace(big, "短。", "字" * 100) is not None
    for message in (cannot_add(full_part, "work.duty", "x"), cannot_add(empty, "n", "字" * 700)):
        assert message is not None and "未保存" in message


def test_a_name_needs_a_letter_or_a_digit() -> None:
    from bot.cleaning import has_words

    assert not any(map(has_words, ["..", "——", "😀😀", " 。", ""]))
    assert all(map(has_words, ["县财政局", "第3支部", "CPC"]))
