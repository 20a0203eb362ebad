"""Where a draft stands, as pure functions of (outline, draft): the current node, part states, gaps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.model import GAP_RE, Draft, gap
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


def current(outline: Outline, draft: Draft) -> Node | None:
    """Return the node being asked: the focus if set, else the first open node."""
    if draft.focus and outline.has_node(draft.focus):
        return outline.node(draft.focus)
    return next((n for n in outline.nodes if not closed(draft, n)), None)


def previous(outline: Outline, node: Node) -> Node | None:
    """Return the node asked before `node`, if any."""
    nodes = outline.nodes
    i = nodes.index(node)
    return nodes[i - 1] if i > 0 else None


def part_state(draft: Draft, part: Part) -> PartState:
    """Return how far one part of the outline is."""
    if all(draft.status.get(n.id) == "skipped" for n in part.nodes):
        return PartState.SKIPPED
    if all(closed(draft, n) for n in part.nodes):
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
    return [it.source for items in draft.items.values() for it in items if it.source]


def fact(outline: Outline, draft: Draft, role: str) -> str | None:
    """Return the fact answered at the node playing `role` (the unit, the year), if given."""
    node = outline.role(role)
    return draft.facts.get(node.id) if node else None


def prefill(outline: Outline, draft: Draft, text: str) -> str:
    """Put the facts the draft already holds into a wording's gaps (the unit's name)."""
    unit = outline.role("unit")
    name = draft.facts.get(unit.id) if unit else None
    return text.replace(gap(unit.label), name) if unit and name else text


def default_name(outline: Outline, kind: str, unit: str | None, year: str | None) -> str:
    """Return the name a draft goes by until the user names it."""
    short = outline.kind(kind).short if any(k.id == kind for k in outline.kinds) else kind
    return f"{unit or '未填单位'}{(year + '年') if year else ''}{short}"


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
    states = [part_state(draft, p) for p in outline.parts]
    return Progress(
        filled=states.count(PartState.FILLED),
        skipped=states.count(PartState.SKIPPED),
        parts=len(outline.parts),
        gaps=len(gaps(outline, draft)),
    )
