"""The phrase bank: corpus sentences cut into items, with every fact of another unit made a slot.

`python -m bot.phrasebank build` rewrites data/phrasebank.json from data/corpus/;
`python -m bot.phrasebank check` fails if the checked-in file is not what a build gives.

Slot syntax inside an entry's text: `{count:次}` (a count in that counter word), `{money:元}`,
`{percent}`, `{unit}` (the user's unit name) and `{name:活动}` / `{name:文件}` (a named campaign or
document). The counter word is part of the slot, so a gap keeps it outside the marker.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot import fact_rules
from bot.aid_texts import chip_texts, pair_texts
from bot.bankclean import (
    BUSINESS,
    CUT,
    FOREIGN,
    SLOT_RE,
    clause_items,
    clean_clause,
    clean_runs,
    commentary,
    finish,
    make_label,
    sentences,
    split_outside_quotes,
    standalone,
    strip_leads,
)
from bot.outline import Node, Outline, load_outline
from bot.resources import data_file

BANK_FILE = "phrasebank.json"
CORPUS_DIR = "corpus"


# What a gap says is missing, by slot type and counter word.
_COUNT_LABELS = {"人次": "人次", "名": "人数", "人": "人数", "篇": "篇数", "份": "份数", "条": "条数"}
_TYPE_LABELS = {"money": "金额", "percent": "百分比", "unit": "单位名称"}


_INLINE_ENUM_RE = re.compile(r"^[一二三四五六七八九十]+是")
_H1_RE = re.compile(r"^[一二三四五六七八九十]+、(.*)$")
_H2_RE = re.compile(r"^（[一二三四五六七八九十]+）(.*)$")
_H3_RE = re.compile(r"^\d+、(.*)$")
_TITLE_RE = re.compile(
    r"^(?![一二三四五六七八九十]+、|（)[^，。：；“”]{0,30}党[^，。：；“”]{0,30}(?:总结|述职报告|工作打算)$"
)
_PLANS_START_RE = re.compile(r"(?:^|。)(?:\d{4}年)?(?:下半年|下一步|今后|明年)，")


@dataclass(frozen=True)
class Slot:
    """A typed hole in an entry's text."""

    type: str
    unit: str
    label: str


@dataclass(frozen=True)
class Entry:
    """One phrase of the bank."""

    id: str
    nodes: tuple[str, ...]
    text: str
    label: str
    slots: tuple[Slot, ...]
    doc: str
    line: int

    @property
    def plain(self) -> str:
        """The text with every slot removed, for matching."""
        return SLOT_RE.sub("", self.text)


def slot_label(slot_type: str, unit: str) -> str:
    """Return what a gap of this slot says is missing (次数, 金额 …)."""
    if slot_type == "count":
        return _COUNT_LABELS.get(unit, "次数" if unit in ("次", "场次", "场") else "数量")
    if slot_type == "name":
        return f"{unit}名称"
    return _TYPE_LABELS[slot_type]


def parse_slots(text: str) -> tuple[Slot, ...]:
    """Return the slots of an entry text, in order."""
    slots = []
    for m in SLOT_RE.finditer(text):
        slot_type, unit = m.group(1), m.group(2) or ""
        if slot_type == "percent":
            unit = "%"
        slots.append(Slot(slot_type, unit, slot_label(slot_type, unit)))
    return tuple(slots)


# ---------------------------------------------------------------------------------------------
# Reading the corpus


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


def _work_nodes(sentence: str, headings: Sequence[str], topics: Sequence[Node]) -> tuple[str, ...]:
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


def entry_id(doc: str, text: str) -> str:
    """Return the stable id of an entry: its document's number and a hash of its text."""
    return f"{doc[:3]}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


# ---------------------------------------------------------------------------------------------
# Build


def _pieces(text: str) -> Iterator[tuple[int, str, str, tuple[str, ...], bool]]:
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


_CONTINUE, _PLAN_LEAD = "继续", "进一步"


def _read_part(text: str, part: str) -> str:
    """Return the part a clause belongs to: one under a problems heading saying nothing wrong is none.

    调整了党务干部 (003:12) tells what that unit did about last year's problem, and 究其主要原因 leads to the causes:
    neither is a problem a user may pick.
    """
    if part != "problems" or any(w in text for w in fact_rules.words("shortcomings")):
        return part
    return "none"


