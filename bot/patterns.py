"""Regular-expression pieces built from word lists (the data tables' words, longest first)."""

from __future__ import annotations

import re
from collections.abc import Sequence


def longest_first(words: object) -> list[str]:
    """Return the words as strings, longest first, so that an alternation tries 支委会 before 支委."""
    return sorted(map(str, words or []), key=len, reverse=True)  # type: ignore[call-overload]


def alternatives(words: Sequence[str]) -> str:
    """Return a regular-expression alternation matching any of `words` as written."""
    return "|".join(map(re.escape, words))
