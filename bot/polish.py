"""Tidy a user's own words for the document: no filler, full-width punctuation, Arabic counts, formal verbs.

The tables are data (data/polish.toml). Fixed expressions with numerals in them (三会一课, 一岗双责)
stay as they are; approximate counts (十几次, 三万二千多) stay Chinese (GB/T 15835).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping

from bot.numbers import COUNT_UNITS, arabic, extract_numbers, normalize, parse_numeral
from bot.polish_counts import counted_after, done_have, unknown_counts
from bot.polish_rules import CJK as _CJK
from bot.polish_rules import PolishRules, load_rules

_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
# A space between two Chinese words is a spoken pause: a comma. Any other space is a slip.
_PAUSE_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACE_RE = re.compile(r"\s+")
_QUOTED_RE = re.compile(r"“[^“”]*”")
_ANY_QUOTED_RE = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|‘[^‘’]*’|《[^《》]*》")
_CLAUSE_END_RE = re.compile(r"[，；。！？]")
# What may follow a number as its own (a counter, a date's, an about-count's 多): no pause ends it there.
_NUMBER_ENDS = (*COUNT_UNITS, "季度", "季", "年", "月", "日", "天", "周", "届", "多")
_AFTER_NUMBER = "(?:" + "|".join(sorted(_NUMBER_ENDS, key=len, reverse=True)) + ")"
# So is one before a count of what follows it (成立了党员先锋岗 8个党员下去入户); 党员 8个 counts the word before,
# and a verb (走访了 12家企业) what follows it.
_COUNT_PAUSE_RE = re.compile(
    rf"(?<=[{_CJK}])(?<![了过着])\s+(?=\d+[多余]?[个名位项次场件条份期人户家支][{_CJK}]{{2}})"
    # After a vague 搞了 a count opens a clause as its subject (搞了 68个党员都评了; 发展了 3名党员 is one).
    rf"|(?<=[搞弄]了)\s+(?=\d+[多余]?[个名位人][{_CJK}]{{1,6}}?[都也均全])"
    # A rank ends its clause before a pause (全市排第2 耕地保护…); 第2 党小组 is a name.
    rf"|(?<=排第\d)\s+(?=[{_CJK}])(?!{_AFTER_NUMBER})"
)
# Names of one kind said in a row (问题清单任务清单责任清单) are a list.
_RUN_OF_KIND_RE = re.compile(rf"(?<![{_CJK}])([{_CJK}]{{2}}([{_CJK}]{{2}}))(?=[{_CJK}]{{2}}\2)")
# A verb's 了 in a clause its count ends (宣讲了耕地保护政策8场 → 宣讲耕地保护政策8场), as documents write it; not the
# 了 of 了解.
_DONE_BEFORE_COUNT_RE = re.compile(
    rf"(?<=[{_CJK}])了(?![解结几])(?=[{_CJK}“”]{{2,14}}\d+(?:\.\d+)?[多余]?{_AFTER_NUMBER}(?:[，。；]|$))"
)
# 都 and a deed done ending its clause (党费都按月交齐了, 问题都解决了) is written 均已…, as documents write it; one
# character (都去了), a denial (都没来了) or a hedge (大部分都…, 都快…: PolishRules.hedged) is left as said.
_ALL_DONE_RE = re.compile(rf"(?:全部|全)?都((?![没不未])[{_CJK}“”]{{2,10}}?)了(?=[，。；]|$)")
# What became of what was counted (查出问题11个，已全部整改完毕) is a clause of its own.
_COUNT_THEN_DONE_RE = re.compile(rf"(\d{_AFTER_NUMBER})(?=已全部|均已)")
# A clause ending on a title won or a figure reached has no 了 in a document (被评为…先进基层党组织了, 签约率到65%了).
_REACHED_RE = re.compile(rf"(被评为[^，。；]{{2,20}}|[\d%]|\d{_AFTER_NUMBER})了(?=[，。；]|$)")
# A count of people run into the next count (共有党员23名3个党小组) ends a clause; 2023年3月 is a date, 1支20人的
# 服务队 one thing, and 2名35岁以下的 says who (35岁以下的8名 counts again).
_COUNT_RUN_RE = re.compile(r"(?<=\d[名位人户家])(?=\d)(?!\d+岁[^，。；\d]*(?:[，。；]|$))")
# A full stop typed as "." after Chinese, and runs of punctuation left where filler was.
_DOT_RE = re.compile(rf"(?<=[{_CJK}）”])\.")
_PUNCT_RUN_RE = re.compile(r"([，、；：])[，、；：。]*")
# The user's own enumeration (六是, 3、): the draft numbers its items itself.
_ENUM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|(?!(?:五一|七一|八一)、)[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])"
)
_MONTH_RE = re.compile(r"(\d{1,2})月份")
# A month said in words (九月份, 十一月) is written in digits, as dates are (GB/T 15835).
# 一月一次 is "once a month", no January: a month followed by a count stays words.
_CN_MONTH_RE = re.compile(
    r"(?<![一二三四五六七八九十两几第])(十[一二]|[一二三四五六七八九十])月(?:份)?(?![亮光球]|[一二两三四五六七八九十几\d]+[次回场个期遍])"
)
# The day after a month written in digits (7月一日 → 7月1日).
_CN_DAY_RE = re.compile(r"(?<=\d月)([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=[日号])")
# A day of the month is written 日 (每月15号那天 → 每月15日); 正月十五 is a festival.
_DAY_RE = re.compile(
    r"(?<=月)(?<![正腊冬]月)(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])号(?:那天|当天|这天)?"
)
_END = "。！？"
# How long, said in words (培训三天, 两个月): written in digits too. 一天 says "a day"; a range (两三天) is a guess, and
# 三天两头, 三天三夜, 十天半个月 are idioms.
_CN_SPAN_RE = re.compile(
    r"(?<![一二两三四五六七八九十百千万几第\d])([二三四五六七八九]?十[一二三四五六七八九]?|[两二三四五六七八九])"
    r"(?=天(?![一二两三四五六七八九十半]|打鱼)|个?小时|个月)"
)
# A measure said in words (一万二千亩, 三十公里) is written in digits as a count is; 一米阳光 is no measure.
_CN_MEASURE_RE = re.compile(
    r"(?<![第几一二两三四五六七八九十百千万])([一二两三四五六七八九十百千万]{2,}|[两二三四五六七八九])([多余]?)"
    r"(?=亩|公顷|公里|千米|平方米|米|吨|公斤|千克)"
)
# 半年 in a clause counted once is how often (意识形态半年研判一次: twice a year), not the first half's once.
_HALF_YEAR_RE = re.compile(r"(?<![上下前后近每个多大今这一两三半年\d])半年(?=[^，。；]*(?<!\d)1[次回场期])")
CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def _jieba_cut(text: str) -> list[str]:
    from bot.lexicon import tokenizer

    return list(tokenizer().lcut(text, HMM=False))


def arabic_counts(text: str) -> str:
    """Write every count in Arabic digits (两次 → 2次, 十二场 → 12场, 四十多人次 → 40多人次, 三万二 → 3.2万).

    The corpus writes 120余名 and 3500多个; 三百来人 is about 300 (约300人). A guess with no number in it stays in
    words (十几次, 三四个).
    """
    for n in reversed(extract_numbers(text)):
        if n.approx == "来":
            said = text[: n.start].endswith(("约", "大约", "大概", "约有", "大概有"))
            text = text[: n.start] + ("" if said else "约") + arabic(n) + text[n.start + len(n.numeral) + 1 :]
            continue
        if n.numeral[0].isdigit():
            continue
        if n.numeral.startswith("百分之"):
            text = text[: n.start] + f"{n.value:g}%" + text[n.end :]
            continue
        text = text[: n.start] + arabic(n) + text[n.start + len(n.numeral) :]
    return _CN_SPAN_RE.sub(lambda m: f"{parse_numeral(m[1]):g}" if parse_numeral(m[1]) else m[0], text)


def _measure(m: re.Match[str]) -> str:
    """Write a measure's value in digits, a round ten thousands as 万 (一万二千 → 1.2万, 一千多 → 1000多)."""
    value = parse_numeral(m.group(1))
    if value is None:
        return m.group(0)
    return (f"{value / 10000:g}万" if value >= 10000 and value % 1000 == 0 else f"{value:g}") + m.group(2)


