"""Cut an answer said in one breath where one fact ends and another begins (bot.splitting then joins what belongs).

召开党员大会4次召开支委会12次, 主题党日每月都搞还有组织生活会年底开了一次 and 三会一课都是按要求开的主题党日搞了
十二场 are two facts each.
"""

from __future__ import annotations

import re

from bot import fact_rules
from bot.matcher import Matcher
from bot.numbers import EVENT_UNITS, extract_numbers, is_rate, normalize

CLAUSE_SPLIT_RE = re.compile(r"[，,；;。！？!?\n]+")
_MORE_RE = re.compile(r"(?<![，,；;。！？!?\n])(?:还有就是|还有)")
_DONE_DE_RE = re.compile(r"(?:开|搞|办|学|讲|落实|执行)的(?=[\u4e00-\u9fff])")
_TWO_DONE_RE = re.compile(r"了(?=[讲开搞学办上写发看查评签报谈]了)")
_RATE_AFTER_DONE_RE = re.compile(r"(?:了|起来)(?=每个?(?:月|周|季度|年))")
# The longest named practice a text may open on (组织生活会, 民主评议党员).
PRACTICE_LENGTH = 8


class RunOns:
    """Finds where facts said in one breath meet, by the matcher's practices and the words of data/facts.toml."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._event_verbs = fact_rules.words("event_verbs")
        self._own_meetings = fact_rules.words("own_meetings")
        self._deed_nouns = fact_rules.words("deed_nouns")
        self._attendance = fact_rules.words("attendance")

    def cut(self, text: str) -> str:
        """Cut an answer where, said in one breath, one fact closes and another event follows.

        召开党员大会4次召开支委会12次 and 党员大会开了四次支委会开了十二次 are two facts each; so is
        开了四次党员大会开了十二次支委会, cut after the meeting its first count counts.
        """
        folded = normalize(text)
        if len(folded) != len(text):
            return text  # the counts' places are those of the folded text: none to cut by
        cuts = []
        for n in (n for n in extract_numbers(folded) if n.unit in EVENT_UNITS and not self._rate(folded[: n.start])):
            rest = folded[n.end :]
            thing = self._event_named(rest)
            if not thing or self._closes(folded[: n.start]) or self._counted_alone(rest[len(thing) :]):
                cuts += [n.end] if self._holds_anew(rest) else []
            elif self._holds_anew(rest[len(thing) :]):
                # The count counts the meeting after it (开了四次党员大会开了十二次支委会, 书记讲了2次党课).
                cuts.append(n.end + len(thing))
        # 主题党日每月都搞还有组织生活会年底开了一次: 还有 between two deeds, before a practice, opens another fact;
        # so does a practice after a deed of another one said done (三会一课都是按要求开的主题党日搞了十二场).
        cuts += [m.start() for m in _MORE_RE.finditer(text) if self._more_deeds(text[: m.start()], text[m.end() :])]
        cuts += [m.end() for m in _DONE_DE_RE.finditer(text) if self._another_after(text[: m.end()], text[m.end() :])]
        # 民主评议党员也搞了评了3名优秀党员: a verb told done right after another is another deed; how often after a
        # deed told done is a clause of its own (学习小组也搞起来了每个月学一次).
        cuts += [m.end() for m in _TWO_DONE_RE.finditer(text)]
        cuts += [m.end() for m in _RATE_AFTER_DONE_RE.finditer(text)]
        for end in sorted(cuts, reverse=True):
            text = f"{text[:end]}，{text[end:]}"
        return text

    def _more_deeds(self, before: str, after: str) -> bool:
        """Tell whether 还有 stands between two deeds, the second opening on a named practice.

        Between two names it only joins them (党员大会还有支委会都开了4次), and a practice named with no deed
        of its own (我们也开了支委会还有党员大会) is the deed before's too.
        """
        said, then = CLAUSE_SPLIT_RE.split(before)[-1], CLAUSE_SPLIT_RE.split(after)[0]
        return bool(said) and bool(self._event_named(then)) and self._tells_deed(said) and self._tells_deed(then)

    def _another_after(self, before: str, after: str) -> bool:
        """Tell whether a deed of one named practice, said done, is followed by another practice and its deed."""
        said, then = CLAUSE_SPLIT_RE.split(before)[-1], CLAUSE_SPLIT_RE.split(after)[0]
        first, second = self.matcher.practices(said), self._event_named(then)
        return bool(first) and bool(second) and second not in first and self._tells_deed(then)

    def _tells_deed(self, text: str) -> bool:
        """Tell whether a text says something was done: it holds a verb of holding or a 了."""
        return "了" in text or any(v in text for v in self._event_verbs)

    @staticmethod
    def _rate(before: str) -> bool:
        """Tell whether the words of its clause before a count make it how often (每季度召开1次), not how many."""
        return is_rate(_MORE_RE.split(CLAUSE_SPLIT_RE.split(before)[-1])[-1])

    def _closes(self, before: str) -> bool:
        """Tell whether a count closes its fact: the words before its verb name the event counted.

        党员大会开了四次 and 中心组学习搞了12次 do; 开了四次党员大会 and 书记讲了2次党课 count what follows.
        """
        head = before.removesuffix("了")
        events = (*self._own_meetings, *self._deed_nouns, *self.matcher.practices(head))
        return any(head[:-k].endswith(events) for k in (1, 2) if len(head) > k)

    def _holds_anew(self, rest: str) -> bool:
        """Tell whether what follows a count holds another event, not who came (组织全体党员参加).

        It opens on a verb of holding, a meeting or a named practice, and tells a deed of its own by a count or a 了
        (召开支委会12次, 支委会开了十二次, 开展了调研); 召开了1次组织委员会议 names only what its count counts.
        """
        clause = CLAUSE_SPLIT_RE.split(rest)[0]
        if any(w in clause for w in self._attendance) or not (extract_numbers(clause) or "了" in clause):
            return False
        return self._opens_on_verb(clause) or bool(self._event_named(clause))

    def _event_named(self, text: str) -> str:
        """Return the meeting or named practice a text opens on (支委会, 中心组学习), "" if none."""
        known = (*self._own_meetings, *self.matcher.practices(text[:PRACTICE_LENGTH]))
        return max((p for p in known if text.startswith(p)), key=len, default="")

    def _counted_alone(self, tail: str) -> bool:
        """Tell whether what follows a meeting counts it by a count of its own ending there (组织生活会开了1次).

        Then the count before the meeting closes its own fact; one counting a meeting after it again (开了十二次支委会)
        says the counts before meetings (开了四次党员大会…).
        """
        clause = CLAUSE_SPLIT_RE.split(tail)[0]
        verb = next((v for v in self._event_verbs if clause.startswith(v)), "")
        counts = [n for n in extract_numbers(clause) if n.unit in EVENT_UNITS and n.start == len(verb)]
        return bool(verb and counts) and not self._event_named(clause[counts[0].end :])

    def _opens_on_verb(self, text: str) -> bool:
        """Tell whether a text opens on a verb of holding as a word of its own (组织 of 组织生活会 is none)."""
        words = self.matcher.cut(text[:PRACTICE_LENGTH])
        return bool(words) and text.startswith(self._event_verbs) and any(words[0] == v for v in self._event_verbs)
