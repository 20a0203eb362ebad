"""The sentences of the writing aids (data/aids.toml): each chip's, and each stock problem's and measure's.

The phrase bank build makes each a bank item (bot.phrasebank); bot.aids resolves them against the bank.
"""

from __future__ import annotations

import tomllib
from typing import Any

from bot.outline import load_outline
from bot.resources import data_file

AIDS_FILE = "aids.toml"


def load_aids() -> dict[str, Any]:
    """Read data/aids.toml."""
    with data_file(AIDS_FILE).open("rb") as fh:
        return tomllib.load(fh)


def chip_texts() -> list[tuple[str, str]]:
    """Return (node, sentence) of every chip of data/aids.toml."""
    return [(node, chip["text"]) for node, items in load_aids().get("chips", {}).items() for chip in items]


def pair_texts() -> list[tuple[str, str]]:
    """Return (node, sentence) of every stock problem and measure of data/aids.toml."""
    outline = load_outline()
    roles = {role: node.id for role in ("problems", "plans") if (node := outline.role(role)) is not None}
    found = []
    for pair in load_aids().get("pairs", []):
        found.append((roles["problems"], pair["problem"]))
        found.extend((roles["plans"], plan) for plan in pair["plans"])
    return found
