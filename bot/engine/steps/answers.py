"""Steps that answer and move through the outline: facts, items, skip, back, done, jump, edit, remove."""

from __future__ import annotations

import re

from bot import limits
from bot.cleaning import has_words
from bot.engine import actions as a
from bot.engine import aid_screens, answer_screens, labels, review_screens, screens, texts, typed_words
from bot.engine import position as pos
from bot.engine.registry import on
from bot.engine.steps.suggestions import none_fit, offer_next, pending
from bot.engine.turn import Turn
from bot.joins import leaders_phrase, listed_names
from bot.model import Item, Pending
from bot.numbers import EVENT_UNITS, extract_numbers, normalize
from bot.outline import Node

MAX_FACT_CHARS = 60
# The origin of an edit started on a review page: "review:<page>".
REVIEW = "review:"
_CLAUSE_BREAK_RE = re.compile(r"[，,；;。.！!？?]")
_WORD_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# The longest name typed with a space in it (王 芳, 中共 市直机关工委): a longer one says more than a name.
NAME_CHARS = 12
_NAMES = typed_words.table()["names"]
NAME_SOUNDS = "".join(_NAMES["sounds"])
# The longest 书记 name but for one written with its · (data/typed.toml).
PERSON_CHARS = int(_NAMES["person_chars"])
# Two names said as a list (县直机关工委，还有局党组): each ends as a body's name does.
_NAME_ENDS = tuple(_NAMES["ends"])
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def parse_year(text: str) -> str | None:
    """Return a four-digit year read from `text` (2025, 2025年, 二〇二五年), or None."""
    m = re.search(r"(\d{4})", text.translate(_CN_DIGITS))
    return m.group(1) if m and valid_year(int(m.group(1))) else None


def valid_year(year: int) -> bool:
    """Tell whether a year is one a summary may be about."""
    return 2000 <= year <= 2100


# Counters of deeds and people: a count of them at a line of the 导语 is a fact of a part.
FACT_UNITS = (*EVENT_UNITS, "人次", "名", "人", "位")


def name_of(text: str, person: bool = False) -> str | None:
    """Return the name an answer gives, spaces between its words closed; None if it says more than a name.

    A person's name (the 书记's, `person`) is a few characters: 经济普查和统计数据质量 typed there is another answer.
    """
    # 县直机关工委吧: a sound closing the answer is no part of the name.
    bare = text.strip("。.！!，,；; ").rstrip(NAME_SOUNDS).strip("。.！!，,；; ")
    if person:
        bare = _WORD_SPACE_RE.sub("", bare)
        return bare if len(bare) <= PERSON_CHARS or "·" in bare else None
    bare = _names_joined(bare)
    if any(n.unit for n in extract_numbers(normalize(bare))) or _CLAUSE_BREAK_RE.search(bare):
        return None
    # The 导语's joins read a space as a pause (中共 市直机关工委 would be 中共和市直机关工委): it is closed, unless
    # what it joins is too long for a name (县直机关工委 今年重点抓了理论学习).
    joined = _WORD_SPACE_RE.sub("", bare)
    # A body is named by what it is (…工委, …党组): 张卫东 typed there is a person (seen typing a 述职).
    if not joined.endswith(_NAME_ENDS):
        return None
    return joined if joined == bare or len(joined) <= NAME_CHARS else None


def _counts_facts(text: str) -> bool:
    """Tell whether an answer counts what was done or who (23个党员, 开了3次会), not a fixed term (三个务必)."""
    text = normalize(text)
    return any(text[n.start].isdigit() or (n.unit in FACT_UNITS and n.value >= 2) for n in extract_numbers(text))


def _names_joined(text: str) -> str:
    """Return two or three bodies' names said as a list as the 导语 joins them (县直机关工委和局党组)."""
    parts = listed_names(text)
    if not 1 < len(parts) <= 3 or not all(1 < len(p) <= NAME_CHARS and p.endswith(_NAME_ENDS) for p in parts):
        return text
    return leaders_phrase(text)


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
    elif not has_words(text):
        screens.ask(t, texts.NO_WORDS)
        return
    elif node.no_counts and _counts_facts(text):
        screens.ask(t, texts.name_only(node.label, node.example))
        return
    elif node.name:
        name = name_of(text, person=node.role == "name")
        if name is None:
            # 市直机关工委，今年开了3次会 holds a deed the 导语's 在…领导下 would swallow: asked again, nothing kept.
            screens.ask(t, texts.name_only(node.label, node.example))
            return
        text = name
    d.facts[node.id] = text
    d.status.pop(node.id, None)
    d.pending = None
    if d.focus == node.id:
        d.focus = None
    # A result is the user's own sentence, which the document writes polished (names are written as given).
    screens.ask(t, texts.noted(node.label, answer_screens.polished(t, text) if node.role == "result" else text))


