"""The screens that follow an answer to a sub-topic: its items as the document writes them, and wordings.

Screens change nothing but the reply (see bot.engine.screens).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.cleaning import as_sentence
from bot.engine import actions as a
from bot.engine import labels, texts
from bot.engine import position as pos
from bot.engine.events import Button
from bot.engine.turn import Turn, short
from bot.model import Item

SUGGESTIONS_SHOWN = 3
# Buttons that keep an item as typed, at most, under one answer (a message of many facts).
AS_TYPED_SHOWN = 3
_END_MARKS = "。！？；，,. "


def polished(t: Turn, text: str) -> str:
    """Return an item's own words as the document will write them (as typed while the matcher loads)."""
    facts = t.ctx.tools.facts if t.ctx.tools else None
    return facts.polish(text) if facts is not None else text


def own_item(t: Turn, text: str) -> str:
    """Return the user's words as an item's text, a count they said they do not know left a gap to fill."""
    facts = t.ctx.tools.facts if t.ctx.tools else None
    return as_sentence(facts.leave_gaps(text) if facts is not None else text)


def written(t: Turn, item: Item) -> str:
    """Return an item as the document will write it (own words polished, wordings and kept words as they are)."""
    return polished(t, item.text) if item.source is None else item.text


def differs(t: Turn, item: Item) -> bool:
    """Tell whether the document would write an item of own words otherwise than it was typed."""
    return item.source is None and polished(t, item.text).rstrip(_END_MARKS) != item.text.rstrip(_END_MARKS)


def as_typed_buttons(t: Turn, node_id: str, items: Sequence[Item]) -> list[Button]:
    """Return a button per item the document would polish, to keep it as typed instead."""
    places = {it.id: n for n, it in enumerate(t.d.items.get(node_id, []), 1)}
    shown = [it for it in items if differs(t, it)]
    if len(shown) == 1:
        return [t.button(labels.B_AS_TYPED, a.KeepAsTyped(shown[0].id))]
    return [t.button(labels.as_typed_of(places[it.id]), a.KeepAsTyped(it.id)) for it in shown[:AS_TYPED_SHOWN]]


def noted(t: Turn, node_id: str, items: Sequence[Item]) -> str:
    """Return the lines that confirm an answer's items as the document will write them."""
    places = {it.id: n for n, it in enumerate(t.d.items.get(node_id, []), 1)}
    lines = [(places[it.id], polished(t, it.text)) for it in items]
    hint = texts.AS_TYPED_HINT if any(differs(t, it) for it in items) else ""
    return texts.noted_items(lines) + hint


def suggestions(t: Turn, head: str) -> None:
    """Show the page of offered wordings for the pending answer."""
    p = t.d.pending
    matcher = t.ctx.matcher
    if p is None or matcher is None:
        raise RuntimeError("no wordings are pending")
    start = p.page * SUGGESTIONS_SHOWN
    lines = [head, texts.OFFER_HEAD]
    rows: list[list[Button]] = []
    for i, entry_id in enumerate(p.options[start : start + SUGGESTIONS_SHOWN]):
        s = matcher.fill(entry_id, p.text or "")
        lines.append(f"{i + 1}. {pos.prefill(t.o, t.d, s.text)}")
        # The button shows the start of the very sentence it puts in, not the bank entry's own label.
        rows.append([t.button(f"{i + 1}. {short(s.text, 16)}", a.PickWording(p.nonce, start + i))])
    lines.append(texts.SEND_NEXT)
    row = [t.button(labels.B_OWN, a.KeepOwn(p.nonce))]
    item = t.find_item(p.node, p.item) if p.item is not None else None
    if item is not None and differs(t, item):
        row.append(t.button(labels.B_AS_TYPED, a.KeepAsTyped(item.id)))
    if len(p.options) > SUGGESTIONS_SHOWN:
        row.append(t.button(labels.B_MORE, a.MoreWordings(p.nonce)))
    rows.append(row)
    rows.append([t.button(labels.B_PART_DONE, a.Done(p.node)), t.button(labels.B_OUTLINE, a.Overview())])
    t.say("\n".join(lines), rows)
