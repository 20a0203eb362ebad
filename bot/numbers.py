"""Find the numbers a user typed, with their counter words (3次, 十二场, 百分之百, 2.3万元)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Literal

NumberKind = Literal["count", "money", "percent", "plain"]

MONEY_UNITS = ("万元", "亿元", "块钱", "元", "块")
PERCENT_UNITS = ("个百分点", "%")
# Counter words of counts. _UNITS tries every unit longest first, so 人次 wins over 人, 场次 over 场.
COUNT_UNITS = (
    "人次", "场次", "课时", "学时", "次", "场", "回", "遍", "名", "人", "位", "个", "项", "件",
    "条", "篇", "份", "期", "家", "支", "所", "处", "幅", "节", "堂", "户", "批", "轮", "起",
)  # fmt: skip
# The counters of times something was held (讲评1次, 3场), not of people or things.
EVENT_UNITS = ("场次", "次", "场", "期", "回", "堂", "轮")
_UNITS = tuple(sorted((*MONEY_UNITS, *PERCENT_UNITS, *COUNT_UNITS), key=len, reverse=True))

# Words with a numeral in them that name something or say "a", not a count: the genre's quoted
# number lists (三会一课 is not "3 meetings") and idioms (一线, 进一步).
NUMBER_TERMS = (
    "三会一课", "第一议题", "两个维护", "两个确立", "四个意识", "四个自信", "两学一做", "一岗双责",
    "五个一", "四个一", "两个作用", "两不误", "一把手", "一号", "第一责任人", "三张清单", "五个融合",
    "十个严禁", "两本一盒一汇编", "三表率一模范", "一课一片一实践", "双报到", "三重一大", "四风",
    "五好", "八项规定", "两个责任", "五个一流", "四个全面", "三严三实", "两个务必", "两个结合", "三个代表",
    "四个服从", "一线", "一个时期", "一批", "一些", "一定", "统一", "进一步", "一流", "一体",
    # 放一块学 is "together" (not 1块 of money), 整了一遍 "all over", 一次性 "at once".
    "一块", "一遍", "一次性", "一家人", "一回事", "两回事", "一起", "一起来",
    # The days the genre marks (七一表彰, 七一一次 is once on 1 July, not 711 times).
    "七一", "八一", "五一", "五四", "六一",
)  # fmt: skip

_TERMS_RE = re.compile("(?=(" + "|".join(map(re.escape, sorted(NUMBER_TERMS, key=len, reverse=True))) + "))")
_TERM_CHARS_RE = re.compile("[" + "".join(sorted({t[0] for t in NUMBER_TERMS})) + "]")

# Which counter a user used (key) may fill a slot counted in which units (value). 次 never fills
# 人次: "上了12次党课" says nothing about how many person-times attended.
COUNT_FITS: dict[str, frozenset[str]] = {
    "次": frozenset({"次", "场次"}),
    "场": frozenset({"场次", "次"}),
    "场次": frozenset({"场次", "次"}),
    "回": frozenset({"次"}),
    "遍": frozenset({"次"}),
    "轮": frozenset({"次", "轮"}),
    "人次": frozenset({"人次"}),
    "名": frozenset({"名", "人"}),
    "人": frozenset({"名", "人"}),
    "位": frozenset({"名", "人"}),
    "个": frozenset({"个", "项", "件", "名", "人"}),  # 5个积极分子 counts people too
    "项": frozenset({"项", "个"}),
    "件": frozenset({"件", "个"}),
}

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUMERAL = rf"(?:\d+(?:\.\d+)?[万亿]?|[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?)"
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_NUMBER_RE = re.compile(
    rf"百分之(?P<pct>{_NUMERAL})"
    rf"|(?P<num>{_NUMERAL})(?P<approx>余|多|来)?(?P<unit>{_UNIT_RE})?"
)
# Two neighbouring single numerals say "three or four", not 34.
_RANGE_RE = re.compile(r"[一二两三四五六七八九]{2}")
# 一万五, 三万二, 两千五: an amount said short, with no counter word after it (捐款三万二), is still a number.
_SHORT_AMOUNT_RE = re.compile(r"[一二两三四五六七八九][万千][一二三四五六七八九]")
_QUOTED_RE = re.compile(r"[“\"「『][^”\"」』]{1,12}[”\"」』]")
# Words around a bare answer that do not change it ("一共3次。").
_ANSWER_FILLER_RE = re.compile(r"^(?:一共|总共|共计|共)|(?:吧|啊|了|呢)?[。.，,！!]*$")
# 回 before these begins a verb (回家, 回来, 回去, 回到), not the counter of 去了2回 (三回乡, 两回头脑风暴 count).
_VERB_AFTER_HUI = "家来去到"
# After 一 and its counter these say "not a single one" (一回没落下, 一次也没缺, 一个都不少).
# 一次无偿献血, 一次不记名测评 and 一次未成年人座谈会 count one all the same.
_NONE_AFTER_RE = re.compile(r"[也都][没不未]|没|不[落少缺漏差]")
# 数 ends these nouns, far likelier than a guess after them: 人数十人 counts, 贫困户数十户 and 数十万元 are guesses.
_NOUNS_OF_NUMBER = "人次总"
# Words making a count a guess (大约4次, 大概开了4次, 4次左右): written 约4次, never as exact. One of
# COUNT_HEDGES may stand a verb or so before the count; 约 of 预约, 签约 … is another word, and 大致 hedges only right
# before it.
COUNT_HEDGES = ("大概", "大约", "差不多", "估计")
# What may stand between a hedge and its count: no 也/都 (跟去年差不多也是4次 compares), no 每 or 周 (差不多每个月学1次,
# 大概一周学2次 hedge how often), no 第 (大概第3季度), no 能/要/会 but 会议 (明年估计能建成2个 expects).
HEDGE_GAP = r"(?:(?!会(?!议))[^，。；：、\d约也都每周第能要]){0,4}?"
_HEDGED_BEFORE_RE = re.compile(
    rf"(?:(?:{'|'.join(COUNT_HEDGES)}){HEDGE_GAP}|将近|大致有?|(?<![预签节制公契合条邀民续履违特])约有?)$"
)
# Every word that may stand right before a count to make it a guess (差不多3次, 约有20人).
HEDGE_WORDS = rf"{'|'.join(COUNT_HEDGES)}|将近|大致有?|约有?"
# Those making a bare answer a guess ("约20人次左右", "差不多3次").
_ANSWER_HEDGE_RE = re.compile(rf"^(?:{HEDGE_WORDS})|左右$")
# How a guess is marked: 十来次 as said, the others by a hedge word.
GUESS_MARKS = ("来", "约")
# Dates, clock times and durations are not counts of anything the unit did.
_DATE_AFTER_RE = re.compile(r"(?:年|月|日|号|时|点|个月|周年|后|届|版|期间)")


@dataclass(frozen=True)
class Number:
    """A number found in text, with the counter word that follows it."""

    value: float
    numeral: str
    unit: str
    approx: str
    start: int
    end: int

    @property
    def kind(self) -> NumberKind:
        """Whether this is a count, an amount of money, a percentage, or a bare number."""
        if self.unit in MONEY_UNITS:
            return "money"
        if self.unit in PERCENT_UNITS:
            return "percent"
        return "count" if self.unit else "plain"

    @property
    def loose(self) -> bool:
        """Whether the count says only about how many (40多, 十来次), which a wording may leave to the user's words.

        A count said with a hedge (大概4次, 4次左右) is one the user gave all the same: it is carried, as 约4次.
        """
        return self.approx in ("多", "余", "来")


# 一个/一支/一项 … say "a" (包联一个项目, 拉起一支志愿服务队), not a total, unless a total word stands before.
_ARTICLE_UNITS = frozenset({"个", "支", "项", "家", "所", "处", "件", "批", "位"})
_TOTAL_BEFORE_RE = re.compile(r"(?:共|总共|一共|共计|合计|累计|全年|只有|仅)$")
# 发展了一个党员 counts one: after a step taken on people, 一个 before them ending the clause is a count (一个党员也没
# 落下 is "any", 发展一个党员都要经过支委会讨论 a rule, 慰问了一个党员家庭 a household).
_STEP_BEFORE_RE = re.compile(r"(?:发展|转正|吸收|接收|确定|表彰|慰问|培养|考察)了(?:[^，。；]*[和及、])?$")
_PEOPLE = ("预备党员", "入党积极分子", "积极分子", "发展对象", "困难党员", "老党员", "优秀党员", "党员")
_PEOPLE_AFTER_RE = re.compile(rf"(?:{'|'.join(_PEOPLE)})(?=$|[^\u4e00-\u9fff]|[和及、])")

# A count after these is a frequency (每月1次, 每季度研判一次, 一季度研判1次), not a total: it fills only a
# slot that is itself a frequency, and the user's own words keep it otherwise.
_RATE_RE = re.compile(r"每(?:个|一)?(?:半年|季度|季|月|周|星期|年|天|日|人|次)|一个?季度|一个月|一周")
# After one of these the count is a total again (主题党日每月都搞全年12次); 共 only right before it (共建 is none).
TOTAL_WORDS = ("全年", "一共", "总共", "共计", "累计", "合计", "共")
_TOTAL_RE = re.compile("|".join(TOTAL_WORDS[:-1]) + "|共$")


def is_rate(before: str) -> bool:
    """Tell whether the words of a clause before a count make it a frequency (每月…1次), not a total."""
    return bool(_RATE_RE.search(_TOTAL_RE.split(before)[-1]))


def normalize(text: str) -> str:
    """Fold full-width digits and signs (３次, ％) to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


