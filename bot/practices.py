"""The domain's named practices a wording claims, and the lists of a wording cut to those the user named.

An offered wording says only what the user said: 三会一课基本都按时开了 takes 坚持“三会一课”活动, never
坚持“三会一课”和交心谈心活动 (交心谈心 is another activity). A practice counts as said when the user named it,
one containing it or contained in it, or a telling word of at least half its length inside it (先锋岗 says
党员先锋岗, 原著 says 原文原著; 第一 says no 第一责任人).
Frames (党建工作, 党风廉政建设 … in data/facts.toml) name the field a deed stands in: they claim no deed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bot import fact_rules
from bot.lexicon import heard
from bot.model import GAP_OPEN
from bot.wording import CLAUSE_RE, LEAD_VERBS, MEANS_ONLY_RE, keep_parallels, telling

# What joins the items of a list inside one clause (召开党组会、党支部专题党课; 警示教育和以案促改).
_SEPARATORS = "、和"
_COUNT_RE = re.compile(rf"\d|{GAP_OPEN}")
_QUOTED_RE = re.compile(r"“[^”]*”")
_QUOTES = "“”"
ITEM_LEAD = 4
CACHE = 4096
# What may follow the last item of a list and stay when the item goes (…生日、党务公开等制度落实).
_ENDINGS = ("等", "活动", "制度", "工作")


def frames() -> frozenset[str]:
    """Return the practices that name a field of work, not a deed (data/facts.toml)."""
    return frozenset(fact_rules.words("frames"))


def _ends_verb(text: str) -> bool:
    """Tell whether a clause's words before a list item end on its verb (召开, 做好“), or are one character."""
    return len(text.rstrip("“")) <= 1 or text.rstrip("“").endswith(LEAD_VERBS)