def answer_item(t: Turn, node: Node, text: str) -> None:
    """Add the user's words as items, one per fact, then offer standard wordings for each in turn."""
    d = t.d
    if (refused := limits.cannot_add(d, node.id, text)) is not None:
        t.say(refused)
        return
    finder = t.ctx.tools.facts if t.ctx.tools else None
    facts = finder.analyse(text, node.id, pos.used_sources(d)) if finder else []
    # Each fact becomes an item of its own, so each can take its wording and none is dropped; facts
    # more than the part has room for stay together in one item (then no wording: any would drop some).
    parts = [f.text for f in facts] if 1 < len(facts) <= limits.room(d, node.id) else [text]
    items = [Item(id=d.next_item_id + n, text=answer_screens.own_item(t, part)) for n, part in enumerate(parts)]
    for item in items:
        t.append_item(node, item)
    d.pending = None
    offered = len(parts) == len(facts) or len(facts) < 2
    head = answer_screens.noted(t, node.id, items)
    queue = [it.id for it in items]
    if not (offered and offer_next(t, queue, head, name=len(items) > 1)):
        # The question again, with its items, chips and proposed measures: a typed plan leaves them on offer.
        none = none_fit(t, queue, of_several=len(items) > 1) if offered and t.ctx.matcher is not None else ""
        screens.ask(t, "\n".join(x for x in (head, none) if x), answer_screens.as_typed_buttons(t, node.id, items))
    said_again(t, node, items)


def said_again(t: Turn, node: Node, items: list[Item]) -> None:
    """Offer to delete an earlier wording that says no more than the new items.

    抓民主评议党员工作 (a chip) says nothing 民主评议党员28名 does not. Only a wording taken from the bank with no count
    of its own is offered so: the user's own words are theirs to keep.
    """
    facts = t.ctx.tools.facts if t.ctx.tools else None
    if t.ctx.matcher is None or facts is None:
        return
    said = "，".join(it.text for it in items)
    deeds = t.ctx.matcher.deeds(said)
    new = {it.id for it in items}
    for place, old in enumerate(t.d.items.get(node.id, []), 1):
        if old.id in new or old.source is None or any(c.isdigit() for c in old.text):
            continue
        # What the wording tells done, its last telling word, is said too: 认真履行党风廉政建设责任制 is no
        # 党风廉政建设会议 (a reviewer's), though both name 党风廉政建设.
        telling = facts.telling(old.text)
        if telling and telling[-1] in said and aid_screens.deeds_said(t.ctx.matcher.deeds(old.text), deeds):
            delete = t.button(labels.delete_item(place), a.DropItem(node.id, old.id))
            t.say(texts.said_again(place, old.text), [[delete]])
            return


def start_edit(t: Turn, node_id: str, item_id: int, origin: str | None = None) -> None:
    """Ask for an item's new text; the next text replaces it."""
    item = t.find_item(node_id, item_id)
    assert item is not None
    t.d.pending = Pending(kind="edit", node=node_id, item=item_id, origin=origin)
    # A button gives the edit up: a tester pressed 改5 by mistake and, knowing no /back, typed the item again.
    t.say(texts.edit_prompt(answer_screens.written(t, item)), [[t.button(labels.B_KEEP_ITEM, a.KeepItem())]])


def finish_edit(t: Turn, text: str) -> None:
    """Replace the item being edited with the user's new words, and go back where the edit started."""
    p = t.d.pending
    assert p is not None and p.item is not None
    old = t.find_item(p.node, p.item)
    if (refused := limits.cannot_replace(t.d, old.text if old else "", text)) is not None:
        t.say(refused)
        return
    t.replace_item(p.node, Item(id=p.item, text=answer_screens.own_item(t, text)))
    t.d.pending = None
    t.say(texts.EDITED)
    back_from_edit(t, p)


