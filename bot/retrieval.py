"""Candidate selection for the matcher: BM25 over the bank's postings, and the everyday-word table and rewriter."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.queries import Query


class PostingsBM25:
    """Okapi BM25 over a dict of postings (the bank is a few hundred short phrases)."""

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        k1: float = 1.2,
        b: float = 0.75,
        counted: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """Index `docs`; word weights and the mean length come from `counted` (default: `docs` themselves)."""
        lengths = [len(d) for d in docs]
        sample = docs if counted is None else counted
        avg = sum(map(len, sample)) / max(1, len(sample))
        df: Counter[str] = Counter()
        for doc in sample:
            df.update(set(doc))
        n = len(sample)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[i] / avg)
            for term, tf in Counter(doc).items():
                self._postings[term].append((i, tf * (k1 + 1) / (tf + norm)))

    def scores(self, query: Query) -> dict[int, float]:
        """Return the BM25 score of each entry sharing a term with the query or its rewritten form."""
        # Sparse: an answer shares a term with a few dozen of the bank's entries, and the re-ranker reads only those.
        out: dict[int, float] = {}
        for term in {*query.terms, *query.rewritten_terms}:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, weight in self._postings[term]:
                out[i] = out.get(i, 0.0) + idf * weight
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


def with_spoken_forms(
    table: dict[str, tuple[str, ...]], forms: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Add the everyday words as said with the spoken form of a function word inside: 一块儿布置 is 一起布置.

    A form that is an everyday word of its own keeps its own standard terms.
    """
    out = dict(table)
    for word, standard in table.items():
        for form in (word.replace(plain, f) for plain, alike in forms.items() if plain in word for f in alike):
            if form not in table:
                out.setdefault(form, standard)
    return out


# What a word may add to an everyday word and still be it (上门去, 问问了).
_PARTICLES = "去来了的过着得地"


def _infix_apart(m: re.Match[str], infix: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Tell whether a word said with an infix stands apart, its parts each words of their own.

    走|个|过场 and 谈|过|话 do; 多个|学习 and 评|了|优秀党员 do not.
    """
    starts, ends = {a for a, _ in spans}, {b for _, b in spans}
    start, end = m.span()
    return start in starts and start + 1 in ends and start + 1 + infix in starts and end in ends


class Rewriter:
    """Replaces everyday words by the standard terms of synonyms.tsv, longest first, word by word."""

    def __init__(
        self,
        synonyms: dict[str, tuple[str, ...]],
        kept: Iterable[str],
        words: Callable[[str], Sequence[str]],
        infixes: Sequence[str] = (),
    ) -> None:
        self._synonyms = synonyms
        self._words = words
        self._kept = frozenset(kept)
        self._infixes = tuple(sorted(infixes, key=len, reverse=True))
        # Longest first, so 反腐片 is rewritten before 片子 could be. A named practice (`kept`) stands as it is:
        # 入党 inside 入党积极分子 is no 发展党员. An everyday word may be said with an infix after its first
        # character (走个过场 is 走过场).
        inside = f"(?:{'|'.join(map(re.escape, self._infixes))})?" if self._infixes else ""
        keys = sorted({*synonyms, *kept}, key=len, reverse=True)
        pattern = "|".join(
            re.escape(k[0]) + inside + re.escape(k[1:]) if k in synonyms and len(k) > 1 else re.escape(k) for k in keys
        )
        self._re = re.compile(pattern) if keys else None

    def _everyday(self, said: str) -> str | None:
        """Return the everyday word a match is, its infix taken out (走个过场 → 走过场), None for a named practice."""
        if said in self._synonyms:
            return said
        for infix in self._infixes:
            if said[1:].startswith(infix) and (word := said[0] + said[1 + len(infix) :]) in self._synonyms:
                return word
        return None

    def rewrite(self, text: str) -> str:
        """Return `text` with its everyday words replaced by their standard terms."""
        if self._re is None:
            return text
        spans: list[tuple[int, int]] = []

        def standard(m: re.Match[str]) -> str:
            word = self._everyday(m.group(0))
            if word is None:
                return m.group(0)  # a named practice, kept as it stands
            if not spans:  # the text is segmented only once a word of the table is found in it
                pos = 0
                for cut in self._words(text):
                    spans.append((pos, pos + len(cut)))
                    pos += len(cut)
            if word != m.group(0) and not _infix_apart(m, len(m.group(0)) - len(word), spans):
                return m.group(0)
            return self._standard(text, m, word, spans)

        return self._re.sub(standard, text)

    def _standard(self, text: str, m: re.Match[str], word: str, spans: Sequence[tuple[int, int]]) -> str:
        """Return the standard terms for one everyday word, or the word where its standard term already stands.

        A word that a longer word of the text (`spans`) goes on from is only its first part (大事 in 大事记 is no
        重大事项); one that ends it is its head (学习心得 is a 心得), and so is one followed by a particle (上门去).
        """
        start, end = m.span()
        if any(a <= start < end < b and text[end:b].strip(_PARTICLES) for a, b in spans):
            return m.group(0)
        # Nor is one that ends inside a named practice (讲廉政 of 讲廉政党课 is no 廉政党课 said twice).
        if any(a < end < b and text[a:b] in self._kept for a, b in spans):
            return m.group(0)
        standards = self._synonyms[word]
        # 组织生活会 holds 组织生活 → 组织生活会: rewriting it would say 组织生活会会.
        if any(text.startswith(s, m.start()) for s in standards):
            return m.group(0)
        return "，".join(standards)
