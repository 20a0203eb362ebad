"""Where a draft stands, as pure functions of (outline, draft): the current node, part states, gaps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.model import AS_TYPED, GAP_RE, Draft, gap
from bot.outline import Node, Outline, Part


class PartState(Enum):
    """How far a part of the outline is, as the overview shows it."""

    OPEN = "待填"
    STARTED = "在填"
    FILLED = "已填"
    SKIPPED = "已跳过"


@dataclass(frozen=True)
class Gap:
    """Something the document still lacks: a title fact, or a 〔待补〕 inside an item."""

    where: str
    what: str
    node: str
    # The item holding the gap; None for a missing title fact.
    item: int | None = None


def closed(draft: Draft, node: Node) -> bool:
    """Tell whether a node needs no more answers: finished, skipped, or a fact that is given."""
    if node.id in draft.status:
        return True
    return node.type != "items" and node.id in draft.facts


def unit_names_organ(outline: Outline, draft: Draft) -> bool:
    """Tell whether the unit's name already says its Party organ (县财政局机关党支部 does)."""
    unit, organ = outline.role("unit"), outline.role("organ")
    name = draft.facts.get(unit.id, "") if unit else ""
    return organ is not None and any(name.endswith(c) and name != c for c in organ.choices)


# The conditions a node's `ask_unless` may name (data/outline.toml).
CONDITIONS = {"unit_names_organ": unit_names_organ}


def asked(outline: Outline, draft: Draft, node: Node) -> bool:
    """Tell whether this draft asks `node`: it fits the draft's kind and no condition makes it needless."""
    if not node.applies(draft.kind):
        return False
    if node.of and draft.status.get(node.of) == "skipped":
        # A skipped sub-topic has no result to ask for, skipped problems no causes, skipped plans no targets.
        return False
    return not (node.ask_unless and CONDITIONS[node.ask_unless](outline, draft))


def in_flow(outline: Outline, draft: Draft, node: Node) -> bool:
    """Tell whether the dialogue asks `node` in turn: asked, and no follow-up (those wait for their button)."""
    return not node.follow_up and asked(outline, draft, node)


def current(outline: Outline, draft: Draft) -> Node | None:
    """Return the node being asked: the focus if set, else the first open node of the flow."""
    if draft.focus and outline.has_node(draft.focus):
        return outline.node(draft.focus)
    return next((n for n in outline.nodes if in_flow(outline, draft, n) and not closed(draft, n)), None)


def previous(outline: Outline, draft: Draft, node: Node) -> Node | None:
    """Return the node asked before `node` in this draft, if any."""
    nodes = [n for n in outline.nodes if in_flow(outline, draft, n) or n == node]
    i = nodes.index(node)
    return nodes[i - 1] if i > 0 else None


def landing(outline: Outline, draft: Draft, part: Part) -> Node:
    """Return the node a jump to `part` asks: its first open question, else its first one.

    A follow-up is not landed on: its screen would take a new item typed there as the follow-up's answer.
    The part's screen offers it instead (`offered`).
    """
    nodes = [n for n in part.nodes if in_flow(outline, draft, n)] or [n for n in part.nodes if asked(outline, draft, n)]
    return next((n for n in nodes if not closed(draft, n)), nodes[0] if nodes else part.nodes[0])


def offered(outline: Outline, draft: Draft, node: Node | None) -> list[Node]:
    """Return the follow-ups the screen of `node` offers (None: the screen saying all is filled).

    A part's own follow-ups once it holds an item (补问题原因 while listing the problems) or all its questions are
    answered (back in it, to add or change them); else the open follow-ups of the part just before, if the user
    wrote in it (a part jumped over has no 成效 to add).
    """
    if node is not None and node.follow_up:
        return []
    if node is not None:
        own = outline.parts[node.part].nodes
        if draft.items.get(node.id) or all(closed(draft, n) for n in own if in_flow(outline, draft, n)):
            return [n for n in own if n.follow_up and asked(outline, draft, n)]
    before = node.part - 1 if node is not None else len(outline.parts) - 1
    if before < 0 or not written(outline.parts[before], draft):
        return []
    return [n for n in outline.parts[before].nodes if n.follow_up and not closed(draft, n) and asked(outline, draft, n)]


def written(part: Part, draft: Draft) -> bool:
    """Tell whether the user wrote anything in a part's own questions."""
    return any(draft.items.get(n.id) or n.id in draft.facts for n in part.nodes if not n.follow_up)


