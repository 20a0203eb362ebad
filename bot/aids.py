"""Writing aids resolved in the phrase bank: quick-pick chips and problem ↔ measure pairs (data/aids.toml)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.aid_texts import load_aids
from bot.matcher import Matcher
from bot.outline import Outline, load_outline


@dataclass(frozen=True)
class Chip:
    """A common 做法 of a sub-topic, shown as a button, standing for one bank entry."""

    label: str
    entry_id: str
    # Only a government office does it (党组会议, 清廉机关): offered to no 镇党委 or school.
    office_only: bool = False


@dataclass(frozen=True)
class Pair:
    """A stock problem and the bank measures that answer it, best first."""

    id: str
    label: str
    problem: str
    plans: tuple[str, ...]


class WritingAids:
    """Chips and pairs, resolved once against the matcher's bank."""

    def __init__(self, matcher: Matcher, raw: Mapping[str, Any], outline: Outline | None = None) -> None:
        outline = outline or load_outline()
        problems_node, plans_node = outline.role("problems"), outline.role("plans")
        # A chip's sentence is a bank item of its own (python -m bot.phrasebank build makes sure of it).
        by_text = {e.text: e.id for e in matcher.entries}
        self._chips = {
            node: tuple(
                Chip(c["label"], by_text[c["text"]], bool(c.get("office"))) for c in chips if c["text"] in by_text
            )
            for node, chips in raw.get("chips", {}).items()
        }
        # A pair's sentences are bank items of their own too, each serving its part.
        pairs = []
        if problems_node is not None and plans_node is not None:
            for p in raw.get("pairs", []):
                plans = tuple(by_text[t] for t in p["plans"] if t in by_text)
                if p["problem"] in by_text and plans:
                    pairs.append(Pair(p["id"], p["label"], by_text[p["problem"]], plans))
        self._pairs = tuple(pairs)

    @classmethod
    def load(cls, matcher: Matcher) -> WritingAids:
        """Resolve data/aids.toml against `matcher`."""
        return cls(matcher, load_aids())

    def chips(self, node_id: str) -> Sequence[Chip]:
        """Return the chips of sub-topic `node_id`."""
        return self._chips.get(node_id, ())

    def pairs(self) -> Sequence[Pair]:
        """Return the problem ↔ measure pairs."""
        return self._pairs
