"""Where a count goes in the user's words: after what it counts, with the verb a document gives the deed.

召开2次党组会 → 召开党组会2次, 廉政谈话17人次 → 开展廉政谈话17人次, 法治宣传教育搞了三场 → 开展法治宣传教育3场. The
word lists are data (data/polish.toml, [count_after]); PolishRules compiles them with the functions here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.model import gap
from bot.numbers import COUNT_HEDGES, COUNT_UNITS, EVENT_UNITS, HEDGE_GAP, TOTAL_WORDS, extract_numbers
from bot.patterns import alternatives, longest_first
from bot.phrasebank import slot_label

if TYPE_CHECKING:
    from bot.polish_rules import PolishRules

# When a deed said without a verb was done: written before the verb given (全年开展学习20多次, 七一期间开展警示教育2场).
YEAR_PARTS = "全年|今年|上半年|下半年"
_WHEN = rf"(?:{YEAR_PARTS}|第?[一二三四]季度|[\u4e00-\u9fff]{{1,4}}?(?:期间|前后|前夕))"
# A total before the deed (一共学习48次); 共 alone only before a verb (共青团, 共同 are words of their own).
_TOTAL = "一共|总共|共计|累计|合计|共(?=[开召举进学讲办])"
_LAST_COUNT_RE = re.compile(r"约?\d+(?:\.\d+)?[多余]?(?:场次|次|场|期)$")
_ONCE_RE = re.compile(r"1(?:场次|次|场|期)")
# 左右 a word or two after a count guesses it already (3天左右, 3次会左右).
_AROUND_RE = re.compile(r"[^，。；\d]{0,3}?左右")
_WHEN_INSIDE_RE = re.compile(_WHEN)
# A count in digits, maybe a guess (约4次: see hedged), or a guess that stays in words (二十几人次, GB/T 15835).
_COUNT = r"(?:约?\d+(?:\.\d+)?[多余]?|[二三四五六七八九]?十几|几十)"
_DIGITS = r"约?\d+(?:\.\d+)?[多余]?"
# A hedge before a count, a verb before it at most (大概召开4次 → 召开约4次): see bot.numbers.
# How many heard it, said after the count (宣讲3场，20多人次听): a document says they took part.
_HEARD_RE = re.compile(rf"(?P<count>{_DIGITS}(?:人次|人|名))来?听了?(?=[，。；]|$)")
# How many went or came, as a clause of its own after the deed (参观1次，去了60多人): they took part.
_WENT_RE = re.compile(rf"(?:(?<=^)|(?<=[，；]))(?:去|来)了?(?P<count>{_DIGITS}(?:人次|人|名))(?=[，。；]|$)")
# A count the user says they do not know (发展新党员，人数记不清了; 新党员几个我回头查一下): a gap where it goes.
_UNKNOWN_COUNT_RE = re.compile(
    r"[，\s]*(?P<ask>(?:具体)?(?:人数|次数|户数|期数|篇数)|(?:具体)?(?:多少个?|几个?)(?P<unit>[名次人场户期篇份家条])|几个)"
    r"[，\s]*我?还?(?:记不清了?|记不太清了?|不记得了?|忘了|回头再?查一?下?|还要查一?下?|待查)(?=[，。；]|$)"
)
# A count said before it, a guess too (十几次): the clause has its count.
_SAID_COUNT_RE = re.compile(r"[\d一二两三四五六七八九十几百千]+[多余来]?(?:人次|场次|[次名个人场期回])")
# 有 after a deed told done, before its count (支委会开了有十二次), says "as many as": the count is the deed's. After a
# noun (支委会有2次因为疫情推迟了) it picks some out of those held, and stays.
_DONE_HAVE_RE = re.compile(r"了有(?=[\d一二两三四五六七八九十几百]+[多余来]?(?:人次|场次|[次名个人场期回篇份家户条]))")
_PEOPLE_ASKED = ("人", "名")
_MEASURES_ASKED = ("户", "期", "篇")
# Said before 几个, these make it a count of people (新党员几个我回头查一下).
_PEOPLE_NOUNS = ("党员", "积极分子", "发展对象", "干部", "同志", "群众", "职工", "人")
_TIMES_ASKED = ("次", "场")
_HEDGED_RE = re.compile(rf"(?:{'|'.join(COUNT_HEDGES)})(?P<gap>{HEDGE_GAP})$")


def count_breaks_re(words: object, doers: object) -> re.Pattern[str]:
    """Compile the rule that puts a comma between a count and a word starting the next clause, its doer or a total."""
    starts, who = longest_first(words), longest_first(doers)
    counters = "".join(sorted({u for u in COUNT_UNITS if len(u) == 1}))
    # 一个 says "a": 有一个还在考察 is one clause; a doer told done after it starts one all the same (开了一次大家都
    # 做了批评和自我批评).
    start = "|".join(map(re.escape, starts))
    doer = f"(?:{'|'.join(map(re.escape, who))})[^，。；的]*了[^，。；的]*(?:[，。；]|$)"
    rules = [rf"(?<=[\d两三四五六七八九十百千万多余][{counters}])(?={start})"] if starts else []
    # 一次 is once, a count as any (组织生活会开了一次顺便民主评议党员: a walk's ran on).
    rules += [rf"(?<=一[次场回期])(?={start})"] if starts else []
    rules += [rf"(?<=[\d一两三四五六七八九十百千万多余][{counters}])(?={doer})"] if who else []
    # A total after how often (主题党日每月1次全年12次) is a count of its own: 每月1次，全年12次; 共建单位, 全年十大任务
    # name a thing.
    totals, verbs = "|".join(TOTAL_WORDS), "[开搞学办讲做发签评]了?|召开了?|开展了?|举办了?|进行了?"
    rules.append(
        rf"(?<=[\d一两三四五六七八九十百千万多余][{counters}])"
        rf"(?=(?:{totals}){{1,2}}(?:{verbs})?[\d一二两三四五六七八九十几]+[{counters}])"
    )
    return re.compile("|".join(f"(?:{r})" for r in rules))


def count_after_re(verbs: object, things: object, not_in: object) -> re.Pattern[str] | None:
    """Compile a verb, an Arabic count, and the thing it counts ending its clause (召开2次党组会，).

    Or standing before what it was for (召开4次会专门研究党建), which goes after it. The thing holds none of `not_in`
    (讲了一次党课给全体党员, 召开3次党员大会和支委会, 1次以上, 3次左右的培训).
    """
    said, counted, barred = longest_first(verbs), longest_first(things), longest_first(not_in)
    if not said or not counted:
        return None
    events = alternatives(longest_first(EVENT_UNITS))
    free = rf"(?:(?!{alternatives(barred)})[^，。；、：\d“”])" if barred else r"[^，。；、：\d“”]"
    return re.compile(
        rf"(?P<verb>{alternatives(said)})(?P<count>{_DIGITS}(?:{events}))(?![的以左上多余来])"
        rf"(?P<thing>{free}{{0,12}}?(?:{alternatives(counted)}))(?P<about>(?:专门|专题)?研究[^，。；\d]{{1,10}})?(?=[，。；]|$)"
    )


def meeting_first_re(meetings: object) -> re.Pattern[str] | None:
    """Compile a meeting, what it was for if said before its verb, 召开 and a count (支委会专门研究党建召开2次)."""
    said = longest_first(meetings)
    if not said:
        return None
    about = r"(?:，?(?P<about>(?:专门|专题)?研究[^，。；\d]{1,10}?))?"
    return re.compile(rf"(?P<meeting>{alternatives(said)}){about}召开(?P<count>{_DIGITS}(?:次|场))")


def set_first_re(verbs: Mapping[str, str], things: object) -> re.Pattern[str] | None:
    """Compile a thing set up, its verb and an Arabic count of them (党员先锋岗设了5个, 党员突击队组建了3支)."""
    said, made = longest_first(list(verbs)), longest_first(things)
    if not said or not made:
        return None
    return re.compile(
        rf"(?P<thing>[\u4e00-\u9fff]{{0,4}}(?:{alternatives(made)}))(?P<verb>{alternatives(said)})了?(?P<count>{_DIGITS}[个支处家])"
    )


def verbless_re(
    things: object, verbs: object, after: object, not_first: object, words: object = ()
) -> re.Pattern[str] | None:
    """Compile a whole clause naming a deed, maybe how often, and its count, with no verb before it (廉政谈话17人次).

    What names the deed holds none of `verbs` (观看警示教育片2次 has its verb) nor who did it (我, 书记), and opens on
    none of `not_first` (培训党员二十几人次 has its verb); when it was done stays before the verb given (全年开展学习
    20多次). A verb of `after` between the deed and its count is the one said (法治宣传教育开展3场), to go before it.
    """
    counted, doing, done, first = (
        longest_first(things),
        longest_first(verbs),
        longest_first(after),
        longest_first(not_first),
    )
    if not counted or not doing:
        return None
    # A word holding such a verb may still name the deed (谈心谈话40人次 is no deed with its verb 谈).
    whole = f"{alternatives(longest_first(words))}|" if words else ""
    # Nor a total inside it (中心组共学习12次 is no deed named 中心组共学习).
    free = rf"(?:{whole}(?!{alternatives(doing)}|共(?![青同享建产]))[\u4e00-\u9fff“”])"
    said = f"(?P<said>{alternatives(done)})?" if done else "(?P<said>)"
    opens = f"(?!{alternatives(first)})" if first else ""
    return re.compile(
        rf"(?:(?<=^)|(?<=[，；]))(?P<when>{_WHEN})?(?P<total>{_TOTAL})?{opens}"
        rf"(?P<thing>{free}{{0,8}}(?:{alternatives(counted)}))"
        rf"(?P<rate>每(?:个)?(?:月|季度|周|年|半年))?{said}(?P<count>{_COUNT}(?:人次|场次|次|场|期)(?:左右)?)(?=[，。；]|$)"
    )


def counted_after(text: str, rules: PolishRules) -> str:
    """Write a count where the corpus writes it, after what it counts (召开2次党组会 → 召开党组会2次).

    So after the verb of a meeting or a thing set up (支委会召开2次 → 召开支委会2次), and with a verb given to a deed
    named alone (廉政谈话17人次 → 开展廉政谈话17人次).
    """
    if rules.count_after is None:
        return text
    text = hedged(text)

    def move(m: re.Match[str]) -> str:
        thing, about = m.group("thing"), m.group("about")
        return (
            m.group("verb")
            + rules.count_after_names.get(thing, thing)
            + m.group("count")
            + (f"，{about}" if about else "")
        )

    text = rules.count_after.sub(move, text)
    if rules.meeting_first is not None:
        text = rules.meeting_first.sub(
            lambda m: f"召开{m['meeting']}{m['count']}" + (f"，{m['about']}" if m["about"] else ""),
            text,
        )
    if rules.set_first is not None:
        text = rules.set_first.sub(lambda m: rules.set_verbs[m["verb"]] + m["thing"] + m["count"], text)
    if rules.verbless is not None:
        # 廉政谈话17人次 → 开展廉政谈话17人次; 主题党日每月1次 → 主题党日每月开展1次.
        text = rules.verbless.sub(lambda m: _with_verb(m, rules), text)
    if rules.total_after_rate is not None:
        # 主题党日每月开展1次，开了12次 → …，共开展12次: 召开 said of it is no meeting's.
        text = rules.total_after_rate.sub(lambda m: _total(m, rules), text)
    return _WENT_RE.sub(r"\g<count>参加", _HEARD_RE.sub(r"\g<count>参加", text))


def _total(m: re.Match[str], rules: PolishRules) -> str:
    """Write the total after how often with the deed's verb: …每季度讲党课1次，共讲4次; 共 only of more than one."""
    # The deed is what the head ends on (…讲党课1次), else what it opens on, words of manner aside (支部委员会一般…).
    verb = _verb_of(_LAST_COUNT_RE.sub("", m["head"]), rules)
    thing = m["thing"]
    while verb == rules.verbless_verb and len(thing) > 2 and len(m["thing"]) - len(thing) < 3:
        verb, thing = _verb_of(thing, rules), thing[:-1]
    total = m["total"] or ("" if _ONCE_RE.fullmatch(m["count"]) else "共")
    return f"{m['head']}，{m['when'] or ''}{total}{verb}{m['count']}"