class Practices:
    """The named practices of the domain (data/userdict.txt), and which of them a text claims."""

    def __init__(
        self, words: Iterable[str], common: Callable[[str], bool], specific: Callable[[str], tuple[str, ...]]
    ) -> None:
        self._words = tuple(sorted(words, key=len, reverse=True))
        self._frames = frames()
        self._implied = fact_rules.implied()
        self._doers, self._posts = fact_rules.words("doers"), fact_rules.words("posts")
        self._others = fact_rules.words("other_doers")
        self._alike = fact_rules.alike_doers()
        self._bodies = fact_rules.bodies()
        self._mechanisms = fact_rules.words("mechanisms")
        self._same_tails = frozenset(("", *fact_rules.words("same_thing_tails")))
        self._common = common
        self._specific = specific
        self._manner = fact_rules.words("manner_words")
        # Asked for every wording of every answer: the bank's texts are read once.
        self._named: dict[str, frozenset[str]] = {}
        self._telling: dict[tuple[str, ...], list[str]] = {}
        self._said_by: dict[str, frozenset[str]] = {}
        self._ours_in: dict[str, frozenset[str]] = {}
        self._levels_in: dict[str, frozenset[int]] = {}

    @property
    def frames(self) -> frozenset[str]:
        """Return the practices that name a field of work, not a deed (意识形态, 党建工作)."""
        return self._frames

    @property
    def words(self) -> frozenset[str]:
        """Return every named practice."""
        return frozenset(self._words)

    def named(self, text: str) -> frozenset[str]:
        """Return the practices `text` speaks of (讲党课 → 党课)."""
        found = self._named.get(text)
        if found is None:
            found = frozenset(p for p in self._words if p in text)
            self._remember(self._named, text, found)
        return found

    def unsaid(self, text: str, said: str, names: Sequence[str]) -> list[str]:
        """Return the practices and mechanisms `text` claims that the user's words do not name (frames aside).

        `said` is what the user said (rewritten too), `names` its specific words and their parts (Matcher.names).
        """
        ours = self.named(said)
        words = self._telling.get(tuple(names))
        if words is None:
            words = [w for w in names if len(w) > 1 and not self._common(w)]
            self._remember(self._telling, tuple(names), words)
        practices = [
            p
            for p in self.named(text)
            if p not in self._frames and not self._said(p, ours, words) and not self._implied_by(p, said)
        ]
        return practices + [
            m for m in self._mechanisms if m in text and m not in said and not self._implied_by(m, said)
        ]

    def _implied_by(self, word: str, said: str) -> bool:
        """Tell whether the user said a word that implies this one (一岗双责 of 党风廉政建设, 挂钩 of 依据)."""
        return any(w in said for w in self._implied.get(word, ()))

    def _names_same(self, ours: str, practice: str) -> bool:
        """Tell whether a practice holding the user's one names the same thing (data/facts.toml: same_thing_tails).

        党员先锋岗 is a 先锋岗 and 党组会议 a 党组会, but 警示教育片 is a film and 志愿服务队 a team, no 警示教育 or
        志愿服务 (a session's list had 观看廉政警示教育片 offered for 参观警示教育基地).
        """
        start = practice.find(ours)
        return start >= 0 and practice[start + len(ours) :] in self._same_tails

    def _said(self, practice: str, ours: frozenset[str], words: Sequence[str]) -> bool:
        """Tell whether the user named a practice: it, one holding it or held in it, or half of it in a word.

        A part of another practice the user named is no word of its own: 民主 of 民主生活会 says no 民主评议; nor is
        a practice named, which holds only those it names the same (see _names_same).
        """
        if any(practice in o or self._names_same(o, practice) for o in ours):
            return True
        return any(w in practice and 2 * len(w) >= len(practice) and not any(w in o for o in ours) for w in words)

    def doers(self, text: str) -> frozenset[str]:
        """Return who a text says did it: the roles it names (党组书记 counts once, not as 书记 too)."""
        cached = self._said_by.get(text)
        if cached is not None:
            return cached
        found: set[str] = set()
        rest = self._unposted(text)
        for role in self._doers:
            if role in rest:
                found.add(role)
                rest = rest.replace(role, "，")
        self._remember(self._said_by, text, frozenset(found))
        return frozenset(found)

    @staticmethod
    def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
        """Keep a value, forgetting everything once the cache is full (the bank's texts come back first)."""
        if len(cache) >= CACHE:
            cache.clear()
        cache[key] = value

    def _unposted(self, text: str) -> str:
        """Return `text` with the posts and bodies that name no doer taken out."""
        for post in self._posts:
            text = text.replace(post, "，")
        return text

    def all_named(self, text: str, said: str) -> str:
        """Return a wording speaking of all the doers the user named, not the others (其他班子成员 → 班子成员).

        班子成员每人联系一个支部 says nothing of a leader left out: 其他班子成员分别联系一个党支部 would.
        """
        for role in self._ours(said):
            for other in (f"{o}{role}" for o in self._others if f"{o}{role}" in text and f"{o}{role}" not in said):
                text = text.replace(other, role)
        return text

    def _ours(self, said: str) -> frozenset[str]:
        """Return the doers the user's words name, with those named alike (领导 names 班子成员)."""
        found = self._ours_in.get(said)
        if found is None:
            rest = self._unposted(said)
            alike = {d for group in self._alike if any(w in rest for w in group) for d in group}
            found = self.doers(said) | alike
            self._remember(self._ours_in, said, found)
        return found

    def strange_doers(self, text: str, said: str) -> set[str]:
        """Return the doers `text` names that the user's words `said` do not.

        书记 said names 党组书记 too, and 领导 names 班子成员. A body of another level than the one the user named
        (党支部 for 党小组) is strange too.
        """
        ours = self._ours(said)
        theirs = self.doers(_QUOTED_RE.sub("", text))  # a slogan (“书记抓、抓书记”) names no one who did it
        # A doer the user named stands for one of the wording's, not two: 与各支部书记签订 names no other 书记
        # who signed (党组（机关党委）书记与各支部书记分别签订了…).
        left = sorted(ours - theirs)
        strange = set()
        for a in sorted(theirs - ours, key=len, reverse=True):
            b = next((b for b in left if a in b or b in a), None)
            if b is None:
                strange.add(a)
            else:
                left.remove(b)  # one 书记 said is one signer: 党组书记与各支部书记 names two
        return strange | self._other_bodies(text, said)

    def _other_bodies(self, text: str, said: str) -> set[str]:
        """Return the bodies `text` names of another level than those the user named (党支部 for 党小组)."""
        ours, theirs = self._levels(said), self._levels(text)
        return {self._bodies[i][0] for i in theirs - ours} if ours else set()

    def _levels(self, text: str) -> frozenset[int]:
        # Asked of one answer and of each wording again and again: read once.
        found = self._levels_in.get(text)
        if found is None:
            rest = self._unposted(text)
            for role in self._doers:  # 支部书记 is a doer, no body named
                rest = rest.replace(role, "，")
            found = frozenset(i for i, group in enumerate(self._bodies) if any(w in rest for w in group))
            self._remember(self._levels_in, text, found)
        return found

    def cut_unsaid(self, text: str, said: str, names: Sequence[str]) -> str:
        """Drop from a wording what claims a practice or a doer the user did not name.

        The list items naming only such a practice go, and the clauses naming another doer.
        严格党员过政治生日、党务公开等制度落实 for 过政治生日 → 严格党员过政治生日等制度落实. Where an item
        cannot be cut cleanly its clause goes; in a clause holding a count it stays, and FactFinder does not offer
        the wording. A list of 同-parts keeps those the user named (同部署、同推进 of 同谋划、同部署、同推进 for
        一块儿布置一块儿推).
        """
        text = keep_parallels(text, said)
        unsaid = self.unsaid(text, said, names)
        if not unsaid and not self.strange_doers(text, said):
            return text
        clauses = [self._cut_clause(c, unsaid, names) for c in CLAUSE_RE.findall(text)]
        # A clause still claiming another practice goes (…挂职第一副书记，牵头负责社区结对共建工作 for 选派2名
        # 党员到社区挂职), unless it holds a count or names what the user said (`names`, see Matcher.names) in
        # more than one short everyday noun (学习、计划 keep 年初制定了党组中心组理论学习计划; 社区 keeps nothing).
        # So does one naming another doer (…，其他班子成员分别联系一个党支部 for 书记带头联系第一支部).
        clean = [
            c
            for c in clauses
            if _COUNT_RE.search(c) or not (self.strange_doers(c, said) or self.unsaid(c, said, names))
        ]
        # Where every clean clause tells what the user said, a claiming clause stays only for what none of them
        # names (组织中心组开展集中理论学习 goes after 坚持理论与业务学习相结合). A clean clause naming one short word
        # (年初党组专题研究党风廉政建设工作 for 廉政), or only a field (意识形态) and a doer (书记), tells too little to
        # stand for the rest.
        who = [n for n in names if n in self._frames or n in self._doers]
        deeds = [n for n in names if not any(n in w for w in who)]
        told = all(_COUNT_RE.search(c) or (telling(c, deeds) and self._mostly_said(c, said)) for c in clean)
        uncovered = [n for n in names if not (told and any(n in c for c in clean))]
        kept = [c for c in clauses if c in clean or (not self.strange_doers(c, said) and telling(c, uncovered))]
        if kept and len(kept) < len(clauses) and not all(MEANS_ONLY_RE.match(c) for c in kept):
            clauses = kept
        return "".join(clauses)[:-1] + "。"

    def _mostly_said(self, clause: str, said: str) -> bool:
        """Tell whether the user said half a clause's words or more (理论学习 says too little of 理论与业务学习相结合).

        How a deed was done (坚持, 分别) is no word of the deed.
        """
        words = [w for w in self._specific(clause) if w not in LEAD_VERBS and w not in self._manner]
        return 2 * sum(heard(w, said, self._common) for w in words) >= len(words)

    def _cut_clause(self, clause: str, unsaid: list[str], names: Sequence[str]) -> str:
        """Cut the list items of one clause that name an unsaid practice, the last first (the order is fixed)."""
        for practice in sorted((p for p in unsaid if p in clause), key=clause.rfind, reverse=True):
            start = clause.find(practice)
            if start < 0:
                continue
            end = start + len(practice)
            if end < len(clause) and clause[end] == "”":
                end += 1
            sep = max(clause.rfind(s, 0, start) for s in _SEPARATORS)
            between = clause[sep + 1 : start] if sep >= 0 else ""
            # Only a short verb may stand between (、成立党员志愿服务队): 、业务工作“两不误” is no item of its own.
            # After 和 nothing may (坚持和完善“三会一课”制度 is no list).
            short = len(between) <= ITEM_LEAD if sep >= 0 and clause[sep] == "、" else between in ("", "“")
            alone = short and "”" not in between and not self.named(between)
            if sep >= 0 and alone and not self._joins_more(clause, end):
                # The item after a separator (、党务公开 of …生日、党务公开等): it goes with its separator.
                clause = clause[:sep] + clause[end:]
                continue
            lead = start - 1 if start > 0 and clause[start - 1] == "“" else start
            if end < len(clause) and clause[end] in _SEPARATORS and _ends_verb(clause[:lead]):
                if self._starts_noun(clause[end + 1 :], names):
                    # The first item, right after the verb that governs the next too (召开党组会、党支部专题党课).
                    clause = clause[:lead] + clause[end + 1 :]
                elif lead <= 1:
                    # The first item is the practice and its own one-character verb (读原文原著、学习交流、撰写心得).
                    clause = clause[end + 1 :]
        return clause

    @staticmethod
    def _joins_more(clause: str, end: int) -> bool:
        """Tell whether more of the item follows the practice (…党员志愿服务队作用): it cannot be cut there."""
        rest = clause[end:]
        return bool(rest) and rest[0] not in _SEPARATORS + "，；。" and not rest.startswith(_ENDINGS)

    def _starts_noun(self, rest: str, names: Sequence[str]) -> bool:
        """Tell whether the next item starts with a noun the verb governs: a practice, 党…, or one the user named.

        利用微信公众号、电子显示屏… for 大厅电子屏: 电子显示屏 is the user's, so 微信公众号 goes with its 、.
        """
        rest = rest.lstrip(_QUOTES)
        named = (n for n in names if len(n) > 1 and not self._common(n))
        return rest.startswith("党") or any(rest.startswith(p) for p in (*self._words, *named))
