"""Match what a user typed to phrase-bank entries, and fill the entries with the user's own numbers.

Honest wording: a suggestion carries only numbers the user typed, each in a slot counting the same
thing (bot.binding). Every slot the user gave no fitting number for is a visible gap (bot.model.gap),
e.g. "先后召开党组会议〔待补：次数〕次", and only clauses speaking of what the user said stay (bot.wording).
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Collection, Sequence

import jieba

from bot import fact_rules, lexicon
from bot.bank_cuts import all_said, claim_words
from bot.bankclean import BUSINESS
from bot.binding import Binder, without_numbers
from bot.lexicon import CJK_RUN_RE, GENERIC, STOPWORDS, USERDICT_FILE, bigrams
from bot.lists import keep_named_deed, keep_named_examples
from bot.model import GAP_OPEN
from bot.numbers import Number, extract_numbers, forget_numbers, normalize, said_values
from bot.outline import Outline, load_outline
from bot.own_words import OwnWords
from bot.phrasebank import Entry, load_bank
from bot.practices import Practices
from bot.queries import Query, Retriever, RetrieverFactory, Suggestion
from bot.resources import data_file
from bot.retrieval import PostingsBM25, Rewriter, load_synonyms, with_spoken_forms
from bot.scoring import Scorer
from bot.wording import drop_all, drop_guiding, drop_results, keep_said, keep_told, render
from bot.wording import fill_gap as fill_gap

SYNONYMS_FILE = "synonyms.tsv"
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")

CANDIDATES = 20
QUERY_CACHE = 256
WORDS_CACHE = 4096
# A word found this often in the bank (学习, 政治) is no telling part of a practice (学习强国, 政治生日).
TELLING_IDF = 3.5


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
        outline = outline or load_outline()
        self._sections = {n.id: n.section for n in outline.nodes}
        # The sections of deeds done (主要做法和成效): their wordings claim no result the user did not say.
        self._deeds_done = frozenset(s.id for s in outline.sections if s.role == "topics")
        self._judged = frozenset(n.section for n in outline.nodes if n.role in ("problems", "plans"))
        self._judgements = fact_rules.words("evaluations")
        self._clause_leads = fact_rules.words("clause_leads")
        self._result_claims = fact_rules.words("result_claims"), fact_rules.words("result_claim_heads")
        self._deed_nouns = fact_rules.words("deed_nouns")
        self._guides = fact_rules.guides()
        hedges = fact_rules.words("all_hedged")
        self._all_words = (
            (fact_rules.words("all_marks"), fact_rules.words("all_said"), hedges),
            (fact_rules.words("full_marks"), fact_rules.words("full_said"), hedges),
            *(((mark,), said, ()) for mark, said in fact_rules.table("how_often").items()),
        )
        self._segmenter = lexicon.Segmenter(tokenizer, WORDS_CACHE)
        self._words = self._segmenter.cut
        self._queries: dict[str, Query] = {}
        self._specific: dict[str, tuple[str, ...]] = {}
        self._rewritten: dict[str, str] = {}
        userdict = data_file(USERDICT_FILE).read_text(encoding="utf-8").split("\n")
        practice_words = [ln.split()[0] for ln in userdict if ln.strip()]
        # Everyday words as spoken (走个过场, 一块儿布置) are those of the table.
        infixes, forms = fact_rules.spoken()
        self._rewriter = Rewriter(with_spoken_forms(synonyms, forms), practice_words, self._words, infixes)
        self._own_words = OwnWords(self._words, self.specific_words)
        self._by_id = {e.id: i for i, e in enumerate(self.entries)}
        self._plains = [normalize(e.plain) for e in self.entries]
        # The numbers of an entry's quoted names (“光荣在党50年”) and a corpus unit's business (信访, 窗口 …): an
        # entry holding them is offered only to a user who names them too.
        gates = [(frozenset(_NUMBER_RE.findall(p)), frozenset(b for b in BUSINESS if b in p)) for p in self._plains]
        self._gated = [(i, gate) for i, gate in enumerate(gates) if gate[0] or gate[1]]
        docs = [self.terms(p) for p in self._plains]
        self._doc_terms = [frozenset(d) for d in docs]
        # A cut repeats words of its sentence: counting them twice would make them look common.
        self._bm25 = PostingsBM25(docs, counted=[d for d, e in zip(docs, self.entries, strict=True) if not e.cut_of])
        self._retriever: Retriever = retriever(docs, self._plains) if retriever is not None else self._bm25
        self.candidates = CANDIDATES
        self._scorer = Scorer(self.entries, self._sections, self._doc_terms, self._bm25.idf, self._plains)
        neutral = fact_rules.words("cut_neutral_words")
        self._cut_words = {i: claim_words(self.cut(e.plain), neutral) for i, e in enumerate(self.entries) if e.cut_of}
        self._practices = Practices(practice_words, self.common, self.specific_words)
        self._binder = Binder(
            self.entries,
            self._bm25.idf,
            self.cut,
            self.terms,
            self.specific_words,
            self.rewrite,
            self._practices,
            self._doc_terms,
        )
        self._segmenter.keep()
        # The entries serving some node of each section: a deed done is offered no wording of a problem.
        served = [{self._sections.get(n) for n in e.nodes} for e in self.entries]
        self._serving = {s: frozenset(i for i, at in enumerate(served) if s in at) for s in {*self._sections.values()}}

    @classmethod
    def load(cls, retriever: RetrieverFactory | None = None) -> Matcher:
        """Load the shipped bank, a private jieba tokenizer with the domain dictionary, and synonyms."""
        tokenizer = lexicon.tokenizer()
        synonyms = load_synonyms(data_file(SYNONYMS_FILE).read_text(encoding="utf-8").splitlines())
        return cls(load_bank(), tokenizer, synonyms, retriever)

    # -- text analysis ------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Return the matching terms of a text: domain-aware words plus character pairs."""
        cut = self._words(text)
        words = [w for w in cut if len(w) > 1 and w not in STOPWORDS and CJK_RUN_RE.search(w)]
        # Character pairs within what is said, not across 年底 / 开了 / 一次 that say nothing.
        said = "".join(w if w not in STOPWORDS else "，" for w in cut)
        return words + [f"~{b}" for b in bigrams(said)]

    def cut(self, text: str) -> list[str]:
        """Segment text into words with the domain dictionary (三会一课 stays one word)."""
        return list(self._words(text))

    def practices(self, text: str) -> frozenset[str]:
        """Return the domain's named practices `text` speaks of (讲党课 → 党课; data/userdict.txt)."""
        return self._practices.named(text)

    def deeds(self, text: str) -> frozenset[str]:
        """Return the practices `text` names as deeds, not the fields they stand in (意识形态).

        The standard terms its words stand for count too: 看了警示片 names 警示教育片.
        """
        return self._practices.named(f"{text}，{self.rewrite(text)}") - self._practices.frames

    def unsaid_practices(self, text: str, said: str) -> list[str]:
        """Return the practices `text` claims that the user's words `said` do not name (bot.practices)."""
        query = self.query(said)
        return self._practices.unsaid(text, query.heard, query.names)

    def strange_doers(self, text: str, said: str) -> set[str]:
        """Return the doers `text` names that the user's words `said` do not (bot.practices)."""
        return self._practices.strange_doers(text, said)

    def rewrite(self, text: str) -> str:
        """Replace everyday words by the standard terms of synonyms.tsv (longest match first)."""
        # One clause is rewritten for its query, its naming and each wording's checks: once is enough.
        found = self._rewritten.get(text)
        if found is None:
            if len(self._rewritten) >= WORDS_CACHE:
                self._rewritten.clear()
            found = self._rewritten[text] = self._rewriter.rewrite(text)
        return found

    def specific_words(self, text: str) -> tuple[str, ...]:
        """Return the words of `text` that name something specific (not 开展, 工作, 活动 …)."""
        # Asked again for every wording of one answer: segmented once (the bank's own texts are few).
        found = self._specific.get(text)
        if found is None:
            found = tuple(
                w
                for w in dict.fromkeys(self._words(text))
                if len(w) > 1 and w not in STOPWORDS and w not in GENERIC and CJK_RUN_RE.fullmatch(w)
            )
            if len(self._specific) >= WORDS_CACHE:
                self._specific.clear()
            self._specific[text] = found
        return found

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
        bare = without_numbers(text, numbers)
        rewritten = self.rewrite(bare)
        terms = tuple(self.terms(bare))
        rewritten_terms = terms if rewritten == bare else tuple(self.terms(rewritten))
        contexts = tuple(self._binder.number_context(text, numbers, i) for i in range(len(numbers)))
        counted = tuple(self._binder.counted(text, numbers, i) for i in range(len(numbers)))
        clauses = tuple(self._binder.number_clause(text, numbers, i) for i in range(len(numbers)))
        words = tuple(self.specific_words(c) for c in clauses)
        weighted = self._scorer.weighted(terms)
        rewritten_weighted = weighted if rewritten_terms is terms else self._scorer.weighted(rewritten_terms)
        return Query(
            bare,
            text,
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

    def _suggestion(
        self, index: int, query: Query, node: str | None, score: float, fills: dict[int, Number], carry: bool
    ) -> Suggestion:
        entry = self.entries[index]
        text, gaps = render(entry, fills)
        text = keep_named_examples(keep_said(text, query.names), query.names, self.cut)
        text = keep_named_deed(text, query.names, self._deed_nouns)
        if self.section(self._node_of(entry, node)) in self._deeds_done:
            # A plan may aim at a result (进一步增强…); a deed done claims none the user did not say.
            text = drop_results(text, query.said, *self._result_claims)
            text = drop_guiding(text, query.said, self._guides)
            for marks, said_all, hedges in self._all_words:
                text = drop_all(text, query.said, marks, said_all, hedges)
        elif self.section(self._node_of(entry, node)) in self._judged and query.said:
            # Each clause of a problem or a plan is a finding or a measure of its own: only those the user told stay.
            untold = (self._untold, self.generic)
            text = keep_told(text, query.heard, self.specific_words, untold, self.common, self._clause_leads)
        if query.names:
            # A chip's sentence (no words of the user's) is taken knowing what it says: it is never cut.
            text = self._practices.all_named(self._practices.cut_unsaid(text, query.heard, query.names), query.said)
        gaps = text.count(GAP_OPEN)
        filled = len(fills)
        exact = [n for n in query.numbers if not n.loose]
        if carry and exact and not entry.slots:
            # A wording with no slot for the user's count keeps it in the user's own words (bot.own_words).
            carried = self._own_words.after(text, query.said)
            if carried is not None:
                text, filled = carried, len(exact)
        return Suggestion(entry.id, text, entry.label, round(score, 4), self._node_of(entry, node), gaps, filled)

    def common(self, word: str) -> bool:
        """Tell whether a word is too common to name a practice by being part of it (学习 of 学习强国)."""
        return self.generic(word) or 0 < self._bm25.idf.get(word, 0.0) < TELLING_IDF

    def _untold(self, word: str) -> bool:
        """Tell whether a word tells no finding apart: a generic one or a judgement (不够 of 相互交流学习不够)."""
        return self.generic(word) or word in self._judgements

    @staticmethod
    def generic(word: str) -> bool:
        """Tell whether a word is too common in the genre to tell one activity from another (党员, 工作)."""
        return word in GENERIC or word in STOPWORDS

    def names(self, text: str) -> tuple[str, ...]:
        """Return what a wording must hold to name something of `text`: its specific words, or a known part."""
        idf = self._bm25.idf
        words = self.specific_words(f"{text}，{self.rewrite(text)}")
        parts = (b for w in words for b in bigrams(w) if b not in GENERIC and idf.get(b, 0.0) > 0)
        return tuple(dict.fromkeys([*words, *parts]))

    def section(self, node_id: str | None) -> str | None:
        """Return the section a node stands in (work, problems, plans), None if unknown."""
        return self._sections.get(node_id) if node_id else None

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
        self._rewritten.clear()
        self._segmenter.forget()
        self._own_words.forget()
        forget_numbers()

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with id `entry_id` (KeyError if unknown)."""
        return self.entries[self._by_id[entry_id]]

    def entries_for(self, node_id: str) -> list[Entry]:
        """Return the entries that serve node `node_id`, in bank order."""
        return [e for e in self.entries if node_id in e.nodes]

    def fill(self, entry_id: str, text: str, carry: bool = True) -> Suggestion:
        """Return entry `entry_id` filled with the numbers found in the user's `text`.

        With `carry`, an entry with no slot takes the user's counted clause after it, as FactFinder offered it.
        """
        index, query = self._by_id[entry_id], self.query(text)
        return self._suggestion(index, query, None, 1.0, self._binder.assign(index, query), carry)

    def suggest(
        self,
        text: str,
        node_id: str | None = None,
        top: int = 3,
        exclude: Collection[str] = (),
        carry: bool = False,
        admit: Callable[[str, float, bool], bool] | None = None,
        own_section: bool = False,
    ) -> list[Suggestion]:
        """Return up to `top` entries for the user's answer, best first.

        The user's node comes first, then its siblings in the same section, then the whole bank;
        entries in `exclude` (already used in this draft) are never offered. With `carry`, an entry
        with no slot for the user's exact counts takes the user's own clause after it (bot.own_words).
        `admit(text, score, carried)` may turn down an entry by its plain text before it is filled and cut (`carried`:
        it would take the user's own words after it): it still takes its place among the `top`, as if it had been
        offered and turned down. With `own_section`, so is an entry serving no node of the section of `node_id`.
        """
        query = self.query(text)
        if not query.terms and not query.rewritten_terms:
            return []
        scope = self._scorer.scope(node_id)
        raw = self._retriever.scores(query)
        barred = self._barred(query.said)
        barred.update(self._by_id[e] for e in exclude if e in self._by_id)
        # A single-claim cut is a candidate only for a user who said all it claims (严格党员过政治生日制度落实 is no
        # wording of 给党员过政治生日): else it crowds out the sentence it was cut from, for the filters to turn down.
        ranked = heapq.nsmallest(
            self.candidates,
            (i for i in raw if i not in barred and (i not in self._cut_words or all_said(self._cut_words[i], text))),
            key=lambda i: (-raw[i] * scope[i], i),
        )
        fuzzy = self._scorer.fuzzy(query, ranked)
        # Which number fills which slot is decided once per entry: it scores the entry and fills it.
        fills = {i: self._binder.assign(i, query) for i in ranked}
        scored = [(self._scorer.score(i, query, scope[i], fuzzy[i], fills[i]), i) for i in ranked]
        scored.sort(key=lambda p: (-p[0], p[1]))
        # An entry cut to what the user said may read as one already used (严格落实“第一议题”制度，认真开展… cut
        # to the 第一议题 chip's sentence), or say it again before the user's counted words: not offered either.
        used = {self.entries[self._by_id[e]].text for e in exclude if e in self._by_id}
        heads = tuple(u.removesuffix("。") + "，" for u in used)
        # Nor is one that would put before the user's counted words only practices the draft already states
        # (严格落实“三会一课”制度，支委会每月召开1次 after 坚持“三会一课”活动: seen in a new-user walk).
        stated = self.deeds("，".join(used)) if used else frozenset()
        exact = any(not n.loose for n in query.numbers)
        section = self.section(node_id) if own_section else None
        serving = self._serving.get(section) if section else None
        offered = (
            self._suggestion(i, query, node_id, s, fills[i], carry)
            if (serving is None or i in serving)
            and (admit is None or admit(self._plains[i], round(s, 4), carry and exact and not self.entries[i].slots))
            else None
            for s, i in scored
        )
        picked = itertools.islice(
            (
                s
                for s in offered
                if s is None
                or (s.text not in used and not s.text.startswith(heads) and not self._restates(s, query, stated))
            ),
            top,
        )
        return [s for s in picked if s is not None]

    def _restates(self, suggestion: Suggestion, query: Query, stated: frozenset[str]) -> bool:
        """Tell whether a wording carrying the user's words adds only practices in `stated` to them."""
        if not stated or not suggestion.filled or self.entry(suggestion.entry_id).slots:
            return False
        added = self.deeds(suggestion.text) - self.practices(query.said)
        return bool(added) and added <= stated

    def _barred(self, said: str) -> set[int]:
        """Return the entries not to offer for what the user `said` (as typed: no synonym opens the gate).

        An entry holding quoted numbers the user did not give (党龄满五十年 gives the 50 of “光荣在党50年”), or a
        corpus unit's business (信访, 窗口, 宗教 …) of which the user named none.
        """
        values = said_values(said)
        named = frozenset(b for b in BUSINESS if b in said)
        return {
            i for i, (numbers, business) in self._gated if not numbers <= values or (business and not business & named)
        }
