"""Turn a draft into the finished document: title, 导语, numbered sections, sign-off. No Telegram here.

Every fixed phrase below is taken from the corpus (file:line noted) or from data/guiding_lines.toml; all
facts, counts and names come from the draft, and what is missing stays a visible gap (〔待补：…〕).
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from bot.model import GAP_RE, Draft, Item, gap
from bot.outline import Outline, Section
from bot.resources import data_file

Level = Literal["body", "h1", "h2", "signoff"]

# 导语 wording per document kind (genre.md's table).
# half:   "今年以来" (genre table); transition 现将上半年工作情况总结如下 (genre table).
# annual: "一年来" (genre table); transition 现将今年以来党建工作总结如下 (002:1).
# report: "一年来" (003:5); transition 现将…年度抓基层党建工作情况述职如下 (003:3). The corpus opens it with
#         根据《…》要求, naming the superior's notice; the bot does not know that notice and no node asks
#         for it, so the clause is left out rather than invented or left as a gap nothing can fill.
_TIME_WORDS = {"half": "今年以来", "annual": "一年来", "report": "一年来"}
_CONNECTIVE = "认真开展各项工作"  # 000:1
# The 述职报告 speaks of what the secretary did (genre.md: first person); 第一责任人职责 as in 000:3.
_REPORT_DUTY = "认真履行抓基层党建第一责任人职责"
# The report's plan is what *I* will do: its lead-in as in 003:20.
_REPORT_PLAN_LEAD = "今后，我将坚持履行好党组织书记第一责任人职责。"
# A unit that is itself a Party organisation takes plain 书记 (县财政局机关党支部书记), anything else
# 党组织书记 (县财政局党组织书记), as in the report title formula of genre.md.
_PARTY_ORG_SUFFIXES = ("党支部", "党总支", "党委", "党组", "党工委", "支部", "总支")

_CN_DIGITS = "零一二三四五六七八九"
_TRAILING_PUNCT = "，,、；;。.：: \u3000"
_SENTENCE_END_RE = re.compile("(?<=[。；])")
# Control characters and lone surrogates cannot be written to a .docx (XML) or counted in UTF-16.
_UNWRITABLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document; `runin` marks an h2 whose heading runs into its body."""

    level: Level
    text: str
    runin: bool = False


@dataclass(frozen=True)
class Document:
    """The assembled document, independent of any output format."""

    title: str
    paragraphs: tuple[Paragraph, ...]

    def text(self) -> str:
        """Return the plain text: title, a blank line, then one paragraph per line."""
        return "\n".join((self.title, "", *(p.text for p in self.paragraphs)))


@dataclass(frozen=True)
class _GuidingLine:
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class _GuidingLines:
    default: str
    lines: tuple[_GuidingLine, ...]

    def for_year(self, year: int | None) -> str:
        if year is not None:
            for line in self.lines:
                if (line.start is None or line.start <= year) and (line.end is None or year <= line.end):
                    return line.text
        return self.default


def _parse_guiding_lines(raw: Mapping[str, Any]) -> _GuidingLines:
    return _GuidingLines(
        default=raw["default"],
        lines=tuple(_GuidingLine(e.get("from"), e.get("to"), e["text"]) for e in raw.get("lines", ())),
    )


@cache
def _guiding_lines() -> _GuidingLines:
    with data_file("guiding_lines.toml").open("rb") as fh:
        return _parse_guiding_lines(tomllib.load(fh))


def _cn_number(n: int) -> str:
    """Return n (1..9999) in Chinese numerals (一, 十, 十一, 一百零一) as used in 一、, （一） and 一是."""
    if not 0 < n < 10_000:
        raise ValueError(f"cannot number {n}")
    digits = str(n)
    out, pending_zero = "", False
    for place, digit in zip(range(len(digits) - 1, -1, -1), map(int, digits), strict=True):
        if digit == 0:
            pending_zero = bool(out)
            continue
        out += ("零" if pending_zero else "") + _CN_DIGITS[digit] + ("", "十", "百", "千")[place]
        pending_zero = False
    # 十一, not 一十一, when the number starts with the tens.
    return out[1:] if out.startswith("一十") else out


def _clean(text: str) -> str:
    """Trim an answer to a bare clause; its lines join with ， since a paragraph is one line."""
    lines = _UNWRITABLE_RE.sub("", text).splitlines()
    return "，".join(filter(None, (line.strip().rstrip(_TRAILING_PUNCT) for line in lines)))


def _sentence(text: str) -> str:
    return _clean(text) + "。"


def _item_texts(draft: Draft, node_id: str) -> list[str]:
    return [t for t in (_clean(i.text) for i in draft.items.get(node_id, ())) if t]


def _enumerated(texts: list[str]) -> list[str]:
    """Prefix 一是/二是… (genre.md: the most frequent device); a lone item stands unnumbered."""
    if len(texts) == 1:
        return [texts[0] + "。"]
    return [f"{_cn_number(i)}是{t}。" for i, t in enumerate(texts, 1)]


def _fact(draft: Draft, node_id: str) -> str | None:
    return _clean(draft.facts.get(node_id, "")) or None


