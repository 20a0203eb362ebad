"""Whether a wording's count speaks of what the user said: the clause holding it, or the words carried before it.

A count goes only where it counts the same thing (召开3次党组会议 for 开了3次党组会), a gap asks only for a count
of what the user named, and a wording put before the user's own counted words says little more than they did.
"""

from __future__ import annotations

import re

from bot import fact_rules
from bot.lexicon import CJK_RUN_RE, COUNTED_KINDS, STOPWORDS, bigrams, heard
from bot.matcher import Matcher
from bot.model import GAP_OPEN
from bot.numbers import COUNT_UNITS, MONEY_UNITS, extract_numbers, normalize
from bot.practices import frames
from bot.queries import Suggestion
from bot.wording import LEAD_VERBS

COUNT_CLAUSE_SHARE = 0.34
CARRIED_SHARE = 0.5

_WORDING_CLAUSE_RE = re.compile(r"[^，；。]+")
_CLAUSE_END_RE = re.compile(r"[，,；;。！？!?]")
_COUNT_GAP_RE = re.compile(re.escape(GAP_OPEN) + r"(?![^〕]*名称)[^〕]*〕")
_DIGIT_RE = re.compile(r"[\d.]+")
_QUOTED_RE = re.compile(r"“([^”]+)”")
_COUNTERS = sorted((*COUNT_UNITS, *MONEY_UNITS, "%"), key=len, reverse=True)
# A count as written, with its 多/余/来 and its counter: 30多个 names nothing of what it counts.
_COUNT_RE = re.compile(r"[\d.]+(?:余|多|来)?(?:" + "|".join(map(re.escape, _COUNTERS)) + ")?")


def _gap_clauses(text: str) -> list[str]:
    """Return the clauses of a wording with a gap for a count, each gap read as one (召开1次党组会议).

    A gap for a name (《〔待补：文件名称〕》) asks for no count.
    """
    clauses = (c for c in _WORDING_CLAUSE_RE.findall(text) if GAP_OPEN in c)
    return [_COUNT_GAP_RE.sub("1", c) for c in clauses if _COUNT_GAP_RE.search(c)]


