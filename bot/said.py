"""How users say the bank's wordings (data/said.tsv): an answer said this way is heard as the entry.

The bank speaks as documents do (召开党组会议，专题研究党建工作); users type as they talk (党组会开了两回研究党建).
Each entry keeps a few messages a user might send for it, and an answer is matched against them too: the
vocabulary the bank lacks is theirs. They only find entries; what is offered is always the entry's own text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process

from bot.numbers import extract_numbers, normalize

SAID_FILE = "said.tsv"
# An answer is scored by its terms as typed and as rewritten: both shares stay known while its entries are scored.
COVERED_CACHE = 64


def load_said(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse said.tsv: entry id → the messages users might send for it (# comments)."""
    table: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        entry_id, _, message = line.partition("\t")
        if message.strip():
            table[entry_id.strip()].append(message.strip())
    return {k: tuple(v) for k, v in table.items()}


def _bare(text: str) -> str:
    """Return a message with its counts cut out, as an answer's are (what is left says what was done)."""
    text = normalize(text)
    for n in sorted(extract_numbers(text), key=lambda n: n.start, reverse=True):
        text = text[: n.start] + "，" + text[n.end :]
    return text


class SaidForms:
    """The messages users might send for each entry, indexed as the bank is (built once per bank)."""

    def __init__(
        self, ids: Sequence[str], said: Mapping[str, Sequence[str]], terms: Callable[[str], list[str]]
    ) -> None:
        self._owner: list[int] = []
        texts: list[str] = []
        for i, entry_id in enumerate(ids):
            for message in said.get(entry_id, ()):
                self._owner.append(i)
                texts.append(_bare(message))
        docs = [terms(t) for t in texts]
        self._by_entry: dict[int, list[int]] = defaultdict(list)
        for j, i in enumerate(self._owner):
            self._by_entry[i].append(j)
        # Which messages hold each term; the shares of an answer's terms, worked out once for all entries.
        self._holding: dict[str, list[int]] = defaultdict(list)
        for j, doc in enumerate(docs):
            for term in dict.fromkeys(doc):
                self._holding[term].append(j)
        self._covered: dict[tuple[tuple[str, float], ...], dict[int, float]] = {}
        self._texts = texts
        self._joined = {i: "，".join(texts[j] for j in js) for i, js in self._by_entry.items()}

    def coverage(self, weighted: tuple[tuple[str, float], ...], index: int) -> float:
        """Return the largest share of the answer's term weight that one message of entry `index` holds."""
        shares = self._covered.get(weighted)
        if shares is None:
            if len(self._covered) >= COVERED_CACHE:
                self._covered.clear()
            shares = self._covered[weighted] = self._cover(weighted)
        return shares.get(index, 0.0)

    def _cover(self, weighted: tuple[tuple[str, float], ...]) -> dict[int, float]:
        """Return, per entry, the largest share of the term weight one of its messages holds."""
        shares: dict[int, float] = defaultdict(float)
        for term, weight in weighted:
            for j in self._holding.get(term, ()):
                shares[j] += weight
        best: dict[int, float] = {}
        for j, share in shares.items():
            i = self._owner[j]
            if share > best.get(i, 0.0):
                best[i] = share
        return best

    def fuzzy(self, text: str, indices: Iterable[int]) -> dict[int, float]:
        """Return, per entry, the best character likeness (0–1) of one of its messages to the answer."""
        choices = {j: self._texts[j] for i in indices for j in self._by_entry.get(i, ())}
        best: dict[int, float] = {}
        for _, s, j in process.extract(text, choices, scorer=fuzz.ratio, limit=None):
            i = self._owner[j]
            best[i] = max(best.get(i, 0.0), s / 100)
        return best

    def forget(self) -> None:
        """Drop the shares worked out for earlier answers (a benchmark times each answer as new)."""
        self._covered.clear()

    def text(self, index: int) -> str:
        """Return the messages of entry `index` in one string ('' if none)."""
        return self._joined.get(index, "")