def _outside_kept(text: str, rules: PolishRules, rewrite: re.Pattern[str], repl: object) -> str:
    """Apply `rewrite` to the parts of `text` that are not fixed expressions."""
    parts = rules.keep.split(text)
    return "".join(p if i % 2 else rewrite.sub(repl, p) for i, p in enumerate(parts))  # type: ignore[call-overload]


def _curly_quotes(text: str) -> str:
    """Turn straight double quotes, in pairs, into the “” of Chinese text."""
    parts = text.split('"')
    if len(parts) % 2 == 0:
        return text
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


def _outside_quotes(text: str, rewrite: re.Pattern[str], repl: str) -> str:
    """Apply `rewrite` to the parts of `text` outside quoted names (“组织生活会大家评”活动)."""
    parts = re.split(f"({_ANY_QUOTED_RE.pattern})", text)
    return "".join(p if i % 2 else rewrite.sub(repl, p) for i, p in enumerate(parts))


def _listed(text: str) -> str:
    """Put 、 between names of one kind said in a row (问题清单任务清单责任清单 → 问题清单、任务清单、责任清单)."""
    while (found := _RUN_OF_KIND_RE.search(text)) is not None:
        text = text[: found.end()] + "、" + text[found.end() :]
    return text


def tidy(text: str, rules: PolishRules | None = None) -> str:
    """Return `text` without filler, with full-width punctuation and no stray spaces (no end mark added)."""
    rules = rules or load_rules()
    text = normalize(text).strip()
    # A pause inside quotes parts a name's words (“医保为民 党员先行”), not two facts.
    text = _QUOTED_RE.sub(lambda m: _PAUSE_RE.sub("、", m.group()), _curly_quotes(text))
    text = _COUNT_PAUSE_RE.sub("，", _PAUSE_RE.sub("，", text))
    text = _COUNT_RUN_RE.sub("，", _SPACE_RE.sub("", text))
    text = _listed(text)
    if rules.festivals is not None:
        text = rules.festivals.sub("、", text)
    text = _DOT_RE.sub("。", text.translate(_HALF_TO_FULL))
    if rules.closers is not None:
        text = rules.closers.sub("", text)
    if rules.breaks is not None:
        text = _outside_kept(text, rules, rules.breaks, "，")
    if rules.also_breaks is not None:
        text = _outside_kept(text, rules, rules.also_breaks, "，还有")
    if rules.filler is not None:
        text = _outside_kept(text, rules, rules.filler, "")
    text = _ENUM_RE.sub("", text)
    if rules.count_breaks is not None:
        text = _outside_kept(text, rules, rules.count_breaks, "，")
    text = _PUNCT_RUN_RE.sub(r"\1", text)
    return text.strip("，、；：")


