"""The user's own counted words, put after a wording that has no slot for the count.

严格落实“第一议题”制度 for 第一议题学习了12次 becomes 严格落实“第一议题”制度，第一议题学习12次: the count stays in the
user's words and no bank clause is said to count it. Where the user's words say nothing more than the wording
and it ends on an activity, the count follows the activity itself (组织开展以案促改活动2次).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import fact_rules
from bot.bankclean import FOREIGN
from bot.lexicon import CJK_RUN_RE, STOPWORDS
from bot.polish import clause as own_clause
from bot.wording import carry_own

CACHE = 256
_DIGIT_RE = re.compile(r"\d")
# The fewest characters of a deed found in a wording's clause that tell it is that clause's deed (组织党员分析研判).
_SAID_IN_CLAUSE = 4
# The user's clause as a thing and how often it was done (以案促改开展2次).
_OWN_TIMES_RE = re.compile(r"(?P<said>[^，；。]*?)(?P<count>\d+(?:\.\d+)?(?:场次|次|场|期|轮))")


class OwnWords:
    """Polishes an answer's words once and carries them after a count-free wording."""

    def __init__(self, cut: Callable[[str], tuple[str, ...]], specific_words: Callable[[str], tuple[str, ...]]) -> None:
        self._cut = cut
        self._specific_words = specific_words
        self._owns: dict[str, str] = {}

    def forget(self) -> None:
        """Drop the answers polished so far."""
        self._owns.clear()

    def after(self, wording: str, said: str) -> str | None:
        """Return the wording with the user's counted words after it, None if they hold another unit's words.

        Words the bank would cut as another unit's would seem to be said by the wording: it is not offered so.
        """
        own = self._own(said)
        if any(f in own for f in FOREIGN):
            return None
        own = self._not_said_in(own, wording)
        return self._count_after(wording, own) or carry_own(wording, own)

    def _own(self, said: str) -> str:
        """Return the user's words as a written clause (bot.polish), polished once per answer."""
        found = self._owns.get(said)
        if found is None:
            found = own_clause(said, cut=lambda text: list(self._cut(text)))
            if len(self._owns) >= CACHE:
                self._owns.clear()
            self._owns[said] = found
        return found

    def _count_after(self, wording: str, own: str) -> str | None:
        """Return the wording with the user's count after the activity it ends on, if they said nothing more.

        组织开展以案促改活动 + 以案促改开展2次 → 组织开展以案促改活动2次; None where the user's words say more.
        """
        found = _OWN_TIMES_RE.fullmatch(own)
        body = wording.rstrip("。")
        if found is None:
            return None
        if not body.endswith(fact_rules.words("count_endings")):
            # The user's deed as the wording's last clause words it, with more of its object, is that clause done so
            # often: a tester was offered 组织党员分析研判意识形态领域情况，组织党员分析研判2次.
            if len(found["said"]) >= _SAID_IN_CLAUSE and found["said"] in re.split("[，；]", body)[-1]:
                return f"{body}，共{found['count']}。"
            return None
        # Characters no word holds (党主 of a slip) may name something else: the user's words stay.
        if any(len(w) == 1 and w not in STOPWORDS and CJK_RUN_RE.fullmatch(w) for w in self._cut(found["said"])):
            return None
        # The count goes to the activity of the wording's last clause, so that clause must be what the user said
        # and no more: 开展多形式、多层次、全覆盖的学习培训 counts no 党员培训 (those words are the bank's).
        last = re.split("[，；]", body)[-1]
        said = self._specific_words(found["said"])
        if any(w not in last for w in said):
            return None
        endings = fact_rules.words("count_endings")
        if any(w not in endings and not any(w in s or s in w for s in said) for w in self._specific_words(last)):
            return None
        return f"{body}{found['count']}。"

    def _not_said_in(self, own: str, wording: str) -> str:
        """Return the clauses of the user's words that hold a count or name something `wording` does not."""
        parts = [p for p in own.split("，") if p]
        kept = [p for p in parts if _DIGIT_RE.search(p) or any(w not in wording for w in self._specific_words(p))]
        return "，".join(kept)
