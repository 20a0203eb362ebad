"""Carry items into a new draft: every number in them becomes a gap again (a year's count is not a half-year's)."""

from __future__ import annotations

from bot.model import gap
from bot.numbers import extract_numbers
from bot.phrasebank import slot_label


def blank_numbers(text: str) -> str:
    """Return `text` with each number replaced by a gap named for its counter word; the counter stays."""
    out: list[str] = []
    last = 0
    for n in extract_numbers(text):
        kind = "count" if n.kind == "plain" else n.kind
        label = gap(slot_label(kind, n.unit))
        if n.numeral.startswith("百分之"):
            out += [text[last : n.start], label, "%"]
        else:
            out += [text[last : n.start], label, text[n.start + len(n.numeral) : n.end]]
        last = n.end
    out.append(text[last:])
    return "".join(out)
