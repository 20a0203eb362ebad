"""Load the dialogue outline (data/outline.toml) into typed, read-only objects."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from bot.resources import data_file

NodeType = Literal["fact", "year", "items"]
# What the code may ask the outline for by role instead of by node id (see data/outline.toml).
NODE_ROLES = ("unit", "year", "problems", "plans", "organ", "business", "name", "result", "cause", "target")
# Roles only one node may play, with the node type each needs.
_UNIQUE_ROLES = {
    "unit": "fact",
    "year": "year",
    "problems": "items",
    "plans": "items",
    "organ": "fact",
    "business": "fact",
    "name": "fact",
}
SECTION_ROLES = ("topics",)


@dataclass(frozen=True)
class Kind:
    """A document kind: 上半年总结, 年度总结 or 述职报告."""

    id: str
    name: str
    short: str
    period: str


@dataclass(frozen=True)
class Node:
    """One question of the dialogue."""

    id: str
    section: str
    type: NodeType
    label: str
    example: str
    skippable: bool
    part: int
    _question: str
    # A suggestion source the engine offers with the question (e.g. "guiding_line"), if any.
    offer: str | None = None
    # What the code knows the node as (data/outline.toml): unit, year, problems, plans, or its place in the
    # document formula (organ, business, name, result, cause, target).
    role: str | None = None
    # Kept as it was when a draft is copied; other facts belong to the new period and are asked again.
    carry: bool = False
    # A sub-topic's weighted words, which sort corpus sentences into it when the bank is built.
    keywords: Mapping[str, int] = field(default_factory=dict)
    _heading: str | None = None
    # The kinds this node is asked for; empty means every kind (the 书记's name only in a 述职).
    kinds: tuple[str, ...] = ()
    # The node whose part this one belongs to (a sub-topic's result is asked with that sub-topic).
    of: str | None = None
    # Answers offered as buttons (the organ), and a condition under which the question is not asked.
    choices: tuple[str, ...] = ()
    ask_unless: str | None = None
    # An optional extra of its part, not a step of the dialogue: the screens after its part offer it in one
    # line (`hint`) with a button (`button`) that opens it.
    follow_up: bool = False
    button: str | None = None
    hint: str | None = None
    # The answer is a name (上级党组织, 书记姓名): a count or a second clause in it is another fact.
    name: bool = False
    # The answer is a line of the 导语 (指导思想): a count in it is a fact of a part, asked there.
    no_counts: bool = False
    _question_by_kind: Mapping[str, str] = field(default_factory=dict)
    _heading_by_kind: Mapping[str, str] = field(default_factory=dict)

    def question(self, kind: str) -> str:
        """Return the question as asked for document kind `kind`."""
        return self._question_by_kind.get(kind, self._question)

    def applies(self, kind: str) -> bool:
        """Tell whether this node is asked for document kind `kind`."""
        return not self.kinds or kind in self.kinds

    def heading(self, kind: str) -> str | None:
        """Return the document heading of an items node (from the corpus), if any."""
        return self._heading_by_kind.get(kind, self._heading)


@dataclass(frozen=True)
class Section:
    """A part of the document, holding its nodes in order."""

    id: str
    nodes: tuple[Node, ...]
    _title: str
    _title_by_kind: Mapping[str, str] = field(default_factory=dict)
    role: str | None = None

    def title(self, kind: str, causes: bool = True) -> str:
        """Return the section title for document kind `kind`; without `causes`, the one no cause is promised in.

        A 述职's 存在问题及原因 with no cause given promised what the document did not hold (a tester's).
        """
        return self._title_by_kind.get(kind, self._title) if causes else self._title


@dataclass(frozen=True)
class Part:
    """A unit of progress ("第3/11部分"): a whole fact section, or one items node."""

    index: int
    section: str
    nodes: tuple[Node, ...]

    def title(self, outline: Outline, kind: str) -> str:
        """Return the part's name as shown in the overview."""
        if self.nodes[0].type == "items" and outline.section(self.section).role == "topics":
            return self.nodes[0].label
        return outline.section(self.section).title(kind)


