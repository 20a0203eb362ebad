"""The lines and buttons that offer follow-ups: a part's optional questions, which the flow does not ask in turn."""

from __future__ import annotations

from bot.engine import actions as a
from bot.engine import labels, texts
from bot.engine import position as pos
from bot.engine.answer_screens import polished
from bot.engine.events import Button
from bot.engine.turn import Turn, short
from bot.outline import Node

# Follow-ups one screen offers at most (the part just finished, and the part itself when back in it).
MAX_FOLLOW_UPS = 3


def follow_up_rows(t: Turn, node: Node | None, lines: list[str]) -> list[list[Button]]:
    """Return a button per follow-up the screen offers, adding one short line each to `lines`."""
    rows: list[list[Button]] = []
    for f in pos.offered(t.o, t.d, node)[:MAX_FOLLOW_UPS]:
        lines.append(follow_up_line(t, f))
        rows.append([t.button(follow_up_label(t, f, node), a.OpenFollowUp(f.id))])
    return rows


def follow_up_label(t: Turn, f: Node, node: Node | None) -> str:
    """Return a follow-up's button label, naming its part when that is not the part on screen."""
    # An answered fact's button changes it: 「➕补…」 would read as adding another. A list's still adds to it.
    changes = f.type != "items" and answered(t, f)
    label = labels.change_follow_up(f.button or f.label) if changes else f.button or f.label
    if node is not None and f.part == node.part:
        return label
    # 「➕补成效/荣誉」 under 党风廉政's question would read as 党风廉政's own: it is 意识形态's.
    return f"{label}（{short(t.o.parts[f.part].title(t.o, t.d.kind), 8)}）"


def follow_up_line(t: Turn, f: Node) -> str:
    """Return the one line offering a follow-up: what it asks, or what it holds when answered."""
    value = answered(t, f)
    return texts.follow_up_value(f.label, short(value, 20)) if value else texts.follow_up(f.label, f.hint or "")


def answered(t: Turn, f: Node) -> str | None:
    """Return what a follow-up holds (its answer, or how many items), None while it is unanswered."""
    if f.type == "items":
        count = len(t.d.items.get(f.id, []))
        return texts.items_so_far(count).rstrip("：") if count else None
    value = t.d.facts.get(f.id)
    # A result is written polished: shown as typed under 「已记下」's polished one, a tester could not tell which stood.
    return polished(t, value).rstrip("。") if value and f.role == "result" else value
