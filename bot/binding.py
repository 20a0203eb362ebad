"""Which of the user's numbers fills which slot of an entry: same unit, same counted thing, same activity.

开了3次党组会 fills 召开党组会议{count:次} but never 讲授专题党课{count:次}; 5个支部 never fills
帮助研究解决支部存在的问题{count:个}; 党员大会开了4次 never fills 组织开展廉洁警示教育大会{count:次}.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot.fact_rules import distinct_steps, table
from bot.lexicon import CJK_RUN_RE, COUNTED_KINDS, COUNTED_NOUNS, STOPWORDS, bigrams
from bot.numbers import Number, fits, is_rate, normalize
from bot.phrasebank import SLOT_RE, Entry
from bot.wording import COUNTED_WINDOW, SEGMENT_SPLIT_RE, quoted_name, slot_segments, slot_sides, slot_windows

if TYPE_CHECKING:
    from bot.practices import Practices
    from bot.queries import Query

# A number lands in a slot only if the words around both share something specific: an IDF sum of
# at least this much (a term found in fewer than about ten entries). 组织 or 召开 alone is not enough.
MIN_AFFINITY = 3.0
# The units a slot counts people in: 个 fills them only before what it counts (5个积极分子).
PEOPLE_UNITS = frozenset({"名", "人"})
# Nouns of people, by how they end (党员, 积极分子, 发展对象, 支部书记, 群众).
_PEOPLE_RE = re.compile(r"(?:员|者|干部|分子|对象|书记|群众|同志|代表)")


def without_numbers(text: str, numbers: Sequence[Number]) -> str:
    """Return `text` with each number replaced by a comma (what is left says what was counted)."""
    for n in sorted(numbers, key=lambda n: n.start, reverse=True):
        text = text[: n.start] + "，" + text[n.end :]
    return text


class Binder:
    """Ties the user's numbers to the slots of the bank's entries (the slots' surroundings read once)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        idf: dict[str, float],
        lcut: Callable[[str], list[str]],
        terms: Callable[[str], list[str]],
        specific_words: Callable[[str], tuple[str, ...]],
        rewrite: Callable[[str], str],
        practices: Practices,
        doc_terms: Sequence[frozenset[str]],
    ) -> None:
        self._entries = tuple(entries)
        self._idf = idf
        self._lcut = lcut
        self._terms = terms
        self._specific_words = specific_words
        self._rewrite = rewrite
        self._doc_terms = doc_terms
        # The words around each slot, to tie a user's number to the slot it talks about.
        segments = [slot_segments(normalize(e.text)) for e in self._entries]
        self._slot_context = [[frozenset(terms(seg)) for seg in segs] for segs in segments]
        self._slot_segment_text = [[SLOT_RE.sub("", seg) for seg in segs] for segs in segments]
        self._slot_words = [[specific_words(seg) for seg in segs] for segs in self._slot_segment_text]
        # What the bank counts (the words next to its slots) and the domain's nouns: the only words a
        # user's number can be said to count (3次专门研究党建 counts no 专门).
        windows = [frozenset(terms(seg)) for e in self._entries for seg in slot_windows(normalize(e.text))]
        self._countables = frozenset(
            {t for ts in windows for t in ts if not t.startswith("~")} | practices.words | COUNTED_NOUNS
        )
        sides = [slot_sides(normalize(e.text)) for e in self._entries]
        # What each slot counts: the words right after it, else right before it (召开{count:次}党组会议 →
        # 党组会议; 选派{count:名}党员到社区挂职 counts 党员, not 社区).
        self._slot_counted = [[self._slot_head(before, after) for before, after in s] for s in sides]
        # A slot counting a named activity (开展{count:次}“社区便民接待日”活动) takes only a count of it.
        self._slot_names = [[specific_words(quoted_name(b, a)) for b, a in s] for s in sides]
        # The domain's named practices (党课, 中心组, 主题党日 …) each slot's clause speaks of.
        self.practices = practices.named
        self._slot_practices = [[self.practices(seg) for seg in segs] for segs in self._slot_segment_text]
        self._slot_rates = [[is_rate(before) for before, _ in s] for s in sides]
        # A how-often mark a deed's wording drops where the user said none of its words (bot.wording.drop_all): without
        # it the slot counts a total (每月…开展{count:次}“社区便民接待日”活动 for 办了九次便民接待).
        self._how_often = {mark: tuple(said) for mark, said in table("how_often").items()}
        self._slot_marks = [[self._dropped_marks(before) for before, _ in s] for s in sides]

    def assign(self, index: int, query: Query) -> dict[int, Number]:
        """Decide which of the user's numbers fills which slot of entry `index`.

        A number fills a slot only if its unit fits and the words around it speak of what the slot
        counts (or say nothing else). 开了3次党组会 fills 召开党组会议{count:次} but never
        讲授专题党课{count:次}: that would state a fact the user did not give.
        """
        entry = self._entries[index]
        if not query.numbers or not entry.slots:
            return {}
        contexts = self._slot_context[index]
        idf = self._idf
        pairs: list[tuple[float, int, int]] = []
        for ni in range(len(query.numbers)):
            ctx = query.number_contexts[ni]
            for si in range(len(entry.slots)):
                if not self._may_fill(query, ni, index, si):
                    continue
                affinity = sum(idf.get(t, 0.0) for t in ctx & contexts[si]) if ctx else MIN_AFFINITY
                if affinity >= MIN_AFFINITY:
                    pairs.append((-affinity, si, ni))
        fills: dict[int, Number] = {}
        used: set[int] = set()
        for _, si, ni in sorted(pairs):
            if si not in fills and ni not in used:
                fills[si] = query.numbers[ni]
                used.add(ni)
        if not fills:
            return fills
        # Once the entry is plainly the one the user talks about, a number whose clause names
        # something of the entry (办了两期培训班，培训了80人) takes the next slot it fits.
        doc = self._doc_terms[index]
        for ni, number in enumerate(query.numbers):
            ctx = query.number_contexts[ni]
            if ni in used or sum(idf.get(t, 0.0) for t in ctx & doc) < MIN_AFFINITY:
                continue
            free = [si for si, s in enumerate(entry.slots) if si not in fills and self._may_fill(query, ni, index, si)]
            if free:
                fills[free[0]] = number
                used.add(ni)
        return fills

    def _may_fill(self, query: Query, ni: int, index: int, si: int) -> bool:
        """Tell whether the user's number `ni` may fill slot `si` of entry `index`: same unit, same thing."""
        slot = self._entries[index].slots[si]
        return (
            fits(query.numbers[ni], slot.type, slot.unit)
            and self._slot_rate(query, index, si) == self._is_rate(query, ni)
            and not self._unknown_counter(query, ni)
            and (slot.unit not in PEOPLE_UNITS or self._counts_people(query, ni))
            and self._same_thing(query.counted[ni], index, si)
            and self._speaks_of(query, ni, index, si)
            and self._names_activity(query, ni, index, si)
            and self._same_practice(query, ni, index, si)
        )

    def _dropped_marks(self, before: str) -> tuple[str, ...]:
        """Return the how-often marks making a slot a frequency, if dropping them leaves it none; else nothing."""
        marks = tuple(m for m in self._how_often if m in before)
        rest = before
        for mark in marks:
            rest = rest.replace(mark, "")
        return marks if marks and is_rate(before) and not is_rate(rest) else ()

    def _slot_rate(self, query: Query, index: int, si: int) -> bool:
        """Tell whether a slot counts how often, as the wording will read for this user."""
        marks = self._slot_marks[index][si]
        if not marks:
            return self._slot_rates[index][si]
        return any(w in query.said for mark in marks for w in self._how_often[mark])

    def _same_practice(self, query: Query, ni: int, index: int, si: int) -> bool:
        """Tell whether the number's clause and the slot's clause, naming practices, name one in common.

        领导班子成员讲党课5次 never fills 组织领导班子成员开展中心组集中研学{count:次}: 党课 is no 中心组.
        """
        theirs = self._slot_practices[index][si]
        clause = query.number_clauses[ni]
        ours = self.practices(clause)
        if len(ours) > 1 and not self.practices(self._own_clause(query, ni)):
            # A count whose own clause names nothing (全年学了20次) counts the practice the answer names
            # first (第一议题，党组会上先学), not the meeting it was done at: 20 never fills 召开党组会议{count:次}.
            ours = frozenset([min(ours, key=clause.find)])
        if ours and theirs and not any(a in b or b in a for a in ours for b in theirs):
            return False
        # 培训入党积极分子15人 never fills 确定入党积极分子{count:名}: another step on the same way.
        segment, clause = self._slot_segment_text[index][si], query.number_clauses[ni]
        for group in distinct_steps():
            steps, said = {g for g in group if g in segment}, {g for g in group if g in clause}
            if steps and said and not steps & said:
                return False
        return True

    def _counts_people(self, query: Query, ni: int) -> bool:
        """Tell whether a count may be of people: said with a counter of people, or with 个 next to people named.

        个 stands before what it counts, or after people named in its clause: 5个积极分子 and 困难党员慰问了8个 count
        people; 帮企业解决困难30个 counts difficulties, never 慰问困难党员{count:人}.
        """
        number = query.numbers[ni]
        if number.unit != "个":
            return True
        words = self._lcut(query.said[number.end : number.end + COUNTED_WINDOW])
        if words and words[0] not in STOPWORDS and CJK_RUN_RE.match(words[0]) is not None:
            return True
        return _PEOPLE_RE.search(SEGMENT_SPLIT_RE.split(query.said[: number.start])[-1]) is not None

    @staticmethod
    def _unknown_counter(query: Query, ni: int) -> bool:
        """Tell whether a number is followed by a counter we do not know (800小时, 8000分, 1起): it fills no slot."""
        number = query.numbers[ni]
        return number.kind == "plain" and bool(CJK_RUN_RE.match(query.said[number.end : number.end + 1]))

    @staticmethod
    def _is_rate(query: Query, ni: int) -> bool:
        """Tell whether the user's count is a frequency (主题党日每月1次): it never fills a total's slot."""
        return is_rate(SEGMENT_SPLIT_RE.split(query.said[: query.numbers[ni].start])[-1])

    @staticmethod
    def _own_clause(query: Query, ni: int) -> str:
        """Return the words of the clause a number stands in, as typed (全年学了 for 全年学了20次)."""
        number, said = query.numbers[ni], query.said
        return SEGMENT_SPLIT_RE.split(said[: number.start])[-1] + SEGMENT_SPLIT_RE.split(said[number.end :])[0]

    def _names_activity(self, query: Query, ni: int, index: int, si: int) -> bool:
        """Tell whether the number's clause names at least half of the named activity a slot counts, if any.

        每月去社区1次 never fills 每月…到社区开展{count:次}“社区便民接待日”活动: a 社区 is no 便民接待日.
        """
        words = self._slot_names[index][si]
        clause = query.number_clauses[ni]
        named = sum(w in clause or any(b in clause for b in bigrams(w) if self._idf.get(b, 0.0) > 0) for w in words)
        return 2 * named >= len(words)

    def _slot_head(self, before: str, after: str) -> frozenset[str]:
        """Return what a slot counts: the first two words after it, else the last two before it, with their parts."""
        after = after.lstrip("“《")
        words = [w for w in self._lcut(after)[:2] if w not in STOPWORDS] if after else []
        if not words:
            words = [w for w in self._lcut(before)[-2:] if w not in STOPWORDS]
        return frozenset(t for w in words for t in self._known(w))

    def _speaks_of(self, query: Query, ni: int, index: int, si: int) -> bool:
        """Tell whether the number's clause and the slot's clause name the same activity.

        One names a specific word of the other (党组会 in 召开{count:次}党组会议): 党员大会开了4次
        never fills 组织开展廉洁警示教育大会{count:次}, though both speak of a 大会.
        """
        segment, words = self._slot_segment_text[index][si], self._slot_words[index][si]
        clause = query.number_clauses[ni]
        return any(w in segment for w in query.number_words[ni]) or any(w in clause for w in words)

    def number_clause(self, text: str, numbers: Sequence[Number], index: int) -> str:
        """Return the clause a number stands in (the whole answer if the clause names nothing), synonyms added."""
        number = numbers[index]
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        before = SEGMENT_SPLIT_RE.split(text[left : number.start])[-1]
        after = SEGMENT_SPLIT_RE.split(text[number.end : right])[0]
        clause = before + "，" + after
        if not self._names_known(clause):
            clause = without_numbers(text, numbers)
        rewritten = self._rewrite(clause)
        return clause if rewritten == clause else f"{clause}，{rewritten}"

    def _names_known(self, clause: str) -> bool:
        """Tell whether a clause names something specific that the bank speaks of too (出动 is no word of it)."""
        return any(self._idf.get(w, 0.0) > 0 for w in self._specific_words(clause))

    def _same_thing(self, counted: frozenset[str], index: int, slot: int) -> bool:
        """Tell whether a number naming what it counts (5个支部) may fill slot `slot` of entry `index`.

        Both sides name their counted thing by the words next to the number; they must share a
        specific one. 5个支部 never fills 解决支部存在的问题{count:个}: it counts branches, not problems.
        """
        own = self._slot_counted[index][slot]
        return not counted or not own or bool(counted & own)

    def counted(self, text: str, numbers: Sequence[Number], index: int) -> frozenset[str]:
        """Return the word a number counts: the noun right after it (5个支部), else right before it (问题15个).

        Empty when a verb stands between (党建开了4次): then the clause as a whole says what is counted.
        """
        number = numbers[index]
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        after = SEGMENT_SPLIT_RE.split(text[number.end : right])[0][:COUNTED_WINDOW]
        words = [w for w in self._lcut(after) if w not in STOPWORDS]
        # A noun phrase ends on what it names (5个党建创新项目 counts 项目): its first two words are read.
        if words and self._countable(words[0]):
            found = frozenset(t for w in words[:2] for t in self._known(w))
            if found:
                return found
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        before = SEGMENT_SPLIT_RE.split(text[left : number.start])[-1][-COUNTED_WINDOW:]
        words = self._lcut(before)
        return self._known(words[-1]) if words and words[-1] not in STOPWORDS else frozenset()

    def _countable(self, word: str) -> bool:
        """Tell whether `word`, or a part of it, names something counted (支部, 党员, 问题 …)."""
        return word in self._countables or any(b in self._countables for b in bigrams(word))

    def _known(self, word: str) -> frozenset[str]:
        """Return `word` with its character pairs if the bank knows it or a part of it (解决问题 → 问题).

        A word counts what its kind counts too: 11个支部 are 11个基层党组织.
        """
        idf = self._idf
        if idf.get(word, 0.0) <= 0:
            parts = [b for b in bigrams(word) if idf.get(b, 0.0) > 0]
            if not parts:
                return frozenset()
            word = parts[-1]
        kinds = COUNTED_KINDS.get(word, ())
        return frozenset([word, *kinds, *(f"~{b}" for w in (word, *kinds) for b in bigrams(w))])

    def number_context(self, text: str, numbers: Sequence[Number], index: int) -> frozenset[str]:
        """Return the terms of the clause a number stands in, synonyms included."""
        number = numbers[index]
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        before = SEGMENT_SPLIT_RE.split(text[left : number.start])[-1]
        after = SEGMENT_SPLIT_RE.split(text[number.end : right])[0]
        clause = before + "，" + after
        if not self._names_known(clause):
            # 主题党日每月都搞，全年12次: a clause naming nothing counts what the answer is about, and so does one
            # naming only what the bank never speaks of (劝导交通，前后出动1200人次).
            clause = text
        rewritten = self._rewrite(clause)
        terms = frozenset(self._terms(clause))
        return terms if rewritten == clause else terms | frozenset(self._terms(rewritten))
