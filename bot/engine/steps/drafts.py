"""Steps on the user's drafts: start, new, copy, list, switch, rename, delete, forget."""

from __future__ import annotations

from dataclasses import replace

from bot import limits
from bot.engine import actions as a
from bot.engine import labels, screens, texts
from bot.engine import position as pos
from bot.engine.events import CopyDraft, Resume
from bot.engine.registry import on
from bot.engine.turn import Turn
from bot.model import Draft, Item

MAX_DRAFTS = 20
MAX_NAME_CHARS = 30


def start(t: Turn) -> None:
    """Greet the user: offer the kinds, or say where they were."""
    if t.draft is None:
        screens.ask_kind(t, texts.WELCOME)
    else:
        screens.welcome_back(t)


def list_drafts(t: Turn) -> None:
    """Show the user's drafts, or the kinds when there are none."""
    if t.drafts:
        screens.drafts_list(t)
    else:
        screens.ask_kind(t, texts.NO_DRAFT)


def confirm_forget(t: Turn) -> None:
    """Ask before deleting everything stored about the user."""
    t.say(
        texts.confirm_forget(len(t.drafts)),
        [[t.button(labels.B_DELETE_ALL, a.Forget()), t.button(labels.B_KEEP_ALL, a.Cancel())]],
    )


def new_draft(t: Turn, kind: str, announce: bool = True) -> bool:
    """Start a blank draft of `kind` and make it active; False when the user has too many."""
    if len(t.drafts) >= MAX_DRAFTS:
        t.say(texts.too_many_drafts(MAX_DRAFTS))
        list_drafts(t)
        return False
    now = t.ctx.now.isoformat(timespec="seconds")
    t.keep_active()
    t.draft = Draft(
        id=t.ctx.new_id(),
        owner=t.user_id,
        kind=kind,
        outline_version=t.o.version,
        created_at=now,
        updated_at=now,
    )
    t.original = None
    if announce:
        screens.ask(t, texts.created(t.o.kind(kind).name))
    return True


def copy_draft(t: Turn, event: CopyDraft) -> None:
    """Start a draft from an earlier one: carried facts as they were, every number turned into a gap."""
    source, tools = event.source, t.ctx.tools
    if source is None or tools is None or not _is_kind(t, event.kind):
        screens.stale(t)
        return
    if not new_draft(t, event.kind, announce=False):
        return
    d = t.d
    carried = {n.id for n in t.o.nodes if n.carry}
    d.facts = {n: v for n, v in source.facts.items() if n in carried}
    count = 0
    for node in t.o.nodes:
        for it in source.items.get(node.id, []):
            text = tools.blank_numbers(it.text)
            # A source draft from before the caps may hold more than a draft may now: copy up to them.
            if limits.cannot_add(d, node.id, text) is None:
                t.append_item(node, Item(id=d.next_item_id, text=text, source=it.source))
                count += 1
    d.focus = None
    note = texts.copied(t.o.kind(event.kind).name, pos.display_name(t.o, source), count)
    if t.o.kind(event.kind).period != t.o.kind(source.kind).period and t.ctx.documents is not None:
        # A 上半年 draft copied from a 年度 one: items on the whole year (全年, 12月, 年底) read wrong there.
        ids = t.ctx.documents.year_only(d)
        if ids:
            t.say(note)
            screens.year_only_list(t, ids)
            return
    screens.ask(t, note)


def rename(t: Turn, draft_id: str, name: str) -> None:
    """Give a draft the name the user typed."""
    t.mode = None
    if t.owned(draft_id) is None:
        screens.stale(t)
        return
    if len(name) > MAX_NAME_CHARS:
        t.mode = f"rename:{draft_id}"
        t.say(texts.name_too_long(len(name), MAX_NAME_CHARS))
        return
    t.renamed[draft_id] = name
    if t.draft is not None and t.draft.id == draft_id:
        t.draft.name = name
    t.drafts = [replace(x, name=name) if x.id == draft_id else x for x in t.drafts]
    screens.show_position(t, texts.renamed(name))


def _is_kind(t: Turn, kind: str) -> bool:
    return any(k.id == kind for k in t.o.kinds)


