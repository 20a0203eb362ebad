"""Steps on offered wordings and gaps: pick, keep own words, more, fill a gap, leave it for later."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from bot import limits
from bot.cleaning import as_sentence
from bot.engine import actions as a
from bot.engine import answer_screens, gap_texts, labels, screens, texts
from bot.engine import position as pos
from bot.engine.coverage import dropped_numbers, uncovered
from bot.engine.registry import on
from bot.engine.turn import Turn
from bot.model import AS_TYPED, GAP_CLOSE, GAP_OPEN, GAP_RE, Item, Pending
from bot.outline import Node

SUGGESTIONS_FETCHED = 9
# Marks a gap being filled from the list shown before a download, which the user then returns to.
FROM_GAP_LIST = "gap-list"
MAX_NAME_CHARS = 30
_CLAUSE_RE = re.compile(r"(?<=[，；])")


def offer_wordings(t: Turn, node: Node, item: Item, text: str, queue: tuple[int, ...] = ()) -> bool:
    """Find bank wordings for the user's answer and keep them pending; False when there are none."""
    if t.ctx.matcher is None:
        return False
    facts = t.ctx.tools.facts if t.ctx.tools else None
    used = pos.used_sources(t.d)
    if facts is not None:
        # Only wordings that fit the fact and carry its counts; none when nothing fits (bot.facts). They are
        # filled from the fact as read (党组汇 read as 党组会), or the counts would not find their slots again.
        analysed = facts.analyse(text, node.id, used, SUGGESTIONS_FETCHED)[:1]
        found = [s for f in analysed for s in f.suggestions]
        text = analysed[0].text if analysed else text
    else:
        found = list(t.ctx.matcher.suggest(text, node.id, top=SUGGESTIONS_FETCHED, exclude=used))
    options = tuple(s.entry_id for s in found if fits_part(t, node, t.ctx.matcher.entry(s.entry_id).nodes))
    if options:
        t.d.pending = Pending(
            kind="suggest", node=node.id, item=item.id, text=text, options=options, nonce=item.id, queue=queue
        )
    return bool(options)


def offer_next(t: Turn, queue: Sequence[int], head: str, *, name: bool) -> bool:
    """Offer wordings for the first item of `queue` that has some, under `head`; False when none has.

    `name` says which item they are for (the head alone does not when it lists several, or none).
    """
    skipped: list[tuple[int, str]] = []
    for n, item_id in enumerate(queue):
        found = t.locate_item(item_id)
        if found is None:
            continue
        node_id, item = found
        if offer_wordings(t, t.o.node(node_id), item, item.text, tuple(queue[n + 1 :])):
            named = texts.offer_for(*_place_and_words(t, node_id, item)) if name else ""
            none = texts.none_fits(skipped, of_several=True)
            answer_screens.suggestions(t, "\n".join(x for x in (head, none, named) if x))
            return True
        skipped.append(_place_and_words(t, node_id, item))
    return False


def none_fit(t: Turn, queue: Sequence[int], *, of_several: bool) -> str:
    """Say that no standard wording fits the items of `queue` (offer_next found none)."""
    found = (f for item_id in queue if (f := t.locate_item(item_id)) is not None)
    return texts.none_fits([_place_and_words(t, node_id, item) for node_id, item in found], of_several)


def _place_and_words(t: Turn, node_id: str, item: Item) -> tuple[int, str]:
    """Return an item's place in its part and its words as the document writes them."""
    place = [it.id for it in t.d.items[node_id]].index(item.id) + 1
    return place, answer_screens.polished(t, item.text)


def go_on(t: Turn, queue: Sequence[int], note: str) -> None:
    """Offer the wordings of the next item split from the same message, or ask the current question."""
    if offer_next(t, queue, note, name=True):
        return
    # No wording fits the rest: they stay the user's words, each can still be kept as typed.
    rest = [found for item_id in queue if (found := t.locate_item(item_id)) is not None]
    keep = answer_screens.as_typed_buttons(t, rest[0][0], [it for _, it in rest]) if rest else []
    screens.ask(t, "\n".join(x for x in (note, none_fit(t, queue, of_several=True)) if x), keep)


