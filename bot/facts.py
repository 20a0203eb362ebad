"""One answer → its facts: each clause with its own numbers, its fitting standard wordings and its own words.

`FactFinder.analyse("中心组学了12次，书记讲党课讲了两次", node_id)` gives two facts. A fact's
suggestions are the bank wordings that fit it, best first, filled with its numbers; they are empty
when no wording fits (then the user's own words, polished, stand for it). Nothing the user said is
dropped: every clause is in exactly one fact.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot import fact_rules
from bot.bankclean import CLAUSE_ITEM
from bot.count_claims import CountClaims
from bot.lexicon import CJK_RUN_RE, bigrams
from bot.matcher import Matcher
from bot.naming import CARRY_SCORE, MIN_SCORE, Fit
from bot.numbers import GUESS_MARKS, HEDGE_WORDS, Number, arabic, extract_numbers, normalize, written
from bot.polish import PolishRules, load_rules, polish, reads_spoken
from bot.polish_counts import unknown_counts
from bot.queries import Suggestion
from bot.splitting import Splitter
from bot.typos import TypoFixer, load_fixer
from bot.wording import LEAD_VERBS, parallels_fit

FETCHED = 8
SHOWN = 3
# A wording carrying the user's count in their words after it stays this short (and scores CARRY_SCORE).
CARRY_LENGTH = 30
# The best wording put before the user's own counted words must name at least this share of its words
# (calibrated on the blind dev half: 意识形态 alone is 1 of the 5 words of 定期总结通报意识形态工作情况…).
CARRIED_BEST_SHARE = 0.5
# A carried wording whose words the user said all says nothing of its own.
REPEATED_SHARE = 1.0
# What may stand between a thing and its count as a guess (讲党课大概3次, 讲党课大致有3次).
_GUESS = f"(?:{HEDGE_WORDS}|有)?"
# One clause of only how or when (通过…, 结合…, 在…的基础上, 各党支部利用主题党日活动): the first half of a sentence
# whose deed was cut away.
_MEANS_ONLY_RE = re.compile(
    r"(?:通过|结合)(?:开展|组织|举办)?(?:(?!开展|组织|召开|举办|进行)[^，；])*|在[^，；]*(?:基础上|过程中|期间)"
    r"|[^，；]{0,6}?利用[^，；]*?(?:活动|平台|阵地|时机|契机)"
)
# Days and hours, not months: 12个月 is a year said as months (党费12个月都按时交了), no span a wording must hold.
_SPAN_RE = re.compile(r"(?:\d+(?:\.\d+)?|一|半)(?:天|个?小时)")


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
    if number.approx in GUESS_MARKS:
        return written(number, number.unit)
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
        self.min_score = min_score
        self._fit = Fit(matcher, min_score)
        self._claims = CountClaims(matcher)
        self._member_kinds = fact_rules.words("member_kinds")
        self._member_heads = fact_rules.table("member_heads")
        self._splitter = Splitter(matcher, self._fit, self._fixer, self._rules)
        self._places = fact_rules.words("places")
        self._took_part, self._held_verbs = fact_rules.words("took_part"), fact_rules.words("held_verbs")
        self._own_meetings = fact_rules.words("own_meetings")
        self._guides = fact_rules.guides()
        # 组织开展作风督查{count:次}，下发督查通报{count:期}: two counted facts in a row may be one such entry's.
        self._counting_more = [
            frozenset(t for t in matcher.terms(normalize(e.plain)) if not matcher.generic(t.lstrip("~")))
            for e in matcher.entries
            if len(e.slots) > 1
        ]

    def polish(self, text: str) -> str:
        """Return the user's words as a document sentence (see bot.polish), typing slips undone."""
        return polish(text, self._rules, self.matcher.cut)

    def leave_gaps(self, text: str) -> str:
        """Return the user's words with a gap where they say they do not know a count (see bot.polish_counts)."""
        return unknown_counts(text)

    def reads_spoken(self, text: str) -> bool:
        """Tell whether written words still read as speech (see bot.polish)."""
        return reads_spoken(text, self._rules)

    def split(self, text: str) -> list[str]:
        """Cut an answer into its facts (see bot.splitting)."""
        return self._splitter.split(text)

    def without_who(self, fact: str) -> str:
        """Return a fact without the when-and-who clause heading it (see bot.splitting)."""
        return self._splitter.without_who(fact)

    def with_doer(self, clause: str, said: str) -> str:
        """Return a clause set apart from what was `said` with the doer it had there (see bot.splitting)."""
        return self._splitter.with_doer(clause, said)

    def telling(self, clause: str) -> list[str]:
        """Return the words that tell what a clause is about: its specific words, no common one (党员, 学习)."""
        return [w for w in self.matcher.specific_words(clause) if not self.matcher.common(w)]

    def _share_topic(self, first: str, second: str) -> bool:
        """Tell whether two clauses name one thing (慰问困难党员15人，送慰问金0.6万元 both speak of 慰问)."""
        words = self._splitter.topic_words
        ours = {b for w in words(first) for b in bigrams(w) if not self.matcher.generic(b)}
        return any(b in ours for w in words(second) for b in bigrams(w) if not self.matcher.generic(b))

    def _counts_both(self, first: str, second: str) -> bool:
        """Tell whether an entry counting two things or more names words of each of two facts."""
        said = [self._said_words(text) for text in (first, second)]
        return any(terms & said[0] and terms & said[1] for terms in self._counting_more)

    def _said_words(self, text: str) -> frozenset[str]:
        """Return the terms of a fact as the matcher reads it, its synonyms' too."""
        query = self.matcher.query(text)
        return frozenset((*query.terms, *query.rewritten_terms))

    def _same_doer(self, clause: str, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording keeps the doer the user named and adds none.

        我讲党课 is no 单位领导讲授专题党课; 书记带头联系第一支部 is no …，其他班子成员分别联系一个党支部; 签了责任书
        names no 党组书记 who signed.
        """
        return not self.matcher.strange_doers(self._claims.before_own(suggestion.text, own), clause)

    def _other_members(self, clause: str, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording names a kind of member the user did not (老党员 for 慰问了8名困难党员)."""
        heard = f"{clause}，{self.matcher.rewrite(clause)}"
        text = self._claims.before_own(suggestion.text, own)
        for kind in self._member_kinds:
            if kind in text:
                if not self._names_kind(kind, heard):
                    return True
                text = text.replace(kind, "，")  # 离退休党员 said holds no 退休党员 of its own
        return False

    def _names_kind(self, kind: str, heard: str) -> bool:
        """Tell whether the user named a kind of member by its mark and head (生活困难的老党员 names 困难党员)."""
        head = next((h for h in self._member_heads if kind.endswith(h)), "")
        mark = kind[: len(kind) - len(head)]
        # Another kind of the same mark named (困难党员…8户) is who was meant: 户 names no 困难群众 then (a walk's).
        if any(k != kind and k.startswith(mark) and k in heard for k in self._member_kinds):
            return kind in heard
        return mark in heard and any(h in heard for h in self._member_heads.get(head, (kind,)))

    def _guides_others(self, clause: str, suggestion: Suggestion) -> bool:
        """Tell whether a wording says the unit guided other bodies (指导各级党组织…) where the user said no guiding.

        用腾讯会议开支部会 is no 指导各级党组织通过视频会议等方式开展在线学习 (a reviewer's).
        """
        return any(guide in suggestion.text for verb, guide in self._guides if verb not in clause)

    def _other_place(self, ours: list[str], suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording names a kind of place other than `ours`, those the user named (村 is no 社区)."""
        wording = self._claims.before_own(suggestion.text, own)
        return bool(ours) and any(p in wording and p not in ours for p in self._places)

    def _only_took_part(self, clause: str) -> bool:
        """Tell whether the user only took part in what they tell (党员参加志愿服务), and did not hold it.

        A verb of holding counts as the user's only as a word of its own, not of 党组织 or of 街道组织的 (another body
        held it); the unit's own meetings (主题党日) are held by it whoever took part.
        """
        if any(m in clause for m in self._own_meetings) or not any(w in clause for w in self._took_part):
            return False
        end = 0
        for word in self.matcher.cut(clause):
            end += len(word)
            if word in self._held_verbs and not clause[end:].startswith("的"):
                return False
        return True

    def _says_held(self, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a wording says the unit held it (组织开展…), not that its members took part."""
        wording = self._claims.before_own(suggestion.text, own)
        return any(w in wording for w in self._held_verbs) and not any(w in wording for w in self._took_part)

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
                and (shared or self._counts_both(previous.text, fact.text))
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
        clause = self.without_who(said_so)
        numbers = extract_numbers(normalize(clause))
        shown = tuple(_shown(n) for n in numbers)
        own = self.polish(clause)
        naming = self._fit.naming(clause)
        places, took_part = [p for p in self._places if p in clause], self._only_took_part(clause)
        found = [
            s
            for s in self.matcher.suggest(
                clause,
                node_id,
                top=max(FETCHED, top),
                exclude=exclude,
                carry=True,
                admit=lambda text, score, carried: self._fit.admits(naming, text, score, carried),
                own_section=True,  # a deed done is no problem and no plan: another section's wording is never taken
            )
            if self._fit.fits(naming, s)
            and self._same_doer(clause, s, own)
            and not self._other_members(clause, s, own)
            and not self._guides_others(clause, s)
            and not self._other_place(places, s, own)
            and not (took_part and self._says_held(s, own))
        ]
        # How long it took (培训3天) is no count a slot takes: a wording without it would drop it unsaid.
        spans = _SPAN_RE.findall(own)
        found = [s for s in found if all(span in s.text for span in spans)]
        exact = [n for n in numbers if not n.loose]
        if exact:
            # A wording that cannot carry the user's count would lose it, and one with a count of its
            # own left open (〔待补〕次机关党委会议) speaks of another activity: neither is offered.
            found = [s for s in found if s.filled == len(exact) and s.gaps == 0]
            found = [s for s in found if self._carries_closely(s, own)]
        elif numbers:
            # A wording leaving out an about-count (服务40多家企业) must at least name what was counted: 提升了服务
            # 社会稳定水平 shares 服务 alone, and 广泛开展党员读书评书等活动 only 读书 of 读书笔记写了100多篇.
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
        # 同谋划、同部署、同推进 for 同部署同考核 claims two the user did not name and drops one they did.
        found = [s for s in found if parallels_fit(s.text, said)]
        # A wording cut down to when or by what means a deed was done (结合七一等节日, 通过组织学习), or putting only
        # that before the user's own words, says no deed of its own.
        found = [s for s in found if not _MEANS_ONLY_RE.fullmatch(self._claims.before_own(s.text, own).rstrip("，。"))]
        # Cut to a bare name (党费收缴 of 党费收缴、党员积分管理), a wording is shorter than any item of the bank.
        found = [s for s in found if len(s.text.rstrip("。")) >= CLAUSE_ITEM]
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
            or (self._claims.carried_share(clause, s, own) < REPEATED_SHARE and not self._names_again(s, own))
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

    def _names_again(self, suggestion: Suggestion, own: str) -> bool:
        """Tell whether a carried wording ends on what the user's words after it tell done (the deed told twice).

        成立党员先锋突击队 before 汛期组建了党员突击队，… says it twice.
        """
        words = [w for w in self.matcher.cut(self._claims.before_own(suggestion.text, own)) if CJK_RUN_RE.fullmatch(w)]
        # The last telling word is what the wording tells done: 讲党课 of 积极开展书记带头讲党课活动; 建设 of
        # 抓好党支部规范化建设 tells nothing (规范化 is no 标准化建设 again).
        last = next((w for w in reversed(words) if len(w) > 1 and not self.matcher.common(w)), "")
        # What a word ends on names what it is (党员先锋突击队 is a 突击队; 组织生活制度 is no 组织生活会). Said as
        # what was done, ending its clause or before its count (组建了党员突击队，…), it tells that deed again; as
        # the doer of another deed (党员突击队下村排查9次) it does not.
        if not last:
            return False
        return any(
            len(w) > 1
            and (last.endswith(w) or w.endswith(last))
            and not self.matcher.common(w)
            and re.search(rf"{w}(?=[，。；、]|{_GUESS}\d|$)", own)
            for w in self.matcher.cut(own)
        )

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
