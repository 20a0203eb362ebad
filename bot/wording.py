"""Render a bank entry as the user sees it: slots filled with the user's numbers or left as visible gaps.

Only clauses that speak of what the user said stay (keep_said); a gap left in a draft item is filled
later by the numbers typed at its prompt (fill_gap).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from bot.lexicon import heard
from bot.model import GAP_CLOSE, GAP_OPEN, gap
from bot.numbers import (
    COUNT_UNITS,
    GUESS_MARKS,
    TOTAL_WORDS,
    Number,
    arabic,
    extract_numbers,
    fits,
    normalize,
    numeral_only,
    written,
)
from bot.phrasebank import SLOT_RE, Entry, Slot, slot_label

# What a number counts is read from this many characters next to it (and next to a slot).
COUNTED_WINDOW = 6
# A clause of a rendered text with the mark that ends it, and a count written in it.
CLAUSE_RE = re.compile(r"[^，；。]+[，；。]?")
VERB_LENGTH = 4
_COUNT_IN_RE = re.compile(r"\d")
SEGMENT_SPLIT_RE = re.compile(r"[，、；。：,;]")


def slot_text(slot: Slot, number: Number | None) -> str:
    """Return what a slot shows: the user's number with the counter word, or a gap before it."""
    if number is None:
        return gap(slot.label) + (slot.unit if slot.type in ("count", "money", "percent") else "")
    # Numbers in the document are Arabic digits (GB/T 15835): 两次 → 2次, 百分之百 → 100%. 十来次 is written 约10次,
    # as the user's own words write it.
    if slot.type == "count":
        return written(number, slot.unit)
    if slot.type == "money":
        # The user's own unit (2.3万元) wins; a bare answer takes the slot's; 块 is written 元.
        return written(number, {"": slot.unit, "块": "元", "块钱": "元"}.get(number.unit, number.unit))
    about = "约" if number.approx in GUESS_MARKS else ""  # 98%左右 is 约98%
    return about + (f"{number.value:g}%" if number.numeral.startswith("百分之") else f"{arabic(number)}%")


def render(entry: Entry, fills: dict[int, Number]) -> tuple[str, int]:
    """Return the entry's text with slot i filled by fills[i] or shown as a gap, and the gap count.

    Once the user's numbers fill some slots, a clause whose counts all stay open counts another
    activity (召开3次党组会议、〔待补〕次机关党委会议): it is left out, not left as a gap.
    """
    pieces = SLOT_RE.split(entry.text)
    # re.split with two groups yields text, type, unit, text, type, unit, …, text.
    out = [pieces[0]]
    for i, slot in enumerate(entry.slots):
        out.append(slot_text(slot, fills.get(i)))
        out.append(pieces[3 * (i + 1)])
    text = "".join(out)
    if not fills or len(fills) == len(entry.slots):
        return text, len(entry.slots) - len(fills)
    kept: list[str] = []
    for clause in CLAUSE_RE.findall(text):
        if GAP_OPEN not in clause:
            kept.append(clause)
        elif _COUNT_IN_RE.search(clause) is None:
            # The clause before takes the mark that ended the one left out (or the 。).
            if kept:
                kept[-1] = kept[-1][:-1] + clause[-1]
        else:
            # 召开3次党组会议、〔待补〕次机关党委会议，: only the listed part with the user's count stays, and
            # the verb before the first part governs it still (召开〔待补〕次党组会议、6次… → 召开6次…).
            parts = clause[:-1].split("、")
            verb = re.split(rf"[\d{GAP_OPEN}]", parts[0], maxsplit=1)[0] if GAP_OPEN in parts[0] else ""
            kept_parts = [p for p in parts if GAP_OPEN not in p or _COUNT_IN_RE.search(p)]
            # Only a short verb before a count (召开), not a noun (一等奖) nor an open quote (举办“).
            short = 0 < len(verb) <= VERB_LENGTH and not set(verb) & set("“《")
            if short and kept_parts and kept_parts[0][:1].isdigit():
                kept_parts[0] = verb + kept_parts[0]
            kept.append("、".join(kept_parts) + clause[-1])
    return "".join(kept), 0


# A clause saying only how (以…等方式, 通过…等形式) or opening an unfinished list (…等): no sentence alone.
MEANS_ONLY_RE = re.compile(
    r"^(?:以|通过|采取|采用)[^，；。]*(?:方式|形式|为载体|为抓手|途径)[，；。]?$|^[^，；。]*等[，；。]?$"
)


_BASIS_RE = re.compile(r"(?:根据|按照|依据|通过|对照|结合|围绕|以)")


