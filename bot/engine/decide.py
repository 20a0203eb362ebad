"""The engine's entry point: one stored state and one user event in, the new state and a reply out.

Nothing here knows about Telegram. The position in the dialogue is never stored as a cursor: it is
derived from what the draft holds (docassemble's model), plus an explicit `focus` when the user moved
somewhere on purpose (目录, 上一步, 修改).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine import actions as a
from bot.engine import position as pos
from bot.engine import review_screens, screens, texts
from bot.engine.events import Command, CopyDraft, Event, Outcome, Press, Text, Unsupported
from bot.engine.inputs import read_text
from bot.engine.ports import Context
from bot.engine.registry import STEPS
from bot.engine.steps import aids as _aids  # noqa: F401  (registers its steps)
from bot.engine.steps import answers, drafts, review
from bot.engine.steps import follow_ups as _follow_ups  # noqa: F401  (registers its steps)
from bot.engine.steps import suggestions as _suggestions  # noqa: F401  (registers its steps)
from bot.engine.turn import Turn
from bot.model import UserState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommandSpec:
    """A slash command: what it does, and whether it needs an active draft."""

    run: Callable[[Turn], None]
    needs_draft: bool = False


COMMANDS: dict[str, CommandSpec] = {
    "start": CommandSpec(drafts.start),
    "help": CommandSpec(lambda t: t.say(texts.HELP)),
    "new": CommandSpec(lambda t: screens.ask_kind(t, texts.NEW_MENU)),
    "drafts": CommandSpec(drafts.list_drafts),
    "forget": CommandSpec(drafts.confirm_forget),
    "outline": CommandSpec(screens.overview, needs_draft=True),
    "back": CommandSpec(lambda t: answers.back(t, pos.current(t.o, t.d)), needs_draft=True),
    "skip": CommandSpec(lambda t: answers.skip(t, pos.current(t.o, t.d)), needs_draft=True),
    "preview": CommandSpec(review.preview, needs_draft=True),
    "download": CommandSpec(review.download, needs_draft=True),
    "review": CommandSpec(review_screens.review, needs_draft=True),
}


def decide(state: UserState, event: Event, ctx: Context) -> Outcome:
    """Handle one event for one user and return what to store and what to answer."""
    t = Turn(state, ctx)
    if isinstance(event, Command) and event.name == "back" and editing(t):
        answers.cancel_edit(t)  # /back while editing gives the edit up, and goes back where it started
        return t.outcome()
    if isinstance(event, Command | Press) and not gives_edit_up(event):
        end_waiting_input(t)
    if isinstance(event, Command):
        run_command(t, event)
    elif isinstance(event, Press):
        press(t, event.data)
    elif isinstance(event, Text):
        read_text(t, event.text)
    elif isinstance(event, Unsupported):
        screens.show_position(t, texts.ONLY_TEXT)
    elif isinstance(event, CopyDraft):
        drafts.copy_draft(t, event)
    else:
        screens.show_position(t, event.note)
    return t.outcome()


def editing(t: Turn) -> bool:
    """Tell whether the next text would replace an item (an edit is under way)."""
    return t.draft is not None and t.draft.pending is not None and t.draft.pending.kind == "edit"


def gives_edit_up(event: Event) -> bool:
    """Tell whether a press is 不改了 under an edit: it ends the edit itself, and says so."""
    decoded = a.decode(event.data) if isinstance(event, Press) else None
    return decoded is not None and isinstance(decoded[1], a.KeepItem)


def end_waiting_input(t: Turn) -> None:
    """Give up a rename or an edit: it waits for the very next input, and this is something else."""
    t.mode = None
    if editing(t):
        assert t.draft is not None
        t.draft.pending = None


def run_command(t: Turn, cmd: Command) -> None:
    """Run a slash command, or say there is none of that name."""
    spec = COMMANDS.get(cmd.name)
    if spec is None:
        t.say(texts.UNKNOWN_COMMAND)
    elif spec.needs_draft and t.draft is None:
        screens.ask_kind(t, texts.NO_DRAFT)
    else:
        spec.run(t)


def press(t: Turn, data: str) -> None:
    """Run the step of a pressed button, or say the button is stale."""
    decoded = a.decode(data)
    if decoded is None:
        logger.info("undecodable button data")
        screens.stale(t)
        return
    draft_id, act = decoded
    reg = STEPS.get(type(act))
    if reg is None:
        logger.error("no step for %s", type(act).__name__)
        screens.stale(t)
        return
    if act.on_draft and (t.draft is None or draft_id != t.draft.id):
        screens.stale(t)
    elif reg.guard(t, act):
        reg.step(t, act)
    else:
        screens.stale(t)