def fits_part(t: Turn, node: Node, homes: tuple[str, ...]) -> bool:
    """Tell whether a wording whose nodes are `homes` may be offered in `node`."""
    # A sub-topic takes any sub-topic's wording (it moves there); the problems and the plans take only
    # their own: a deed done is no plan, and a plan is no problem.
    if node.id in homes:
        return True
    topics = {n.id for n in t.o.topics}
    return node.id in topics and any(h in topics for h in homes)


def _left_out(t: Turn, said: str, wording: str) -> list[str]:
    """Return what the user said that the wording leaves out; who said it (我们县医保局，…) is no fact left out."""
    finder = t.ctx.tools.facts if t.ctx.tools else None
    if finder is None:
        return uncovered(said, wording, lambda clause: ())
    said = finder.without_who(said)
    # Set apart, a clause keeps who did it (班子成员落实一岗双责，每人联系一个支部 → 班子成员每人联系一个支部).
    return [finder.with_doer(c, said) for c in uncovered(said, wording, finder.telling)]


def home_of(t: Turn, entry_id: str, node_id: str, said: str) -> str:
    """Return where a bank wording belongs: the user's node, unless what they `said` names the wording's more.

    开了3次党组会研究党建 typed under 政治建设 is 组织领导's. The bank's sub-topic of a wording is only where the
    corpus said it (开展现场调研指导 stood under 廉政): the user's answer, not the wording, tells where it goes.
    """
    assert t.ctx.matcher is not None
    nodes = t.ctx.matcher.entry(entry_id).nodes
    if node_id in nodes or not nodes or not t.o.has_node(nodes[0]):
        return node_id
    finder = t.ctx.tools.facts if t.ctx.tools else None
    words = finder.polish(said) if finder else said

    def named(node: str) -> int:
        return sum(weight for word, weight in t.o.node(node).keywords.items() if word in words)

    return nodes[0] if named(nodes[0]) > named(node_id) else node_id


def filled(t: Turn, text: str) -> Item | None:
    """Return the pending gap's item filled with the number in `text`, or None when none fits."""
    p = t.d.pending
    if p is None or p.kind != "gap" or p.item is None or t.ctx.tools is None:
        return None
    item = t.find_item(p.node, p.item)
    new_text = t.ctx.tools.fill_gap(item.text, text) if item else None
    return replace(item, text=new_text) if item is not None and new_text is not None else None


def fill_gap(t: Turn, text: str) -> None:
    """Fill the pending gap with the number in `text`, then ask for the next gap."""
    p = t.d.pending
    new = filled(t, text)
    assert p is not None and new is not None
    t.replace_item(p.node, new)
    t.d.pending = None
    after_gap_fill(t, p)


def after_gap_fill(t: Turn, filled: Pending) -> None:
    """Say what was filled, and ask for the next gap of the item or of the list."""
    assert filled.item is not None
    item = t.find_item(filled.node, filled.item)
    assert item is not None
    if GAP_OPEN in item.text:
        t.d.pending = filled
        screens.gap_prompt(t, gap_texts.filled_more(item.text), item.id)
        return
    rest = pos.gaps(t.o, t.d)
    if filled.origin == FROM_GAP_LIST and rest:
        t.say(
            gap_texts.filled_rest(item.text, len(rest)),
            [
                [t.button(labels.B_NEXT_GAP, screens.gap_action(rest[0])), t.button(labels.B_DOWNLOAD, a.Download())],
                [t.button(labels.B_CONTINUE, a.Continue())],
            ],
        )
        return
    go_on(t, filled.queue, gap_texts.filled(item.text))


def leave_gap(t: Turn) -> None:
    """Leave the pending gap for later and go back: to the gap list if it came from there."""
    p = t.d.pending
    t.d.pending = None
    rest = pos.gaps(t.o, t.d)
    if p is not None and p.origin == FROM_GAP_LIST and rest:
        screens.gaps_list(t, gap_texts.GAP_LATER + "\n", rest)
        return
    go_on(t, p.queue if p is not None else (), gap_texts.GAP_LATER)


def filled_name(t: Turn, text: str) -> Item | None:
    """Return the pending item with its first gap filled by `text`, when that gap asks for a name."""
    item = screens.pending_gap(t)
    m = GAP_RE.search(item.text) if item else None
    if item is None or m is None or not m.group(1).endswith("名称") or len(text) > MAX_NAME_CHARS:
        return None
    name = text.strip('《》“”"。，,. ')
    return replace(item, text=item.text[: m.start()] + name + item.text[m.end() :]) if name else None