def _formal(text: str, rules: PolishRules, cut: Callable[[str], list[str]]) -> str:
    """Replace colloquial words by formal ones, only where they are whole words (确定了 keeps its 定了)."""
    if rules.formal_re is None:
        return text
    bounds = _bounds(text, cut)
    parts = rules.keep.split(text)
    out, pos = [], 0
    for i, part in enumerate(parts):
        if i % 2 == 0:
            # Word bounds are positions in the whole text; shift them for this part.
            shifted = {b - pos for b in bounds if pos <= b <= pos + len(part)}
            out.append(_swap_in(part, rules.formal_re, shifted, rules.formal))
        else:
            out.append(part)
        pos += len(part)
    return "".join(out)


def _undoubled(text: str, rules: PolishRules, cut: Callable[[str], list[str]]) -> str:
    """Drop a verb said twice (讲党课讲了2次), where it first stands as a word: 讲 or 开会, not 学 of 学习小组."""
    assert rules.doubled is not None
    words, ends, pos = {}, set(), 0
    for word in cut(text):
        words[pos] = len(word)
        pos += len(word)
        ends.add(pos)

    def undouble(m: re.Match[str]) -> str:
        # The verb alone (讲|党课), or the verb and its object as one word (开会): not the start of another word.
        # A verb and its object that are one word of the genre may end a longer word too (廉政谈话谈了40多人次);
        # 大学生学了 and 宣讲团讲了 hold no 学生 or 讲团 said twice.
        first = words.get(m.start())
        tail = m.group(1) + m.group(2) in rules.doubled_ends and m.start(2) + len(m.group(2)) in ends
        return m.group(1) + m.group(2) if first in (1, 1 + len(m.group(2))) or tail else m.group(0)

    # Fixed expressions hold no such verbs (三会一课): the whole text is read at once, keeping positions.
    return rules.doubled.sub(undouble, text)