def _kind_known(t: Turn, act: a.PickKind | a.NewBlank) -> bool:
    return _is_kind(t, act.kind)


def _owns(t: Turn, act: a.SwitchTo | a.Rename | a.AskDelete | a.Delete) -> bool:
    return t.owned(act.draft) is not None


@on(a.PickKind, _kind_known)
def pick_kind(t: Turn, act: a.PickKind) -> None:
    """Start the chosen kind blank, or ask whether to copy an earlier draft."""
    if t.drafts:
        screens.ask_start(t, act.kind)
    else:
        new_draft(t, act.kind)


@on(a.NewBlank, _kind_known)
def new_blank(t: Turn, act: a.NewBlank) -> None:
    """Start a blank draft of the chosen kind."""
    new_draft(t, act.kind)


@on(a.CopyFrom, lambda t, act: t.owned(act.source) is not None)
def copy_from(t: Turn, act: a.CopyFrom) -> None:
    """Have the assistant load the source draft, then copy it."""
    t.follow_up = CopyDraft(act.kind, act.source)


@on(a.NewMenu)
def new_menu(t: Turn, act: a.NewMenu) -> None:
    """Offer the kinds of a new draft."""
    screens.ask_kind(t, texts.NEW_MENU)


@on(a.ListDrafts)
def show_drafts(t: Turn, act: a.ListDrafts) -> None:
    """Show the user's drafts."""
    list_drafts(t)


@on(a.Continue, lambda t, act: t.draft is not None)
def go_on(t: Turn, act: a.Continue) -> None:
    """Ask the current question of the active draft."""
    screens.ask(t)


@on(a.SwitchTo, _owns)
def switch(t: Turn, act: a.SwitchTo) -> None:
    """Make another draft active and have the assistant reload it."""
    if t.draft is not None and t.draft.id == act.draft:
        screens.ask(t)
        return
    t.keep_active()
    # The engine only holds the active draft: switch the pointer and let the caller reload.
    t.switch_to = act.draft
    t.draft = None
    t.original = None
    t.follow_up = Resume(texts.SWITCHED)


@on(a.Rename, _owns)
def ask_rename(t: Turn, act: a.Rename) -> None:
    """Ask for a draft's new name; the next text is the name."""
    t.mode = f"rename:{act.draft}"
    s = t.owned(act.draft)
    assert s is not None
    t.say(texts.ask_rename(screens.summary_name(t, s), MAX_NAME_CHARS))


@on(a.AskDelete, _owns)
def ask_delete(t: Turn, act: a.AskDelete) -> None:
    """Ask before deleting a draft."""
    s = t.owned(act.draft)
    assert s is not None
    t.say(
        texts.confirm_delete(screens.summary_name(t, s)),
        [[t.button(labels.B_CONFIRM_DELETE, a.Delete(act.draft)), t.button(labels.B_KEEP_ALL, a.Cancel())]],
    )


@on(a.Delete, _owns)
def delete(t: Turn, act: a.Delete) -> None:
    """Delete a draft; when it was the active one, switch to the most recent other."""
    s = t.owned(act.draft)
    assert s is not None
    t.deleted.append(act.draft)
    t.drafts = [d for d in t.drafts if d.id != act.draft]
    t.toast = labels.T_DELETED
    note = texts.deleted(screens.summary_name(t, s))
    if t.draft is not None and t.draft.id == act.draft:
        t.draft = None
        t.original = None
        if t.drafts:
            t.switch_to = t.drafts[0].id
            t.follow_up = Resume(note)
            return
    screens.show_position(t, note)


@on(a.Forget)
def forget(t: Turn, act: a.Forget) -> None:
    """Delete every draft and the user row."""
    t.forget_user = True
    t.deleted += [s.id for s in t.drafts]
    t.drafts = []
    t.draft = None
    t.original = None
    t.mode = None
    t.toast = labels.T_DELETED
    t.say(texts.FORGOTTEN)


@on(a.Cancel)
def cancel(t: Turn, act: a.Cancel) -> None:
    """Keep what the confirmation would have deleted."""
    screens.show_position(t, texts.NOT_DELETED)
