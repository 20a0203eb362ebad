"""Steps on the writing aids: quick-pick chips, problem toggles and the measures proposed for them."""

from __future__ import annotations

from bot import limits
from bot.engine import actions as a
from bot.engine import aid_screens, labels, screens, texts
from bot.engine import position as pos
from bot.engine.registry import on
from bot.engine.turn import Turn
from bot.model import GAP_OPEN, Item, Pending
from bot.outline import Node


def add_bank_item(t: Turn, node: Node, entry_id: str) -> None:
    """Add a bank wording as an item; its numbers stay gaps for the user to give."""
    assert t.ctx.matcher is not None
    d = t.d
    item = Item(id=d.next_item_id, text=pos.prefill(t.o, d, t.ctx.matcher.fill(entry_id, "").text), source=entry_id)
    if (refused := limits.cannot_add(d, node.id, item.text)) is not None:
        screens.ask(t, refused)
        return
    t.append_item(node, item)
    t.toast = labels.T_ADDED
    if GAP_OPEN in item.text:
        d.pending = Pending(kind="gap", node=node.id, item=item.id, nonce=item.id)
        screens.gap_prompt(t, texts.added_with_gap(item.text), item.id)
        return
    d.pending = None
    screens.ask(t, texts.added(item.text))


def _at_role(t: Turn, role: str) -> bool:
    node = pos.current(t.o, t.d)
    return node is not None and node.role == role and t.ctx.matcher is not None


def _proposed(t: Turn, act: a.AdoptPlan | a.SwapPlan | a.DropPlan) -> bool:
    """Guard: the pair's measure is still proposed, and the plans are being asked."""
    return _at_role(t, "plans") and any(i == act.pair for i, _ in aid_screens.proposals(t))


@on(a.TakeChip, lambda t, act: (n := pos.current(t.o, t.d)) is not None and n.id == act.node)
def take_chip(t: Turn, act: a.TakeChip) -> None:
    """Add a chip's wording to the current sub-topic."""
    chips = t.ctx.aids.chips(act.node) if t.ctx.aids else ()
    if act.index >= len(chips) or (chips[act.index].office_only and not aid_screens.office(t)):
        screens.stale(t)
        return
    if chips[act.index].entry_id in pos.used_sources(t.d):
        screens.ask(t, texts.chip_used(chips[act.index].label))
        return
    add_bank_item(t, t.o.node(act.node), chips[act.index].entry_id)


@on(a.ToggleProblem, lambda t, act: _at_role(t, "problems") and act.pair < len(aid_screens.pairs(t)))
def toggle_problem(t: Turn, act: a.ToggleProblem) -> None:
    """Choose a stock problem, or unchoose it."""
    pair = aid_screens.pairs(t)[act.pair]
    node = pos.current(t.o, t.d)
    assert node is not None
    if pair.problem in pos.used_sources(t.d):
        t.drop_items(node.id, source=pair.problem)
        screens.ask(t, texts.unchosen(pair.label))
    else:
        add_bank_item(t, node, pair.problem)


@on(a.DropPlan, _proposed)
def drop_plan(t: Turn, act: a.DropPlan) -> None:
    """Turn down the measure proposed for a problem."""
    pair = aid_screens.pairs(t)[act.pair]
    t.d.dropped_pairs = (*t.d.dropped_pairs, pair.id)
    screens.ask(t, texts.plan_dropped(pair.label))


@on(a.AdoptPlan, _proposed)
def adopt_plan(t: Turn, act: a.AdoptPlan) -> None:
    """Take the proposed measure (or the alternative shown)."""
    pair = aid_screens.pairs(t)[act.pair]
    node = pos.current(t.o, t.d)
    assert node is not None
    add_bank_item(t, node, pair.plans[act.alt % len(pair.plans)])


@on(a.SwapPlan, _proposed)
def swap_plan(t: Turn, act: a.SwapPlan) -> None:
    """Show the next alternative measure for a problem."""
    assert t.ctx.matcher is not None
    pair = aid_screens.pairs(t)[act.pair]
    alt = act.alt % len(pair.plans)
    text = pos.prefill(t.o, t.d, t.ctx.matcher.fill(pair.plans[alt], "").text)
    t.say(
        texts.other_plan(pair.label, text),
        [
            [
                t.button(labels.B_ADOPT, a.AdoptPlan(act.pair, alt)),
                t.button(labels.B_SWAP_AGAIN, a.SwapPlan(act.pair, alt + 1)),
                t.button(labels.B_DROP, a.DropPlan(act.pair)),
            ]
        ],
    )


@on(a.AdoptAll, lambda t, act: _at_role(t, "plans"))
def adopt_all(t: Turn, act: a.AdoptAll) -> None:
    """Take every proposed measure and finish the part."""
    assert t.ctx.matcher is not None
    node = pos.current(t.o, t.d)
    assert node is not None
    taken = []
    for _, pair in aid_screens.proposals(t):
        # Two problems may share their best measure: take it once.
        if pair.plans[0] in pos.used_sources(t.d):
            continue
        s = t.ctx.matcher.fill(pair.plans[0], "")
        item = Item(id=t.d.next_item_id, text=pos.prefill(t.o, t.d, s.text), source=s.entry_id)
        t.append_item(node, item)
        taken.append(item.text)
    t.d.pending = None
    if t.d.items.get(node.id):
        # The button says it moves on: taking every measure is what a user does last in this part.
        t.d.status[node.id] = "done"
        t.d.focus = None
    screens.ask(t, texts.adopted(taken))


@on(a.TakeStock, lambda t, act: (n := pos.current(t.o, t.d)) is not None and n.id == act.node)
def take_stock(t: Turn, act: a.TakeStock) -> None:
    """Add a stock answer (a cause) to the current node, once."""
    node = t.o.node(act.node)
    found = aid_screens.stock(t, node)
    if act.index >= len(found):
        screens.stale(t)
        return
    label, text = found[act.index]
    item = Item(id=t.d.next_item_id, text=texts.as_item(text))
    if (refused := limits.cannot_add(t.d, node.id, item.text)) is not None:
        screens.ask(t, refused)
        return
    if any(it.text == item.text for it in t.d.items.get(node.id, [])):
        screens.ask(t, texts.chip_used(label))
        return
    t.append_item(node, item)
    t.d.pending = None
    t.toast = labels.T_ADDED
    screens.ask(t, texts.added(item.text))
