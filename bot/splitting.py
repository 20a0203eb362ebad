"""Cut one answer into its facts: clauses, each joined to the one before when it only says more of it.

`Splitter.split("中心组学了12次，书记讲党课讲了两次")` gives two facts; 开展警示教育3次，200多人次参加 is one. The
words of the rules are in data/facts.toml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import fact_rules
from bot.binding import without_numbers
from bot.lexicon import CJK_RUN_RE, STOPWORDS, bigrams
from bot.matcher import Matcher
from bot.naming import Fit
from bot.numbers import EVENT_UNITS, HEDGE_WORDS, NUMBER_TERMS, extract_numbers, is_rate, normalize
from bot.polish import PolishRules, tidy
from bot.run_ons import CLAUSE_SPLIT_RE, RunOns
from bot.typos import TypoFixer

# The longest clause that only sets the frame of the next (结合主题教育, 围绕优化营商环境这个中心).
FRAME_LENGTH = 12
# A clause named by common words only (管理, 学习) is a fact of its own when a wording fits it this closely.
KNOWN_SCORE = 0.5
MIN_FACT = 4
# A clause this short ending on a judgement (联系不够, 精力有限) judges the fact before it.
EVALUATION_LENGTH = 6
# A voice answer's pause ends a fact only after this many characters of it (书记嗯讲了党课 is one fact).
PAUSED_FACT = 11

DIGIT_RE = re.compile(r"[\d.]+")
_HEDGE_FIRST_RE = re.compile(rf"^(?:{HEDGE_WORDS})")
# A clause's subject if any (no judgement: 来的人不多也不上心), then 也 or 还: what it says was done as well.
# A leader's clause this long tells a deed of its own (书记主持 says who chaired the one before).
LEADER_DEED = 8
# The fewest words of its own a counted clause needs to count a thing of its own (农民工, 追回, 欠薪).
COUNTED_OTHER = 3
_ALSO_RE = re.compile(r"^([^，不没]{2,6}?)?[也还]")
# A clause ending on 的 with what it tells of unnamed (我参加了二支部的); 党费都是按时交的 says 是…的 of its own.
_LEAVES_UNNAMED_RE = re.compile(r"^[^是]*的。?$")
# A clause naming only a day says when the deed before was done (主题党日每个月都搞了，每月15号那天: a tester's).
_DAY_ONLY_RE = re.compile(r"^(?:每个?月|每周|每季度)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})[号日](?:那天|当天|这天)?$")


def _counted_clause(text: str) -> bool:
    """Tell whether a clause opens on a count and goes on with words of its own (四十多个人参加, not 12次).

    A guess said first opens on its count too (大概二十多个人参加: a walk's was an item of its own).
    """
    text = _HEDGE_FIRST_RE.sub("", text)
    counts = extract_numbers(normalize(text))
    return bool(counts) and counts[0].start == 0 and bool(CJK_RUN_RE.search(text[counts[0].end :]))


# To whom a deed was done, by the deed's verb before 的 (给全体党员讲的二十大, 为新党员上的): it tells of that deed.
_TOLD_TO_RE = re.compile(r"(?:给|为|向|对)[^，。；]{1,10}?(?P<verb>[\u4e00-\u9fff])的")


class Splitter:
    """Cuts answers into facts, with the matcher's words and the wording fit (to tell a clause known on its own)."""

    def __init__(self, matcher: Matcher, fit: Fit, fixer: TypoFixer, rules: PolishRules) -> None:
        self.matcher = matcher
        self._fit = fit
        self._fixer = fixer
        self._rules = rules
        self._continuations, self._conditions = fact_rules.words("continuations"), fact_rules.words("conditions")
        self._asides, self._details = fact_rules.words("asides"), fact_rules.words("details")
        self._now_and_then = fact_rules.words("now_and_then")
        self._not_now_and_then = fact_rules.words("not_now_and_then")
        self._back_refs = fact_rules.words("back_refs")
        self._not_only = fact_rules.words("not_only")
        self._doers = tuple(sorted(fit.doers, key=len, reverse=True))
        self._each_doer = fact_rules.words("each_doer")
        told = fact_rules.table("told")
        self._told_verbs, self._told_things, self._told_not = told["verbs"], told["things"], told["not_in"]
        self._partitives = fact_rules.words("partitives")
        self._frame_heads = fact_rules.words("frame_heads")
        self._negations = fact_rules.words("negations")
        self._attendance = fact_rules.words("attendance")
        self._leader_parts = fact_rules.words("leader_parts")
        self._partitive_people = fact_rules.words("partitive_people")
        self._partitive_own = (*self._partitive_people, *fact_rules.words("partitive_things"))
        self._evaluations, self._results = fact_rules.words("evaluations"), fact_rules.words("results")
        self._also_judged = fact_rules.words("also_judged")
        self._deed_nouns = fact_rules.words("deed_nouns")
        grades = fact_rules.table("grades")
        self._rated, self._grades = grades["rated"], grades["grades"]
        self._pauses_re = re.compile("(" + "|".join(map(re.escape, fact_rules.words("pauses"))) + ")")
        self._run_ons = RunOns(matcher)

    def _fix(self, text: str) -> str:
        return self._fixer.fix(text, self.matcher.cut)

    def split(self, text: str) -> list[str]:
        """Cut an answer into its facts: clauses, each joined to the one before if it names nothing new."""
        clean = self._fix(tidy(self._paused(text), self._rules))
        facts: list[str] = []
        for clause in (c for c in CLAUSE_SPLIT_RE.split(self._run_ons.cut(clean)) if c):
            if facts and self._continues(clause, facts[-1]):
                facts[-1] = f"{facts[-1]}，{clause}"
            elif len(facts) == 1 and (not self.topic_words(facts[0]) or self._who_only(facts[0])):
                facts[0] = f"{facts[0]}，{clause}"  # 我们支部，三会一课都按时开了: a topic, then the fact
            elif facts and self._names_only(facts[-1]):
                facts[-1] = f"{facts[-1]}，{clause}"  # 第一议题，党组会上先学: a practice named, then what was done
            else:
                facts.append(self.with_doer(clause, facts[-1]) if facts else clause)
        return facts

    def _deed_how_often(self, clause: str, previous: str) -> bool:
        """Tell whether a clause opening on how often (每季度…) tells a deed of its own, not the one before's.

        每季度分析一次意识形态形势 after 工作群都有专人审核 names two things of its own; 每季度1次 and 每季度公示一次
        (after 党员积分管理) say how often the deed before was done.
        """
        if not is_rate(clause[:4]) or any(w in clause for w in self._attendance):
            return False
        words = [w for w in self.matcher.specific_words(clause) if not is_rate(w)]
        return sum(w not in previous and not any(b in previous for b in bigrams(w)) for w in words) >= 2

    def with_doer(self, clause: str, previous: str) -> str:
        """Return a clause of something done too (还去…宣讲了3次) or by each (每人…) with the doer of the one before."""
        also = _ALSO_RE.match(clause)
        doer = next((d for d in self._doers if previous.startswith(d)), None)
        if doer and clause.startswith(self._each_doer):
            return f"{doer}{clause}"  # 班子成员… + 每人联系一个支部: each of them
        # 还有书记跟… names a doer of its own: 班子成员还有书记… would give the team the secretary's talks (a tester's).
        named = also is not None and clause[also.end() :].removeprefix("有").startswith(self._doers)
        return f"{doer}{clause}" if also and not also.group(1) and doer and not named else clause

    def _who_only(self, clause: str) -> bool:
        """Tell whether a clause names only when and who (今年县医保局): the subject of the clause after it."""
        pause = self._rules.subject_pause
        return pause is not None and pause.fullmatch(f"{clause}，") is not None

    def without_who(self, fact: str) -> str:
        """Return a fact without the when-and-unit clause heading it (今年我局，被评为… → 被评为…)."""
        pause = self._rules.speaker
        head = pause.match(fact) if pause is not None else None
        if head is None or head.end() >= len(fact):
            return fact
        # Who did it is part of the deed (班子成员，每人联系一个支部 is 班子成员分别联系一个党支部): the pause goes.
        doer = next((d for d in self._doers if head[1].endswith(d)), "")
        return doer + fact[head.end() :]

    def _paused(self, text: str) -> str:
        """Cut a voice answer where the speaker paused after saying enough to be a fact (结了对子嗯党员…)."""
        pieces = self._pauses_re.split(text)
        out = pieces[0]
        for pause, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            said = CLAUSE_SPLIT_RE.split(tidy(out, self._rules))[-1]
            then = CLAUSE_SPLIT_RE.split(tidy(piece, self._rules))[0]
            # 党组会嗯专门研究党建的开了三次: a topic, then what was done with it, is one fact; so is a fact
            # and what the pause adds to it.
            new = len(said) >= PAUSED_FACT and len(then) >= MIN_FACT and not self._continues(then, said)
            if new:
                out += "，" + piece
            elif self._tells(said, then) or said.endswith(self._conditions):
                out = out.rstrip() + piece.lstrip()  # the sentence goes on across the pause (节前节后都 嗯 提醒一下)
            elif _counted_clause(then):
                out += "，" + piece  # 培训了一次 嗯 四十多个人参加: a count run into the one before would read as one
            else:
                out += pause + piece
        return out

    def _continues(self, clause: str, previous: str) -> bool:
        """Tell whether `clause` only adds to the fact before it (a count, a result, a detail)."""
        if clause.startswith(self._continuations) and not self._deed_how_often(clause, previous):
            return True
        if previous.endswith(self._conditions) or _DAY_ONLY_RE.match(clause):
            return True
        if self._tells(previous, clause) or self._aside(clause, previous) or self._same_deed(clause, previous):
            return True
        if any(r in clause for r in self._back_refs):
            return True  # 七一那次是专题党课 is one of the 党课 before it
        if (told := _TOLD_TO_RE.match(clause)) and told["verb"] in previous and not DIGIT_RE.search(clause):
            return True  # 我讲了两次党课 + 给全体党员讲的二十大: to whom, and what about
        if any(w in previous for w in self._not_only) or (clause.endswith("去") and not DIGIT_RE.search(clause)):
            return True  # 学习不光念文件 + 多开展案例讨论; 让年轻党员多挑担子 + 到执法一线去: where, with no doer
        if self._frames_next(previous):
            return True
        if _LEAVES_UNNAMED_RE.match(clause) and not DIGIT_RE.search(clause) and not self._another_deed(clause):
            return True  # 我参加了二支部的 tells of the 组织生活会 before; 党课书记亲自讲的 is another deed
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
        result = clause[len(head) :].startswith(self._results) and not DIGIT_RE.search(clause)
        if result and len(head) <= 2 and not self.topic_words(head):
            return True  # 抽查2回，问题已经全部整改: what became of what was found (党费都交齐了 is a fact of its own)
        # Something else said to have been done too (工作群也管起来了, 还去廉政教育基地参观了一回) is another fact.
        also = _ALSO_RE.match(clause)
        subject = (also.group(1) or "") if also else ""
        if (
            also
            and not (subject and (subject in previous or subject in STOPWORDS or subject.endswith("得")))
            and not clause[also.end() :].startswith(self._also_judged)
        ):
            return False
        if self._graded(clause, previous) or self._counts_previous(clause, previous):
            return True
        words = self.topic_words(clause)
        before = self.topic_words(previous)
        # 述职 of 5个支部书记都述职了 is the 述职评议会 before it.
        if all(any(w in b for b in before) for w in words):
            return True
        # A clause naming a practice of the domain the fact before did not, or one the bank knows on its own,
        # starts a fact: 书记讲党课 after 中心组学了12次. Otherwise it tells more of the one before (每期3天,
        # 配了学习资料和书柜, 联系不够).
        if self.matcher.practices(clause) - self.matcher.practices(previous):
            return False
        # A count of times of something the fact before did not name (半年搞一次讲评 after 每月给支部发工作提示)
        # tells a deed held, even one the bank does not know.
        if self._held(clause) or self._new_deed(clause, previous) or self._leader_acts(clause, previous):
            return False
        return not self._known_alone(clause) and not self._counted_other(clause, previous)

    def _counts_previous(self, clause: str, previous: str) -> bool:
        """Tell whether a clause counts the times of the uncounted deed before it, in its words (集中学习了5次).

        A tester's …学习贯彻中央八项规定精神学习教育 嗯 就是集中学习了5次 came out as two items, the count alone.
        """
        if not self._held(clause) or DIGIT_RE.search(previous):
            return False
        text = normalize(clause)
        words = self.matcher.specific_words(without_numbers(text, extract_numbers(text)))
        return bool(words) and all(any(b in previous for b in bigrams(w)) for w in words)

    def _counted_other(self, clause: str, previous: str) -> bool:
        """Tell whether a clause counts a thing of its own, named in words the one before never used.

        帮农民工追回欠薪1260万元 and 城镇新增就业3100人 after 成立了党员先锋岗 are three facts (a tester's stayed
        one item); 解决问题15个 after 走访企业20家 is what the visits found; 服务群众500多人次 counts the service.
        """
        text = normalize(clause)
        numbers = extract_numbers(text)
        if not numbers:
            return False
        text = without_numbers(text, numbers)
        # Who did it, and a duration (8个人24小时值守, no count), name no thing counted.
        words = [
            w
            for w in self.matcher.specific_words(text)
            if w not in self._fit.doers and not re.search(rf"\d{re.escape(w)}", text)
        ]
        return sum(w not in previous and not any(b in previous for b in bigrams(w)) for w in words) >= COUNTED_OTHER

    def _leader_acts(self, clause: str, previous: str) -> bool:
        """Tell whether a clause opens on a leader the one before named none of, telling what they did.

        签了党风廉政责任书，班子成员分管哪块就把哪块的党建一起抓 is two deeds (a blind dev answer's was one fact).
        Who took part in, led or shared the one before does not (a reviewer's: 班子成员都参加了, 党组书记每次都主持,
        班子成员每人讲了两场, 书记亲自督办了10件, 书记带队去签的协议), nor one ending on 的.
        """
        return (
            len(clause) >= LEADER_DEED
            and clause.startswith(self._doers)
            and not any(d in previous for d in self._doers)
            and not clause.endswith("的")
            and not extract_numbers(normalize(clause))
            and not any(w in clause for w in (*self._attendance, *self._leader_parts))
        )

    def _new_deed(self, clause: str, previous: str) -> bool:
        """Tell whether a clause names a kind of deed the one before did not (暑假组织党员老师培训 after 双报到)."""
        # 活动中重温了入党誓词 and 活动搞了十几场 open on the deed before them: 活动 names no new kind.
        return any(
            d in clause and d not in previous and not (clause.startswith(d) and self.matcher.generic(d))
            for d in self._deed_nouns
        )

    def _graded(self, clause: str, previous: str) -> bool:
        """Tell whether a clause gives the grades of the rating before it (民主评议党员，优秀等次12人)."""
        words = self.topic_words(clause)
        rated = any(r in previous for r in self._rated)
        return rated and bool(words) and all(any(g in w for g in self._grades) for w in words)

    @staticmethod
    def _held(clause: str) -> bool:
        """Tell whether a clause counts times held (讲评1次, 3场), not people, things or how often (每周学1次)."""
        text = normalize(clause)
        return any(
            n.unit in EVENT_UNITS and not n.loose and not is_rate(text[: n.start]) for n in extract_numbers(text)
        )

    def _tells(self, said: str, then: str) -> bool:
        """Tell whether `then` names only what `said` told (给河长讲 + 党的二十届四中全会精神)."""
        return (
            said.endswith(self._told_verbs)
            and then.endswith(self._told_things)
            and not DIGIT_RE.search(then)
            and not any(w in then for w in self._told_not)
            and not any(d in then for d in self._fit.doers)
        )

    def _same_deed(self, clause: str, previous: str) -> bool:
        """Tell whether a clause opens on the deed the one before ended on (党员带头上门辅导，辅导了1200多户纳税人)."""
        head, last = self.matcher.cut(clause)[0], self.matcher.cut(previous)[-1]
        return len(head) > 1 and head == last and bool(CJK_RUN_RE.fullmatch(head))

    def _aside(self, clause: str, previous: str) -> bool:
        """Tell whether a clause tells more of the one before: what for, an example, everyone's part or how often.

        It holds no count (让年轻党员轮流讲党课6次 is a fact), and what it was for names no deed of its own.
        """
        if extract_numbers(normalize(clause)):
            return False
        if clause.startswith(self._details):
            return True
        if clause.startswith(self._now_and_then) and not clause.startswith(self._not_now_and_then):
            return True
        return clause.startswith(self._asides) and not self.matcher.deeds(clause) - self.matcher.deeds(previous)

    def _another_deed(self, clause: str) -> bool:
        """Tell whether a clause names a deed of its own: a practice (党课书记亲自讲的), or one done too (还…)."""
        return bool(_ALSO_RE.match(clause) or self.matcher.deeds(clause))

    def _people_only(self, clause: str) -> bool:
        """Tell whether a clause names no one but people (全体党员干部都来了)."""
        words = self.topic_words(clause)
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
            and not DIGIT_RE.search(clause)
            and not any(w in clause for w in self._negations)
        )

    def _enumerates(self, clause: str, previous: str) -> bool:
        """Tell whether a clause only names, two or more, things of a kind the clause before named (三张清单)."""
        # Only a word the clause holds twice can head it (a pattern per word would be compiled per answer).
        heads = {
            w for w in self.matcher.cut(previous) if len(w) > 1 and CJK_RUN_RE.fullmatch(w) and clause.count(w) > 1
        }
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
        if not DIGIT_RE.search(text) and len(self.matcher.cut(text)) == 1:
            return True
        numbers = extract_numbers(normalize(text))
        return len(numbers) == 1 and normalize(text)[: numbers[0].start] in NUMBER_TERMS

    def topic_words(self, text: str) -> set[str]:
        """Return the specific words of `text` (no numbers, no 开展/工作/全年 …)."""
        numbers = extract_numbers(normalize(text))
        for n in reversed(numbers):
            text = text[: n.start] + "，" + text[n.end :]
        return set(self.matcher.specific_words(text)) - self._fit.doers