def part_state(outline: Outline, draft: Draft, part: Part) -> PartState:
    """Return how far one part of the outline is, by its own questions (a follow-up may stay open)."""
    own = [n for n in part.nodes if in_flow(outline, draft, n) and not n.of]
    extras = [n for n in part.nodes if n.follow_up and asked(outline, draft, n)]
    answered = any(n.id in draft.facts or draft.items.get(n.id) for n in extras)
    if all(draft.status.get(n.id) == "skipped" for n in own) and not answered:
        # A part with an answered follow-up (the 导语's business alone) is not left out.
        return PartState.SKIPPED
    if all(closed(draft, n) for n in own):
        return PartState.FILLED
    if any(draft.items.get(n.id) or closed(draft, n) for n in part.nodes):
        return PartState.STARTED
    return PartState.OPEN


def where(outline: Outline, draft: Draft, node: Node) -> str:
    """Return the position line of a node, e.g. 第3/11部分 · 组织领导和主体责任."""
    part = outline.parts[node.part]
    return f"第{node.part + 1}/{len(outline.parts)}部分 · {part.title(outline, draft.kind)}"


def used_sources(draft: Draft) -> list[str]:
    """Return the bank entries the draft's items were taken from."""
    return [it.source for items in draft.items.values() for it in items if it.source and it.source != AS_TYPED]


def fact(outline: Outline, draft: Draft, role: str) -> str | None:
    """Return the fact answered at the node playing `role` (the unit, the year), if given."""
    node = outline.role(role)
    return draft.facts.get(node.id) if node else None


def prefill(outline: Outline, draft: Draft, text: str) -> str:
    """Put the facts the draft already holds into a wording's gaps (the unit's name)."""
    unit = outline.role("unit")
    name = draft.facts.get(unit.id) if unit else None
    if unit is None or not name:
        return text
    # A wording names the unit without its organ: 《市统计局清廉机关建设工作计划》, not 市统计局机关党委….
    organ = outline.role("organ")
    suffix = max((c for c in (organ.choices if organ else ()) if name.endswith(c) and name != c), key=len, default="")
    return text.replace(gap(unit.label), name.removesuffix(suffix))


def default_name(outline: Outline, kind: str, unit: str | None, year: str | None) -> str:
    """Return the name a draft goes by until the user names it."""
    short = outline.kind(kind).short if any(k.id == kind for k in outline.kinds) else kind
    # 2025年度总结, not 2025年年度总结; 2025年上半年总结.
    when = "" if not year else year if short.startswith("年") else f"{year}年"
    return f"{unit or '未填单位'}{when}{short}"


def display_name(outline: Outline, draft: Draft) -> str:
    """Return the draft's name as the user sees it."""
    return draft.name or default_name(outline, draft.kind, fact(outline, draft, "unit"), fact(outline, draft, "year"))


def gaps(outline: Outline, draft: Draft) -> list[Gap]:
    """List what is still missing, in document order."""
    found: list[Gap] = []
    for node in outline.nodes:
        if node.role in ("unit", "year") and node.id not in draft.facts:
            found.append(Gap(outline.section(node.section).title(draft.kind), node.label, node.id))
        # A skipped part is left out of the document, and so are its gaps.
        items = [] if draft.status.get(node.id) == "skipped" else draft.items.get(node.id, [])
        for n, it in enumerate(items, 1):
            place = f"{outline.parts[node.part].title(outline, draft.kind)}第{n}条"
            found += [Gap(place, label, node.id, it.id) for label in GAP_RE.findall(it.text)]
    return found


@dataclass(frozen=True)
class Progress:
    """How far a draft is: the one count /preview, /outline and /download all show."""

    filled: int
    skipped: int
    parts: int
    gaps: int

    def line(self) -> str:
        """Return the progress as one line, e.g. 已填 7/11 部分（跳过 1），待补 3 处."""
        skipped = f"（跳过 {self.skipped}）" if self.skipped else ""
        return f"已填 {self.filled}/{self.parts} 部分{skipped}，待补 {self.gaps} 处"


def progress(outline: Outline, draft: Draft) -> Progress:
    """Count the filled and skipped parts and the gaps left; a skipped part is not filled."""
    states = [part_state(outline, draft, p) for p in outline.parts]
    return Progress(
        filled=states.count(PartState.FILLED),
        skipped=states.count(PartState.SKIPPED),
        parts=len(outline.parts),
        gaps=len(gaps(outline, draft)),
    )