def _named_as(text: str, rules: PolishRules, cut: Callable[[str], list[str]]) -> str:
    """Put a name before the thing it names, quoted, as a document does (党建品牌叫“数说初心” → “数说初心”党建品牌).

    Only a thing is named so (a 品牌, a 服务队: `things`); 大家都叫他“老黄牛” and 我们叫“三亮三比” stay.
    """
    if rules.named_as is None:
        return text
    for m in reversed(list(rules.named_as.finditer(text))):
        before = text[: m.start()]
        words = cut(before)
        thing = words[-1] if words else ""
        if thing.endswith(rules.named_things) and len(thing) >= 2:
            name = m.group(1).lstrip("， ")
            name = name if name.startswith("“") else f"“{name}”"
            text = before[: -len(thing)] + name + thing + text[m.end() :]
    return text


def _made(text: str, rules: PolishRules, cut: Callable[[str], list[str]]) -> str:
    """Write a vague 搞/弄 of making with the verb of the thing made.

    The thing is the first word naming one in what follows it, up to a count or a stop word (a quoted name is no
    thing: 搞了个“党员示范岗”活动 made an 活动), or, where it ends its clause, the last before it (党员先锋岗也搞了).
    """
    if rules.vague is None:
        return text
    starts = _bounds(text, cut)

    def swap(m: re.Match[str]) -> str:
        if m.start() not in starts or m.end() not in starts:
            return m.group(0)  # 糊弄了 says no 弄了
        done = "了" if "了" in m.group(0) else ""
        rest = _QUOTED_RE.sub("", _CLAUSE_END_RE.split(text[m.end() :], maxsplit=1)[0])
        if not rest:
            head = _CLAUSE_END_RE.split(text[: m.start()])[-1]
            verb = _thing_verb(reversed(cut(head)), rules)
            return (verb + done if verb else rules.done) if done and rules.done else m.group(0)
        counts = extract_numbers(normalize(rest))
        phrase = itertools.takewhile(
            lambda w: w not in rules.made_stops, cut(rest[: counts[0].start] if counts else rest)
        )
        verb = _thing_verb(phrase, rules)
        return verb + done if verb else m.group(0)

    return rules.vague.sub(swap, text)


def _thing_verb(words: Iterable[str], rules: PolishRules) -> str | None:
    """Return the verb of making the first of `words` naming a thing takes (党员先锋岗: 设立), if any."""
    for word in words:
        things = [t for t in rules.made if word.endswith(t)]
        if things:
            return rules.made[max(things, key=len)]
    return None


def _bounds(text: str, cut: Callable[[str], list[str]]) -> set[int]:
    """Return where the words of a text begin and end."""
    return set(itertools.accumulate(map(len, cut(text)), initial=0))


def _quoted(text: str, terms: re.Pattern[str], cut: Callable[[str], list[str]]) -> str:
    """Quote the genre's fixed terms where they are whole words outside quotes (两个责任区 holds no 两个责任)."""
    bounds = _bounds(text, cut)
    inside = [(m.start(), m.end()) for m in _ANY_QUOTED_RE.finditer(text)]

    def quote(m: re.Match[str]) -> str:
        whole = m.start() in bounds and m.end() in bounds
        return f"“{m.group()}”" if whole and not any(s < m.start() < e for s, e in inside) else m.group()

    return terms.sub(quote, text)


def _swap_in(part: str, pattern: re.Pattern[str], bounds: set[int], table: Mapping[str, str]) -> str:
    """Swap the table's words where they are whole words.

    Where the longest word found is not whole, a shorter one from the same place may be (定了 of 定了党建工作要点),
    and one further on (开了 of 集中学习开了, past 学习开了).
    """
    out, pos = [], 0
    while (m := pattern.search(part, pos)) is not None:
        start = m.start()
        word = next(
            (part[start:end] for end in range(m.end(), start, -1) if end in bounds and part[start:end] in table),
            None,
        )
        if start not in bounds or word is None:
            out.append(part[pos : start + 1])
            pos = start + 1
            continue
        out.append(part[pos:start] + table[word])
        pos = start + len(word)
    return "".join(out) + part[pos:]


