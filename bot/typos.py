"""Undo pinyin-input slips in the genre's terms (党组汇 → 党组会, 主题当日 → 主题党日).

A phone keyboard offers every character of the syllable typed, so a slip is a homophone of the
intended one (tones ignored). data/homophones.tsv holds, for each syllable of the domain terms, the
common characters read that way; it is built once with pypinyin (`python -m bot.typos build`), so the
bot itself needs no pinyin dictionary at run time.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.outline import load_outline
from bot.resources import data_file

HOMOPHONES_FILE = "homophones.tsv"
_PRIVATE_USE = 0xE000
# A term with several characters of several readings is looked for in at most this many ways.
MAX_READINGS = 16
USERDICT_FILE = "userdict.txt"
# Extra terms users often mistype that are not in the jieba dictionary of the project.
_EXTRA_TERMS = (
    "组织生活", "党员", "支部", "党建", "党课", "党组", "党日", "廉政", "结对", "整改", "先锋", "模范",
    "意识形态形势",  # a tester's 研判意识形态形式
)  # fmt: skip


def domain_terms() -> list[str]:
    """Return the terms slips are undone towards: the domain dictionary and the sub-topic keywords."""
    words = [ln.split()[0] for ln in data_file(USERDICT_FILE).read_text(encoding="utf-8").splitlines() if ln.strip()]
    for node in load_outline().topics:
        words.extend(node.keywords)
    words.extend(_EXTRA_TERMS)
    cjk = re.compile(r"^[\u4e00-\u9fff]{2,}$")
    return sorted({w for w in words if cjk.match(w)}, key=lambda w: (-len(w), w))


@dataclass(frozen=True)
class Readings:
    """How characters read: the usual reading of each, and every reading it may have."""

    usual: dict[str, str]
    every: dict[str, frozenset[str]]


def parse_homophones(lines: Iterable[str]) -> Readings:
    """Read homophones.tsv: syllable, the characters usually read so, the characters also read so."""
    usual: dict[str, str] = {}
    every: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        syllable, _, rest = line.rstrip("\n").partition("\t")
        first, _, also = rest.partition("\t")
        for ch in first:
            usual[ch] = syllable
        for ch in first + also:
            every[ch].add(syllable)
    return Readings(usual, {ch: frozenset(r) for ch, r in every.items()})


class TypoFixer:
    """Replaces a near-homophone of a domain term by the term.

    Every character is written as its syllable (one private-use character per syllable), so a slip
    and the term it stands for read the same; one regex pass over that reading finds them all.
    """

    def __init__(self, terms: Sequence[str], readings: Readings) -> None:
        syllables = sorted({r for rs in readings.every.values() for r in rs})
        code = {s: chr(_PRIVATE_USE + i) for i, s in enumerate(syllables)}
        # What the user typed is read the usual way; a term may be read any way its characters allow.
        self._code = str.maketrans({ch: code[r] for ch, r in readings.usual.items()})
        self._terms = frozenset(terms)
        self._by_reading: dict[str, str] = {}
        for term in sorted(terms, key=len):
            ways = [sorted(code[r] for r in readings.every.get(ch, ())) or [ch] for ch in term]
            for way in itertools.islice(itertools.product(*ways), MAX_READINGS):
                self._by_reading.setdefault("".join(way), term)
        keys = sorted(self._by_reading, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def fix(self, text: str, cut: Callable[[str], list[str]]) -> str:
        """Return `text` with every homophone slip of a domain term corrected.

        `cut` segments the text: a slip is undone only where it does not break up a longer word
        the user typed right (极分 in 积极分子 is not a slip of 积分).
        """
        if self._pattern is None:
            return text
        slips = []
        for m in self._pattern.finditer(text.translate(self._code)):
            typed, term = text[m.start() : m.end()], self._by_reading[m.group(0)]
            same = sum(a == b for a, b in zip(typed, term, strict=True))
            # Two characters sharing a sound prove little: a two-character term needs one of them typed right.
            if typed not in self._terms and same >= max(1, len(term) // 2):
                slips.append((m.start(), m.end(), term))
        if not slips:
            return text
        spans, pos = [], 0
        for word in cut(text):
            spans.append((pos, pos + len(word)))
            pos += len(word)
        out, last = [], 0
        for start, end, term in slips:
            straddles = any(b - a > 1 and a < end and start < b and (a < start or b > end) for a, b in spans)
            out.append(text[last:start])
            out.append(text[start:end] if straddles else term)
            last = end
        return "".join(out) + text[last:]


@cache
def load_fixer() -> TypoFixer:
    """Load the shipped homophone table for the domain terms (cached)."""
    lines = data_file(HOMOPHONES_FILE).read_text(encoding="utf-8").splitlines()
    return TypoFixer(domain_terms(), parse_homophones(lines))


def build_table(terms: Sequence[str]) -> str:
    """Return homophones.tsv for `terms`: the common (GB2312) characters of each syllable they use."""
    from pypinyin import Style, pinyin  # build time only: the table is shipped as data
    from pypinyin.pinyin_dict import pinyin_dict

    def readings(ch: str) -> list[str]:
        return list(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))

    syllables = {s for term in terms for ch in term for s in readings(ch)}
    usual: dict[str, set[str]] = defaultdict(set)
    also: dict[str, set[str]] = defaultdict(set)
    for code in sorted(pinyin_dict):
        ch = chr(code)
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        found = readings(ch)
        for i, s in enumerate(found):
            if s in syllables:
                (also if i else usual)[s].add(ch)
    head = "# syllable<TAB>characters usually read so<TAB>characters also read so (python -m bot.typos build)\n"
    rows = (f"{s}\t{''.join(sorted(usual[s]))}\t{''.join(sorted(also[s]))}\n" for s in sorted(syllables))
    return head + "".join(rows)


def main(argv: Sequence[str]) -> int:
    """Run `build` (needs pypinyin, a dev dependency)."""
    if argv[:1] != ["build"]:
        print("usage: python -m bot.typos build", file=sys.stderr)
        return 2
    target = Path(str(data_file(HOMOPHONES_FILE)))
    target.write_text(build_table(domain_terms()), encoding="utf-8")
    print(f"{target}: {len(target.read_text(encoding='utf-8').splitlines()) - 1} syllables")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
