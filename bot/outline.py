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
NODE_ROLES = ("unit", "year", "problems", "plans")
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
    role: str | None = None
    # Kept as it was when a draft is copied; other facts belong to the new period and are asked again.
    carry: bool = False
    # A sub-topic's weighted words, which sort corpus sentences into it when the bank is built.
    keywords: Mapping[str, int] = field(default_factory=dict)
    _heading: str | None = None
    _question_by_kind: Mapping[str, str] = field(default_factory=dict)
    _heading_by_kind: Mapping[str, str] = field(default_factory=dict)

    def question(self, kind: str) -> str:
        """Return the question as asked for document kind `kind`."""
        return self._question_by_kind.get(kind, self._question)

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

    def title(self, kind: str) -> str:
        """Return the section title for document kind `kind`."""
        return self._title_by_kind.get(kind, self._title)


@dataclass(frozen=True)
class Part:
    """A unit of progress ("第3/11部分"): a whole fact section, or one items node."""

    index: int
    section: str
    nodes: tuple[Node, ...]

    def title(self, outline: Outline, kind: str) -> str:
        """Return the part's name as shown in the overview."""
        if len(self.nodes) == 1 and self.nodes[0].type == "items" and outline.section(self.section).role == "topics":
            return self.nodes[0].label
        return outline.section(self.section).title(kind)


@dataclass(frozen=True)
class Outline:
    """The whole dialogue: document kinds and sections with their nodes."""

    version: str
    kinds: tuple[Kind, ...]
    sections: tuple[Section, ...]
    parts: tuple[Part, ...]
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
        """The sub-topic nodes of 主要做法和成效, in order."""
        return tuple(n for s in self.sections if s.role == "topics" for n in s.nodes)

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
            seen.add(n["id"])
            # Consecutive fact nodes share one part; every items node is a part of its own.
            joins_previous = n["type"] != "items" and bool(nodes) and nodes[-1].type != "items"
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
    outline = Outline(version=str(raw["version"]), kinds=kinds, sections=tuple(sections), parts=tuple(parts))
    _check_roles(outline)
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
    for role in NODE_ROLES:
        holders = [n for n in outline.nodes if n.role == role]
        if len(holders) > 1:
            raise ValueError(f"two nodes with role {role}")
        expected = "items" if role in ("problems", "plans") else ("year" if role == "year" else "fact")
        if holders and holders[0].type != expected:
            raise ValueError(f"node {holders[0].id}: role {role} needs type {expected}")
    for role in ("unit", "year"):
        if outline.role(role) is None:
            raise ValueError(f"no node has role {role}: the title needs it")


@cache
def load_outline() -> Outline:
    """Load and check the shipped outline (cached: it is read-only)."""
    with data_file("outline.toml").open("rb") as fh:
        return parse_outline(tomllib.load(fh))
