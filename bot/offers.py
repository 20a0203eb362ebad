"""Wordings a fact node offers with one tap, by the node's `offer` name in data/outline.toml."""

from __future__ import annotations

from bot.assemble import guiding_line


def standard_offer(name: str, year: str | None) -> str | None:
    """Return the wording offer `name` proposes for a draft of `year` (the year's guiding line)."""
    if name == "guiding_line":
        return guiding_line(year)
    return None
