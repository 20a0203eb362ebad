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

from bot.aid_texts import chip_texts, pair_texts
from bot.bank_cuts import cuts_of, load_cuts
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
    split_outside_quotes,
    standalone,
    strip_leads,
)
from bot.corpus_layout import pieces, read_part, work_nodes
from bot.outline import Outline, load_outline
from bot.resources import data_file

BANK_FILE = "phrasebank.json"
CORPUS_DIR = "corpus"


# What a gap says is missing, by slot type and counter word.
_COUNT_LABELS = {
    "人次": "人次",
    "名": "人数",
    "人": "人数",
    "篇": "篇数",
    "份": "份数",
    "条": "条数",
    "户": "户数",
    "期": "期数",
    "家": "家数",
}
_TYPE_LABELS = {"money": "金额", "percent": "百分比", "unit": "单位名称"}


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
    cut_of: str = ""  # a single-claim cut (data/cuts.tsv): the id of the sentence it was cut from

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
# Build


def entry_id(doc: str, text: str) -> str:
    """Return the stable id of an entry: its document's number and a hash of its text."""
    return f"{doc[:3]}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


_CONTINUE, _PLAN_LEAD = "继续", "进一步"


def _candidates(text: str, outline: Outline, cut: Sequence[str] = CUT) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Yield (line, bank text, nodes) for one document, cutting every clause that holds one of `cut`."""
    parts = {role: node.id for role in ("problems", "plans") if (node := outline.role(role)) is not None}
    found: list[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = []
    paragraphs: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    for lineno, piece, part, headings, is_heading in pieces(text):
        paragraphs.setdefault((lineno, headings[1:]), []).append(piece)
        runs = clean_runs(piece, 8 if is_heading else 12, cut)
        # A clause no run holds (its sentence was cut around it) becomes an item of its own.
        held = "".join(runs)
        for cleaned in [*runs, *(c for c in clause_items(piece, cut) if c.rstrip("。") not in held)]:
            read = read_part(cleaned, part)
            own = work_nodes(cleaned, headings, outline.topics) if read == "work" else ()
            nodes = own or tuple(node for role, node in parts.items() if role == read)
            found.append((lineno, cleaned, nodes, headings[1:] if read == "work" else ()))
            # What a unit will 继续 do it has done already (继续抓好党支部规范化建设): a deed of the year too.
            done = cleaned.removeprefix(_CONTINUE)
            # One that goes on to what it will do better (进一步…) stays a plan.
            later = _PLAN_LEAD in done
            if part == "plans" and done != cleaned and not later and (work := work_nodes(done, (), outline.topics)):
                found.append((lineno, done, work, ()))
    # A work sentence naming no keyword (成立党员先锋突击队) serves the sub-topics of the paragraph it stands in.
    around: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}
    for lineno, _, nodes, heads in found:
        around[lineno, heads] = tuple(dict.fromkeys((*around.get((lineno, heads), ()), *nodes)))
    for lineno, cleaned, nodes, heads in found:
        if heads and not nodes:
            whole = "".join(paragraphs[lineno, heads])
            nodes = around[lineno, heads] or work_nodes(whole, ("", *heads), outline.topics)
        if nodes:
            yield lineno, cleaned, nodes


def _generic(corpus: Path | None = None, in_essay: bool = False) -> Iterator[tuple[str, int, str]]:
    """Yield (document, line, bank text without its 。) for every generic clause of the corpus.

    With `in_essay`, a clause of an essay sentence counts too unless it is essay itself: 党建工作基础还较为薄弱 of
    但由于一些客观原因，党建工作基础还较为薄弱 is a stock problem the user may choose, though the sentence excuses it.
    """
    root = corpus or Path(str(data_file(CORPUS_DIR)))
    for path in sorted(root.glob("*.txt")):
        for lineno, piece, _, _, _ in pieces(path.read_text(encoding="utf-8").replace(",", "，")):
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
    entries.extend(_cut_entries(entries, seen))
    return entries


def _cut_entries(entries: Sequence[Entry], seen: set[str]) -> Iterator[Entry]:
    """Yield an entry for every single-claim cut (data/cuts.tsv) the bank lacks, serving its sentence's nodes."""
    by_id = {e.id: e for e in entries}
    for source_id, cut in cuts_of(load_cuts(), {i: e.text for i, e in by_id.items()}, FOREIGN):
        if cut in seen:
            continue
        seen.add(cut)
        e = by_id[source_id]
        yield Entry(entry_id(e.doc, cut), e.nodes, cut, make_label(cut), parse_slots(cut), e.doc, e.line, source_id)


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
                "source": {"doc": e.doc, "line": e.line} | ({"cut_of": e.cut_of} if e.cut_of else {}),
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
            cut_of=e["source"].get("cut_of", ""),
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
