"""What a picked wording says of the user's fact: the counts it carries and the clauses it says nothing of."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.numbers import arabic, extract_numbers, normalize

_SAID_CLAUSE_RE = re.compile(r"[，,；;。！？!?\s]+")
_HAN_PAIR_RE = re.compile(r"[\u4e00-\u9fff]{2}")


def dropped_numbers(said: str, wording: str) -> list[str]:
    """Return the user's counts (as typed) that a wording does not carry."""
    carried = {arabic(n) for n in extract_numbers(normalize(wording))}
    return [f"{n.numeral}{n.unit}" for n in extract_numbers(normalize(said)) if arabic(n) not in carried]


def uncovered(said: str, wording: str, telling: Callable[[str], Sequence[str]]) -> list[str]:
    """Return the clauses of the user's fact that a wording says nothing of.

    Another clause is said by a wording holding half the character pairs of one of its `telling` words that the first
    does not hold too (年轻 of 比如年轻党员还主动多交: 党员 alone is no telling word; 组织生活 of 组织生活会; 警示教育
    is not said by 党史学习教育), or, naming none, of the clause itself. A clause whose counts the wording carries is
    said by it (全年十二场 by 开展主题党日活动12场次).
    """
    clauses = [c for c in _SAID_CLAUSE_RE.split(said) if c]
    pairs = {wording[i : i + 2] for i in range(len(wording) - 1)}

    def said_by(clause: str, best: str) -> bool:
        # A telling word the clause shares with the one the wording was offered for tells nothing of its own.
        words = telling(clause)
        named = [w for w in words if w not in best] if words else [clause]
        return any(_mostly_in(w, pairs) for w in named)

    def shared(clause: str) -> int:
        return sum(clause[i : i + 2] in pairs for i in range(len(clause) - 1))

    # A wording says the clause it was offered for, the one sharing most with it, in its own words (活动形式单一 for
    # 活动老一套): if it shares nothing with any clause, none is set apart.
    best = max(clauses, key=shared, default="")
    if not best or not shared(best):
        return []
    return [
        c
        for c in clauses
        if c != best
        and _HAN_PAIR_RE.search(c)
        and not said_by(c, best)
        and not (extract_numbers(normalize(c)) and not dropped_numbers(c, wording))
    ]


def _mostly_in(word: str, pairs: set[str]) -> bool:
    """Tell whether half or more of a word's pairs of characters are among `pairs` (组织生活 of 组织生活会)."""
    own = [word[i : i + 2] for i in range(len(word) - 1)]
    return bool(own) and 2 * sum(p in pairs for p in own) >= len(own)
