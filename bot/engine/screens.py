"""Every message the bot shows, as a function that reads the turn's state and adds the message.

Screens change nothing but the reply; the steps in bot.engine.steps change the state and then call one.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine import actions as a
from bot.engine import aid_screens, answer_screens, gap_texts, labels, texts
from bot.engine import position as pos
from bot.engine.events import Button
from bot.engine.follow_up_screens import follow_up_rows
from bot.engine.turn import Turn, known_outline, short
from bot.model import GAP_OPEN, DraftSummary, Item
from bot.outline import Node

# Items an item list shows with their buttons: 2 an item and a row to go back stay within the 30 buttons that
# fit on a phone screen (Telegram itself takes 100).
MAX_ITEM_BUTTONS = 14
# Gaps listed before a download that get a button of their own.
GAP_BUTTONS = 9


def stale(t: Turn) -> None:
    """Say the button is out of date and show where the user is."""
    t.toast = texts.STALE_TOAST
    if t.draft is None:
        ask_kind(t, texts.STALE_NO_DRAFT)
    else:
        ask(t, texts.STALE)


def ask_kind(t: Turn, text: str) -> None:
    """Ask which kind of document to start."""
    t.say(text, [[t.button(k.name, a.PickKind(k.id))] for k in t.o.kinds])


def summary_name(t: Turn, s: DraftSummary) -> str:
    """Return a listed draft's name as the user sees it."""
    return s.name or pos.default_name(t.o, s.kind, s.unit, s.year)


def welcome_back(t: Turn) -> None:
    """Greet a returning user with where they were."""
    node = pos.current(t.o, t.d)
    where = pos.where(t.o, t.d, node) if node else texts.ALL_FILLED
    note = "" if known_outline(t.o, t.d) else "\n" + texts.OTHER_OUTLINE
    t.say(
        texts.welcome_back(pos.display_name(t.o, t.d), where) + note,
        [
            [t.button(labels.B_CONTINUE, a.Continue())],
            [t.button(labels.B_NEW, a.NewMenu()), t.button(labels.B_DRAFTS, a.ListDrafts())],
        ],
    )


def ask_start(t: Turn, kind: str) -> None:
    """Offer to start blank or from one of the user's recent drafts."""
    rows = [[t.button(labels.B_BLANK, a.NewBlank(kind))]]
    rows += [[t.button(texts.copy_from(short(summary_name(t, s), 24)), a.CopyFrom(kind, s.id))] for s in t.drafts[:5]]
    t.say(texts.start_how(t.o.kind(kind).name), rows)


def drafts_list(t: Turn) -> None:
    """Show the user's drafts with switch, rename and delete buttons."""
    lines = [texts.MY_DRAFTS]
    rows: list[list[Button]] = []
    for n, s in enumerate(t.drafts, 1):
        mark = texts.CURRENT_MARK if t.draft is not None and s.id == t.draft.id else ""
        lines.append(f"{n}. {summary_name(t, s)}{mark}")
        rows.append(
            [
                t.button(f"{n} 切换", a.SwitchTo(s.id)),
                t.button(f"{n} 改名", a.Rename(s.id)),
                t.button(f"{n} 删除", a.AskDelete(s.id)),
            ]
        )
    rows.append([t.button(labels.B_NEW, a.NewMenu())])
    t.say("\n".join(lines), rows)


def show_position(t: Turn, note: str = "") -> None:
    """Show where the user is: the current question, or their drafts when none is active."""
    if t.draft is not None:
        ask(t, note)
        return
    if note:
        t.say(note)
    if t.drafts:
        drafts_list(t)
    else:
        ask_kind(t, texts.NO_DRAFT)


