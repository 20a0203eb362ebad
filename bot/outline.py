"""Load the dialogue outline (data/outline.toml) into typed, read-only objects."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from bot.resources import data_file

NodeType = Literal["fact", "year", "items"]


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
    _heading: str | None = None
    # The kinds this node is asked for; empty means every kind (the 书记's name only in a 述职).
    kinds: tuple[str, ...] = ()
    # The node's place in the document formula (data/formula.toml): result, cause, target, organ …
    role: str | None = None
    # The node whose part this one belongs to (a sub-topic's result is asked with that sub-topic).
    of: str | None = None
    # Answers offered as buttons (the organ), and a condition under which the question is not asked.
    choices: tuple[str, ...] = ()
    ask_unless: str | None = None
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
        if self.nodes[0].type == "items" and self.section == "work":
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
                kinds=tuple(n.get("kinds", ())),
                role=n.get("role"),
                of=n.get("of"),
                choices=tuple(n.get("choices", ())),
                ask_unless=n.get("ask_unless"),
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
            )
        )
    return Outline(version=str(raw["version"]), kinds=kinds, sections=tuple(sections), parts=tuple(parts))


@cache
def load_outline() -> Outline:
    """Load and check the shipped outline (cached: it is read-only)."""
    with data_file("outline.toml").open("rb") as fh:
        return parse_outline(tomllib.load(fh))