def telling(clause: str, names: Sequence[str]) -> bool:
    """Tell whether a clause names what the user said in a long word or in two words."""
    found = [n for n in names if n in clause]
    return len(found) > 1 or any(len(n) > 2 for n in found)


def keep_said(text: str, names: Sequence[str]) -> str:
    """Keep only the clauses of a wording that name what the user said (`names`) or carry the user's count.

    严格落实“第一议题”制度，认真开展理论学习中心组学习，开展理论中心组集中学习12次 for
    中心组学了12次 claims a 第一议题 the user never named: that clause goes. A clause left as a gap
    stays only if it names what the user said (累计召开党员大会〔待补〕场次 for 三会一课都按时开了 would ask
    for a fact never given). A wording none of whose clauses names the user's words is left whole
    (the user chose it knowing what it says).
    """
    if not names:
        return text
    clauses = CLAUSE_RE.findall(text)
    named = [any(n in c for n in names) or bool(_COUNT_IN_RE.search(c)) for c in clauses]
    # A clause saying on what basis or by what means (根据年初党费核算标准 for 党费按月足额收缴) says more than the
    # one short word of the user's it names: it stays only naming two words or a long one.
    strong = [
        (n and (not _BASIS_RE.match(c) or telling(c, names))) or bool(_COUNT_IN_RE.search(c))
        for n, c in zip(named, clauses, strict=True)
    ]
    if any(strong):
        named = strong
    if not any(named) or all(named):
        return text
    kept = [c for c, keep in zip(clauses, named, strict=True) if keep]
    if all(MEANS_ONLY_RE.match(c) for c in kept):
        # 以召开党组会、党支部专题党课等方式，: how something was done, cut from what was done, says nothing.
        return text
    return "".join(kept)[:-1] + "。"


def drop_results(text: str, said: str, claims: Sequence[str], heads: Sequence[str]) -> str:
    """Drop the later clauses of a wording that claim a result the user did not say (…，作风建设不断优化)."""
    clauses = CLAUSE_RE.findall(text)

    def claims_result(clause: str) -> bool:
        bare = clause.rstrip("，；。")
        ends = any(bare.endswith(r) and r[-2:] not in said for r in claims)
        return ends or any(bare.startswith(h) and h[-2:] not in said for h in heads)

    kept = [c for i, c in enumerate(clauses) if i == 0 or not claims_result(c)]
    return text if len(kept) == len(clauses) else "".join(kept)[:-1] + "。"


def drop_all(text: str, said: str, marks: Sequence[str], said_all: Sequence[str], hedges: Sequence[str]) -> str:
    """Drop the words of all, each or in full (全体, 每位, 足额) from a wording, where the user said none of all."""
    if any(w in said for w in said_all) and not any(h in said for h in hedges):
        return text
    return _without(text, marks)


def drop_guiding(text: str, said: str, guides: Sequence[tuple[str, str]]) -> str:
    """Drop a verb of guiding others and the bodies it governs from a counted clause, where the user did not say it.

    指导各级党组织发展党员3名 → 发展党员3名: the user told the deed, and counted it, as the unit's own. A clause
    with no count keeps it (指导各级党组织通过视频会议等方式开展在线学习 is another deed than 用腾讯会议开支部会).
    """
    unsaid = [guide for verb, guide in guides if verb not in said and guide in text]
    # Or the verbs alone before the count of the bodies guided (督促指导3个基层党组织按期换届 → 3个基层党组织按期换届).
    counted = _guided_count_re(tuple(guides))
    verbs = {v for v, _ in guides}
    found = counted.search(text)
    if not unsaid and not found:
        return text

    def unguided(clause: str) -> str:
        clause = counted.sub(lambda m: m[0] if any(v in m[0] and v in said for v in verbs) else "", clause)
        return _without(clause, unsaid)

    clauses = CLAUSE_RE.findall(text)
    return "".join(unguided(c) if _COUNT_IN_RE.search(c) or GAP_OPEN in c else c for c in clauses)


