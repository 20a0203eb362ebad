"""Steps on follow-ups: the optional questions of a part that the flow does not ask in turn (data/outline.toml)."""

from __future__ import annotations

from bot.engine import actions as a
from bot.engine import position as pos
from bot.engine import screens
from bot.engine.registry import on
from bot.engine.turn import Turn


def askable(t: Turn, act: a.OpenFollowUp) -> bool:
    """Guard: the button names a follow-up this draft asks (not one of a skipped part, nor of another kind)."""
    if not t.o.has_node(act.node):
        return False
    node = t.o.node(act.node)
    return node.follow_up and pos.asked(t.o, t.d, node)


@on(a.OpenFollowUp, askable)
def open_follow_up(t: Turn, act: a.OpenFollowUp) -> None:
    """Ask the follow-up; once it is answered, skipped or finished, the flow goes on where it was."""
    t.d.focus = act.node
    t.d.pending = None
    screens.ask(t)
