"""Writing aids resolved in the phrase bank: quick-pick chips and problem ↔ measure pairs (data/aids.toml)."""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.matcher import Matcher
from bot.outline import Outline, load_outline
from bot.resources import data_file

ALTERNATIVES = 3


@dataclass(frozen=True)
class Chip:
    """A common 做法 of a sub-topic, shown as a button, standing for one bank entry."""

    label: str
    entry_id: str


@dataclass(frozen=True)
class Pair:
    """A stock problem and the bank measures that answer it, best first."""

    id: str
    label: str
    problem: str
    plans: tuple[str, ...]


class WritingAids:
    """Chips and pairs, resolved once against the matcher's bank (about 40 look-ups)."""

    def __init__(self, matcher: Matcher, raw: Mapping[str, Any], outline: Outline | None = None) -> None:
        outline = outline or load_outline()
        problems_node, plans_node = outline.role("problems"), outline.role("plans")
        # A chip's sentence is a bank item of its own (python -m bot.phrasebank build makes sure of it).
        by_text = {e.text: e.id for e in matcher.entries}
        self._chips = {
            node: tuple(Chip(c["label"], by_text[c["text"]]) for c in chips if c["text"] in by_text)
            for node, chips in raw.get("chips", {}).items()
        }
        pairs = []
        if problems_node is not None and plans_node is not None:
            for p in raw.get("pairs", []):
                problem = _best_in(matcher, p["problem"], problems_node.id, ())
                plans = _top_in(matcher, p["plan"], plans_node.id, ALTERNATIVES)
                if problem is not None and plans:
                    pairs.append(Pair(p["id"], p["label"], problem, tuple(plans)))
        self._pairs = tuple(pairs)

    @classmethod
    def load(cls, matcher: Matcher) -> WritingAids:
        """Resolve data/aids.toml against `matcher`."""
        with data_file("aids.toml").open("rb") as fh:
            return cls(matcher, tomllib.load(fh))

    def chips(self, node_id: str) -> Sequence[Chip]:
        """Return the chips of sub-topic `node_id`."""
        return self._chips.get(node_id, ())

    def pairs(self) -> Sequence[Pair]:
        """Return the problem ↔ measure pairs."""
        return self._pairs


def _best_in(matcher: Matcher, phrase: str, node: str, exclude: Collection[str]) -> str | None:
    found = _top_in(matcher, phrase, node, 1, exclude)
    return found[0] if found else None


def _top_in(matcher: Matcher, phrase: str, node: str, n: int, exclude: Collection[str] = ()) -> list[str]:
    """Return the best `n` entries for `phrase` that serve `node` itself (not a sibling)."""
    hits = matcher.suggest(phrase, node, top=20, exclude=exclude)
    return [s.entry_id for s in hits if node in matcher.entry(s.entry_id).nodes][:n]