def fill_name(t: Turn, text: str) -> None:
    """Fill the pending name gap with the text typed."""
    p = t.d.pending
    new = filled_name(t, text)
    assert p is not None and new is not None
    t.replace_item(p.node, new)
    t.d.pending = None
    after_gap_fill(t, p)


def without_gap_clause(text: str) -> str | None:
    """Return `text` without the clause holding its first gap, or None when that clause is all of it."""
    clauses = [c for c in _CLAUSE_RE.split(text) if c]
    at = next(i for i, c in enumerate(clauses) if GAP_OPEN in c)
    rest = clauses[:at] + clauses[at + 1 :]
    if not rest:
        return None
    joined = "".join(rest).rstrip("，；。") + "。"
    return joined if GAP_CLOSE not in joined or GAP_OPEN in joined else None


def offer_drop(t: Turn, text: str) -> None:
    """Offer to remove what the user says they did not do: the clause with the gap, or the whole item."""
    item = screens.pending_gap(t)
    assert item is not None
    part = labels.B_DROP_CLAUSE if without_gap_clause(item.text) else labels.B_DROP_ITEM
    t.say(
        gap_texts.offer_to_drop(item.text, part),
        [[t.button(part, a.DropGap(item.id)), t.button(labels.B_LATER, a.LeaveGap(item.id))]],
    )


def not_a_number(t: Turn, text: str) -> None:
    """Say the text fills no gap, keep it, and ask whether it is a new item."""
    p = t.d.pending
    item = screens.pending_gap(t)
    assert p is not None and item is not None
    if (refused := limits.item_too_long(text)) is not None:
        t.say(refused)
        return
    t.d.pending = replace(p, typed=text)
    t.say(
        gap_texts.no_number(text, item.text),
        [[t.button(labels.B_AS_ITEM, a.GapAsItem(item.id)), t.button(labels.B_LATER, a.LeaveGap(item.id))]],
    )


def pending(kind: str) -> Callable[[Turn, Any], bool]:
    """Return a guard: the button answers the draft's pending offer or gap of `kind`."""

    def guard(t: Turn, act: a.PickWording | a.KeepOwn | a.MoreWordings | a.LeaveGap) -> bool:
        p = t.d.pending
        return p is not None and p.kind == kind and p.nonce == act.nonce

    return guard


