"""Steps that answer and move through the outline: facts, items, skip, back, done, jump, edit, remove."""

from __future__ import annotations

import re

from bot.engine import actions as a
from bot.engine import position as pos
from bot.engine import screens, texts
from bot.engine.registry import on
from bot.engine.steps.suggestions import offer_wordings
from bot.engine.turn import Turn
from bot.model import Item, Pending
from bot.outline import Node

MAX_FACT_CHARS = 60
MAX_ITEM_CHARS = 600
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def parse_year(text: str) -> str | None:
    """Return a four-digit year read from `text` (2025, 2025年, 二〇二五年), or None."""
    m = re.search(r"(\d{4})", text.translate(_CN_DIGITS))
    return m.group(1) if m and valid_year(int(m.group(1))) else None


def valid_year(year: int) -> bool:
    """Tell whether a year is one a summary may be about."""
    return 2000 <= year <= 2100


def as_sentence(text: str) -> str:
    """Join lines and end the item with a full stop, as the document will show it."""
    text = "，".join(text.splitlines()).strip()
    return text if text.endswith(("。", "！", "？", "；")) else text.rstrip("，,.;；") + "。"


def answer_fact(t: Turn, node: Node, text: str) -> None:
    """Store the answer of a fact or year question and ask the next one."""
    d = t.d
    if node.type == "year":
        year = parse_year(text)
        if year is None:
            screens.ask(t, texts.BAD_YEAR)
            return
        text = year
    elif len(text) > MAX_FACT_CHARS:
        screens.ask(t, texts.fact_too_long(MAX_FACT_CHARS, len(text)))
        return
    d.facts[node.id] = text
    d.status.pop(node.id, None)
    d.pending = None
    if d.focus == node.id:
        d.focus = None
    screens.ask(t, texts.noted(node.label, text))


def answer_item(t: Turn, node: Node, text: str) -> None:
    """Add the user's words as an item, then offer standard wordings for it."""
    d = t.d
    if len(text) > MAX_ITEM_CHARS:
        t.say(texts.item_too_long(len(text), MAX_ITEM_CHARS))
        return
    item = Item(id=d.next_item_id, text=as_sentence(text))
    t.append_item(node, item)
    d.pending = None
    count = len(d.items[node.id])
    if offer_wordings(t, node, item, text):
        screens.suggestions(t, f"已记下第{count}条（您的原话）。")
        return
    t.say(
        f"已记下第{count}条。{texts.NEXT_OR_DONE}",
        [
            [t.button(texts.B_PART_DONE, a.Done(node.id)), t.button(texts.B_EDIT_ITEMS, a.ListItems(node.id))],
            [t.button(texts.B_OUTLINE, a.Overview())],
        ],
    )


def finish_edit(t: Turn, node_id: str, item_id: int, text: str) -> None:
    """Replace an item's text with the user's new words."""
    if len(text) > MAX_ITEM_CHARS:
        t.say(texts.edit_too_long(len(text), MAX_ITEM_CHARS))
        return
    t.replace_item(node_id, Item(id=item_id, text=as_sentence(text)))
    t.d.pending = None
    t.say("已修改。")
    screens.items_list(t, t.o.node(node_id))


def finish(t: Turn, node: Node) -> None:
    """Close the current node and ask the next open one."""
    d = t.d
    if node.type == "items" and not d.items.get(node.id):
        screens.ask(t, texts.EMPTY_PART)
        return
    d.status[node.id] = "done"
    d.pending = None
    d.focus = None
    screens.ask(t)


def skip(t: Turn, node: Node | None) -> None:
    """Skip a node (a sub-topic with items is finished instead, so they stay)."""
    d = t.d
    if node is None:
        screens.ask(t)
        return
    if not node.skippable:
        screens.ask(t, texts.cannot_skip(node.label))
        return
    if d.items.get(node.id):
        d.status[node.id] = "done"
    else:
        d.status[node.id] = "skipped"
        d.facts.pop(node.id, None)
    d.pending = None
    d.focus = None
    t.toast = "已跳过"
    screens.ask(t, texts.skipped(node.label))


