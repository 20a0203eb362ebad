"""Match what a user typed to phrase-bank entries, and fill the entries with the user's own numbers.

Honest wording: a suggestion carries only numbers the user typed. Every slot the user gave no
fitting number for is a visible gap (bot.model.gap), e.g. "先后召开党组会议〔待补：次数〕次".
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import jieba
from rapidfuzz import fuzz, process

from bot.model import GAP_CLOSE, GAP_OPEN, gap
from bot.numbers import COUNT_UNITS, Number, arabic, extract_numbers, fits, normalize, numeral_only
from bot.outline import Outline, load_outline
from bot.phrasebank import SLOT_RE, Entry, Slot, load_bank, slot_label
from bot.resources import data_file

# jieba logs its dictionary loading at DEBUG through a handler of its own, into the terminal chat.
jieba.setLogLevel(logging.WARNING)

USERDICT_FILE = "userdict.txt"
SYNONYMS_FILE = "synonyms.tsv"

CANDIDATES = 20
QUERY_CACHE = 256
WORDS_CACHE = 4096
# How much an entry of the user's own node, of a sibling node, or of another section is worth.
SCOPE_WEIGHTS = (1.0, 0.85, 0.6)
COVERAGE_WEIGHT = 0.6
FUZZ_WEIGHT = 0.4
# The user gave a number and the entry has a slot it lands in: the concrete sentence beats the
# short general one ("Short phrases win" in the matching notes).
FILLED_BONUS = 0.18
GAP_PENALTY = 0.02
# A number lands in a slot only if the words around both share something specific: an IDF sum of
# at least this much (a term found in fewer than about ten entries). 组织 or 召开 alone is not enough.
MIN_AFFINITY = 3.0
# What a number counts is read from this many characters next to it (and next to a slot).
COUNTED_WINDOW = 6

_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
# A clause of a rendered text with the mark that ends it, and a count written in it.
_CLAUSE_RE = re.compile(r"[^，；。]+[，；。]?")
_COUNT_IN_RE = re.compile(r"\d")
_SEGMENT_SPLIT_RE = re.compile(r"[，、；。：,;]")
# Words that carry no topic: they neither find an entry nor tie a number to a slot.
_STOPWORDS = frozenset({
    "我们", "我", "他们", "大家", "一共", "总共", "共计", "累计", "先后", "今年", "全年", "上半年", "下半年", "一年",
    "已经", "还有", "还是", "还", "也", "都", "就", "了", "的", "地", "得", "和", "与", "及", "跟", "把", "被", "给",
    "在", "对", "从", "次", "个", "名", "人", "场", "些", "这个", "那个", "这", "那", "有", "是", "没", "不", "很",
    "比较", "挺", "一些", "什么", "怎么", "时候", "一下", "一次", "每次", "平时", "开了", "搞了", "弄了", "组织",
    "开展", "进行", "召开", "开", "搞", "弄", "做", "做了", "了解", "然后", "另外", "以及", "主要", "基本",
    "有些", "有的", "觉得", "认为", "基本上", "每个", "都是",
})  # fmt: skip


# Words too common in the genre to tell one activity from another.
_GENERIC = frozenset({
    "活动", "工作", "党员", "干部", "支部", "党支部", "党建", "党建工作", "问题", "全体", "各级", "单位", "机关",
    "专题", "制度", "情况", "方式", "形式", "内容", "要求", "相关", "重要", "积极", "认真", "深入", "扎实",
})  # fmt: skip


# Everyday nouns a count names (8个支部, 20个问题) though the bank may never count them.
_COUNTED_NOUNS = frozenset({
    "支部", "党支部", "党员", "干部", "职工", "群众", "问题", "意见", "建议", "单位", "社区", "村", "家庭", "学校",
    "文章", "稿件", "资料", "书籍", "课", "会", "会议", "活动", "项目", "任务", "制度", "清单", "案例", "困难户",
})  # fmt: skip


# What a counted noun is a kind of, for the words next to a slot (督促指导{count:个}基层党组织按期换届).
_COUNTED_KINDS = {"支部": ("党组织",), "党支部": ("党组织",), "同志": ("党员",), "职工": ("干部",)}


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


class Retriever(Protocol):
    """Candidate selection: a cheap score for every entry, of which the best few are re-ranked."""

    def scores(self, query: Query) -> Sequence[float]:
        """Return one score per bank entry, in bank order (0 = no candidate)."""
        ...


# Builds a retriever from the bank's terms and plain texts (the benchmark swaps in others).
RetrieverFactory = Callable[[Sequence[Sequence[str]], Sequence[str]], Retriever]


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


def bigrams(text: str) -> list[str]:
    """Return the adjacent character pairs of the Chinese runs of `text`."""
    return [run[i : i + 2] for run in _CJK_RUN_RE.findall(text) for i in range(len(run) - 1)]


def _without_numbers(text: str, numbers: Sequence[Number]) -> str:
    for n in sorted(numbers, key=lambda n: n.start, reverse=True):
        text = text[: n.start] + "，" + text[n.end :]
    return text


def slot_text(slot: Slot, number: Number | None) -> str:
    """Return what a slot shows: the user's number with the counter word, or a gap before it."""
    if number is None:
        return gap(slot.label) + (slot.unit if slot.type in ("count", "money", "percent") else "")
    # Numbers in the document are Arabic digits (GB/T 15835): 两次 → 2次, 百分之百 → 100%.
    if slot.type == "count":
        return f"{arabic(number)}{number.approx}{slot.unit}"
    if slot.type == "money":
        # The user's own unit (2.3万元) wins; a bare answer takes the slot's; 块 is written 元.
        unit = {"": slot.unit, "块": "元", "块钱": "元"}.get(number.unit, number.unit)
        return f"{arabic(number)}{number.approx}{unit}"
    return f"{number.value:g}%" if number.numeral.startswith("百分之") else f"{arabic(number)}%"