def ask(t: Turn, note: str = "", lead: Sequence[Button] = ()) -> None:
    """Ask the current question (or say the draft is complete) after an optional note, with `lead` buttons for it."""
    d = t.d
    node = pos.current(t.o, d)
    head = f"{note}\n\n" if note else ""
    if (waiting := pending_gap(t)) is not None:
        # The stored pending gap is where the user is, after a restart too: a number typed now fills it.
        gap_prompt(t, head + gap_texts.gap_waiting(waiting.text), waiting.id)
        return
    # The follow-ups on offer (mostly the part just finished) come first, one line each: the question asked
    # stays last, next to its buttons.
    offers: list[str] = []
    follow_ups = follow_up_rows(t, node, offers)
    if offers:
        head += "\n".join(offers) + "\n\n"
    if node is None:
        rows = [
            *follow_ups,
            [t.button(labels.B_PREVIEW, a.ShowPreview()), t.button(labels.B_DOWNLOAD, a.Download())],
            [t.button(labels.B_OUTLINE, a.Overview())],
        ]
        t.say(head + texts.ALL_DONE, rows)
        return
    lines = [f"【{pos.where(t.o, d, node)}】", node.question(d.kind)]
    rows = items_rows(t, node, lines) if node.type == "items" else fact_rows(t, node, lines)
    # Below the question's own buttons, so those keep their places when an offer comes or goes.
    rows += follow_ups
    if lead:
        rows.append(list(lead))
    nav: list[Button] = []
    if pos.previous(t.o, t.d, node) is not None:
        nav.append(t.button(labels.B_BACK, a.Back(node.id)))
    nav.append(t.button(labels.B_OUTLINE, a.Overview()))
    rows.append(nav)
    t.say(head + "\n".join(lines), rows)


def pending_gap(t: Turn) -> Item | None:
    """Return the item whose gap the next number fills, if a gap prompt is open."""
    p = t.d.pending
    if p is None or p.kind != "gap" or p.item is None:
        return None
    item = t.find_item(p.node, p.item)
    return item if item is not None and GAP_OPEN in item.text else None


def items_rows(t: Turn, node: Node, lines: list[str]) -> list[list[Button]]:
    """Return the buttons of an items question, adding its text to `lines`."""
    items = t.d.items.get(node.id, [])
    rows: list[list[Button]] = []
    if items:
        lines.append(texts.items_so_far(len(items)))
        lines += [f"{i}. {short(answer_screens.written(t, it), 40)}" for i, it in enumerate(items, 1)]
        lines.append(texts.NEXT_OR_DONE)
        rows.append(
            [t.button(labels.B_PART_DONE, a.Done(node.id)), t.button(labels.B_EDIT_ITEMS, a.ListItems(node.id))]
        )
    else:
        lines.append(texts.example(node.example))
        lines.append(texts.ONE_THING_EACH)
        if node.skippable:
            rows.append([t.button(labels.B_SKIP_PART, a.Skip(node.id))])
    return aid_screens.aid_rows(t, node, lines) + rows


def fact_rows(t: Turn, node: Node, lines: list[str]) -> list[list[Button]]:
    """Return the buttons of a fact or year question, adding its text to `lines`."""
    d = t.d
    value = d.facts.get(node.id)
    offer = offer_of(t, node)
    if value:
        lines.append(texts.current_value(value))
    elif offer:
        lines.append(texts.common_wording(offer))
    else:
        lines.append(texts.example(node.example))
    rows: list[list[Button]] = []
    if offer and offer != value:
        rows.append([t.button(labels.B_TAKE_OFFER, a.TakeOffer(node.id))])
    if node.choices:
        rows.append([t.button(c, a.Choose(node.id, i)) for i, c in enumerate(node.choices)])
    if node.type == "year":
        this_year = t.ctx.now.year
        rows.append([t.button(str(y), a.Year(y)) for y in (this_year, this_year - 1)])
    if value and d.focus == node.id:
        rows.append([t.button(labels.B_KEEP, a.Done(node.id))])
    if node.skippable:
        rows.append([t.button(labels.B_DROP_FACT if value else labels.B_SKIP, a.Skip(node.id))])
    return rows


def offer_of(t: Turn, node: Node) -> str | None:
    """Return the wording a fact node offers to take with one tap (the year's guiding line)."""
    return t.ctx.offer(node.offer, pos.fact(t.o, t.d, "year")) if node.offer else None