def back(t: Turn, node: Node | None) -> None:
    """Go back to the node before `node` (from the end: the last node)."""
    target = pos.previous(t.o, node) if node is not None else t.o.nodes[-1]
    if target is None:
        screens.ask(t, texts.FIRST_STEP)
        return
    t.d.focus = target.id
    t.d.pending = None
    screens.ask(t)


def at_current(t: Turn, act: a.Skip | a.Back | a.Done | a.TakeOffer) -> bool:
    """Guard: the button is the current question's."""
    node = pos.current(t.o, t.d)
    return node is not None and node.id == act.node


def item_exists(t: Turn, act: a.EditItem | a.RemoveItem | a.MoveUp) -> bool:
    """Guard: the button's item is still in its node."""
    return t.o.has_node(act.node) and t.find_item(act.node, act.item) is not None


@on(a.Skip, at_current)
def skip_node(t: Turn, act: a.Skip) -> None:
    """Skip the current question."""
    skip(t, t.o.node(act.node))


@on(a.Back, at_current)
def go_back(t: Turn, act: a.Back) -> None:
    """Go back one question."""
    back(t, t.o.node(act.node))


@on(a.Done, at_current)
def finish_node(t: Turn, act: a.Done) -> None:
    """Finish the current question."""
    finish(t, t.o.node(act.node))


@on(a.Year, lambda t, act: (n := pos.current(t.o, t.d)) is not None and n.type == "year" and valid_year(act.year))
def answer_year(t: Turn, act: a.Year) -> None:
    """Answer the year question with a button's year."""
    node = pos.current(t.o, t.d)
    assert node is not None
    answer_fact(t, node, str(act.year))


@on(a.TakeOffer, lambda t, act: at_current(t, act) and screens.offer_of(t, t.o.node(act.node)) is not None)
def take_offer(t: Turn, act: a.TakeOffer) -> None:
    """Answer a fact with the wording it offers."""
    node = t.o.node(act.node)
    answer_fact(t, node, screens.offer_of(t, node) or "")


@on(a.GoToFact, lambda t, act: t.o.has_node(act.node) and t.o.node(act.node).role in ("unit", "year"))
def go_to_fact(t: Turn, act: a.GoToFact) -> None:
    """Ask a missing title fact (from the gap list)."""
    t.d.focus = act.node
    t.d.pending = None
    screens.ask(t)


@on(a.Jump, lambda t, act: act.part < len(t.o.parts))
def jump(t: Turn, act: a.Jump) -> None:
    """Go to the first open node of a part (or its first node)."""
    part = t.o.parts[act.part]
    open_nodes = [n for n in part.nodes if not pos.closed(t.d, n)]
    t.d.focus = (open_nodes or list(part.nodes))[0].id
    t.d.pending = None
    screens.ask(t)


@on(a.Overview)
def overview(t: Turn, act: a.Overview) -> None:
    """Show the outline."""
    screens.overview(t)


@on(a.ListItems, lambda t, act: t.o.has_node(act.node))
def list_items(t: Turn, act: a.ListItems) -> None:
    """Show a node's items with edit and delete buttons."""
    screens.items_list(t, t.o.node(act.node))


@on(a.EditItem, item_exists)
def start_edit(t: Turn, act: a.EditItem) -> None:
    """Ask for an item's new text; the next text replaces it."""
    item = t.find_item(act.node, act.item)
    assert item is not None
    t.d.pending = Pending(kind="edit", node=act.node, item=act.item)
    t.say(f"原文：{item.text}\n请发修改后的内容：")


@on(a.RemoveItem, item_exists)
def remove_item(t: Turn, act: a.RemoveItem) -> None:
    """Delete an item; a node left empty is open again."""
    d = t.d
    if t.drop_items(act.node, item_id=act.item):
        d.status.pop(act.node, None)
    if d.pending is not None and d.pending.item == act.item:
        d.pending = None
    t.toast = "已删除"
    screens.items_list(t, t.o.node(act.node))
