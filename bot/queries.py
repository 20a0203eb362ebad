"""What matching passes around: a prepared answer (Query), an offered wording (Suggestion), a Retriever."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.numbers import Number


@dataclass(frozen=True)
class Suggestion:
    """A phrase offered to the user; `text` is exactly what the user sees."""

    entry_id: str
    text: str
    label: str
    score: float
    node: str
    gaps: int
    # How many of the user's numbers the text carries.
    filled: int = 0


@dataclass(frozen=True)
class Query:
    """A user's answer, prepared once for every scorer."""

    text: str  # as typed, normalized, with its numbers cut out
    said: str  # as typed, normalized, numbers kept (the user's own clause a count-free wording takes on)
    rewritten: str  # the same with everyday words replaced by standard terms
    terms: tuple[str, ...]
    rewritten_terms: tuple[str, ...]
    numbers: tuple[Number, ...]
    # For each number, the terms of the clause it stands in (what the user counted).
    number_contexts: tuple[frozenset[str], ...]
    # For each number, the words right next to it (5个支部 → 支部; 问题15个 → 问题); empty if none.
    counted: tuple[frozenset[str], ...]
    # For each number, the clause it stands in (synonyms appended) and that clause's specific words.
    number_clauses: tuple[str, ...]
    number_words: tuple[tuple[str, ...], ...]
    # What a wording must hold to name something the user said (see Matcher.names).
    names: tuple[str, ...]
    weighted: tuple[tuple[str, float], ...]
    rewritten_weighted: tuple[tuple[str, float], ...]

    @property
    def heard(self) -> str:
        """Return what the user said, numbers kept, with its everyday words' standard terms after it."""
        return f"{self.said}，{self.rewritten}"


class Retriever(Protocol):
    """Candidate selection: a cheap score for every entry, of which the best few are re-ranked."""

    def scores(self, query: Query) -> Mapping[int, float]:
        """Return the score of each bank entry (by its place in the bank) that is a candidate at all."""
        ...


# Builds a retriever from the bank's terms and plain texts (the benchmark swaps in others).
RetrieverFactory = Callable[[Sequence[Sequence[str]], Sequence[str]], Retriever]