def overview(t: Turn) -> None:
    """Show the outline with each part's state and a button to go there."""
    d = t.d
    lines = [texts.outline_head(pos.display_name(t.o, d)), pos.progress(t.o, d).line()]
    rows: list[list[Button]] = []
    row: list[Button] = []
    now = pos.current(t.o, d)
    for part in t.o.parts:
        here = texts.HERE_MARK if now is not None and now.part == part.index else ""
        title = part.title(t.o, d.kind)
        lines.append(f"{part.index + 1}. {title}：{pos.part_state(t.o, d, part).value}{here}")
        row.append(t.button(f"{part.index + 1}. {short(title, 8)}", a.Jump(part.index)))
        if len(row) == 2:
            rows.append(row)
            row = []
    rows.append(row)
    rows.append([t.button(labels.B_PREVIEW, a.ShowPreview()), t.button(labels.B_DOWNLOAD, a.Download())])
    t.say("\n".join(lines) + "\n" + texts.OUTLINE_HINT, rows)


def items_list(t: Turn, node: Node) -> None:
    """Show a node's items with edit and delete buttons."""
    items = t.d.items.get(node.id, [])
    if not items:
        ask(t, texts.no_items(node.label))
        return
    lines = [texts.items_head(node.label)]
    rows: list[list[Button]] = []
    for i, it in enumerate(items, 1):
        lines.append(f"{i}. {answer_screens.written(t, it)}")  # as the part's list and the document show it
        if i <= MAX_ITEM_BUTTONS:
            rows.append(
                [
                    t.button(f"改第{i}条", a.EditItem(node.id, it.id)),
                    t.button(labels.delete_item(i), a.RemoveItem(node.id, it.id)),
                ]
            )
    rows.append([t.button(labels.B_RETURN, a.Jump(node.part))])
    t.say("\n".join(lines), rows)


def year_only_list(t: Turn, ids: Sequence[int]) -> None:
    """List copied items that only fit a whole year, each with 改 and 删, and a way on keeping the rest."""
    lines = [texts.year_only_head(len(ids))]
    rows: list[list[Button]] = []
    for n, item_id in enumerate(ids, 1):
        found = t.locate_item(item_id)
        if found is None:
            continue
        node_id, item = found
        lines.append(f"{n}. {answer_screens.written(t, item)}")
        if n <= MAX_ITEM_BUTTONS:
            rows.append(
                [
                    t.button(f"改第{n}条", a.EditItem(node_id, item_id)),
                    t.button(labels.delete_item(n), a.RemoveItem(node_id, item_id)),
                ]
            )
    rows.append([t.button(labels.B_CONTINUE, a.Continue())])
    t.say("\n".join(lines), rows)


def gap_prompt(t: Turn, text: str, item_id: int) -> None:
    """Ask for the number of an item's gap, with a button to leave it for later."""
    t.say(text, [[t.button(labels.B_LATER, a.LeaveGap(item_id))]])


def gaps_list(t: Turn, head: str, gaps: Sequence[pos.Gap]) -> None:
    """List the remaining gaps with a button to fill each."""
    lines = [gap_texts.gaps_head(head, len(gaps))]
    numbers: dict[str, list[int]] = {}
    for n, g in enumerate(gaps, 1):
        lines.append(f"{n}. {g.where}：{g.what}")
        # An item with two gaps has one button, filling them in turn: it names both numbers.
        numbers.setdefault(encode_gap(t, g), []).append(n)
    buttons = [
        Button(gap_texts.fill_gaps_button(ns[0], ns[-1]), action) for action, ns in list(numbers.items())[:GAP_BUTTONS]
    ]
    lines.append(gap_texts.GAPS_HOWTO)
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([t.button(labels.B_DOWNLOAD_ANYWAY, a.DownloadAnyway()), t.button(labels.B_OUTLINE, a.Overview())])
    t.say("\n".join(lines), rows)


def gap_action(g: pos.Gap) -> a.Action:
    """Return the action that fills one gap."""
    return a.GoToFact(g.node) if g.item is None else a.FillGap(g.item)


def encode_gap(t: Turn, g: pos.Gap) -> str:
    """Return the callback data of the button that fills one gap."""
    return t.button("", gap_action(g)).action