class CountClaims:
    """What a wording's count, gap or carried words claim, read against what the user said (on a loaded Matcher)."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._frames = frames()
        self._manner = fact_rules.words("manner_words")
        self._through_others = fact_rules.words("through_others")
        self._lead_words = frozenset(fact_rules.words("count_lead_words"))
        self._for_words = frozenset(fact_rules.words("count_for_words"))
        self._people = fact_rules.words("partitive_people")

    @staticmethod
    def before_own(text: str, own: str) -> str:
        """Return a carried wording without the user's words after it (those of them it says itself left out)."""
        if text.endswith(own):
            return text.removesuffix(own)
        clauses = _WORDING_CLAUSE_RE.findall(text)
        while clauses and clauses[-1] in own:
            clauses.pop()
        return "，".join(clauses)

    def carried(self, suggestion: Suggestion) -> bool:
        """Tell whether a wording carries the count in the user's own words after it (it has no slot)."""
        return bool(suggestion.filled) and not self.matcher.entry(suggestion.entry_id).slots

    def named_enough(self, said: str, suggestion: Suggestion, own: str, share: float = CARRIED_SHARE) -> bool:
        """Tell whether the user named enough of the count's clause, or `share` of a carried wording's words."""
        if not self.carried(suggestion):
            return self.count_clause_named(said, suggestion.text)
        words = self.matcher.specific_words(self.before_own(suggestion.text, own))
        # The words said in common must tell what was done: 意识形态 alone (a field) makes 各支部组织了意识形态领域
        # 专题学习 no wording of 签订意识形态工作责任书5份.
        telling = any(self.said(w, said) and not self.matcher.common(w) and w not in self._frames for w in words)
        return (telling and self.carried_share(said, suggestion, own) >= share) or self._adds_nothing(words, said)

    def _adds_nothing(self, words: tuple[str, ...], said: str) -> bool:
        """Tell whether carried words only name what the user said or its frame, with a lead verb and how.

        严格落实意识形态工作责任制 before 签订意识形态责任书5份, 严格落实“第一议题”制度 before 第一议题学习12次: no
        deed, mechanism or result of their own.
        """
        plain = (self._frames, self._manner, LEAD_VERBS)
        named = [w for w in words if self.said(w, said)]
        return bool(named) and all(self.said(w, said) or any(w in kind for kind in plain) for w in words)

    def carried_share(self, said: str, suggestion: Suggestion, own: str) -> float:
        """Return the share of a carried wording's own words (before the user's) that the user said."""
        words = self.matcher.specific_words(self.before_own(suggestion.text, own))
        return sum(self.said(w, said) for w in words) / len(words) if words else 1.0

    def said(self, word: str, said: str) -> bool:
        """Tell whether the user said `word` or a telling part of it (党员 alone does not name 发展党员)."""
        idf = self.matcher.idf
        if any(k in said and word in kinds for k, kinds in COUNTED_KINDS.items()):
            return True  # 3个支部 names the 基层党组织 of 督促指导3个基层党组织按期换届
        return word in said or any(
            b in said for b in bigrams(word) if idf.get(b, 0.0) > 0 and not self.matcher.common(b)
        )

    def count_clause_named(self, said: str, text: str, share: float = COUNT_CLAUSE_SHARE) -> bool:
        """Tell whether the user named `share` of the specific words of the clause holding the count."""
        clause = next((c for c in _WORDING_CLAUSE_RE.findall(text) if _DIGIT_RE.search(c)), "")
        words = [w for w in self.matcher.specific_words(_COUNT_RE.sub("，", clause)) if w not in self._manner]
        named = sum(self.said(w, said) for w in words)
        # The user must name the thing counted: the word after the count (明确30项学习内容), else the word
        # before it (廉洁提醒短信3次 names no 廉洁警示教育大会3次).
        counted = self._counted(clause)
        # 带领党员参加志愿服务3次 for 参加志愿服务3次 says others did it, under the unit's lead (开展现场调研指导6次
        # counts the unit's own visits: nothing stands between the verb and the count).
        if self._through_others_counted(clause) and not any(w in said for w in self._through_others):
            return False
        return named >= share * len(words) - 1e-9 and (not counted or any(self.said(w, said) for w in counted))

    def _through_others_counted(self, clause: str) -> bool:
        """Tell whether a verb of guiding others governs what stands before the clause's count."""
        digit = _DIGIT_RE.search(clause)
        end = digit.start() if digit else len(clause)
        return any((i := clause.find(w)) >= 0 and end - (i + len(w)) >= 2 for w in self._through_others)

    def count_verb_said(self, said: str, text: str) -> bool:
        """Tell whether a wording's counted clauses hold what each of the user's counts follows (see facts.toml)."""
        counted = "".join(c for c in _WORDING_CLAUSE_RE.findall(text) if _DIGIT_RE.search(c))
        return all(
            not leads or any(w in counted if whole else any(ch in counted for ch in w) for w, whole in leads)
            for leads in self._count_leads(said)
        )

    def _count_leads(self, said: str) -> list[set[tuple[str, bool]]]:
        """Return, per count of the user's, the words that say what was done, each with whether it must stand whole.

        The word right before the count (学 of 学了20多次) is found by any of its characters. After 给 and the like, the
        words after whom it counted are (慰问 of 给8个困难党员送了慰问品, 转正 of 为3名预备党员办理了转正手续), by their
        first two characters; with none of two characters (跟3个预备党员谈了话), 给 itself is. `said` is the answer and
        its rewrite (任务分解28条，…细化清单任务28条): a count's word in either will do.
        """
        leads: list[set[tuple[str, bool]]] = []
        for number in extract_numbers(normalize(said)):
            words = [w for w in self.matcher.cut(said[: number.start].rstrip("了过")) if w.strip()]
            if words and words[-1] in self._for_words:
                after = [w for w in self.matcher.cut(_CLAUSE_END_RE.split(said[number.end :])[0]) if w.strip()]
                whom = max((i for i, w in enumerate(after) if any(p in w for p in self._people)), default=None)
                deeds = {(w[:2], True) for w in after[(whom or 0) + 1 :] if len(w) > 1 and CJK_RUN_RE.fullmatch(w)}
                # Counted no people (帮5个村发展产业), 给 itself must be said: 发展 tells no 发展党员.
                leads.append(deeds if deeds and whom is not None else {(words[-1], False)})
                continue
            fits = words and CJK_RUN_RE.fullmatch(words[-1]) and words[-1] not in self._lead_words
            leads.append({(words[-1], False)} if fits else set())
        half = len(leads) // 2
        pairs = zip(leads[:half], leads[half:], strict=True) if len(leads) % 2 == 0 else ((w,) for w in leads)
        return [set().union(*pair) for pair in pairs]

    def counted_by_user(self, clause: str) -> list[str]:
        """Return the words naming what the user's count counts, after it (服务40多家企业 → 企业), else before it."""
        numbers = extract_numbers(normalize(clause))
        if not numbers:
            return []
        n = numbers[0]
        after = [w for w in self.matcher.specific_words(clause[n.end :]) if w not in self._manner][:2]
        return after or [w for w in self.matcher.specific_words(clause[: n.start]) if w not in self._manner][-2:]

    def _counted(self, clause: str) -> list[str]:
        """Return the words naming what the count of a clause counts."""
        manner = self._manner
        before, after = [*_COUNT_RE.split(clause, maxsplit=1), ""][:2]
        # The noun may come with a modifier (11个基层党组织, 党员志愿服务活动9次, 重大问题9个): either of the two
        # words after the count names it, else either of the two before it, common or not.
        return [w for w in self.matcher.specific_words(after) if w not in manner][:2] or [
            w for w in self.matcher.cut(before) if len(w) > 1 and w not in STOPWORDS and w not in manner
        ][-2:]

    def gaps_named(self, said: str, text: str) -> bool:
        """Tell whether every gap of a wording asks for a count of what the user named.

        A common word said (社区, 学习) does not name the thing counted, and a quoted name must be the user's
        (每月…到社区开展〔待补：次数〕次“社区便民接待日”活动 asks 和社区结对共建 of another unit's scheme).
        """
        return all(self._gap_named(said, c) for c in _gap_clauses(text))

    def _gap_named(self, said: str, clause: str) -> bool:
        """Tell whether one gap's clause (its gap read as a count) counts what the user named."""
        counted = self._counted(clause)
        told = not counted or any(heard(w, said, self.matcher.common) for w in counted)
        return told and self._quotes_said(said, clause) and self.count_clause_named(said, clause)

    def _quotes_said(self, said: str, clause: str) -> bool:
        """Tell whether the user said the words of every name quoted in a clause."""
        return all(
            all(self.said(w, said) for w in self.matcher.specific_words(name)) for name in _QUOTED_RE.findall(clause)
        )