def _candidates(text: str, outline: Outline, cut: Sequence[str] = CUT) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Yield (line, bank text, nodes) for one document, cutting every clause that holds one of `cut`."""
    parts = {role: node.id for role in ("problems", "plans") if (node := outline.role(role)) is not None}
    found: list[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = []
    paragraphs: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    for lineno, piece, part, headings, is_heading in _pieces(text):
        paragraphs.setdefault((lineno, headings[1:]), []).append(piece)
        runs = clean_runs(piece, 8 if is_heading else 12, cut)
        # A clause no run holds (its sentence was cut around it) becomes an item of its own.
        held = "".join(runs)
        for cleaned in [*runs, *(c for c in clause_items(piece, cut) if c.rstrip("。") not in held)]:
            read = _read_part(cleaned, part)
            own = _work_nodes(cleaned, headings, outline.topics) if read == "work" else ()
            nodes = own or tuple(node for role, node in parts.items() if role == read)
            found.append((lineno, cleaned, nodes, headings[1:] if read == "work" else ()))
            # What a unit will 继续 do it has done already (继续抓好党支部规范化建设): a deed of the year too.
            done = cleaned.removeprefix(_CONTINUE)
            # One that goes on to what it will do better (进一步…) stays a plan.
            later = _PLAN_LEAD in done
            if part == "plans" and done != cleaned and not later and (work := _work_nodes(done, (), outline.topics)):
                found.append((lineno, done, work, ()))
    # A work sentence naming no keyword (成立党员先锋突击队) serves the sub-topics of the paragraph it stands in.
    around: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}
    for lineno, _, nodes, heads in found:
        around[lineno, heads] = tuple(dict.fromkeys((*around.get((lineno, heads), ()), *nodes)))
    for lineno, cleaned, nodes, heads in found:
        if heads and not nodes:
            whole = "".join(paragraphs[lineno, heads])
            nodes = around[lineno, heads] or _work_nodes(whole, ("", *heads), outline.topics)
        if nodes:
            yield lineno, cleaned, nodes


def _generic(corpus: Path | None = None, in_essay: bool = False) -> Iterator[tuple[str, int, str]]:
    """Yield (document, line, bank text without its 。) for every generic clause of the corpus.

    With `in_essay`, a clause of an essay sentence counts too unless it is essay itself: 党建工作基础还较为薄弱 of
    但由于一些客观原因，党建工作基础还较为薄弱 is a stock problem the user may choose, though the sentence excuses it.
    """
    root = corpus or Path(str(data_file(CORPUS_DIR)))
    for path in sorted(root.glob("*.txt")):
        for lineno, piece, _, _, _ in _pieces(path.read_text(encoding="utf-8").replace(",", "，")):
            for clause in split_outside_quotes(piece.rstrip("；。，、：！？"), "，"):
                bare = strip_leads(clause.rstrip("，"))
                cleaned = clean_clause(bare) if standalone(bare) else None
                essay = commentary(bare if in_essay else piece)
                text = finish([cleaned], 6) if cleaned is not None and not essay else None
                if text is not None:
                    yield path.name, lineno, text.rstrip("。")


def generic_clauses(corpus: Path | None = None, in_essay: bool = False) -> list[str]:
    """Return the corpus's generic clauses, as bank text (with `in_essay`, those of essay sentences too).

    A generic clause is a clause of a body sentence that could stand as an item and holds nothing of
    another unit once cleaned (its numbers made slots).
    """
    return [text for _, _, text in _generic(corpus, in_essay)]


def _chip_entries(known: set[str], corpus: Path | None) -> Iterator[Entry]:
    """Yield a bank item for every aid sentence the bank lacks; each clause must be a clause of the corpus."""
    where = {text: (doc, line) for doc, line, text in _generic(corpus, in_essay=True)}
    for node, text in [*chip_texts(), *pair_texts()]:
        if text in known:
            continue
        clauses = text.rstrip("。").split("，")
        if not all(c in where for c in clauses):
            raise ValueError(f"aid sentence is not made of generic clauses of the corpus: {text}")
        doc, line = where[clauses[0]]
        known.add(text)
        yield Entry(entry_id(doc, text), (node,), text, make_label(text), parse_slots(text), doc, line)


def coverage(entries: Sequence[Entry], clauses: Sequence[str]) -> float:
    """Return the share of `clauses` that some entry holds word for word (slots included)."""
    texts = "\n".join(e.text for e in entries)
    return sum(c in texts for c in clauses) / max(1, len(clauses))


def build(corpus: Path | None = None) -> list[Entry]:
    """Build the bank from the corpus documents (deterministic: same corpus, same bank)."""
    root = corpus or Path(str(data_file(CORPUS_DIR)))
    outline = load_outline()
    seen: set[str] = set()
    entries = list(_document_entries(root, outline, CUT, seen))
    entries.extend(_chip_entries(seen, corpus))
    # Last the sentences of a corpus unit's business (信访, 窗口 …): offered only to a user naming it (Matcher).
    entries.extend(_document_entries(root, outline, FOREIGN, seen, gated=True))
    return entries


# A quoted name in a sentence of a unit's business is that unit's own scheme or slogan (“快乐+信访”,
# “解民忧、帮发展、促和谐”), unless it is a short term of the genre (“双下沉”).
_SCHEME_RE = re.compile(r"“([^”]*)”")
SCHEME_LENGTH = 6


def _own_business(text: str) -> bool:
    """Tell whether a sentence names a business (信访, 窗口 …) and no scheme of the unit that does it."""
    schemes = _SCHEME_RE.findall(text)
    if any(len(q) > SCHEME_LENGTH or "+" in q or any(b in q for b in BUSINESS) for q in schemes):
        return False
    return any(b in text for b in BUSINESS)


def _document_entries(
    root: Path, outline: Outline, cut: Sequence[str], seen: set[str], gated: bool = False
) -> Iterator[Entry]:
    """Yield the entries of every corpus document not in `seen` (with `gated`, only those naming a business)."""
    for path in sorted(root.glob("*.txt")):
        raw = path.read_text(encoding="utf-8").replace(",", "，")
        for lineno, text, nodes in _candidates(raw, outline, cut):
            if text in seen or (gated and not _own_business(text)):
                continue
            seen.add(text)
            yield Entry(entry_id(path.name, text), nodes, text, make_label(text), parse_slots(text), path.name, lineno)


def dumps(entries: Sequence[Entry]) -> str:
    """Serialize the bank, one entry per line so reviews and diffs stay readable."""
    rows = [
        json.dumps(
            {
                "id": e.id,
                "nodes": list(e.nodes),
                "text": e.text,
                "label": e.label,
                "slots": [{"type": s.type, "unit": s.unit, "label": s.label} for s in e.slots],
                "source": {"doc": e.doc, "line": e.line},
            },
            ensure_ascii=False,
        )
        for e in entries
    ]
    return '{"entries": [\n' + ",\n".join(rows) + "\n]}\n"


def parse_bank(raw: str) -> tuple[Entry, ...]:
    """Read the bank from its JSON text."""
    return tuple(
        Entry(
            id=e["id"],
            nodes=tuple(e["nodes"]),
            text=e["text"],
            label=e["label"],
            slots=tuple(Slot(s["type"], s["unit"], s["label"]) for s in e["slots"]),
            doc=e["source"]["doc"],
            line=e["source"]["line"],
        )
        for e in json.loads(raw)["entries"]
    )


@cache
def load_bank() -> tuple[Entry, ...]:
    """Load the shipped bank (cached: it is read-only)."""
    return parse_bank(data_file(BANK_FILE).read_text(encoding="utf-8"))


def node_counts(entries: Sequence[Entry]) -> dict[str, int]:
    """Return how many entries serve each items node of the outline."""
    return {n.id: sum(n.id in e.nodes for e in entries) for n in load_outline().nodes if n.type == "items"}


def main(argv: Sequence[str]) -> int:
    """Run `build` or `check`."""
    command = argv[0] if argv else ""
    if command not in ("build", "check"):
        print("usage: python -m bot.phrasebank build|check", file=sys.stderr)
        return 2
    entries = build()
    fresh = dumps(entries)
    target = Path(str(data_file(BANK_FILE)))
    if command == "check":
        if not target.is_file() or target.read_text(encoding="utf-8") != fresh:
            print(f"{target} is stale: run python -m bot.phrasebank build", file=sys.stderr)
            return 1
        print(f"{target} is up to date ({len(entries)} entries)")
        return 0
    target.write_text(fresh, encoding="utf-8")
    for node, count in node_counts(entries).items():
        print(f"{node:16} {count}")
    print(f"{'total':16} {len(entries)}")
    print(f"{'coverage':16} {coverage(entries, generic_clauses()):.1%} of the corpus's generic clauses")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
