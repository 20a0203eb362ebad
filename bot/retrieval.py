"""Candidate selection for the matcher: BM25 over the bank's postings, and the everyday-word table."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.queries import Query


class PostingsBM25:
    """Okapi BM25 over a dict of postings (the bank is a few hundred short phrases)."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self._n = len(docs)
        lengths = [len(d) for d in docs]
        avg = sum(lengths) / max(1, self._n)
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        self.idf = {t: math.log(1 + (self._n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[i] / avg)
            for term, tf in Counter(doc).items():
                self._postings[term].append((i, tf * (k1 + 1) / (tf + norm)))

    def scores(self, query: Query) -> list[float]:
        """Return the BM25 score of every entry for the query and its rewritten form."""
        out = [0.0] * self._n
        for term in {*query.terms, *query.rewritten_terms}:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, weight in self._postings[term]:
                out[i] += idf * weight
        return out


def load_synonyms(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse synonyms.tsv: everyday word → standard terms (one pair a line, # comments)."""
    table: dict[str, list[str]] = defaultdict(list)
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        everyday, _, standard = line.partition("\t")
        if everyday.strip() and standard.strip():
            table[everyday.strip()].append(standard.strip())
    return {k: tuple(v) for k, v in table.items()}
