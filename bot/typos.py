"""Undo pinyin-input slips in the genre's terms (党组汇 → 党组会, 主题当日 → 主题党日).

A phone keyboard offers every character of the syllable typed, so a slip is a homophone of the
intended one (tones ignored). data/homophones.tsv holds, for each syllable of the domain terms, the
common characters read that way; it is built once with pypinyin (`python -m bot.typos build`), so the
bot itself needs no pinyin dictionary at run time.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

from bot.outline import load_outline
from bot.resources import data_file

HOMOPHONES_FILE = "homophones.tsv"
USERDICT_FILE = "userdict.txt"
# Extra terms users often mistype that are not in the jieba dictionary of the project.
_EXTRA_TERMS = ("组织生活", "党员", "支部", "党建", "党课", "党组", "党日", "廉政", "结对")


def domain_terms() -> list[str]:
    """Return the terms slips are undone towards: the domain dictionary and the sub-topic keywords."""
    words = [ln.split()[0] for ln in data_file(USERDICT_FILE).read_text(encoding="utf-8").splitlines() if ln.strip()]
    for node in load_outline().topics:
        words.extend(node.keywords)
    words.extend(_EXTRA_TERMS)
    cjk = re.compile(r"^[\u4e00-\u9fff]{2,}$")
    return sorted({w for w in words if cjk.match(w)}, key=lambda w: (-len(w), w))


def parse_homophones(lines: Iterable[str]) -> dict[str, frozenset[str]]:
    """Read homophones.tsv (syllable, tab, characters) into character → the syllables it may be."""
    readings: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        syllable, _, chars = line.rstrip("\n").partition("\t")
        for ch in chars:
            readings[ch].add(syllable)
    return {ch: frozenset(s) for ch, s in readings.items()}


class TypoFixer:
    """Replaces a near-homophone of a domain term by the term (one regex pass per text)."""

    def __init__(self, terms: Sequence[str], readings: dict[str, frozenset[str]]) -> None:
        by_syllable: dict[str, set[str]] = defaultdict(set)
        for ch, syllables in readings.items():
            for s in syllables:
                by_syllable[s].add(ch)
        self._terms = frozenset(terms)
        alternatives = []
        for term in terms:
            classes = []
            for ch in term:
                same = {ch} | {c for s in readings.get(ch, ()) for c in by_syllable[s]}
                classes.append("[" + "".join(sorted(map(re.escape, same))) + "]")
            alternatives.append("".join(classes))
        self._pattern = re.compile("|".join(f"({a})" for a in alternatives)) if alternatives else None
        self._ordered = tuple(terms)

    def fix(self, text: str, cut: Callable[[str], list[str]]) -> str:
        """Return `text` with every homophone slip of a domain term corrected.

        `cut` segments the text: a slip is undone only where it does not break up a longer word
        the user typed right (极分 in 积极分子 is not a slip of 积分).
        """
        if self._pattern is None:
            return text
        found = list(self._pattern.finditer(text))
        if not found:
            return text
        spans, pos = [], 0
        for word in cut(text):
            spans.append((pos, pos + len(word)))
            pos += len(word)
        out, last = [], 0
        for m in found:
            start, end = m.span()
            straddles = any(len(text[a:b]) > 1 and a < end and start < b and (a < start or b > end) for a, b in spans)
            out.append(text[last:start])
            out.append(m.group(0) if straddles else self._replace(m))
            last = end
        return "".join(out) + text[last:]

    def _replace(self, m: re.Match[str]) -> str:
        found = m.group(0)
        term = self._ordered[(m.lastindex or 1) - 1]
        if found == term or found in self._terms:
            return found
        same = sum(a == b for a, b in zip(found, term, strict=True))
        # Two characters sharing a sound prove little: a two-character term needs one of them typed right.
        return term if same >= max(1, len(term) // 2) else found


@cache
def load_fixer() -> TypoFixer:
    """Load the shipped homophone table for the domain terms (cached)."""
    lines = data_file(HOMOPHONES_FILE).read_text(encoding="utf-8").splitlines()
    return TypoFixer(domain_terms(), parse_homophones(lines))


def build_table(terms: Sequence[str]) -> str:
    """Return homophones.tsv for `terms`: every common (GB2312) character of each syllable they use."""
    from pypinyin import Style, pinyin  # build time only: the table is shipped as data
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = {s for term in terms for ch in term for s in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]}
    chars: dict[str, set[str]] = defaultdict(set)
    for code in sorted(pinyin_dict):
        ch = chr(code)
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        for s in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
            if s in syllables:
                chars[s].add(ch)
    head = "# syllable<TAB>common characters read so (built by python -m bot.typos build; do not edit)\n"
    return head + "".join(f"{s}\t{''.join(sorted(chars[s]))}\n" for s in sorted(chars))


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
