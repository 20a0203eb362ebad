"""Whether a wording speaks of what a user's clause names: the words it must share, and how closely it must score.

A wording sharing only 开展/工作/党员, a manner word (专门) or the doer (班子成员) with the answer speaks of something
else; one naming the telling words the user said, and scoring high enough, fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import fact_rules
from bot.lexicon import CJK_RUN_RE, STOPWORDS, bigrams
from bot.matcher import Matcher
from bot.practices import frames
from bot.queries import Suggestion

# Below this matcher score no wording fits (calibrated on the blind dev half: see bench.matcher).
MIN_SCORE = 0.28
LOW_SCORE = 0.1
NAMED_SHARE = 0.5
# A count-free wording that takes the user's count in their own words after it must fit closely and
# stay short: a long or loose one would wrap the user's fact in claims about something else.
CARRY_SCORE = 0.4

# A unit's name (县自然资源局, 区卫健委) tells who the user is, not what was done.
_ORGAN_RE = re.compile(r"^..+(?:局|委|办|厅)$")


@dataclass(frozen=True)
class Naming:
    """What a clause names, read once: its words with their parts, those that tell what was done, any strange."""

    parts: tuple[tuple[str, ...], ...]
    telling: tuple[tuple[str, ...], ...]
    strange: bool
    subjects: frozenset[str] = frozenset()  # the doers heading the clause: who did it, not what
    # The practices of the genre the clause names, each with the parts that still name it (党员突击队: 突击队).
    deeds: tuple[tuple[str, ...], ...] = ()


def _inner(word: str) -> list[str]:
    """Return the strings of two characters or more inside `word`, shorter than it."""
    n = len(word)
    return [word[i:j] for i in range(n) for j in range(i + 2, n + 1) if j - i < n]


class Fit:
    """Reads what a clause names and tells which wordings fit it (built on a loaded Matcher)."""

    def __init__(self, matcher: Matcher, min_score: float = MIN_SCORE) -> None:
        self.matcher = matcher
        self.min_score = min_score
        self._judgements = frozenset(fact_rules.words("evaluations"))
        self._untelling = frozenset((*fact_rules.words("untelling"), *fact_rules.words("manner_words")))
        self.doers = frozenset((*fact_rules.words("doers"), *(w for g in fact_rules.alike_doers() for w in g)))
        self._longest_first = tuple(sorted(self.doers, key=len, reverse=True))
        self._frames = frames()
        self._title_marks = fact_rules.words("title_marks")

    def naming(self, clause: str) -> Naming:
        """Return what the clause names (synonyms added): its specific words and the words no dictionary knows."""
        unknown = self._unknown(clause)
        words = [*self.matcher.specific_words(f"{clause}，{self.matcher.rewrite(clause)}"), *unknown]
        # 新党员 names nothing by its part 党员: too common to tell one practice from another.
        # 二十大精神 is named by 二十大 too: any known word inside it, not only its character pairs.
        titles = self._titles(clause)
        parts = tuple((w, *(b for b in _inner(w) if w not in titles and self._names_part(b, w))) for w in words)
        # Who did it (班子成员 of 班子成员都签了) tells no deed: 其他班子成员分别联系一个党支部 is another. A doer
        # after the verb is what was done to (选好支部书记).
        subjects = frozenset(self._subjects(clause))
        telling = tuple(
            p
            for p in parts
            if not self.matcher.common(p[0])
            and p[0] not in self._judgements
            and p[0] not in self._untelling
            and p[0] not in subjects
            and not _ORGAN_RE.search(p[0])
        )
        deeds = tuple(self._deed_names(d) for d in sorted(self.matcher.practices(clause) - self._frames))
        # A practice is told by its standard term too, or a long part of it (双报到 by 社区党组织报到): a part of
        # two characters is too loose to tell it (共建 of 结对共建 is 共建社区党组织's too).
        named_by = {d[0]: tuple(n for n in d if len(n) > 2) for d in deeds}
        telling = tuple((*p, *named_by.get(p[0], ())) for p in telling)
        return Naming(parts, telling, bool(unknown), subjects, deeds)

    def _titles(self, clause: str) -> frozenset[str]:
        """Return the words of the titles a clause says were won (先进集体 of 被评为全省系统的先进集体)."""
        found: set[str] = set()
        for mark in self._title_marks:
            start = clause.find(mark)
            if start >= 0:
                found.update(self.matcher.cut(re.split("[，。；]", clause[start + len(mark) :])[0]))
        return frozenset(found)

    def _deed_names(self, deed: str) -> tuple[str, ...]:
        """Return what names a practice: its name, its standard term (防疫: 疫情防控), and their parts that name it.

        A part names it if it lacks at most two characters and is no generic word (双报到's 报到, 疫情防控's 防控).
        """
        names = dict.fromkeys((deed, self.matcher.rewrite(deed)))
        return (*names, *(p for n in names for p in _inner(n) if self._names_deed(p, n)))

    def _names_deed(self, part: str, name: str) -> bool:
        return len(part) >= max(2, len(name) - 2) and not self.matcher.generic(part) and not self.matcher.common(part)

    def _subjects(self, clause: str) -> set[str]:
        """Return the doers heading a clause's pieces, with those joined to them (书记和班子成员谈了话)."""
        found: set[str] = set()
        for piece in clause.split("，"):
            while doer := next((d for d in self._longest_first if piece.startswith(d)), None):
                found.add(doer)
                piece = piece[len(doer) :].lstrip("和与及、")
        return found

    def _names_part(self, part: str, word: str) -> bool:
        """Tell whether a wording naming `part` of the user's `word` speaks of it.

        A short part of a named practice is no practice (生活 of 组织生活会 is 活跃机关文化生活's too).
        """
        if self.matcher.idf.get(part, 0.0) <= 0 or self.matcher.generic(part):
            return False
        practices = self.matcher.practices(word)
        return word not in practices or len(part) > 2 or part in practices

    def _unknown(self, clause: str) -> list[str]:
        """Return the words of a clause that no dictionary knows (酒驾醉驾 cut 酒/驾/醉/驾), each as one word.

        The user names something by them all the same; the bank, holding none of their pairs, never speaks of it.
        """
        runs, run = [], ""
        for word in [*self.matcher.cut(clause), "，"]:
            if len(word) == 1 and CJK_RUN_RE.fullmatch(word) and word not in STOPWORDS:
                run += word
                continue
            if len(run) > 1 and not self._known_run(run):
                runs.append(run)
            run = ""
        return runs

    def _known_run(self, run: str) -> bool:
        """Tell whether the bank holds a pair of a run's characters, or the synonyms rewrite it (意形)."""
        idf = self.matcher.idf
        return any(idf.get(f"~{b}", 0.0) > 0 for b in bigrams(run)) or self.matcher.rewrite(run) != run

    def fits(self, naming: Naming, suggestion: Suggestion) -> bool:
        """Tell whether a wording fits the fact (see fits_text)."""
        return self.fits_text(naming, suggestion.text, suggestion.score)

    def fits_text(self, naming: Naming, text: str, score: float) -> bool:
        """Tell whether a wording fits the fact: it names what the user named, and scores high enough.

        A wording sharing only 开展/工作/党员 with the answer speaks of something else. A low score
        is enough when the wording names at least half of the specific words the user used, and more than half
        when the user named something strange to the bank (搞了酒驾醉驾警示 is no 组织开展警示教育活动). With
        min_score 0 every wording fits (the open matcher, to measure what the threshold costs).
        """
        if self.min_score <= 0:
            return True
        named = sum(any(p in text for p in parts) for parts in naming.parts)
        # Sharing only who did it (书记和班子成员谈了话: 其他班子成员分别联系一个党支部) is sharing no deed.
        if not any(any(p in text for p in parts) for parts in naming.parts if parts[0] not in naming.subjects):
            return False
        # Where the user named something telling (精力 of 抓党建的精力不够, 退休 of 给退休党员建学习群), a wording
        # sharing only common words or the judgement (不够, 学习) speaks of something else.
        told = any(any(p in text for p in parts) for parts in naming.telling)
        if not named or (naming.telling and not told):
            return False
        # A practice the user named is what the fact is about: 打造了一个党建品牌 is no 打造…新时代文明实践基地.
        if naming.deeds and not any(any(p in text for p in parts) for parts in naming.deeds):
            return False
        share = NAMED_SHARE * len(naming.parts)
        enough = named > share if naming.strange else named >= share
        return score >= self.min_score or (score >= LOW_SCORE and enough)

    def admits(self, naming: Naming, text: str, score: float, carried: bool) -> bool:
        """Tell whether an entry may fit, before it is filled and cut.

        One to take the user's words after it is judged with them, but only a close one is ever kept
        (FactFinder keeps only a close one).
        """
        if carried:
            return self.min_score <= 0 or score >= CARRY_SCORE
        return self.fits_text(naming, text, score)