@cache
def parse_numeral(numeral: str) -> float | None:
    """Return the value of an Arabic or Chinese numeral, or None if it is not one."""
    text = numeral
    if text[:1] in "百千万亿":
        text = "一" + text  # 百分之百: cn2an wants 一百
    try:
        # cn2an is a maintained library for Chinese numerals (两, 十二, 一百零五, 2.3万, 零点五); hand-written
        # conversion gets 两千零五 and 十万 wrong far too easily. Imported at the first numeral, not with the
        # module: it takes ~0.15 s, and the documents (imported at start) load this module.
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    if _TERM_CHARS_RE.search(text):
        # A lookahead finds every term, overlapping ones too (第一责任人 and 一把手 in one text).
        spans += [(m.start(), m.start() + len(m.group(1))) for m in _TERMS_RE.finditer(text)]
    return spans


def _matches(text: str, protected: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """Yield the numeral matches of `text`, reading one that runs past a term again after it (七一一次 → 一次)."""
    pos = 0
    while (m := _NUMBER_RE.search(text, pos)) is not None:
        inside = [e for s, e in protected if s <= m.start() < e]
        if inside and max(inside) < m.end():
            pos = max(inside)
            continue
        yield m
        pos = m.end()


def _guessed(text: str, start: int, numeral: str) -> bool:
    """Tell whether a numeral after 数 says "some tens" (数十万元, 数百人), not a count after a noun (人数十五人)."""
    if start < 1 or text[start - 1] != "数" or numeral.strip("十百千万"):
        return False
    return start < 2 or text[start - 2] not in _NOUNS_OF_NUMBER


def extract_numbers(text: str) -> list[Number]:
    """Return the numbers in `text` (already normalized), in order (see _extract)."""
    return list(_extract(text))


def forget_numbers() -> None:
    """Drop the numbers remembered of earlier texts (a benchmark times each answer as new)."""
    _extract.cache_clear()


# One answer's text is read for numbers by several steps (split, match, polish): once is enough.
@lru_cache(maxsize=1024)
def _extract(text: str) -> tuple[Number, ...]:
    """Return the numbers in `text` (already normalized), in order.

    Chinese numerals count only with a counter word after them (两次, 十二场), so 一直 and 统一
    are not numbers; quoted terms and number-terms (三会一课, 第一议题), ordinals (第三),
    dates (6月15日, 2022年) and durations are skipped.
    """
    protected = _protected_spans(text)
    found: list[Number] = []
    for m in _matches(text, protected):
        start, end = m.span()
        if any(s < end and start < e for s, e in protected):
            continue
        if start > 0 and (text[start - 1] in "第几" or _guessed(text, start, m.group("num"))):
            continue  # 第三 is an order; 几十次, 数百人 are guesses
        if m.group("pct") is not None:
            value = parse_numeral(m.group("pct"))
            if value is not None:
                guess = "约" if _hedged(text, start, end, value, "%") else ""
                found.append(Number(value, m.group(0), "%", guess, start, end))
            continue
        numeral, unit, approx = m.group("num"), m.group("unit") or "", m.group("approx") or ""
        arabic = numeral[0].isdigit()
        if not arabic and not unit and not _SHORT_AMOUNT_RE.fullmatch(numeral):
            continue
        rest = text[end:]
        if unit == "支" and rest[:1] == "部" and not arabic:
            continue  # 二支部 names a branch (第二支部): it counts nothing
        if unit == "回" and rest[:1] and rest[0] in _VERB_AFTER_HUI:
            if not arabic:
                continue  # 十多回家看看: 回 begins a verb (回家, 回访), it counts nothing
            unit, end, rest = "", end - 1, text[end - 1 :]
        if unit in ("", "个") and _DATE_AFTER_RE.match(rest):
            continue  # 2022年, 6月, 3个月
        before = text[start - 1 : start]
        if re.match(r"[0-9A-Za-z×*]", before) or re.match(r"[×xX*]", rest):
            continue  # 7×24小时, A4, 12366 inside a longer code
        stepped = _STEP_BEFORE_RE.search(text[:start]) and _PEOPLE_AFTER_RE.match(rest)
        if numeral == "一" and unit in _ARTICLE_UNITS and not _TOTAL_BEFORE_RE.search(text[:start]) and not stepped:
            continue  # 包联一个项目: "a" project, no count to carry
        if unit == "期" and rest.startswith("间"):
            continue  # 十一期间 is National Day, no 11期
        if numeral == "一" and _NONE_AFTER_RE.match(rest):
            continue  # 一回没落下, 一个都不少: not once, none missing; no count of one
        if _RANGE_RE.fullmatch(numeral):
            continue  # 三四场, 五六个: a guess, not a count (cn2an would read 34)
        value = parse_numeral(numeral)
        if value is None:
            continue
        if not approx and _hedged(text, start, end, value, unit):
            approx = "约"
        found.append(Number(value, numeral, unit, approx, start, end))
    return tuple(found)


def _hedged(text: str, start: int, end: int, value: float, unit: str) -> bool:
    """Tell whether a hedge word makes the count at text[start:end] a guess (大概开了4次, 4次左右)."""
    rest = text[end:]
    if value == 1 or rest.startswith(("以上", "以下", "以内")):
        return False  # about once is once; 约95%以上 says no more than 95%以上
    # 吧 is no hedge: 支委会开了12次吧 read as 12次左右 says meetings were missed (two reviewers').
    return bool(_HEDGED_BEFORE_RE.search(text[:start])) or rest.startswith("左右")


_CN_RUN_RE = re.compile(f"[{_CN_DIGITS}]+")


def said_values(text: str) -> frozenset[str]:
    """Return every number written in `text`, in Arabic digits, counter or not (党龄满五十年 → 50)."""
    found = set(re.findall(r"\d+(?:\.\d+)?", text))
    for run in _CN_RUN_RE.findall(text):
        value = parse_numeral(run)
        if value is not None:
            found.add(f"{value:g}")
    return frozenset(found)


def arabic(number: Number) -> str:
    """Return the number in Arabic digits as a document writes it (两次 → 2, 两万 → 2万, 2.6万 stays)."""
    if number.numeral[:1].isdigit():
        return number.numeral
    for unit, factor in (("亿", 1e8), ("万", 1e4)):
        if unit in number.numeral and number.value >= factor:
            return f"{number.value / factor:g}{unit}"
    return f"{number.value:g}"


def written(number: Number, unit: str) -> str:
    """Return a count as a document writes it, with `unit`: 2次, 40多人, 约10次 (十来次, 大约10次)."""
    if number.approx in GUESS_MARKS:
        return f"约{arabic(number)}{unit}"
    return f"{arabic(number)}{number.approx}{unit}"


def numeral_only(text: str) -> Number | None:
    """Return the number if `text` is nothing but one number, e.g. an answer "3", "三次", "12人次"."""
    said = _ANSWER_FILLER_RE.sub("", normalize(text).strip())
    text = _ANSWER_HEDGE_RE.sub("", said)
    numbers = extract_numbers(text)
    if len(numbers) == 1 and numbers[0].start == 0 and numbers[0].end == len(text):
        guessed = text != said and not numbers[0].approx
        return replace(numbers[0], approx="约") if guessed else numbers[0]
    # A bare answer in words, maybe about (一万二千多, 两千来): no counter word follows it to mark it a count.
    digits, approx = (text[:-1], text[-1]) if text.endswith(("多", "余", "来")) else (text, "")
    if digits and all(c in _CN_DIGITS for c in digits):
        value = parse_numeral(digits)
        if value is not None:
            return Number(value, digits, "", approx, 0, len(text))
    return None


def fits(number: Number, slot_type: str, slot_unit: str) -> bool:
    """Tell whether `number` may fill a slot of `slot_type` counted in `slot_unit`.

    A bare number ("3") fits any numeric slot: it answers a question about that very gap.
    """
    kind = number.kind
    if kind == "plain":
        return slot_type in ("count", "money", "percent")
    if slot_type == "count":
        return kind == "count" and slot_unit in COUNT_FITS.get(number.unit, frozenset({number.unit}))
    if slot_type == "money":
        return kind == "money"
    if slot_type == "percent":
        return kind == "percent"
    return False