@on(a.MoreWordings, pending("suggest"))
def more_wordings(t: Turn, act: a.MoreWordings) -> None:
    """Show the next page of offered wordings."""
    p = t.d.pending
    assert p is not None
    pages = max(1, -(-len(p.options) // answer_screens.SUGGESTIONS_SHOWN))
    t.d.pending = replace(p, page=(p.page + 1) % pages)
    answer_screens.suggestions(t, texts.MORE_PAGE)


@on(a.KeepOwn, pending("suggest"))
def keep_own(t: Turn, act: a.KeepOwn) -> None:
    """Keep the user's own words, then offer the next item's wordings."""
    p = t.d.pending
    assert p is not None
    t.d.pending = None
    found = t.locate_item(p.item) if p.item is not None else None
    # Only words the document writes otherwise are said to be tidied (a tester saw 搞了个… called tidied).
    t.toast = labels.T_KEPT_OWN if found and answer_screens.differs(t, found[1]) else labels.T_KEPT_OWN_AS_TYPED
    go_on(t, p.queue, "")


@on(a.KeepAsTyped, lambda t, act: (found := t.locate_item(act.item)) is not None and found[1].source is None)
def keep_as_typed(t: Turn, act: a.KeepAsTyped) -> None:
    """Keep an item unpolished (保留原话); an offer of wordings for it is answered too."""
    found = t.locate_item(act.item)
    assert found is not None
    node_id, item = found
    t.replace_item(node_id, replace(item, source=AS_TYPED))
    t.toast = labels.T_AS_TYPED
    p = t.d.pending
    if p is not None and p.kind == "suggest" and p.item == item.id:
        t.d.pending = None
        go_on(t, p.queue, texts.kept_as_typed(item.text))
    elif p is not None and p.kind == "suggest":
        # Another item's wordings are still on offer: they stay in view.
        answer_screens.suggestions(t, texts.kept_as_typed(item.text))
    else:
        screens.ask(t, texts.kept_as_typed(item.text))


@on(a.PickWording, pending("suggest"))
def pick_wording(t: Turn, act: a.PickWording) -> None:
    """Replace the answer with the chosen wording, moving it to the sub-topic it belongs to."""
    d = t.d
    p = d.pending
    assert p is not None and t.ctx.matcher is not None
    item = t.find_item(p.node, p.item) if p.item is not None else None
    if act.index >= len(p.options) or item is None or p.text is None:
        screens.stale(t)
        return
    chosen = t.ctx.matcher.fill(p.options[act.index], p.text)
    if dropped := dropped_numbers(p.text, chosen.text):
        # Replacing would lose what the user counted: say so and keep their words.
        answer_screens.suggestions(t, texts.would_drop("、".join(dropped)))
        return
    left = _left_out(t, p.text, chosen.text)
    if left and limits.room(d, p.node) == 0:
        # What the wording leaves out could not be kept apart in a full part: their words stay.
        answer_screens.suggestions(t, texts.would_drop("、".join(left)))
        return
    new = replace(item, text=pos.prefill(t.o, t.d, chosen.text), source=chosen.entry_id)
    home = home_of(t, chosen.entry_id, p.node, p.text)
    if home != p.node and limits.cannot_add(d, home, new.text) is not None:
        # The sub-topic it belongs to is full: the wording stays where the user wrote it.
        home = p.node
    moved = ""
    if home == p.node:
        t.replace_item(p.node, new)
    else:
        # The user answered another sub-topic's question here: the wording goes where it belongs.
        t.drop_items(p.node, item_id=item.id)
        d.items.setdefault(home, []).append(new)
        if d.status.get(home) == "skipped":
            # A skipped part would leave the moved wording out of the document.
            del d.status[home]
        moved = texts.moved_to(t.o.node(home).label)
    if left:
        # The wording says nothing of these: they stay the user's own words, an item of their own.
        apart = Item(id=d.next_item_id, text=as_sentence("，".join(left)))
        d.next_item_id += 1
        d.items.setdefault(p.node, []).append(apart)
        moved += texts.kept_apart(apart.text)
    d.pending = None
    t.toast = labels.T_REPLACED
    if GAP_OPEN in new.text:
        d.pending = Pending(kind="gap", node=home, item=item.id, nonce=item.id, queue=p.queue)
        screens.gap_prompt(t, gap_texts.replaced_with_gap(new.text, moved), item.id)
        return
    go_on(t, p.queue, texts.replaced(new.text, moved))


@on(a.DropGap, pending("gap"))
def drop_gap(t: Turn, act: a.DropGap) -> None:
    """Remove the clause with the gap, or the whole item when the clause is all of it."""
    p = t.d.pending
    item = screens.pending_gap(t)
    if p is None or item is None:
        screens.stale(t)
        return
    shorter = without_gap_clause(item.text)
    if shorter is None:
        if t.drop_items(p.node, item_id=item.id):
            t.d.status.pop(p.node, None)
        note = gap_texts.dropped(item.text)
    else:
        t.replace_item(p.node, replace(item, text=shorter))
        note = gap_texts.shortened(shorter)
    t.d.pending = None
    rest = pos.gaps(t.o, t.d)
    if p.origin == FROM_GAP_LIST and rest:
        screens.gaps_list(t, note + "\n", rest)
    else:
        go_on(t, p.queue, note)


@on(a.LeaveGap, pending("gap"))
def leave_gap_pressed(t: Turn, act: a.LeaveGap) -> None:
    """Leave the gap for later."""
    leave_gap(t)


@on(a.FillGap, lambda t, act: (found := t.locate_item(act.item)) is not None and GAP_OPEN in found[1].text)
def start_gap_fill(t: Turn, act: a.FillGap) -> None:
    """Ask for the number of an item's gap (from the gap list)."""
    found = t.locate_item(act.item)
    assert found is not None
    node_id, item = found
    t.d.pending = Pending(kind="gap", node=node_id, item=item.id, origin=FROM_GAP_LIST, nonce=item.id)
    screens.gap_prompt(t, gap_texts.gap_from_list(item.text), item.id)