def hedged(text: str) -> str:
    """Write a count said with a hedge as a guess next to it: 大概召开4次 → 召开约4次, 大概有30名 → 约有30名.

    The counts are those bot.numbers reads as guesses; 左右 or 多 after one says it already (60篇左右 stays).
    """
    for n in reversed(extract_numbers(text)):
        said = _HEDGED_RE.search(text[: n.start]) if n.approx in ("约", "多", "余") else None
        if said is None:
            continue
        # A verb's 了 next to the count goes, as it does before an exact one (结对帮扶了大概5户 → 结对帮扶约5户).
        gap = said["gap"].removeprefix("是").removesuffix("了")
        head = text[: said.start()]
        if not gap:
            head = head.removesuffix("了")
        if n.approx == "约" and not _AROUND_RE.match(text, n.end):
            gap = f"约{gap}" if gap.startswith("有") else f"{gap}约"
        text = head + gap + text[n.start :]
    return text


def total_after_rate_re(verbs: object) -> re.Pattern[str] | None:
    """Compile a deed said with how often and its count, then a clause of a verb of `verbs` and the total count.

    主题党日每月开展1次，开了12次: the total is of the deed named, whatever verb was said (召开 is a meeting's).
    """
    said = longest_first(verbs)
    if not said:
        return None
    totals = alternatives(longest_first(TOTAL_WORDS))
    return re.compile(
        rf"(?:(?<=^)|(?<=[，；]))(?P<head>(?P<thing>[\u4e00-\u9fff“”]{{2,12}}?)(?:{'|'.join(COUNT_HEDGES)})?"
        r"每(?:个)?(?:月|季度|周|年|半年)(?:\d+[号日])?[^，；。\d]{0,4}\d+(?:次|场|期))，"
        rf"(?P<when>{YEAR_PARTS})?(?P<total>{totals})?(?:{alternatives(said)})"
        rf"(?P<count>{_COUNT}(?:场次|次|场|期)(?:左右)?)(?=[，。；]|$)"
    )