def render(entry: Entry, fills: dict[int, Number]) -> tuple[str, int]:
    """Return the entry's text with slot i filled by fills[i] or shown as a gap, and the gap count.

    Once the user's numbers fill some slots, a clause whose counts all stay open counts another
    activity (召开3次党组会议、〔待补〕次机关党委会议): it is left out, not left as a gap.
    """
    pieces = SLOT_RE.split(entry.text)
    # re.split with two groups yields text, type, unit, text, type, unit, …, text.
    out = [pieces[0]]
    for i, slot in enumerate(entry.slots):
        out.append(slot_text(slot, fills.get(i)))
        out.append(pieces[3 * (i + 1)])
    text = "".join(out)
    if not fills or len(fills) == len(entry.slots):
        return text, len(entry.slots) - len(fills)
    kept: list[str] = []
    for clause in _CLAUSE_RE.findall(text):
        if GAP_OPEN not in clause:
            kept.append(clause)
        elif _COUNT_IN_RE.search(clause) is None:
            # The clause before takes the mark that ended the one left out (or the 。).
            if kept:
                kept[-1] = kept[-1][:-1] + clause[-1]
        else:
            # 召开3次党组会议、〔待补〕次机关党委会议，: only the listed part with the user's count stays.
            parts = [p for p in clause[:-1].split("、") if GAP_OPEN not in p or _COUNT_IN_RE.search(p)]
            kept.append("、".join(parts) + clause[-1])
    return "".join(kept), 0


