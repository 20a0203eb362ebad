"""How well a bank entry fits an answer.

Where it stands in the outline, how much of the answer's term weight it holds, how alike its characters read, and
whether the user's counts fill its slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process

from bot.numbers import Number
from bot.phrasebank import Entry
from bot.queries import Query

# How much an entry of the user's own node, of a sibling node, or of another section is worth.
SCOPE_WEIGHTS = (1.0, 0.85, 0.6)
COVERAGE_WEIGHT = 0.6
FUZZ_WEIGHT = 0.4
# The user gave a number and the entry has a slot it lands in: the concrete sentence beats the
# short general one ("Short phrases win" in the matching notes).
FILLED_BONUS = 0.18
GAP_PENALTY = 0.02


class Scorer:
    """Scores the bank's entries for a prepared answer (built once per bank)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        sections: Mapping[str, str],
        doc_terms: Sequence[frozenset[str]],
        idf: Mapping[str, float],
        plains: Sequence[str],
    ) -> None:
        self._entries = entries
        self._sections = sections
        self._doc_terms = doc_terms
        self._idf = idf
        self._plains = plains
        # A word the bank never uses still counts against a match, as a word found only once would.
        self._unseen_idf = max(idf.values(), default=1.0)
        self._scopes: dict[str | None, list[float]] = {}

    def scope(self, node_id: str | None) -> list[float]:
        """Return, per entry, what its place is worth for an answer at `node_id` (own node, sibling, afar)."""
        cached = self._scopes.get(node_id)
        if cached is None:
            section = self._sections.get(node_id) if node_id else None
            own, sibling, other = SCOPE_WEIGHTS
            cached = [
                own
                if node_id is None or node_id in e.nodes
                else sibling
                if section is not None and any(self._sections.get(n) == section for n in e.nodes)
                else other
                for e in self._entries
            ]
            self._scopes[node_id] = cached
        return cached

    def weighted(self, terms: Iterable[str]) -> tuple[tuple[str, float], ...]:
        """Return the distinct terms with their weight (IDF) normalized to sum 1."""
        pairs = [(t, self._idf.get(t, self._unseen_idf)) for t in dict.fromkeys(terms)]
        total = sum(w for _, w in pairs) or 1.0
        return tuple((t, w / total) for t, w in pairs)

    def coverage(self, weighted: Sequence[tuple[str, float]], index: int) -> float:
        """Return the share of the query's term weight that entry `index` contains."""
        doc = self._doc_terms[index]
        return sum(w for t, w in weighted if t in doc)

    def fuzzy(self, query: Query, indices: Sequence[int]) -> dict[int, float]:
        """Return the best character similarity (0–1) of the query, as typed or rewritten, per entry."""
        choices = {i: self._plains[i] for i in indices}
        best = {i: s / 100 for _, s, i in process.extract(query.text, choices, scorer=fuzz.partial_ratio, limit=None)}
        if query.rewritten != query.text:
            for _, s, i in process.extract(query.rewritten, choices, scorer=fuzz.partial_ratio, limit=None):
                best[i] = max(best[i], s / 100)
        return best

    def score(self, index: int, query: Query, scope: float, fz: float, fills: dict[int, Number]) -> float:
        """Return entry `index`'s score: its place times its term cover and likeness, and its slots filled."""
        cov = self.coverage(query.weighted, index)
        if query.rewritten_terms is not query.terms:
            cov = max(cov, self.coverage(query.rewritten_weighted, index))
        score = scope * (COVERAGE_WEIGHT * cov + FUZZ_WEIGHT * fz)
        slots = self._entries[index].slots
        if query.numbers and slots:
            if fills:
                score += FILLED_BONUS
            score -= GAP_PENALTY * (len(slots) - len(fills))
        return score
