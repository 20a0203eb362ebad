"""One event being handled: a private copy of the user's state, the replies gathered, and what to write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.engine.actions import Action, encode
from bot.engine.events import Button, Event, Message, Outcome
from bot.engine.ports import Context
from bot.model import Draft, DraftSummary, Item, UserState
from bot.outline import Node, Outline


class Turn:
    """The state of one user while one event is handled; steps change it, screens read it."""

    def __init__(self, state: UserState, ctx: Context) -> None:
        self.ctx = ctx
        self.o: Outline = ctx.outline
        self.user_id = state.user_id
        self.drafts = list(state.drafts)
        self.original = state.active
        self.draft = _private_copy(state.active)
        if self.draft is not None:
            upgrade(self.o, self.draft)
        self.mode = state.mode
        self.replies: list[Message] = []
        self.renamed: dict[str, str] = {}
        self.deleted: list[str] = []
        self.toast: str | None = None
        self.follow_up: Event | None = None
        self.extra_writes: list[Draft] = []
        # Set when the active draft changes to one this turn does not hold (switch, delete).
        self.switch_to: str | None = None
        self.forget_user = False

    @property
    def d(self) -> Draft:
        """The active draft; draft steps run only when there is one (the dispatcher sees to it)."""
        if self.draft is None:
            raise RuntimeError("a draft step ran without an active draft")
        return self.draft

    def outcome(self) -> Outcome:
        """Return what to store and what to answer."""
        writes = list(self.extra_writes)
        if self.draft is not None and self.draft != self.original:
            self.draft.updated_at = self.ctx.now.isoformat(timespec="seconds")
            writes.append(self.draft)
        active_id = self.switch_to or (self.draft.id if self.draft is not None else None)
        return Outcome(
            replies=self.replies,
            active_id=active_id,
            mode=self.mode,
            write=writes,
            renamed=self.renamed,
            deleted=self.deleted,
            toast=self.toast,
            follow_up=self.follow_up,
            forget=self.forget_user,
        )

    # -- replies --

    def say(self, text: str, buttons: Sequence[Sequence[Button]] = ()) -> None:
        """Add a message to the reply."""
        self.replies.append(Message(text, tuple(tuple(row) for row in buttons if row)))

    def button(self, label: str, act: Action) -> Button:
        """Return a button for `act`, bound to the active draft when the action is a draft's."""
        return Button(label, encode(act, self.d.id if act.on_draft else None))

    # -- the user's drafts --

    def owned(self, draft_id: str) -> DraftSummary | None:
        """Return the user's draft `draft_id` from their list, if they own it."""
        return next((s for s in self.drafts if s.id == draft_id), None)

    def keep_active(self) -> None:
        """Write the active draft's changes even though another draft becomes active."""
        if self.draft is not None and self.draft != self.original:
            self.extra_writes.append(self.draft)

    # -- items, written once --

    def find_item(self, node_id: str, item_id: int) -> Item | None:
        """Return item `item_id` of node `node_id`, if it is there."""
        return next((it for it in self.d.items.get(node_id, []) if it.id == item_id), None)

    def locate_item(self, item_id: int) -> tuple[str, Item] | None:
        """Return (node id, item) of item `item_id`, wherever it is."""
        for node_id, items in self.d.items.items():
            for it in items:
                if it.id == item_id:
                    return node_id, it
        return None

    def replace_item(self, node_id: str, new: Item) -> None:
        """Put `new` in place of the item with its id."""
        self.d.items[node_id] = [new if it.id == new.id else it for it in self.d.items[node_id]]

    def append_item(self, node: Node, item: Item) -> None:
        """Add an item at the end of a node, which becomes the one being asked."""
        d = self.d
        d.next_item_id = max(d.next_item_id, item.id + 1)
        d.items.setdefault(node.id, []).append(item)
        # An items node is open while the user is adding to it, whatever its earlier status.
        d.status.pop(node.id, None)
        d.focus = node.id

    def drop_items(self, node_id: str, *, item_id: int | None = None, source: str | None = None) -> bool:
        """Remove a node's items with id `item_id` or from `source`; return whether the node has none left."""
        d = self.d
        left = [it for it in d.items.get(node_id, []) if it.id != item_id and (source is None or it.source != source)]
        if left:
            d.items[node_id] = left
        else:
            d.items.pop(node_id, None)
        return not left


def _private_copy(draft: Draft | None) -> Draft | None:
    """Copy the mutable containers of a draft; items and pending are frozen and can be shared."""
    if draft is None:
        return None
    return replace(
        draft,
        facts=dict(draft.facts),
        items={node: list(items) for node, items in draft.items.items()},
        status=dict(draft.status),
    )


def upgrade(outline: Outline, draft: Draft) -> None:
    """Bring a draft of an older outline version up to date, renaming its node ids; others are left as they are."""
    renames = outline.upgrades.get(draft.outline_version)
    if renames is None:
        return

    def new(node_id: str) -> str:
        return renames.get(node_id, node_id)

    draft.facts = {new(k): v for k, v in draft.facts.items()}
    draft.items = {new(k): v for k, v in draft.items.items()}
    draft.status = {new(k): v for k, v in draft.status.items()}
    draft.focus = new(draft.focus) if draft.focus else None
    draft.pending = replace(draft.pending, node=new(draft.pending.node)) if draft.pending else None
    draft.outline_version = outline.version


def known_outline(outline: Outline, draft: Draft) -> bool:
    """Tell whether the draft's outline version is this outline's (after any upgrade)."""
    return draft.outline_version == outline.version


def short(text: str, n: int) -> str:
    """Cut `text` to `n` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1] + "…"
