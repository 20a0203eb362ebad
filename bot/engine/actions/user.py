"""Buttons of the user's own: drafts, kinds, confirmations (`u:<code>[:arg…]`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.actions.codec import Action, action


@action
@dataclass(frozen=True)
class PickKind(Action):
    """Choose the kind of a new draft."""

    code = "kind"
    on_draft = False
    kind: str


@action
@dataclass(frozen=True)
class NewBlank(Action):
    """Start a blank draft of a kind."""

    code = "new"
    on_draft = False
    kind: str


@action
@dataclass(frozen=True)
class CopyFrom(Action):
    """Start a draft of a kind from an earlier draft's items."""

    code = "cp"
    on_draft = False
    kind: str
    source: str


@action
@dataclass(frozen=True)
class NewMenu(Action):
    """Show the kinds to start a new draft with."""

    code = "newmenu"
    on_draft = False


@action
@dataclass(frozen=True)
class ListDrafts(Action):
    """Show the user's drafts."""

    code = "list"
    on_draft = False


@action
@dataclass(frozen=True)
class Continue(Action):
    """Go on with the active draft."""

    code = "cont"
    on_draft = False


@action
@dataclass(frozen=True)
class SwitchTo(Action):
    """Make another draft the active one."""

    code = "sw"
    on_draft = False
    draft: str


@action
@dataclass(frozen=True)
class Rename(Action):
    """Ask for a draft's new name."""

    code = "rn"
    on_draft = False
    draft: str


@action
@dataclass(frozen=True)
class AskDelete(Action):
    """Ask whether to delete a draft."""

    code = "dl"
    on_draft = False
    draft: str


@action
@dataclass(frozen=True)
class Delete(Action):
    """Delete a draft (confirmed)."""

    code = "dly"
    on_draft = False
    draft: str


@action
@dataclass(frozen=True)
class Forget(Action):
    """Delete everything stored about the user (confirmed)."""

    code = "fgy"
    on_draft = False


@action
@dataclass(frozen=True)
class Cancel(Action):
    """Keep what a confirmation would have deleted."""

    code = "no"
    on_draft = False