def _year(draft: Draft) -> str | None:
    year = _fact(draft, "basic.year")
    return year.removesuffix("年") if year else None


def _secretary(unit: str) -> str:
    return unit + ("书记" if unit.endswith(_PARTY_ORG_SUFFIXES) else "党组织书记")


def _title(kind: str, unit: str, year: str) -> str:
    if kind == "report":
        return f"{_secretary(unit)}{year}年度抓基层党建工作述职报告"
    if kind == "annual":
        return f"{unit}{year}年党建工作总结"
    return f"{unit}{year}年上半年党建工作总结"


def _intro(draft: Draft, unit: str, year: str) -> str:
    """Build the 导语 from the kind's formula and the draft's intro facts."""
    kind = draft.kind
    # The guiding line enters only as the user took or wrote it (the bot offers the table's line).
    guiding = _fact(draft, "intro.guiding") or ""
    opening = ""
    overview = _fact(draft, "intro.overview")
    if overview:
        # The unit's basic facts open the paragraph, before the year's narrative.
        opening = _sentence(overview if overview.startswith(unit) else unit + overview)
    subject = f"本人作为{_secretary(unit)}，" if kind == "report" else unit
    leader = _fact(draft, "intro.leader")
    lead = f"在{leader}领导下，" if leader else ""
    main = (subject + lead + _sentence_body(guiding)).rstrip("，")
    clauses = [_TIME_WORDS[kind], main]
    theme = _unquoted(_fact(draft, "intro.theme") or "")
    # A theme the guiding line already states (the example answer is 深入学习贯彻党的二十大精神) is not
    # said twice.
    if theme and theme not in guiding:
        # Quotes inside quotes become single quotes: “‘两学一做’学习教育”.
        inner = theme.replace("“", "‘").replace("”", "’")
        clauses.append(f"围绕“{inner}”这个党建主题")  # 000:1
    clauses += [_REPORT_DUTY if kind == "report" else _CONNECTIVE, _transition(kind, year)]
    if main == subject.rstrip("，") and kind != "report":
        # With neither leader nor guiding line, the unit is the subject of the next clause itself.
        clauses[1:3] = [main + clauses[2]]
    return opening + "，".join(clauses)


def guiding_line(year: str | None) -> str:
    """Return the guiding line data/guiding_lines.toml gives for `year`, to offer to the user."""
    return _guiding_lines().for_year(int(year) if year and year.isdigit() else None)


def _sentence_body(text: str) -> str:
    return text.rstrip(_TRAILING_PUNCT)


def _unquoted(text: str) -> str:
    """Drop the quotes a user put around the whole answer; the 导语 quotes it itself."""
    inner = text[1:-1]
    if len(text) > 2 and text[0] in '“"' and text[-1] in '”"' and not set(inner) & set('“”"'):
        return inner
    return text


def _transition(kind: str, year: str) -> str:
    if kind == "report":
        return f"现将{year}年度抓基层党建工作情况述职如下："
    if kind == "annual":
        return "现将今年以来党建工作总结如下："
    return "现将上半年工作情况总结如下："


def _work(section: Section, draft: Draft) -> list[Paragraph]:
    """Return the run-in （一）… sub-topics, numbered over those that have items."""
    subtopics: list[Paragraph] = []
    for node in section.nodes:
        texts = _item_texts(draft, node.id)
        if not texts or draft.status.get(node.id) == "skipped":
            continue
        heading = _clean(node.heading(draft.kind) or node.label)
        number = _cn_number(len(subtopics) + 1)
        subtopics.append(Paragraph("h2", f"（{number}）{heading}。{''.join(_enumerated(texts))}", runin=True))
    return subtopics


def _listed(section: Section, draft: Draft) -> list[Paragraph]:
    """Return a problems or plans section's items, one 一是/二是 paragraph each.

    The corpus numbers these items two ways: （一） run-in paragraphs (000:11-18, 003:13-24) and 一是/二是
    paragraphs (001:32-34, 002:16, 002:19-22). A （一） paragraph takes the 楷体 heading font up to its
    first 。, which suits the corpus's short titled items (（一）活动形式单一。…) but would set a user's
    one-sentence item wholly in the heading font; 一是/二是 keeps the items body text, like the work
    section's items.
    """
    texts = [t for node in section.nodes if draft.status.get(node.id) != "skipped" for t in _item_texts(draft, node.id)]
    if not texts:
        return []
    lead = [Paragraph("body", _REPORT_PLAN_LEAD)] if draft.kind == "report" and section.id == "plans" else []
    return lead + [Paragraph("body", t) for t in _enumerated(texts)]