@cache
def _guided_count_re(guides: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Compile verbs of guiding said right before a count of the bodies they govern (督促指导3个基层党组织)."""
    verbs = sorted({v for v, _ in guides}, key=len, reverse=True)
    bodies = sorted({g[len(v) :] for v, g in guides}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(verbs)})+(?=\d+(?:\.\d+)?[多余]?个(?:{'|'.join(bodies)}))")


def _without(clause: str, words: Sequence[str]) -> str:
    """Return a clause with the given words taken out."""
    for word in words:
        clause = clause.replace(word, "")
    return clause


def keep_told(
    text: str,
    said: str,
    words: Callable[[str], Sequence[str]],
    untold: tuple[Callable[[str], bool], Callable[[str], bool]],
    common: Callable[[str], bool],
    leads: Sequence[str] = (),
) -> str:
    """Keep, of a wording's clauses, those naming something the user said, where some do and some do not.

    `untold` tells the words naming nothing, first without and then with the judgements (不够) should no clause be
    told otherwise; `common` those too common to be heard in a part of a word (学习 of 学习效果). The first clause
    kept loses a lead tying it to one gone (导致, 比如, 但): it would claim a cause or a finding the user never made.
    学习有时候就是念文件 takes 党员集中学习大多是以领学文件“灌输式”学习为主, not the four other findings of its sentence
    (形式单一, 交流不够, 效果不明显, 积极性不高).
    """
    clauses = CLAUSE_RE.findall(text)

    def told_by(naming_nothing: Callable[[str], bool]) -> set[int]:
        def tells(word: str) -> bool:
            # A word of most of its clauses (学习 of a sentence on 学习) tells none of them apart.
            spread = 2 * sum(word in c for c in clauses) <= len(clauses)
            return not naming_nothing(word) and spread and heard(word, said, common)

        return {i for i, c in enumerate(clauses) if any(tells(w) for w in words(c))}

    told = told_by(untold[0]) or told_by(untold[1])
    if not told or len(told) == len(clauses):
        return text
    # A clause set against a told one, ending as it ends (认为业务工作是硬任务，基层党建是软任务), says it with it.
    ends = [c.rstrip("，；。")[-2:] for c in clauses]
    told |= {j for i in told for j in (i - 1, i + 1) if 0 <= j < len(clauses) and ends[j] == ends[i]}
    kept = [c for i, c in enumerate(clauses) if i in told]
    if kept[0] != clauses[0]:
        kept[0] = kept[0][len(next((w for w in leads if kept[0].startswith(w)), "")) :]
    return "".join(kept).rstrip("，；。") + "。"


# What may lead a list of examples (采取谈心交流、走访慰问…等形式): the verbs govern every item, and stay.
LEAD_VERBS = tuple(sorted({
    "开展", "组织", "采取", "通过", "利用", "设立", "成立", "建立", "推行", "深化", "做好", "加强", "落实", "严格",
    "坚持", "完善", "推动", "举办", "召开", "积极", "认真", "深入", "扎实", "充分", "广泛", "了", "以", "结合",
    "坚决", "执行",
}))  # fmt: skip


def slot_windows(template: str) -> list[str]:
    """Return, for each slot of a template, the few characters on either side of it."""
    between = SLOT_RE.split(template)[::3]
    return [
        SEGMENT_SPLIT_RE.split(between[i])[-1][-COUNTED_WINDOW:]
        + "，"
        + SEGMENT_SPLIT_RE.split(between[i + 1])[0][:COUNTED_WINDOW]
        for i in range(len(between) - 1)
    ]


def carry_own(wording: str, own: str) -> str:
    """Return a count-free wording with the user's own clause, which holds the count, after it.

    严格落实“第一议题”制度。 for 第一议题学习了12次 becomes 严格落实“第一议题”制度，第一议题学习12次。: the count
    stays in the user's words, and no bank clause is said to count it.
    """
    if not own:
        return wording
    return f"{wording.rstrip('。；，')}，{own}。"


# A run of two or more 同-parts (同谋划、同部署、同推进; 同部署同考核): each names one thing done together.
_PARALLEL_RUN_RE = re.compile(r"(?:同[\u4e00-\u9fff]{2}[、，和及]?){2,}")
_PARALLEL_RE = re.compile(r"同[\u4e00-\u9fff]{2}")


def parallels(text: str) -> frozenset[str]:
    """Return the 同-parts a text lists (党建与业务同部署同考核 → 同部署, 同考核)."""
    return frozenset(p for run in _PARALLEL_RUN_RE.findall(text) for p in _PARALLEL_RE.findall(run))


def parallels_fit(wording: str, heard: str) -> bool:
    """Tell whether a wording lists no 同-part the user did not name, and all of those the user listed."""
    return parallels(wording) <= frozenset(_PARALLEL_RE.findall(heard)) and parallels(heard) <= parallels(wording)


def keep_parallels(text: str, heard: str) -> str:
    """Cut each run of 同-parts to those the user named, if they named any (同谋划、同部署、同推进 → 同部署、同推进)."""
    said = frozenset(_PARALLEL_RE.findall(heard))

    def kept(run: re.Match[str]) -> str:
        parts = [p for p in _PARALLEL_RE.findall(run[0]) if p in said]
        pause = run[0][-1] if run[0][-1] in "、，和及" else ""
        return "、".join(parts) + pause if parts else run[0]

    return _PARALLEL_RUN_RE.sub(kept, text) if said else text


def slot_sides(template: str) -> list[tuple[str, str]]:
    """Return, for each slot of a template, the clause parts before and after it (召开, 党组会议)."""
    between = SLOT_RE.split(template)[::3]
    return [
        (SEGMENT_SPLIT_RE.split(between[i])[-1], SEGMENT_SPLIT_RE.split(between[i + 1])[0])
        for i in range(len(between) - 1)
    ]


def slot_segments(template: str) -> list[str]:
    """Return, for each slot of a template, the clause part around it (召开{count:次}党组会议 → 召开，党组会议)."""
    return [f"{before}，{after}" for before, after in slot_sides(template)]


def quoted_name(before: str, after: str) -> str:
    """Return the quoted name a slot counts (开展{count:次}“社区便民接待日”活动 → 社区便民接待日), else ""."""
    if after.startswith("“"):
        return after[1:].partition("”")[0]
    head = before.removesuffix("活动")
    if head.endswith("”"):
        return head[:-1].rpartition("“")[2]
    return ""


_GAP_RE = re.compile(
    re.escape(GAP_OPEN)
    + r"(?P<label>[^"
    + re.escape(GAP_CLOSE)
    + r"]+)"
    + re.escape(GAP_CLOSE)
    + "(?P<unit>"
    + "|".join(sorted((*COUNT_UNITS, "万元", "元", "%"), key=len, reverse=True))
    + ")?"
)


def _gap_slot(label: str, unit: str) -> Slot | None:
    """Return the slot a rendered gap stands for, from its label and the counter word after it."""
    if label == slot_label("percent", "") and unit == "%":
        return Slot("percent", "%", label)
    if label == slot_label("money", "") and unit in ("元", "万元"):
        return Slot("money", unit, label)
    if unit in COUNT_UNITS and slot_label("count", unit) == label:
        return Slot("count", unit, label)
    return None


def fill_gap(item_text: str, answer: str) -> str | None:
    """Fill the gaps of `item_text`, in order, with the numbers of `answer` that fit them.

    "3", "三次" and "12人次" fill one gap; "3份，细化了40条" fills two in turn; in "每个支部每月一次 一共36场"
    the total (一共36场) is the answer and the rate (每月一次) is not. A bare year (2025) is not a count.
    Return the new text, or None when no gap takes a number, or when more numbers fit than there are gaps.
    """
    found = [m for m in _GAP_RE.finditer(item_text) if _gap_slot(m.group("label"), m.group("unit") or "")]
    slots = [_gap_slot(m.group("label"), m.group("unit") or "") for m in found]
    numbers = [n for n in _answer_numbers(answer) if any(s is not None and fits(n, s.type, s.unit) for s in slots)]
    if not numbers or len(numbers) > len(found):
        return None
    pieces: list[str] = []
    last = 0
    for m, slot in zip(found, slots, strict=True):
        number = next((n for n in numbers if slot is not None and fits(n, slot.type, slot.unit)), None)
        if number is None or slot is None:
            continue
        numbers.remove(number)
        pieces += [item_text[last : m.start()], slot_text(slot, number)]
        last = m.end()
    return "".join([*pieces, item_text[last:]]) if pieces else None


# Before a number: it is a total (一共36场), the answer to a gap; or a rate (每月一次), which is not.
_TOTAL_BEFORE_RE = re.compile(rf"(?:{'|'.join(TOTAL_WORDS)})\s*$")
_RATE_BEFORE_RE = re.compile(r"每[^，。,\s\d]{0,3}$")


def _answer_numbers(answer: str) -> list[Number]:
    """Return the numbers of a gap answer that may fill a gap: totals if any, never rates or bare years."""
    text = normalize(answer).strip()
    lone = numeral_only(text)
    numbers = [lone] if lone is not None else extract_numbers(text)
    numbers = [
        n
        for n in numbers
        if not _RATE_BEFORE_RE.search(text[: n.start])
        and not (n.kind == "plain" and n.numeral.isdigit() and len(n.numeral) == 4 and 1949 <= n.value <= 2100)
    ]
    totals = [n for n in numbers if _TOTAL_BEFORE_RE.search(text[: n.start])]
    return totals or numbers