def polish(text: str, rules: PolishRules | None = None, cut: Callable[[str], list[str]] | None = None) -> str:
    """Return the user's words as a document sentence: slips undone, tidied, formal verbs, Arabic counts, 。.

    `cut` segments Chinese text into words (jieba's when not given).
    """
    text = clause(text, rules, cut)
    return text + "。" if text and text[-1] not in _END else text


def reads_spoken(text: str, rules: PolishRules | None = None) -> bool:
    """Tell whether written words still read as speech (搞, 啥, 补选了): a word no document uses, a bare 了."""
    spoken = (rules or load_rules()).spoken
    return spoken is not None and spoken.search(text) is not None


def clause(text: str, rules: PolishRules | None = None, cut: Callable[[str], list[str]] | None = None) -> str:
    """Return the user's words in written form as a clause to join into a sentence (no end mark added)."""
    from bot.typos import load_fixer  # the homophone table, read at the first polish rather than at start

    rules = rules or load_rules()
    cut = cut or _jieba_cut
    # Pinyin-input slips (党组汇, 主题当日) are undone here, so the chat and the document write them alike.
    text = load_fixer().fix(normalize(text), cut)
    if rules.topic_mark is not None:
        text = rules.topic_mark.sub(rules.topic_written, text)
    text = done_have(tidy(text, rules))
    for lead in rules.leads:
        # 还没 / 还不 deny: no lead to drop.
        if text.startswith(lead) and len(text) > len(lead) + 1 and text[len(lead)] not in "没不未":
            text = text[len(lead) :]
            break
    first = cut(text)[0] if text else ""
    if first in rules.start_swaps:
        text = rules.start_swaps[first] + text[len(first) :]
    if rules.doubled is not None:
        text = _undoubled(text, rules, cut)
    text = _made(text, rules, cut)
    text = _named_as(text, rules, cut)
    if rules.passive is not None:
        text = rules.passive.sub(lambda m: m.group(1) + rules.passive_table[m.group(2)], text)
    if rules.word_swaps is not None:
        # Whole words only: 测评上报 holds no 评上, 过去社区工作 no 去 of going, 局里面 no 局里.
        text = _swap_in(text, rules.word_swaps, _bounds(text, cut), rules.swap_table)
    text = _formal(text, rules, cut)
    if rules.subject_pause is not None:
        text = rules.subject_pause.sub(r"\1", text)
    if rules.meeting_breaks is not None:
        # Only in the sentence written: cutting the answer there would make who spoke at it a fact of its own.
        text = _outside_quotes(text, rules.meeting_breaks, "，")
    text = _MONTH_RE.sub(r"\1月", arabic_counts(text))
    text = _HALF_YEAR_RE.sub("每半年", text)
    text = _CN_MONTH_RE.sub(lambda m: f"{CN_MONTHS.index(m.group(1)) + 1}月", text)
    text = _CN_DAY_RE.sub(lambda m: f"{parse_numeral(m.group(1)):g}", text)
    text = _DAY_RE.sub(lambda m: f"{parse_numeral(m.group(1)):g}日", text)
    if rules.before_count is not None:
        text = _outside_kept(text, rules, rules.before_count, "")
    for spoken, written in rules.counters:
        text = _outside_kept(text, rules, spoken, written)
    # After the 了 before a count is dropped: 修了三公里村道 did it (修了3公里), a measure is no count of times.
    text = _CN_MEASURE_RE.sub(_measure, text)
    text = _DONE_BEFORE_COUNT_RE.sub("", counted_after(text, rules))
    text = unknown_counts(_finished(text, rules))
    done = _ALL_DONE_RE.sub(lambda m: m.group() if rules.hedged(text, m) else f"均已{m.group(1)}", text)
    text = _REACHED_RE.sub(r"\1", done)
    text = _COUNT_THEN_DONE_RE.sub(r"\1，", text)
    if rules.quoted is not None:
        text = _quoted(text, rules.quoted, cut)
    return text.rstrip("，、；：。")


def _finished(text: str, rules: PolishRules) -> str:
    """Write a deed said finished as done (都整改完了 → 已全部整改完毕, 整改完了 → 整改完毕)."""
    if rules.finished is None:
        return text

    def written(m: re.Match[str]) -> str:
        done = m.group("verb") + rules.finished_table[m.group("end")]
        return "已全部" + done if m.group("all") and not rules.hedged(text, m) else (m.group("all") or "") + done

    return rules.finished.sub(written, text)