def assemble(outline: Outline, draft: Draft, today: datetime.date) -> Document:
    """Assemble the document for `draft`; missing facts become visible gaps."""
    unit = _fact(draft, "basic.unit") or gap(outline.node("basic.unit").label)
    year = _year(draft) or gap(outline.node("basic.year").label)
    paragraphs = [Paragraph("body", _intro(draft, unit, year))]
    number = 0
    for section in outline.sections:
        if not any(n.type == "items" for n in section.nodes):
            continue
        body = _work(section, draft) if section.id == "work" else _listed(section, draft)
        if body:
            # Sections left empty drop out and the rest close up: 一、二、三、 stays continuous.
            number += 1
            paragraphs += [Paragraph("h1", f"{_cn_number(number)}、{section.title(draft.kind)}"), *body]
    paragraphs += [
        Paragraph("signoff", unit),
        Paragraph("signoff", f"{today.year}年{today.month}月{today.day}日"),
    ]
    return Document(title=_title(draft.kind, unit, year), paragraphs=tuple(paragraphs))


def _places(doc: Document) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for the title and every paragraph; where names the part it belongs to."""
    yield "标题", doc.title
    where = "导语"
    for p in doc.paragraphs:
        if p.level == "h1":
            where = p.text.split("、", 1)[-1]
        elif p.level == "h2":
            where = p.text.split("）", 1)[-1].split("。", 1)[0]
        elif p.level == "signoff":
            where = "落款"
        yield where, p.text


def gaps(doc: Document) -> list[tuple[str, str]]:
    """List every gap in the document as (where, label), in reading order."""
    return [(where, m.group(1)) for where, text in _places(doc) for m in GAP_RE.finditer(text)]


def _part_filled(draft: Draft, node_ids: tuple[str, ...]) -> bool:
    return all(
        draft.status.get(n) is not None or _fact(draft, n) is not None or _item_texts(draft, n) for n in node_ids
    )


def overview_line(outline: Outline, draft: Draft, doc: Document) -> str:
    """Return a one-line progress summary, e.g. 已填 7/11 部分，待补 3 处."""
    filled = sum(_part_filled(draft, tuple(n.id for n in part.nodes)) for part in outline.parts)
    return f"已填 {filled}/{len(outline.parts)} 部分，待补 {len(gaps(doc))} 处"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _hard_split(text: str, limit: int) -> list[str]:
    # Cutting between code points never splits a surrogate pair.
    chunks: list[str] = []
    current, size = "", 0
    for ch in text:
        width = _utf16_len(ch)
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += ch
        size += width
    return [*chunks, current] if current else chunks


def _split_paragraph(text: str, limit: int) -> list[str]:
    """Split one over-long paragraph at sentence ends (。；), hard only where a sentence is too long."""
    pieces: list[str] = []
    for sentence in filter(None, _SENTENCE_END_RE.split(text)):
        pieces += [sentence] if _utf16_len(sentence) <= limit else _hard_split(sentence, limit)
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and _utf16_len(current) + _utf16_len(piece) > limit:
            chunks.append(current)
            current = ""
        current += piece
    return [*chunks, current] if current else chunks


def split_for_chat(text: str, limit: int = 4096) -> list[str]:
    """Split text into chat messages of at most `limit` UTF-16 code units, on paragraph boundaries."""
    if limit < 2:
        raise ValueError("limit must allow at least one character")
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line] if _utf16_len(line) <= limit else _split_paragraph(line, limit)
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        width = _utf16_len(line)
        if current and size + 1 + width > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        size += width + (1 if current else 0)
        current.append(line)
    chunks.append("\n".join(current))
    # Telegram refuses empty messages, and a blank line at a message's edge only looks broken.
    return [c.strip("\n") for c in chunks if c.strip()]


# Two more items per items node besides the outline's example, so a sample draft fills every section
# with three items (the size the lead's benchmark and the docx tests use).
_SAMPLE_ITEMS: dict[str, tuple[str, str]] = {
    "work.theory": ("落实“第一议题”制度，党组会先学习习近平总书记重要讲话精神", "组织党员参加集中轮训3期"),
    "work.duty": ("书记和班子成员签订党建工作责任书8份", "班子成员落实“一岗双责”，每人联系1个支部"),
    "work.branch": ("严格落实“三会一课”制度，召开支部党员大会4次", "完成2个支部换届选举"),
    "work.members": ("为党员过政治生日15人次", "开展党员积分管理，每季度公示1次"),
    "work.ideology": ("签订意识形态工作责任书6份", "加强单位微信公众号和工作群管理"),
    "work.integrity": ("召开党风廉政建设大会1次", "节假日前发送廉洁提醒"),
    "work.fusion": ("创建“红色账本”党建品牌", "党员带头完成年度预算编制任务"),
    "problems.items": ("党建品牌不够响亮", "个别党员先锋模范作用发挥不明显"),
    "plans.items": ("持续打造党建品牌", "加强党员教育管理，发挥党员先锋模范作用"),
}


def sample_full_draft(outline: Outline, kind: str = "annual") -> Draft:
    """Return a draft with every fact answered and three items in every items node."""
    draft = Draft(id="sample", owner=0, kind=kind, outline_version=outline.version, created_at="", updated_at="")
    for node in outline.nodes:
        if node.type == "items":
            texts = (node.example, *_SAMPLE_ITEMS.get(node.id, ()))
            draft.items[node.id] = [Item(id=draft.next_item_id + i, text=t) for i, t in enumerate(texts)]
            draft.next_item_id += len(texts)
        else:
            draft.facts[node.id] = node.example
        draft.status[node.id] = "done"
    return draft
