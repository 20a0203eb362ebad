"""Reading the corpus as the phrase bank is built from it.

A document's lines from its title on, its parts and headings, and the sub-topics a sentence serves by the
outline's keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot import fact_rules
from bot.bankclean import sentences
from bot.outline import Node

_INLINE_ENUM_RE = re.compile(r"^[一二三四五六七八九十]+是")
_H1_RE = re.compile(r"^[一二三四五六七八九十]+、(.*)$")
_H2_RE = re.compile(r"^（[一二三四五六七八九十]+）(.*)$")
_H3_RE = re.compile(r"^\d+、(.*)$")
_TITLE_RE = re.compile(
    r"^(?![一二三四五六七八九十]+、|（)[^，。：；“”]{0,30}党[^，。：；“”]{0,30}(?:总结|述职报告|工作打算)$"
)
_PLANS_START_RE = re.compile(r"(?:^|。)(?:\d{4}年)?(?:下半年|下一步|今后|明年)，")


def document_lines(text: str) -> list[tuple[int, str]]:
    """Return (line number, text) of a document's non-empty lines, from its title on.

    Lines before a title line are a download site's advertising, not the document.
    """
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines[:30]) if _TITLE_RE.match(ln.strip())), 0)
    return [(i + 1, ln.strip()) for i, ln in enumerate(lines) if i >= start and ln.strip()]


def _part_of(heading: str) -> str:
    if re.search(r"问题|不足|差距", heading):
        return "problems"
    if re.search(r"下一步|下步|打算|计划|思路|今后", heading):
        return "plans"
    return "work"


def _split_runin(rest: str) -> tuple[str, str]:
    """Split `（一）抓理论学习，提高思想认识。正文……` into heading and body."""
    head, sep, body = rest.partition("。")
    if sep and len(head) <= 32:
        return head, body
    if not sep and len(rest) <= 32:
        return rest, ""
    return "", rest


def work_nodes(sentence: str, headings: Sequence[str], topics: Sequence[Node]) -> tuple[str, ...]:
    """Return the sub-topics a sentence serves, by the outline's keywords in it and in its headings."""
    own = {n.id: sum(w for k, w in n.keywords.items() if k in sentence) for n in topics}
    # The sentence's own words outweigh the heading it stands under.
    total: dict[str, float] = {node: 2.0 * score for node, score in own.items()}
    for weight, heading in zip((1.0, 0.7, 0.4), headings, strict=False):
        for n in topics:
            if any(k in heading for k in n.keywords):
                total[n.id] += weight * max(w for k, w in n.keywords.items() if k in heading)
    best = max(total.values())
    if best == 0:
        return ()
    primary = [n.id for n in topics if total[n.id] == best]
    # A sentence that plainly speaks of a second sub-topic serves that node as well.
    extra = [n.id for n in topics if n.id not in primary and own[n.id] >= 3]
    return (*primary, *extra)


def pieces(text: str) -> Iterator[tuple[int, str, str, tuple[str, ...], bool]]:
    """Yield (line, sentence, part, its headings, whether it is a heading) for one document's body."""
    part = "intro"
    h1 = h2 = ""
    for lineno, line in document_lines(text):
        if _TITLE_RE.match(line):
            continue
        body = line
        heading_item = ""
        if m := _H1_RE.match(line):
            h1, h2 = m.group(1), ""
            part = _part_of(h1)
            continue
        if m := (_H2_RE.match(line) or _H3_RE.match(line)):
            h2, body = _split_runin(m.group(1))
            heading_item = h2
        if part == "work" and _PLANS_START_RE.search(body):
            part = "plans"
        if part == "intro":
            continue
        if heading_item and part != "work":
            # A problem's own heading (党建工作重视程度不够大) is an item a user would pick.
            yield lineno, heading_item, part, (h2, h1), True
        h3 = ""
        for piece in sentences(body):
            # 二是深化融合发展，党建+成效显著。 names the sub-topic of the sentences after it.
            if _INLINE_ENUM_RE.match(piece):
                h3 = _INLINE_ENUM_RE.sub("", piece)[:30]
            yield lineno, piece, part, (h3, h2, h1), False


def read_part(text: str, part: str) -> str:
    """Return the part a clause belongs to: one under a problems heading saying nothing wrong is none.

    调整了党务干部 (003:12) tells what that unit did about last year's problem, and 究其主要原因 leads to the causes:
    neither is a problem a user may pick.
    """
    if part != "problems" or any(w in text for w in fact_rules.words("shortcomings")):
        return part
    return "none"
