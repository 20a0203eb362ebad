"""Turn a draft into the finished document: title, 导语, numbered sections, sign-off. No Telegram here.

The wording around the answers is the document formula (data/formula.toml, drawn from the corpus and
free of facts, applied by bot.frame); all facts, counts and names come from the draft, and what is
missing stays a visible gap (〔待补：…〕).
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from bot.formula import load_formula
from bot.frame import Frame, clean
from bot.model import GAP_RE, Draft
from bot.outline import Node, Outline, Section
from bot.resources import data_file

Level = Literal["body", "h1", "h2", "signoff"]

_CN_DIGITS = "零一二三四五六七八九"
_SENTENCE_END_RE = re.compile("(?<=[。；])")


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
    # The title's words, where a title too long for one line may break (GB/T 9704 7.3.3).
    title_words: tuple[str, ...] = ()

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


def guiding_line(year: str | None) -> str:
    """Return the guiding line data/guiding_lines.toml gives for `year`, to offer to the user."""
    return _guiding_lines().for_year(int(year) if year and year.isdigit() else None)


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


def _item_texts(frame: Frame, node_id: str) -> list[str]:
    """Return a node's items as the document says them: polished, organ words resolved, in voice."""
    if frame.draft.status.get(node_id) == "skipped":
        return []
    texts = (frame.voiced(clean(i.text), own_words=i.source is None) for i in frame.draft.items.get(node_id, ()))
    return [t for t in (clean(t) for t in texts) if t]


def _enumerated(texts: list[str], sep: str = "。") -> list[str]:
    """Prefix 一是/二是… (genre.md: the most frequent device); a lone item stands unnumbered."""
    if len(texts) == 1:
        return [texts[0] + "。"]
    return [f"{_cn_number(i)}是{t}{sep if i < len(texts) else '。'}" for i, t in enumerate(texts, 1)]


def _result(frame: Frame, item_node: Node, outline: Outline) -> str:
    """Return the user's result for a sub-topic as a closing sentence, or nothing."""
    for node in outline.section(item_node.section).nodes:
        if node.of == item_node.id and node.role == "result" and frame.draft.status.get(node.id) != "skipped":
            text = clean(frame.draft.facts.get(node.id, ""))
            if text:
                return clean(frame.voiced(text, own_words=True)) + "。"
    return ""


def _has_results(frame: Frame, outline: Outline) -> bool:
    return any(n.role == "result" and clean(frame.draft.facts.get(n.id, "")) for n in outline.nodes)


def _work(frame: Frame, section: Section, outline: Outline) -> list[Paragraph]:
    """Return the section's lead, then the run-in （一）… sub-topics: heading, framing, 一是…, the user's result."""
    formula, kind = frame.formula, frame.kind
    chosen = frame.draft.facts.get(formula.fact("headings"), "")
    headings = formula.heading_sets[chosen if chosen in formula.heading_sets else kind.headings]
    subtopics: list[Paragraph] = []
    for node in section.nodes:
        if node.type != "items" or node.of:
            continue
        texts = _item_texts(frame, node.id)
        if not texts:
            continue
        body = frame.for_unit(formula.framing.get(node.id, ""))
        if node.id == formula.business_section and frame.has("business"):
            body += frame.fill(formula.business_fusion)
        body += "".join(_enumerated(texts)) + _result(frame, node, outline)
        number = _cn_number(len(subtopics) + 1)
        heading = frame.for_unit(headings.get(node.id, node.label))
        subtopics.append(Paragraph("h2", f"（{number}）{heading}。{body}", runin=True))
    # The lead says only that several sub-topics follow (以下几个方面), so it stands only where they do.
    return [Paragraph("body", frame.fill(kind.work_lead)), *subtopics] if len(subtopics) > 1 else subtopics


def _attached(frame: Frame, section: Section, role: str, lead: str) -> list[Paragraph]:
    """Return the causes or targets attached to a section's list as one paragraph after it."""
    texts = [t for n in section.nodes if n.role == role for t in _item_texts(frame, n.id)]
    return [Paragraph("body", lead + "".join(_enumerated(texts, "；")))] if texts else []


def _listed(frame: Frame, section: Section, outline: Outline) -> list[Paragraph]:
    """Return a problems or plans section: its lead, 一是/二是 paragraphs, then causes or targets.

    The corpus numbers these items two ways: （一） run-in paragraphs (000:11-18, 003:13-24) and 一是/二是
    paragraphs (001:32-34, 002:16, 002:19-22). A （一） paragraph takes the 楷体 heading font up to its
    first 。, which suits the corpus's short titled items but would set a user's one-sentence item
    wholly in the heading font; 一是/二是 keeps the items body text, like the work section's items.
    """
    texts = [t for n in section.nodes if n.type == "items" and not n.of for t in _item_texts(frame, n.id)]
    if not texts:
        return []
    kind, formula = frame.kind, frame.formula
    roles = {n.role for n in section.nodes}
    if "cause" in roles:
        lead = kind.problems_lead if _has_results(frame, outline) else kind.problems_lead_plain
        tail = _attached(frame, section, "cause", formula.causes_lead)
    else:
        lead = kind.plans_lead
        tail = _attached(frame, section, "target", formula.targets_lead)
    body = [Paragraph("body", frame.fill(lead)), *(Paragraph("body", t) for t in _enumerated(texts)), *tail]
    if "target" in roles:
        closing = kind.closing if frame.has("business") else kind.closing_plain
        body.append(Paragraph("body", frame.fill(closing)))
    return body


def assemble(outline: Outline, draft: Draft, today: datetime.date) -> Document:
    """Assemble the document for `draft`; missing facts become visible gaps."""
    frame = Frame.build(outline, load_formula(), draft, today)
    paragraphs = [Paragraph("body", frame.intro())]
    number = 0
    for section in outline.sections:
        if not any(n.type == "items" for n in section.nodes):
            continue
        body = _work(frame, section, outline) if section.role == "topics" else _listed(frame, section, outline)
        if body:
            # Sections left empty drop out and the rest close up: 一、二、三、 stays continuous.
            number += 1
            causes = bool(_attached(frame, section, "cause", "")) or all(n.role != "cause" for n in section.nodes)
            paragraphs += [Paragraph("h1", f"{_cn_number(number)}、{section.title(draft.kind, causes)}"), *body]
    paragraphs += [Paragraph("signoff", line) for line in frame.signoff()]
    words = frame.title_words()
    return Document(title="".join(words), paragraphs=tuple(paragraphs), title_words=words)


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
