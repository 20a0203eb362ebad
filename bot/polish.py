"""Polish the user's own words for the document: punctuation, counts in digits, fillers, 导语 joins.

Nothing here adds a fact: it changes how a user's words are written, never what they say.
"""

from __future__ import annotations

import re

from bot.formula import Formula
from bot.numbers import extract_numbers, normalize, parse_numeral

# Half-width marks typed on a phone, and their full-width forms in Chinese text (GB/T 15834).
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A mark between two digits is part of a number or time (1,000  8:30), not punctuation.
_HALF_RE = re.compile(r"(?<!\d)[,;:?!()]|[,;:?!()](?!\d)")
_SPACES_RE = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+|[ \u3000]+(?=[^\x00-\x7f])")
_CLAUSE_SEP = "，；。、："
_ASCII_DIGITS = set("0123456789.")
_VERB_START = ("深入", "学习", "开展", "推进", "围绕", "聚焦", "落实", "加强", "贯彻", "以", "持续", "全面", "扎实")
_NAME_ENDS = ("年", "活动", "行动", "工程", "教育", "创建", "主题", "竞赛", "建设")
_OVERVIEW_VERBS = ("下设", "设有", "共有", "现有", "有", "辖", "管理", "包括", "设")
_OVERVIEW_OWN = ("我局", "本局", "我们", "我单位", "本单位", "单位")
# 三四个, 五六次: two digits side by side are an estimate, kept in words (GB/T 15835).
_ESTIMATE_RE = re.compile("[一二两三四五六七八九]{2}")
_MEMBERS_RE = re.compile(r"^(?:党员(\d+)名|(\d+)名党员)(.*)$")


def full_width(text: str) -> str:
    """Turn half-width punctuation and straight quotes into the full-width marks of Chinese text."""
    text = _HALF_RE.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
    text = _SPACES_RE.sub("", text)
    # Straight double quotes open and close in turn.
    parts = text.split('"')
    if len(parts) % 2 == 1:
        text = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
    return text


def _digit_value(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def arabic_counts(text: str) -> str:
    """Write counts, amounts and percentages in Arabic digits (两次 → 2次, GB/T 15835)."""
    out, last = [], 0
    for number in extract_numbers(text):
        if number.kind == "plain" or set(number.numeral) <= _ASCII_DIGITS or _ESTIMATE_RE.search(number.numeral):
            continue
        value = parse_numeral(number.numeral)
        if value is None or number.approx:
            continue
        unit = "%" if text[number.start : number.end].startswith("百分之") else number.unit
        out += [text[last : number.start], _digit_value(value), unit]
        last = number.end
    return "".join(out) + text[last:]


def _drop_fillers(clause: str, formula: Formula) -> str:
    changed = True
    while changed and clause:
        changed = False
        for word in formula.lead_fillers:
            if clause.startswith(word) and len(clause) > len(word) + 1:
                clause, changed = clause[len(word) :], True
        for word in formula.tail_fillers:
            if clause.endswith(word) and len(clause) > len(word) + 1:
                clause, changed = clause[: -len(word)], True
    return clause


def polish(text: str, formula: Formula) -> str:
    """Return the user's clause in written form: full-width marks, digits, no spoken fillers."""
    text = full_width(normalize(text))
    for spoken, written in formula.colloquial.items():
        text = re.sub(spoken, written, text)
    pieces = re.split(f"([{_CLAUSE_SEP}])", text)
    text = "".join(p if p in _CLAUSE_SEP else _drop_fillers(p.strip(), formula) for p in pieces)
    return arabic_counts(text)


def theme_clause(theme: str) -> str:
    """Return the year's theme as a clause of the 导语: a campaign name is quoted, a phrase joined."""
    inner = theme[1:-1]
    # Quotes around the whole answer go (the 导语 quotes it itself); quotes inside it stay.
    quoted = len(theme) > 2 and theme[0] in '“"' and theme[-1] in '”"' and not set(inner) & set('“”"')
    parts = [p for p in re.split(r"[\s，,、；;]+|(?<=\S)(?=结合)", inner if quoted else theme) if p]
    clauses = []
    for i, part in enumerate(parts):
        bare = part.removeprefix("结合")
        if part.startswith(_VERB_START):
            clauses.append(part)
        elif i == 0 and (quoted or "“" in bare or bare.endswith(_NAME_ENDS)):
            # 000:1: 围绕“基层党建质量深化拓展年”这个党建主题
            inner = bare.replace("“", "‘").replace("”", "’")
            clauses.append(f"围绕“{inner}”这个党建主题")
        else:
            clauses.append(("结合" if i else "围绕") + bare)
    return "，".join(clauses)


def overview_sentence(unit: str, overview: str) -> str:
    """Join the unit and its 基本情况 into one sentence, whatever words the answer starts with."""
    text = overview
    # 市统计局机关党委 + 机关党委下设5个党支部: the unit already names what the answer starts with.
    for k in range(len(unit), 1, -1):
        if text.startswith(unit[-k:]):
            text = text[k:]
            break
    for own in _OVERVIEW_OWN:
        text = text.removeprefix(own)
    clauses = [c for c in re.split(f"[{_CLAUSE_SEP}]", text) if c]
    joined = []
    for i, clause in enumerate(clauses):
        members = _MEMBERS_RE.match(clause)
        if members:
            clause = f"共有党员{members.group(1) or members.group(2)}名{members.group(3)}"
        elif i == 0 and not clause.startswith(_OVERVIEW_VERBS):
            clause = "下设" + clause
        joined.append(clause)
    return unit + "，".join(joined) + "。"