@dataclass(frozen=True)
class Outline:
    """The whole dialogue: document kinds and sections with their nodes."""

    version: str
    kinds: tuple[Kind, ...]
    sections: tuple[Section, ...]
    parts: tuple[Part, ...]
    # Older versions a draft may carry → node ids renamed since (old → new).
    upgrades: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _by_id: dict[str, Node] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {n.id: n for s in self.sections for n in s.nodes})

    @property
    def nodes(self) -> tuple[Node, ...]:
        """All nodes in dialogue order."""
        return tuple(n for s in self.sections for n in s.nodes)

    def role(self, role: str) -> Node | None:
        """Return the node playing `role` ("unit", "year", "problems", "plans"), if the outline has one."""
        return next((n for n in self.nodes if n.role == role), None)

    @property
    def topics(self) -> tuple[Node, ...]:
        """The sub-topic nodes of 主要做法和成效, in order (their results are not sub-topics)."""
        return tuple(n for s in self.sections if s.role == "topics" for n in s.nodes if n.type == "items")

    def section_of(self, node_id: str) -> str:
        """Return the id of the section holding node `node_id`."""
        return self._by_id[node_id].section

    def node(self, node_id: str) -> Node:
        """Return the node with id `node_id` (KeyError if unknown)."""
        return self._by_id[node_id]

    def has_node(self, node_id: str) -> bool:
        """Tell whether `node_id` names a node of this outline."""
        return node_id in self._by_id

    def section(self, section_id: str) -> Section:
        """Return the section with id `section_id`."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def kind(self, kind_id: str) -> Kind:
        """Return the document kind `kind_id`."""
        for k in self.kinds:
            if k.id == kind_id:
                return k
        raise KeyError(kind_id)


def parse_outline(raw: Mapping[str, Any]) -> Outline:
    """Build an Outline from the parsed TOML, checking ids and types."""
    kinds = tuple(Kind(id=k["id"], name=k["name"], short=k["short"], period=k["period"]) for k in raw["kinds"])
    seen: set[str] = set()
    sections: list[Section] = []
    parts: list[Part] = []
    for s in raw["sections"]:
        nodes: list[Node] = []
        for n in s["nodes"]:
            if n["id"] in seen:
                raise ValueError(f"duplicate node id {n['id']}")
            if n["type"] not in ("fact", "year", "items"):
                raise ValueError(f"node {n['id']}: unknown type {n['type']}")
            if n.get("of") and (not nodes or n["of"] not in {x.id for x in parts[-1].nodes}):
                raise ValueError(f"node {n['id']}: `of` must name a node of the part just before it")
            seen.add(n["id"])
            # Consecutive fact nodes share one part; every items node is a part of its own, with the
            # nodes that name it in `of` (its result, its causes).
            joins_previous = bool(n.get("of")) or (
                n["type"] != "items" and bool(nodes) and nodes[-1].type != "items" and not nodes[-1].of
            )
            part = len(parts) - 1 if joins_previous else len(parts)
            node = Node(
                id=n["id"],
                section=s["id"],
                type=n["type"],
                label=n["label"],
                example=n["example"],
                skippable=bool(n["skippable"]),
                part=part,
                offer=n.get("offer"),
                role=n.get("role"),
                carry=bool(n.get("carry", False)),
                keywords={str(k): int(v) for k, v in n.get("keywords", {}).items()},
                kinds=tuple(n.get("kinds", ())),
                of=n.get("of"),
                choices=tuple(n.get("choices", ())),
                ask_unless=n.get("ask_unless"),
                follow_up=bool(n.get("follow_up", False)),
                button=n.get("button"),
                hint=n.get("hint"),
                name=bool(n.get("name", False)),
                no_counts=bool(n.get("no_counts", False)),
                _question=n["question"],
                _heading=n.get("heading"),
                _question_by_kind=dict(n.get("question_by_kind", {})),
                _heading_by_kind=dict(n.get("heading_by_kind", {})),
            )
            if joins_previous:
                parts[-1] = Part(part, s["id"], (*parts[-1].nodes, node))
            else:
                parts.append(Part(part, s["id"], (node,)))
            nodes.append(node)
        sections.append(
            Section(
                id=s["id"],
                nodes=tuple(nodes),
                _title=s["title"],
                _title_by_kind=dict(s.get("title_by_kind", {})),
                role=s.get("role"),
            )
        )
    upgrades = {str(v): dict(u.get("renames", {})) for v, u in raw.get("upgrades", {}).items()}
    outline = Outline(
        version=str(raw["version"]), kinds=kinds, sections=tuple(sections), parts=tuple(parts), upgrades=upgrades
    )
    for renames in upgrades.values():
        if unknown := [new for new in renames.values() if new not in outline._by_id]:
            raise ValueError(f"upgrade renames to unknown nodes {unknown}")
    _check_roles(outline)
    _check_follow_ups(outline)
    return outline


def _check_roles(outline: Outline) -> None:
    """Refuse an outline whose roles the code could not rely on."""
    for s in outline.sections:
        if s.role is not None and s.role not in SECTION_ROLES:
            raise ValueError(f"section {s.id}: unknown role {s.role}")
    for role in SECTION_ROLES:
        if sum(s.role == role for s in outline.sections) > 1:
            raise ValueError(f"two sections with role {role}")
    for n in outline.nodes:
        if n.role is not None and n.role not in NODE_ROLES:
            raise ValueError(f"node {n.id}: unknown role {n.role}")
        if n.keywords and n not in outline.topics:
            raise ValueError(f"node {n.id}: keywords belong to the sub-topics of the topics section")
        if n.carry and n.type == "items":
            raise ValueError(f"node {n.id}: only facts are carried into a copy")
    for role, expected in _UNIQUE_ROLES.items():
        holders = [n for n in outline.nodes if n.role == role]
        if len(holders) > 1:
            raise ValueError(f"two nodes with role {role}")
        if holders and holders[0].type != expected:
            raise ValueError(f"node {holders[0].id}: role {role} needs type {expected}")
    for role in ("unit", "year"):
        if outline.role(role) is None:
            raise ValueError(f"no node has role {role}: the title needs it")


# A follow-up's button shares a row with nothing else, but stays short enough to read on a phone.
MAX_BUTTON_CHARS = 12


def _check_follow_ups(outline: Outline) -> None:
    """Refuse follow-ups a user could not pass by or could not reach."""
    for n in outline.nodes:
        if not n.follow_up:
            if n.button or n.hint:
                raise ValueError(f"node {n.id}: button and hint belong to follow-ups")
            continue
        if not n.skippable:
            raise ValueError(f"node {n.id}: a follow-up is optional, so it must be skippable")
        if n.role in ("unit", "year", "problems", "plans"):
            raise ValueError(f"node {n.id}: role {n.role} is a step of the dialogue, not a follow-up")
        if not n.button or len(n.button) > MAX_BUTTON_CHARS or not n.hint:
            raise ValueError(f"node {n.id}: a follow-up needs a button (≤ {MAX_BUTTON_CHARS} characters) and a hint")
    for part in outline.parts:
        if all(n.follow_up for n in part.nodes):
            raise ValueError(f"part {part.index + 1}: only follow-ups, so the dialogue would never reach it")


@cache
def load_outline() -> Outline:
    """Load and check the shipped outline (cached: it is read-only)."""
    with data_file("outline.toml").open("rb") as fh:
        return parse_outline(tomllib.load(fh))