def _with_verb(m: re.Match[str], rules: PolishRules) -> str:
    """Give a deed named with its count and no verb the verb a document writes, when in the year first."""
    when, thing = m["when"] or "", m["thing"]
    # 中心组今年学习12次 → 今年开展中心组学习12次, not 开展中心组今年学习12次 (seen by a tester).
    inside = _WHEN_INSIDE_RE.search(thing)
    if inside and not when:
        when, thing = inside.group(), thing[: inside.start()] + thing[inside.end() :]
    # A verb said that fits any deed stays (专题党课举办了3期 → 举办专题党课3期); another is the deed's (讲 a 党课,
    # not the 召开 of 开了 for a 主题党日).
    verb = rules.kept_verbs.get(m["said"]) or _verb_of(thing, rules)
    if m["rate"]:
        return f"{when}{m['total'] or ''}{thing}{m['rate']}{verb}{m['count']}"
    return f"{when}{m['total'] or ''}{verb}{thing}{m['count']}"


def _verb_of(thing: str, rules: PolishRules) -> str:
    """Return the verb a document gives a deed named alone (召开 a meeting, 讲 a 党课), by how the deed ends."""
    ends = [e for e in rules.verbless_verbs if thing.endswith(e)]
    return rules.verbless_verbs[max(ends, key=len)] if ends else rules.verbless_verb


def unknown_counts(text: str) -> str:
    """Leave a gap where the user says they do not know a count (人数记不清了 → 〔待补：人数〕名)."""

    def gapped(m: re.Match[str]) -> str:
        ask = m["ask"]
        if _SAID_COUNT_RE.search(text[: m.start()].rpartition("，")[2]):
            return m[0]  # a count already given (十几次，具体次数回头查一下) takes no gap after it (a reviewer's)
        people, times = (any(c in ask for c in chars) for chars in (_PEOPLE_ASKED, _TIMES_ASKED))
        people = people or (ask.endswith("个") and text[: m.start()].endswith(_PEOPLE_NOUNS))
        # What was counted keeps its own measure (多少户 → 〔待补：户数〕户, 几期 → 〔待补：期数〕期).
        measure = m["unit"] or next((u for u in _MEASURES_ASKED if u in ask), "个")
        unit = "名" if people else "次" if times else measure
        return gap(slot_label("count", unit)) + unit

    return _UNKNOWN_COUNT_RE.sub(gapped, text)


def done_have(text: str) -> str:
    """Drop the 有 between a deed told done and its count (开了有十二次 → 开了十二次)."""
    return _DONE_HAVE_RE.sub("了", text)