class Matcher:
    """Finds phrase-bank entries for a user's answer and fills them with the user's numbers."""

    def __init__(
        self,
        entries: Sequence[Entry],
        tokenizer: jieba.Tokenizer,
        synonyms: dict[str, tuple[str, ...]],
        retriever: RetrieverFactory | None = None,
        outline: Outline | None = None,
    ) -> None:
        self.entries = tuple(entries)
        # Which section each node stands in: an entry of a sibling node ranks above one from afar.
        self._sections = {n.id: n.section for n in (outline or load_outline()).nodes}
        self._tokenizer = tokenizer
        self._synonyms = synonyms
        self._queries: dict[str, Query] = {}
        self._specific: dict[str, tuple[str, ...]] = {}
        # Longest first, so 反腐片 is rewritten before 片子 could be.
        keys = sorted(synonyms, key=len, reverse=True)
        self._synonym_re = re.compile("|".join(map(re.escape, keys))) if keys else None
        self._by_id = {e.id: i for i, e in enumerate(self.entries)}
        self._plains = [normalize(e.plain) for e in self.entries]
        docs = [self.terms(p) for p in self._plains]
        self._doc_terms = [frozenset(d) for d in docs]
        self._bm25 = PostingsBM25(docs)
        self._retriever: Retriever = retriever(docs, self._plains) if retriever is not None else self._bm25
        self.candidates = CANDIDATES
        # A word the bank never uses still counts against a match, as a word found only once would.
        self._unseen_idf = max(self._bm25.idf.values(), default=1.0)
        self._scopes: dict[str | None, list[float]] = {}
        # The words around each slot, to tie a user's number to the slot it talks about.
        self._slot_context = [
            [frozenset(self.terms(seg)) for seg in _slot_segments(normalize(e.text))] for e in self.entries
        ]
        segments = [_slot_segments(normalize(e.text)) for e in self.entries]
        self._slot_segment_text = [[SLOT_RE.sub("", seg) for seg in segs] for segs in segments]
        self._slot_words = [[self.specific_words(seg) for seg in segs] for segs in self._slot_segment_text]
        # The words right around each slot: what it counts (召开党组会议{count:次} → 党组会议).
        self._slot_counted = [
            [frozenset(self.terms(seg)) for seg in _slot_windows(normalize(e.text))] for e in self.entries
        ]
        # What the bank counts (the words next to its slots) and the domain's nouns: the only words a
        # user's number can be said to count (3次专门研究党建 counts no 专门).
        userdict = data_file(USERDICT_FILE).read_text(encoding="utf-8").split("\n")
        self._countables = frozenset(
            {t for slots in self._slot_counted for ts in slots for t in ts if not t.startswith("~")}
            | {ln.split()[0] for ln in userdict if ln.strip()}
            | _COUNTED_NOUNS
        )

    @classmethod
    def load(cls, retriever: RetrieverFactory | None = None) -> Matcher:
        """Load the shipped bank, a private jieba tokenizer with the domain dictionary, and synonyms."""
        tokenizer = jieba.Tokenizer()
        with data_file(USERDICT_FILE).open("rb") as fh:
            tokenizer.load_userdict(fh)
        synonyms = load_synonyms(data_file(SYNONYMS_FILE).read_text(encoding="utf-8").splitlines())
        return cls(load_bank(), tokenizer, synonyms, retriever)

    # -- text analysis ------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Return the matching terms of a text: domain-aware words plus character pairs."""
        words = [
            w
            for w in self._tokenizer.lcut(text, HMM=False)
            if len(w) > 1 and w not in _STOPWORDS and _CJK_RUN_RE.search(w)
        ]
        return words + [f"~{b}" for b in bigrams(text)]

    def cut(self, text: str) -> list[str]:
        """Segment text into words with the domain dictionary (三会一课 stays one word)."""
        return list(self._tokenizer.lcut(text, HMM=False))

    def rewrite(self, text: str) -> str:
        """Replace everyday words by the standard terms of synonyms.tsv (longest match first)."""
        if self._synonym_re is None:
            return text
        return self._synonym_re.sub(lambda m: "，".join(self._synonyms[m.group(0)]), text)

    def query(self, text: str) -> Query:
        """Prepare a user's answer: numbers out, everyday words rewritten, terms cut once."""
        # One answer is prepared once for suggest() and again for each fill() of the wordings shown.
        cached = self._queries.get(text)
        if cached is None:
            cached = self._prepare(text)
            if len(self._queries) >= QUERY_CACHE:
                self._queries.clear()
            self._queries[text] = cached
        return cached

    def _prepare(self, text: str) -> Query:
        text = normalize(text)
        numbers = tuple(extract_numbers(text))
        bare = _without_numbers(text, numbers)
        rewritten = self.rewrite(bare)
        terms = tuple(self.terms(bare))
        rewritten_terms = terms if rewritten == bare else tuple(self.terms(rewritten))
        contexts = tuple(self._number_context(text, numbers, i) for i in range(len(numbers)))
        counted = tuple(self._counted(text, numbers, i) for i in range(len(numbers)))
        clauses = tuple(self._number_clause(text, numbers, i) for i in range(len(numbers)))
        words = tuple(self.specific_words(c) for c in clauses)
        weighted = self.weighted(terms)
        rewritten_weighted = weighted if rewritten_terms is terms else self.weighted(rewritten_terms)
        return Query(
            bare,
            rewritten,
            terms,
            rewritten_terms,
            numbers,
            contexts,
            counted,
            clauses,
            words,
            self.names(bare),
            weighted,
            rewritten_weighted,
        )

    # -- filling ------------------------------------------------------------------------------

    def _assign(self, index: int, query: Query) -> dict[int, Number]:
        """Decide which of the user's numbers fills which slot of entry `index`.

        A number fills a slot only if its unit fits and the words around it speak of what the slot
        counts (or say nothing else). 开了3次党组会 fills 召开党组会议{count:次} but never
        讲授专题党课{count:次}: that would state a fact the user did not give.
        """
        entry = self.entries[index]
        if not query.numbers or not entry.slots:
            return {}
        contexts = self._slot_context[index]
        idf = self._bm25.idf
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
        slot = self.entries[index].slots[si]
        return (
            fits(query.numbers[ni], slot.type, slot.unit)
            and self._same_thing(query.counted[ni], index, si)
            and self._speaks_of(query, ni, index, si)
        )

    def _speaks_of(self, query: Query, ni: int, index: int, si: int) -> bool:
        """Tell whether the number's clause and the slot's clause name the same activity.

        One names a specific word of the other (党组会 in 召开{count:次}党组会议): 党员大会开了4次
        never fills 组织开展廉洁警示教育大会{count:次}, though both speak of a 大会.
        """
        segment, words = self._slot_segment_text[index][si], self._slot_words[index][si]
        clause = query.number_clauses[ni]
        return any(w in segment for w in query.number_words[ni]) or any(w in clause for w in words)

    def specific_words(self, text: str) -> tuple[str, ...]:
        """Return the words of `text` that name something specific (not 开展, 工作, 活动 …)."""
        # Asked again for every wording of one answer: segmented once (the bank's own texts are few).
        found = self._specific.get(text)
        if found is None:
            found = tuple(
                w
                for w in dict.fromkeys(self._tokenizer.lcut(text, HMM=False))
                if len(w) > 1 and w not in _STOPWORDS and w not in _GENERIC and _CJK_RUN_RE.fullmatch(w)
            )
            if len(self._specific) >= WORDS_CACHE:
                self._specific.clear()
            self._specific[text] = found
        return found

    def _number_clause(self, text: str, numbers: Sequence[Number], index: int) -> str:
        """Return the clause a number stands in (the whole answer if the clause names nothing), synonyms added."""
        number = numbers[index]
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        before = _SEGMENT_SPLIT_RE.split(text[left : number.start])[-1]
        after = _SEGMENT_SPLIT_RE.split(text[number.end : right])[0]
        clause = before + "，" + after
        if not self.specific_words(clause):
            clause = _without_numbers(text, numbers)
        rewritten = self.rewrite(clause)
        return clause if rewritten == clause else f"{clause}，{rewritten}"

    def _same_thing(self, counted: frozenset[str], index: int, slot: int) -> bool:
        """Tell whether a number naming what it counts (5个支部) may fill slot `slot` of entry `index`.

        Both sides name their counted thing by the words next to the number; they must share a
        specific one. 5个支部 never fills 解决支部存在的问题{count:个}: it counts branches, not problems.
        """
        own = self._slot_counted[index][slot]
        return not counted or not own or bool(counted & own)

    def _counted(self, text: str, numbers: Sequence[Number], index: int) -> frozenset[str]:
        """Return the word a number counts: the noun right after it (5个支部), else right before it (问题15个).

        Empty when a verb stands between (党建开了4次): then the clause as a whole says what is counted.
        """
        number = numbers[index]
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        after = _SEGMENT_SPLIT_RE.split(text[number.end : right])[0][:COUNTED_WINDOW]
        words = [w for w in self._tokenizer.lcut(after, HMM=False) if w not in _STOPWORDS]
        found = self._known(words[0]) if words and self._countable(words[0]) else frozenset()
        if found:
            return found
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        before = _SEGMENT_SPLIT_RE.split(text[left : number.start])[-1][-COUNTED_WINDOW:]
        words = self._tokenizer.lcut(before, HMM=False)
        return self._known(words[-1]) if words and words[-1] not in _STOPWORDS else frozenset()

    def _countable(self, word: str) -> bool:
        """Tell whether `word`, or a part of it, names something counted (支部, 党员, 问题 …)."""
        return word in self._countables or any(b in self._countables for b in bigrams(word))

    def _known(self, word: str) -> frozenset[str]:
        """Return `word` with its character pairs if the bank knows it or a part of it (解决问题 → 问题).

        A word counts what its kind counts too: 11个支部 are 11个基层党组织.
        """
        idf = self._bm25.idf
        if idf.get(word, 0.0) <= 0:
            parts = [b for b in bigrams(word) if idf.get(b, 0.0) > 0]
            if not parts:
                return frozenset()
            word = parts[-1]
        kinds = _COUNTED_KINDS.get(word, ())
        return frozenset([word, *kinds, *(f"~{b}" for w in (word, *kinds) for b in bigrams(w))])

    def _number_context(self, text: str, numbers: Sequence[Number], index: int) -> frozenset[str]:
        """Return the terms of the clause a number stands in, synonyms included."""
        number = numbers[index]
        left = max([0, *(n.end for n in numbers if n.end <= number.start)])
        right = min([len(text), *(n.start for n in numbers if n.start >= number.end)])
        before = _SEGMENT_SPLIT_RE.split(text[left : number.start])[-1]
        after = _SEGMENT_SPLIT_RE.split(text[number.end : right])[0]
        clause = before + "，" + after
        if not any(not t.startswith("~") for t in self.terms(clause)):
            # 主题党日每月都搞，全年12次: a clause naming nothing counts what the answer is about.
            clause = text
        rewritten = self.rewrite(clause)
        terms = frozenset(self.terms(clause))
        return terms if rewritten == clause else terms | frozenset(self.terms(rewritten))

    def _suggestion(self, index: int, query: Query, node: str | None, score: float) -> Suggestion:
        entry = self.entries[index]
        fills = self._assign(index, query)
        text, gaps = render(entry, fills)
        text = self._to_what_was_said(text, query)
        gaps = text.count(GAP_OPEN)
        return Suggestion(entry.id, text, entry.label, round(score, 4), self._node_of(entry, node), gaps, len(fills))

    def _to_what_was_said(self, text: str, query: Query) -> str:
        """Keep only the clauses of a wording that speak of what the user said (or carry the user's count).

        严格落实“第一议题”制度，认真开展理论学习中心组学习，开展理论中心组集中学习12次 for
        中心组学了12次 claims a 第一议题 the user never named: that clause goes. A wording none of
        whose clauses names the user's words is left whole (the user chose it knowing what it says).
        """
        if not query.names:
            return text
        clauses = _CLAUSE_RE.findall(text)
        # A clause with the user's count stays; one with a gap stays only if it names what the user
        # said (累计召开党员大会〔待补〕场次 for 三会一课都按时开了 would ask for a fact never given).
        named = [any(n in c for n in query.names) or bool(_COUNT_IN_RE.search(c)) for c in clauses]
        if not any(named) or all(named):
            return text
        kept = [c for c, keep in zip(clauses, named, strict=True) if keep]
        return "".join(kept)[:-1] + "。"

    @staticmethod
    def generic(word: str) -> bool:
        """Tell whether a word is too common in the genre to tell one activity from another (党员, 工作)."""
        return word in _GENERIC or word in _STOPWORDS

    def names(self, text: str) -> tuple[str, ...]:
        """Return what a wording must hold to name something of `text`: its specific words, or a known part."""
        idf = self._bm25.idf
        words = self.specific_words(f"{text}，{self.rewrite(text)}")
        parts = (b for w in words for b in bigrams(w) if b not in _GENERIC and idf.get(b, 0.0) > 0)
        return tuple(dict.fromkeys([*words, *parts]))

    def _node_of(self, entry: Entry, node: str | None) -> str:
        if node in entry.nodes:
            return node
        section = self._sections.get(node) if node else None
        return next((n for n in entry.nodes if self._sections.get(n) == section), entry.nodes[0])

    # -- public API ---------------------------------------------------------------------------

    @property
    def idf(self) -> dict[str, float]:
        """The weight of each term the bank knows (BM25 IDF)."""
        return self._bm25.idf

    def forget(self) -> None:
        """Drop what was remembered of earlier answers (a benchmark times each answer as new)."""
        self._queries.clear()
        self._specific.clear()

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with id `entry_id` (KeyError if unknown)."""
        return self.entries[self._by_id[entry_id]]

    def entries_for(self, node_id: str) -> list[Entry]:
        """Return the entries that serve node `node_id`, in bank order."""
        return [e for e in self.entries if node_id in e.nodes]

    def fill(self, entry_id: str, text: str) -> Suggestion:
        """Return entry `entry_id` filled with the numbers found in the user's `text`."""
        return self._suggestion(self._by_id[entry_id], self.query(text), None, 1.0)

    def suggest(
        self, text: str, node_id: str | None = None, top: int = 3, exclude: Collection[str] = ()
    ) -> list[Suggestion]:
        """Return up to `top` entries for the user's answer, best first.

        The user's node comes first, then its siblings in the same section, then the whole bank;
        entries in `exclude` (already used in this draft) are never offered.
        """
        query = self.query(text)
        if not query.terms and not query.rewritten_terms:
            return []
        scope = self._scope(node_id)
        raw = self._retriever.scores(query)
        ranked = sorted(
            (i for i, s in enumerate(raw) if s > 0 and self.entries[i].id not in exclude),
            key=lambda i: (-raw[i] * scope[i], i),
        )[: self.candidates]
        fuzzy = self._fuzzy(query, ranked)
        scored = [(self._score(i, query, scope[i], fuzzy[i]), i) for i in ranked]
        scored.sort(key=lambda p: (-p[0], p[1]))
        return [self._suggestion(i, query, node_id, s) for s, i in scored[:top]]

    def _scope(self, node_id: str | None) -> list[float]:
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
                for e in self.entries
            ]
            self._scopes[node_id] = cached
        return cached

    def weighted(self, terms: Iterable[str]) -> tuple[tuple[str, float], ...]:
        """Return the distinct terms with their weight (IDF) normalized to sum 1."""
        idf = self._bm25.idf
        pairs = [(t, idf.get(t, self._unseen_idf)) for t in dict.fromkeys(terms)]
        total = sum(w for _, w in pairs) or 1.0
        return tuple((t, w / total) for t, w in pairs)

    def coverage(self, weighted: Sequence[tuple[str, float]], index: int) -> float:
        """Return the share of the query's term weight that entry `index` contains."""
        doc = self._doc_terms[index]
        return sum(w for t, w in weighted if t in doc)

    def _fuzzy(self, query: Query, indices: Sequence[int]) -> dict[int, float]:
        """Return the best character similarity (0–1) of the query, as typed or rewritten, per entry."""
        choices = {i: self._plains[i] for i in indices}
        best = {i: s / 100 for _, s, i in process.extract(query.text, choices, scorer=fuzz.partial_ratio, limit=None)}
        if query.rewritten != query.text:
            for _, s, i in process.extract(query.rewritten, choices, scorer=fuzz.partial_ratio, limit=None):
                best[i] = max(best[i], s / 100)
        return best

    def _score(self, index: int, query: Query, scope: float, fz: float) -> float:
        cov = self.coverage(query.weighted, index)
        if query.rewritten_terms is not query.terms:
            cov = max(cov, self.coverage(query.rewritten_weighted, index))
        score = scope * (COVERAGE_WEIGHT * cov + FUZZ_WEIGHT * fz)
        if query.numbers and self.entries[index].slots:
            fills = self._assign(index, query)
            if fills:
                score += FILLED_BONUS
            score -= GAP_PENALTY * (len(self.entries[index].slots) - len(fills))
        return score


