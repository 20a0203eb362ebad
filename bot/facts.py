"""One answer → its facts: each clause with its own numbers, its fitting standard wordings and its own words.

`FactFinder.analyse("中心组学了12次，书记讲党课讲了两次", node_id)` gives two facts. A fact's
suggestions are the bank wordings that fit it, best first, filled with its numbers; they are empty
when no wording fits (then the user's own words, polished, stand for it). Nothing the user said is
dropped: every clause is in exactly one fact.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from bot import fact_rules
from bot.count_claims import CountClaims
from bot.lexicon import CJK_RUN_RE, STOPWORDS, bigrams
from bot.matcher import Matcher
from bot.naming import CARRY_SCORE, MIN_SCORE, Fit
from bot.numbers import NUMBER_TERMS, Number, arabic, extract_numbers, normalize
from bot.polish import PolishRules, load_rules, polish, tidy
from bot.queries import Suggestion
from bot.typos import TypoFixer, load_fixer
from bot.wording import LEAD_VERBS

FETCHED = 8
# The longest clause that only sets the frame of the next (结合主题教育, 围绕优化营商环境这个中心).
FRAME_LENGTH = 12
SHOWN = 3
# A clause named by common words only (管理, 学习) is a fact of its own when a wording fits it this closely.
KNOWN_SCORE = 0.5
MIN_FACT = 4
# A clause this short ending on a judgement (联系不够, 精力有限) judges the fact before it.
EVALUATION_LENGTH = 6
# A voice answer's pause ends a fact only after this many characters of it (书记嗯讲了党课 is one fact).
PAUSED_FACT = 11
# A wording carrying the user's count in their words after it stays this short (and scores CARRY_SCORE).
CARRY_LENGTH = 30
# The best wording put before the user's own counted words must name at least this share of its words
# (calibrated on the blind dev half: 意识形态 alone is 1 of the 5 words of 定期总结通报意识形态工作情况…).
CARRIED_BEST_SHARE = 0.5
# A carried wording whose words the user said all says nothing of its own.
REPEATED_SHARE = 1.0

_DIGIT_RE = re.compile(r"[\d.]+")
# A clause's subject if any (no judgement: 来的人不多也不上心), then 也 or 还: what it says was done as well.
_ALSO_RE = re.compile(r"^([^，不没]{2,6}?)?[也还]")
_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。！？!?\n]+")


def _counted_clause(text: str) -> bool:
    """Tell whether a clause opens on a count and goes on with words of its own (四十多个人参加, not 12次)."""
    counts = extract_numbers(normalize(text))
    return bool(counts) and counts[0].start == 0 and bool(CJK_RUN_RE.search(text[counts[0].end :]))


@dataclass(frozen=True)
class Fact:
    """One fact of an answer: the clause, its counts, the wordings that fit it, and its polished own words."""

    text: str
    numbers: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]
    own: str

    def left_out(self, wording: str) -> tuple[str, ...]:
        """Return the counts of this fact that `wording` does not carry (the bot says so, and keeps them)."""
        carried = {arabic(n) for n in extract_numbers(normalize(wording))}
        return tuple(c for c, n in zip(self.numbers, self._parsed(), strict=True) if arabic(n) not in carried)

    def _parsed(self) -> list[Number]:
        return extract_numbers(normalize("，".join(self.numbers)))


def _shown(number: Number) -> str:
    """Return a count as the document writes it: Arabic digits as typed (2.3万元), Chinese exact ones as digits."""
    if number.approx:
        return f"{number.numeral}{number.approx}{number.unit}"
    if number.numeral.startswith("百分之"):
        return f"{number.value:g}%"
    return f"{arabic(number)}{number.unit}"


class FactFinder:
    """Cuts answers into facts and finds each fact's wordings (built on a loaded Matcher)."""

    def __init__(
        self,
        matcher: Matcher,
        fixer: TypoFixer | None = None,
        rules: PolishRules | None = None,
        min_score: float = MIN_SCORE,
    ) -> None:
        self.matcher = matcher
        self._fixer = fixer or load_fixer()
        self._rules = rules or load_rules()
        self._continuations, self._conditions = fact_rules.words("continuations"), fact_rules.words("conditions")
        self._partitives = fact_rules.words("partitives")
        self._frame_heads = fact_rules.words("frame_heads")
        self._negations = fact_rules.words("negations")
        self._attendance = fact_rules.words("attendance")
        self._partitive_people = fact_rules.words("partitive_people")
        self._partitive_own = (*self._partitive_people, *fact_rules.words("partitive_things"))
        self._evaluations, self._results = fact_rules.words("evaluations"), fact_rules.words("results")
        self.min_score = min_score
        self._fit = Fit(matcher, min_score)
        self._claims = CountClaims(matcher)

    def polish(self, text: str) -> str:
        """Return the user's words as a document sentence (see bot.polish), typing slips undone."""
        return polish(text, self._rules, self.matcher.cut)

    def _fix(self, text: str) -> str:
        return self._fixer.fix(text, self.matcher.cut)

    def split(self, text: str) -> list[str]:
        """Cut an answer into its facts: clauses, each joined to the one before if it names nothing new."""
        clean = self._fix(tidy(self._paused(text), self._rules))
        facts: list[str] = []
        for clause in (c for c in _CLAUSE_SPLIT_RE.split(clean) if c):
            if facts and self._continues(clause, facts[-1]):
                facts[-1] = f"{facts[-1]}，{clause}"
            elif len(facts) == 1 and (not self._topic_words(facts[0]) or self._who_only(facts[0])):
                facts[0] = f"{facts[0]}，{clause}"  # 我们支部，三会一课都按时开了: a topic, then the fact
            elif facts and self._names_only(facts[-1]):
                facts[-1] = f"{facts[-1]}，{clause}"  # 第一议题，党组会上先学: a practice named, then what was done
            else:
                facts.append(clause)
        return facts

    def _who_only(self, clause: str) -> bool:
        """Tell whether a clause names only when and who (今年县医保局): the subject of the clause after it."""
        pause = self._rules.subject_pause
        return pause is not None and pause.fullmatch(f"{clause}，") is not None

    def _without_who(self, fact: str) -> str:
        """Return a fact without the when-and-who clause heading it (今年我局，被评为… → 被评为…)."""
        pause = self._rules.subject_pause
        head = pause.match(fact) if pause is not None else None
        return fact[head.end() :] if head is not None and head.end() < len(fact) else fact

    def _paused(self, text: str) -> str:
        """Cut a voice answer where the speaker paused after saying enough to be a fact (结了对子嗯党员…)."""
        pieces = re.split("(" + "|".join(fact_rules.words("pauses")) + ")", text)
        out = pieces[0]
        for pause, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            said = _CLAUSE_SPLIT_RE.split(tidy(out, self._rules))[-1]
            then = _CLAUSE_SPLIT_RE.split(tidy(piece, self._rules))[0]
            # 党组会嗯专门研究党建的开了三次: a topic, then what was done with it, is one fact; so is a fact
            # and what the pause adds to it.
            new = len(said) >= PAUSED_FACT and len(then) >= MIN_FACT and not self._continues(then, said)
            if new:
                out += "，" + piece
            elif said.endswith(self._conditions):
                out = out.rstrip() + piece.lstrip()  # the sentence goes on across the pause (节前节后都 嗯 提醒一下)
            elif _counted_clause(then):
                out += "，" + piece  # 培训了一次 嗯 四十多个人参加: a count run into the one before would read as one
            else:
                out += pause + piece
        return out

    def _continues(self, clause: str, previous: str) -> bool:
        """Tell whether `clause` only adds to the fact before it (a count, a result, a detail)."""
        if clause.startswith(self._continuations) or previous.endswith(self._conditions):
            return True
        if self._frames_next(previous):
            return True
        if clause.rstrip("。").endswith(self._attendance) and (_counted_clause(clause) or self._people_only(clause)):
            return True
        partitive = next((p for p in self._partitives if clause.startswith(p)), "")
        # 有的放矢 is a word of its own, no 有的; 有的支部…, 部分制度… name who or what of their own.
        alone = partitive and len(self.matcher.cut(clause)[0]) <= len(partitive)
        if alone and not clause[len(partitive) :].startswith(self._partitive_own):
            return True
        if len(clause) < MIN_FACT:
            return True  # 两手抓: too short to be a fact of its own
        if self._enumerates(clause, previous):
            return True  # 年初列了三张清单，问题清单任务清单责任清单: which ones
        if len(clause) <= EVALUATION_LENGTH and clause.endswith(self._evaluations):
            return True
        head = self.matcher.cut(clause)[0]
        result = clause[len(head) :].startswith(self._results) and not _DIGIT_RE.search(clause)
        if result and len(head) <= 2 and not self._topic_words(head):
            return True  # 抽查2回，问题已经全部整改: what became of what was found (党费都交齐了 is a fact of its own)
        # Something else said to have been done too (工作群也管起来了, 还去廉政教育基地参观了一回) is another fact.
        also = _ALSO_RE.match(clause)
        subject = (also.group(1) or "") if also else ""
        if (
            also
            and not (subject and (subject in previous or subject in STOPWORDS or subject.endswith("得")))
            and not clause[also.end() :].startswith(fact_rules.words("also_judged"))
        ):
            return False
        words = self._topic_words(clause)
        before = self._topic_words(previous)
        # 述职 of 5个支部书记都述职了 is the 述职评议会 before it.
        if all(any(w in b for b in before) for w in words):
            return True
        # A clause naming a practice of the domain the fact before did not, or one the bank knows on its own,
        # starts a fact: 书记讲党课 after 中心组学了12次. Otherwise it tells more of the one before (每期3天,
        # 配了学习资料和书柜, 联系不够).
        if self.matcher.practices(clause) - self.matcher.practices(previous):
            return False
        return not self._known_alone(clause)

    def _people_only(self, clause: str) -> bool:
        """Tell whether a clause names no one but people (全体党员干部都来了)."""
        words = self._topic_words(clause)
        return bool(words) and all(any(p in w for p in self._partitive_people) for w in words)

    def _frames_next(self, clause: str) -> bool:
        """Tell whether a clause only sets the frame of the next (结合主题教育).

        It is short, opens on a frame word, and holds no count and no judgement: 针对性不强 and 结合业务不够紧密 are
        findings of their own.
        """
        head = self.matcher.cut(clause)[0]
        return (
            head in self._frame_heads
            and len(clause) <= FRAME_LENGTH
            and not _DIGIT_RE.search(clause)
            and not any(w in clause for w in self._negations)
        )

    def _enumerates(self, clause: str, previous: str) -> bool:
        """Tell whether a clause only names, two or more, things of a kind the clause before named (三张清单)."""
        heads = {w for w in self.matcher.cut(previous) if len(w) > 1 and CJK_RUN_RE.fullmatch(w)}
        return any(re.fullmatch(rf"(?:[\u4e00-\u9fff]{{1,4}}?{h}[、和及]?){{2,}}", clause) for h in heads)

    def _known_alone(self, clause: str) -> bool:
        """Tell whether the bank holds a practice that fits `clause` on its own.

        Common words (学习 of 配了学习资料) name no practice of their own unless the wording fits closely (工作群也
        管起来了: 加强对工作群的管理): else the clause tells more of the fact before.
        """
        naming = replace(self._fit.naming(clause), strange=False)
        uncommon = replace(naming, parts=tuple(p for p in naming.parts if not self.matcher.common(p[0])))
        return any(
            self._fit.fits(uncommon, s) or (s.score >= KNOWN_SCORE and self._fit.fits(naming, s))
            for s in self.matcher.suggest(clause, None, top=1)
        )

    def _names_only(self, text: str) -> bool:
        """Tell whether a clause is one term and nothing else (第一议题): it heads the clause after it.

        So is a day and how often (七一一次, 表彰了优秀党员): the count is of what the next clause says.
        """
        if not _DIGIT_RE.search(text) and len(self.matcher.cut(text)) == 1:
            return True
        numbers = extract_numbers(normalize(text))
        return len(numbers) == 1 and normalize(text)[: numbers[0].start] in NUMBER_TERMS

    def _topic_words(self, text: str) -> set[str]:
        """Return the specific words of `text` (no numbers, no 开展/工作/全年 …)."""
        numbers = extract_numbers(normalize(text))
        for n in reversed(numbers):
            text = text[: n.start] + "，" + text[n.end :]
        return set(self.matcher.specific_words(text)) - self._fit.doers

    def _share_topic(self, first: str, second: str) -> bool:
        """Tell whether two clauses name one thing (慰问困难党员15人，送慰问金0.6万元 both speak of 慰问)."""
        ours = {b for w in self._topic_words(first) for b in bigrams(w) if not self.matcher.generic(b)}
        return any(b in ours for w in self._topic_words(second) for b in bigrams(w) if not self.matcher.generic(b))

    def _counts_more(self, *facts: Fact) -> bool:
        """Tell whether a wording offered for any of the facts comes from an entry counting two things or more."""
        return any(len(self.matcher.entry(s.entry_id).slots) > 1 for f in facts for s in f.suggestions)

    def _same_doer(self, clause: str, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording keeps the doer the user named and adds none.

        我讲党课 is no 单位领导讲授专题党课; 书记带头联系第一支部 is no …，其他班子成员分别联系一个党支部; 签了责任书
        names no 党组书记 who signed.
        """
        return not self.matcher.strange_doers(self._claims.before_own(suggestion.text, own), clause)

    def _carries_closely(self, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording carrying the count in the user's own words (see Matcher) is close and short."""
        if self.min_score <= 0 or not self._claims.carried(suggestion):
            return True
        wording = self._claims.before_own(suggestion.text, own)
        return suggestion.score >= CARRY_SCORE and len(wording) <= CARRY_LENGTH

    def _adds_practice(self, clause: str, suggestion: Suggestion) -> bool:
        """Tell whether a wording names a practice the user did not (三会一课 is no 交心谈心活动)."""
        return bool(self.matcher.unsaid_practices(suggestion.text, clause))

    def analyse(self, text: str, node_id: str | None, exclude: Collection[str] = (), top: int = SHOWN) -> list[Fact]:
        """Return the facts of an answer, each with up to `top` wordings that fit it (best first) and its own words.

        `exclude` holds the entry ids already used in the draft: they are never offered again.
        """
        facts = [self._fact(clause, node_id, exclude, top) for clause in self.split(text)]
        return self._joined(facts, node_id, exclude, top)

    def _joined(self, facts: list[Fact], node_id: str | None, exclude: Collection[str], top: int) -> list[Fact]:
        """Join neighbouring counted facts that one wording counts together (责任清单5份，任务分解28条)."""
        out: list[Fact] = []
        for fact in facts:
            previous = out[-1] if out else None
            shared = previous is not None and self._share_topic(previous.text, fact.text)
            if (
                previous is not None
                and previous.numbers
                and fact.numbers
                and (shared or self._counts_more(previous, fact))
            ):
                both = self._fact(f"{previous.text}，{fact.text}", node_id, exclude, top)
                best = both.suggestions[0] if both.suggestions else None
                counted = len(both.numbers)
                if best is not None and (shared or not self._claims.carried(best)) and best.filled == counted:
                    out[-1] = both
                    continue
            out.append(fact)
        return out

    def _fact(self, said_so: str, node_id: str | None, exclude: Collection[str], top: int) -> Fact:
        # Who spoke (我们县医保局，…) is no part of the deed: the wordings are matched to the rest.
        clause = self._without_who(said_so)
        numbers = extract_numbers(normalize(clause))
        shown = tuple(_shown(n) for n in numbers)
        own = self.polish(clause)
        naming = self._fit.naming(clause)
        # A deed done is no problem and no plan: a wording of another section is never taken here.
        section = self.matcher.section(node_id)
        found = [
            s
            for s in self.matcher.suggest(
                clause,
                node_id,
                top=max(FETCHED, top),
                exclude=exclude,
                carry=True,
                admit=lambda text, score, carried: self._fit.admits(naming, text, score, carried),
            )
            if self._fit.fits(naming, s)
            and (section is None or self.matcher.section(s.node) == section)
            and self._same_doer(clause, s, own)
        ]
        exact = [n for n in numbers if not n.approx]
        if exact:
            # A wording that cannot carry the user's count would lose it, and one with a count of its
            # own left open (〔待补〕次机关党委会议) speaks of another activity: neither is offered.
            found = [s for s in found if s.filled == len(exact) and s.gaps == 0]
            found = [s for s in found if self._carries_closely(s, own)]
        elif numbers:
            # A wording leaving out an about-count (服务40多家企业) must at least name what was counted: 提升了服务
            # 社会稳定水平 shares 服务 alone.
            counted = self._claims.counted_by_user(clause)
            found = [s for s in found if s.filled or not counted or any(w in s.text for w in counted)]
        said = f"{clause}，{self.matcher.rewrite(clause)}"
        # A wording put before the user's own counted words must say little more than they did: 意识形态工作
        # 专题研究了2次 takes no 定期总结通报意识形态工作情况 (a mechanism the user never named).
        found = [
            s
            for s in found
            if not self._claims.carried(s) or self._claims.named_enough(said, s, own, CARRIED_BEST_SHARE)
        ]
        # A wording putting the count in a clause about something the user hardly named (开展志愿服务12场 →
        # 组织开展了文明交通劝导、城市文明创建等党员志愿服务活动12次) claims activities: not even the best one.
        found = [
            s
            for s in found
            if not s.filled
            or self._claims.carried(s)
            or (self._claims.count_clause_named(said, s.text) and self._claims.count_verb_said(said, s.text))
        ]
        # A gap asks the user for a count of what they named, never of another deed (选派〔待补：人数〕名党员到社区
        # 挂职 for 和城东社区结对共建).
        found = [s for s in found if self._claims.gaps_named(said, s.text)]
        found = [s for s in found if not self._adds_practice(clause, s)]
        # A wording before the user's counted words that says more than they did (坚持“三会一课”和交心谈心活动
        # for 支委会开了3次) goes after one that says little more.
        found.sort(key=lambda s: self._claims.carried(s) and not self._claims.named_enough(said, s, own))
        # One that only says again what the user's words after it say (设立了一批党员示范岗，设立党员示范岗10个)
        # is no wording: the user's own words are. One giving the standard name of what the user said in other
        # words (开展革命传统教育 for 去烈士陵园缅怀先烈, by the synonyms) says it as a document does.
        found = [
            s
            for s in found
            if not (self._claims.carried(s) and s.text.endswith(own))
            or self._claims.carried_share(clause, s, own) < REPEATED_SHARE
        ]
        if len(found) > 1:
            # An alternative wraps the user's counted words in a claim of its own (接待群众反映的热点和难点
            # 问题，解决…20个): only the best wording may be that loose.
            found = found[:1] + [s for s in found[1:] if not s.filled or self._claims.named_enough(said, s, own)]
        # Two entries may read the same once cut to what the user said: the user sees it once.
        unique: dict[str, Suggestion] = {}
        for s in found:
            unique.setdefault(s.text, s)
        # One that is another offered wording with a clause before it saying it again (认真开展理论学习中心组学习，
        # 开展理论中心组集中学习12次) reads twice what one says once (seen by testers): the shorter one stands.
        texts = [t.removesuffix("。") for t in unique]
        kept = [s for s in unique.values() if not self._repeats(s.text, texts)]
        return Fact(said_so, shown, tuple(kept[:top]), own if said_so == clause else self.polish(said_so))

    def _repeats(self, text: str, others: list[str]) -> bool:
        """Tell whether a wording is another one with a clause before it that says nothing the other does not."""
        for other in others:
            if other != text.removesuffix("。") and text.endswith(f"，{other}。"):
                head = text[: -len(other) - 2]
                words = [w for w in self.matcher.specific_words(head) if w not in LEAD_VERBS]
                # A quoted name (“书记抓、抓书记”) says something of its own, whatever words it shares.
                named = all(q in other for q in re.findall(r"“[^”]*”", head))
                return named and all(self._claims.said(w, other) for w in words)
        return False
