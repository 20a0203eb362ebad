"""Near-duplicate items in near-linear time: prefix-filtered candidates, then rapidfuzz's ratio on those only.

fuzz.ratio is the normalised Indel similarity 2·LCS/(|a|+|b|). An LCS never exceeds the overlap of the two
strings' character multisets, so ratio ≥ t implies a multiset Dice ≥ t; and two multisets with Dice ≥ t share
a token among the rarest |x| − ⌈t·|x|/(2−t)⌉ + 1 tokens of each (prefix filtering, as in all-pairs similarity
joins). Only pairs sharing such a rare token are compared, so no pair that all-pairs would find is missed.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

# rapidfuzz ratio from which two items are flagged as saying nearly the same thing (as the engine's NEAR_DUPLICATE).
NEAR_DUPLICATE = 80
# Comparisons that find nothing, allowed per text, and pairs returned at most: with both bounded, hundreds of
# near-identical texts still cost linear time (the dialogue shows a handful of pairs anyway).
MISSES_PER_TEXT = 8
MAX_PAIRS = 50
# Up to this many pairs, comparing them all in rapidfuzz's C code is faster than building the prefix index
# (a part holds at most 20 items, 190 pairs: a few milliseconds at 600 characters an item).
ALL_PAIRS_UP_TO = 2000


def near_duplicates(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE, limit: int = MAX_PAIRS
) -> list[tuple[int, int]]:
    """Return up to `limit` index pairs (i < j) of `texts` whose fuzz.ratio is at least `threshold`, sorted.

    Empty texts are never paired. All pairs are found unless `limit` pairs or the misses budget run out.
    """
    if len(texts) * (len(texts) - 1) // 2 <= ALL_PAIRS_UP_TO:
        return _all_pairs(texts, threshold, limit)
    t = threshold / 100
    tokens = [_tokens(text) for text in texts]
    rarity = Counter(tok for toks in tokens for tok in toks)
    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    found: list[tuple[int, int]] = []
    misses = MISSES_PER_TEXT * len(texts)
    for j, toks in enumerate(tokens):
        size = len(toks)
        prefix = sorted(toks, key=lambda tok: (rarity[tok], tok))[: _prefix_length(size, t)]
        candidates = {i for tok in prefix for i in index[tok]}
        for i in sorted(candidates):
            if not _sizes_can_match(len(tokens[i]), size, t):
                continue
            if fuzz.ratio(texts[i], texts[j], score_cutoff=threshold):
                found.append((i, j))
            else:
                misses -= 1
            if misses <= 0 or len(found) >= limit:
                return sorted(found)
        for tok in prefix:
            index[tok].append(j)
    return sorted(found)


# The shortest text whose appearance inside another item makes the two say the same thing.
MIN_CONTAINED = 6
_END_MARKS = "。；，！？ "


def contained(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Return (container, contained) index pairs: one item says all of another and more (a part's few items)."""
    bare = [t.rstrip(_END_MARKS) for t in texts]
    found = []
    for i, j in itertools.combinations(range(len(bare)), 2):
        short, long = (i, j) if len(bare[i]) <= len(bare[j]) else (j, i)
        if len(bare[short]) >= MIN_CONTAINED and bare[short] in bare[long]:
            found.append((long, short))
    return found


def _all_pairs(texts: Sequence[str], threshold: float, limit: int) -> list[tuple[int, int]]:
    found = []
    for i, j in itertools.combinations(range(len(texts)), 2):
        if texts[i] and texts[j] and fuzz.ratio(texts[i], texts[j], score_cutoff=threshold):
            found.append((i, j))
            if len(found) >= limit:
                break
    return found


def _tokens(text: str) -> list[tuple[str, int]]:
    """Return the character multiset as a set: (character, its k-th occurrence)."""
    seen: Counter[str] = Counter()
    out = []
    for ch in text:
        out.append((ch, seen[ch]))
        seen[ch] += 1
    return out


def _prefix_length(size: int, t: float) -> int:
    return size - math.ceil(t * size / (2 - t) - 1e-9) + 1


def _sizes_can_match(a: int, b: int, t: float) -> bool:
    # Dice ≥ t needs the shorter to be at least t/(2−t) of the longer.
    return min(a, b) >= t / (2 - t) * max(a, b) - 1e-9
