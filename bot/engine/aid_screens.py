"""The writing aids on a part's screen: quick-pick chips, stock problems, the measures they propose, stock causes."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine import actions as a
from bot.engine import labels, texts
from bot.engine import position as pos
from bot.engine.events import Button
from bot.engine.ports import Pair
from bot.engine.turn import Turn
from bot.model import AS_TYPED
from bot.outline import Node

# A wording offered for the user's problem states it only scoring this share of the best one offered.
RAISING_SHARE = 0.85


def pairs(t: Turn) -> Sequence[Pair]:
    """Return the problem ↔ measure pairs, once the aids are loaded."""
    return t.ctx.aids.pairs() if t.ctx.aids else ()


def proposals(t: Turn, raised: set[str] | None = None) -> list[tuple[int, Pair]]:
    """Return the pairs whose problem the draft raises and whose measure is not in it (nor turned down)."""
    used = set(pos.used_sources(t.d))
    raised = raised_problems(t) if raised is None else raised
    return [
        (i, p)
        for i, p in enumerate(pairs(t))
        if p.problem in raised and p.id not in t.d.dropped_pairs and not used & set(p.plans)
    ]


def raised_problems(t: Turn) -> set[str]:
    """Return the stock problems the draft raises: those taken, and those a problem in the user's words states.

    压力一级一级往下就松了 raises 压力传导不到位 when a wording offered for it, or taken, is a clause of that stock
    problem: its measure is proposed as for a tapped one.
    """
    raised = set(pos.used_sources(t.d))
    node = t.o.role("problems")
    finder = t.ctx.tools.facts if t.ctx.tools else None
    if node is None or finder is None or t.ctx.matcher is None:
        return raised
    # A wording taken is what it says; the user's own words state what the wordings offered for them about as well as
    # the best one say (the third, far behind, for 年轻党员学习积极性不高 raised 党员作用不明显 in a tester's draft).
    said = [
        text.rstrip("。")
        for item in t.d.items.get(node.id, [])
        for text in (
            [
                s.text
                for f in finder.analyse(item.text, node.id)
                for s in f.suggestions
                if s.score >= RAISING_SHARE * f.suggestions[0].score
            ]
            if item.source is None or item.source == AS_TYPED
            else [item.text]
        )
    ]
    stock = {p.problem: t.ctx.matcher.fill(p.problem, "").text for p in pairs(t)}
    return raised | {entry for entry, text in stock.items() if any(w in text for w in said)}


def stock(t: Turn, node: Node) -> Sequence[tuple[str, str]]:
    """Return the stock answers offered for a node (the causes), as (label, text)."""
    return t.ctx.documents.stock(node.role) if t.ctx.documents and node.role else ()


def stock_rows(t: Turn, node: Node, lines: list[str]) -> list[list[Button]]:
    """Return a button per stock answer, marked when it is in the draft, adding the answers to `lines`."""
    found = stock(t, node)
    if not found:
        return []
    taken = {it.text for it in t.d.items.get(node.id, [])}
    lines.append(texts.STOCK_HEAD)
    lines += [f"{i + 1}. {text}" for i, (_, text) in enumerate(found)]
    buttons = [
        t.button(("✓ " if texts.as_item(text) in taken else "") + label, a.TakeStock(node.id, i))
        for i, (label, text) in enumerate(found)
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def aid_rows(t: Turn, node: Node, lines: list[str]) -> list[list[Button]]:
    """Return the chip, toggle or proposal buttons of an items node, adding their text to `lines`."""
    if t.ctx.aids is None or t.ctx.matcher is None:
        return []
    used = set(pos.used_sources(t.d))
    if node.role == "problems":
        buttons = [
            t.button(("☑ " if p.problem in used else "☐ ") + p.label, a.ToggleProblem(i))
            for i, p in enumerate(pairs(t))
        ]
        lines.append(texts.PROBLEMS_HEAD)
        return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if node.role == "plans":
        return proposal_rows(t, lines)
    if node.role == "cause":
        return stock_rows(t, node, lines)
    # A used chip is marked, not removed, so the buttons after it keep their places; so is one whose practice
    # the user already wrote in their own words (中心组集中学习了24次 for 中心组学习), lest it be said twice.
    said = t.ctx.matcher.deeds("，".join(it.text for it in t.d.items.get(node.id, [])))
    shown = [(i, c) for i, c in enumerate(t.ctx.aids.chips(node.id)) if not c.office_only or office(t)]
    marked = {i for i, c in shown if c.entry_id in used or chip_said(t, c.label, said)}
    chips = [t.button(("✓ " if i in marked else "") + c.label, a.TakeChip(node.id, i)) for i, c in shown]
    if chips:
        lines.append(texts.CHIPS_HEAD)
        # Each chip's whole sentence, so that the user knows what a tap says (a tester took 书记讲党课 for a count).
        lines += [
            texts.chip_line(c.label, pos.prefill(t.o, t.d, t.ctx.matcher.fill(c.entry_id, "").text))
            for i, c in shown
            if i not in marked
        ]
        if marked:
            lines.append(texts.CHIPS_MARKED)
    return [chips[i : i + 3] for i in range(0, len(chips), 3)]


def office(t: Turn) -> bool:
    """Tell whether the draft's unit is a government office (a 镇党委 is offered no 党组会议 chip)."""
    unit = t.o.role("unit")
    name = t.d.facts.get(unit.id, "") if unit else ""
    return t.ctx.documents is None or t.ctx.documents.office(name)


def chip_said(t: Turn, label: str, said: frozenset[str]) -> bool:
    """Tell whether a chip's deeds are among those the part's items already name (a field alone, 意识形态, is none)."""
    assert t.ctx.matcher is not None
    return deeds_said(t.ctx.matcher.deeds(label), said)


def deeds_said(own: frozenset[str], said: frozenset[str]) -> bool:
    """Tell whether every deed of `own` is one `said` names, or a kind of one (廉政警示教育片 is a 警示教育片).

    A word ends on what it names: 警示教育片 is no 警示教育 (a visit), 党费收缴 no 党费 (members paying).
    """
    return bool(own) and all(any(d.endswith(s) for s in said) for d in own)


def proposal_rows(t: Turn, lines: list[str]) -> list[list[Button]]:
    """Return a row of 采用/换一个/不要 per proposed measure, adding the measures to `lines`."""
    raised = raised_problems(t)
    found = proposals(t, raised)
    if not found or t.ctx.matcher is None:
        return []
    lines.append(texts.PROPOSALS_HEAD)
    rows: list[list[Button]] = []
    # A measure keeps its number once another is taken or turned down: 采用2 still names the same one.
    numbers = {i: n for n, i in enumerate((i for i, p in enumerate(pairs(t)) if p.problem in raised), 1)}
    for i, p in found:
        n = numbers[i]
        lines.append(f"{n}. （{p.label}）{pos.prefill(t.o, t.d, t.ctx.matcher.fill(p.plans[0], '').text)}")
        # With one measure only, 换一个 would show the same one again.
        swap = [t.button(f"换一个{n}", a.SwapPlan(i, 1))] if len(p.plans) > 1 else []
        rows.append([t.button(f"采用{n}", a.AdoptPlan(i, 0)), *swap, t.button(f"不要{n}", a.DropPlan(i))])
    if len(found) > 1:
        rows.append([t.button(labels.B_ADOPT_ALL, a.AdoptAll())])
    return rows