def cancel_edit(t: Turn) -> None:
    """Give up the edit under way (上一步 while editing): the item stays as it was."""
    p = t.d.pending
    assert p is not None
    t.d.pending = None
    t.say(texts.EDIT_CANCELLED)
    back_from_edit(t, p)


def back_from_edit(t: Turn, p: Pending) -> None:
    """Show the screen an edit started from: the review page, else the part's items."""
    if p.origin and p.origin.startswith(REVIEW):
        review_screens.review(t, int(p.origin.removeprefix(REVIEW)))
    else:
        screens.items_list(t, t.o.node(p.node))


def remove(t: Turn, node_id: str, item_id: int) -> None:
    """Delete an item; a node left empty is open again."""
    d = t.d
    if t.drop_items(node_id, item_id=item_id):
        d.status.pop(node_id, None)
    if d.pending is not None and d.pending.item == item_id:
        d.pending = None
    t.toast = labels.T_DELETED


def finish(t: Turn, node: Node) -> None:
    """Close the current node and ask the next open one."""
    d = t.d
    if node.type == "items" and not d.items.get(node.id):
        screens.ask(t, texts.EMPTY_PART)
        return
    d.status[node.id] = "done"
    d.pending = None
    d.focus = next_in_part(t, node) if d.focus == node.id and node.type != "items" else None
    screens.ask(t)


def next_in_part(t: Turn, node: Node) -> str | None:
    """Return the node after `node` in its part, so stepping through a part's facts stays in the part."""
    later = t.o.parts[node.part].nodes
    later = later[later.index(node) + 1 :]
    return next((n.id for n in later if pos.in_flow(t.o, t.d, n)), None)


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
    t.toast = labels.T_SKIPPED
    screens.ask(t, texts.skipped(node.label))


def back(t: Turn, node: Node | None) -> None:
    """Go back to the node before `node` (from the end: the last node)."""
    target = pos.previous(t.o, t.d, node) if node is not None else t.o.nodes[-1]
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


def item_exists(
    t: Turn, act: a.EditItem | a.RemoveItem | a.DropItem | a.MoveUp | a.ReviewEdit | a.ReviewRemove
) -> bool:
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
    """Go to the first open question of a part (or its first one)."""
    t.d.focus = pos.landing(t.o, t.d, t.o.parts[act.part]).id
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
def edit_item(t: Turn, act: a.EditItem) -> None:
    """Ask for an item's new text; the item list comes back after."""
    start_edit(t, act.node, act.item)


@on(a.KeepItem, lambda t, act: t.d.pending is not None and t.d.pending.kind == "edit")
def keep_item(t: Turn, act: a.KeepItem) -> None:
    """Give up the edit under way."""
    cancel_edit(t)


@on(a.RemoveItem, item_exists)
def remove_item(t: Turn, act: a.RemoveItem) -> None:
    """Delete an item and show the node's items."""
    remove(t, act.node, act.item)
    screens.items_list(t, t.o.node(act.node))


@on(a.DropItem, item_exists)
def drop_item(t: Turn, act: a.DropItem) -> None:
    """Delete an item a newer one says again or corrects, and ask the question again.

    Shown the edit list here, a tester pressed a number meant for the question and deleted another item.
    """
    remove(t, act.node, act.item)
    screens.ask(t, labels.T_DELETED)


@on(a.GapAsItem, pending("gap"))
def gap_as_item(t: Turn, act: a.GapAsItem) -> None:
    """Add what was typed at the gap prompt as an item of the current sub-topic."""
    p = t.d.pending
    node = pos.current(t.o, t.d)
    if p is None or not p.typed or node is None or node.type != "items":
        screens.stale(t)
        return
    t.d.pending = None
    answer_item(t, node, p.typed)


@on(a.Choose, lambda t, act: t.o.has_node(act.node) and act.index < len(t.o.node(act.node).choices))
def choose(t: Turn, act: a.Choose) -> None:
    """Answer a fact with the choice pressed."""
    node = t.o.node(act.node)
    answer_fact(t, node, node.choices[act.index])