def _slot_windows(template: str) -> list[str]:
    """Return, for each slot of a template, the few characters on either side of it."""
    between = SLOT_RE.split(template)[::3]
    return [
        _SEGMENT_SPLIT_RE.split(between[i])[-1][-COUNTED_WINDOW:]
        + "，"
        + _SEGMENT_SPLIT_RE.split(between[i + 1])[0][:COUNTED_WINDOW]
        for i in range(len(between) - 1)
    ]


def _slot_segments(template: str) -> list[str]:
    """Return, for each slot of a template, the clause part around it (召开{count:次}党组会议 → 召开，党组会议)."""
    between = SLOT_RE.split(template)[::3]
    return [
        _SEGMENT_SPLIT_RE.split(between[i])[-1] + "，" + _SEGMENT_SPLIT_RE.split(between[i + 1])[0]
        for i in range(len(between) - 1)
    ]


_GAP_RE = re.compile(
    re.escape(GAP_OPEN)
    + r"(?P<label>[^"
    + re.escape(GAP_CLOSE)
    + r"]+)"
    + re.escape(GAP_CLOSE)
    + "(?P<unit>"
    + "|".join(sorted((*COUNT_UNITS, "万元", "元", "%"), key=len, reverse=True))
    + ")?"
)


def _gap_slot(label: str, unit: str) -> Slot | None:
    """Return the slot a rendered gap stands for, from its label and the counter word after it."""
    if label == slot_label("percent", "") and unit == "%":
        return Slot("percent", "%", label)
    if label == slot_label("money", "") and unit in ("元", "万元"):
        return Slot("money", unit, label)
    if unit in COUNT_UNITS and slot_label("count", unit) == label:
        return Slot("count", unit, label)
    return None


def fill_gap(item_text: str, answer: str) -> str | None:
    """Fill the first gap of `item_text` that `answer` ("3", "3次", "三次", "12人次") fits.

    Return the new text, or None if the answer is not a lone number fitting any gap.
    """
    number = numeral_only(answer)
    if number is None:
        return None
    for m in _GAP_RE.finditer(item_text):
        slot = _gap_slot(m.group("label"), m.group("unit") or "")
        if slot is not None and fits(number, slot.type, slot.unit):
            return item_text[: m.start()] + slot_text(slot, number) + item_text[m.end() :]
    return None
