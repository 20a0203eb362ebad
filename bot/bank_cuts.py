"""Single-claim cuts of long bank sentences (data/cuts.tsv), checked against the sentence they come from.

A corpus sentence often claims several deeds at once (发挥理论宣讲团和青年理论小组作用，开展领导干部荐书…活动);
it can be offered only to a user who did them all. A cut keeps one of them in the sentence's own words:
it is made by deleting characters only, slots whole, so no word of it comes from anywhere but the corpus.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator, Sequence

from bot.bankclean import CLAUSE_ITEM
from bot.lexicon import CJK_RUN_RE, STOPWORDS
from bot.resources import data_file

CUTS_FILE = "cuts.tsv"
# What a cut may add to its sentence: the particles and list marks that join what it keeps (了, 的, 和, 、, ，).
_FREE = frozenset("了的和、，")
_UNIT_RE = re.compile(r"\{[^}]*\}|.", re.S)
_NEGATIONS = frozenset("不没未无非")
_ASIDE_RE = re.compile(r"(?:（[^）]*）|[（）])?")


def _units(text: str) -> list[str]:
    return _UNIT_RE.findall(text.rstrip("。"))


def is_cut_of(cut: str, source: str) -> bool:
    """Tell whether `cut` is `source` with characters deleted (slots whole), a few joining words aside."""
    units, kept, at = _units(source), _units(cut), 0
    found: list[int | None] = []
    for unit in kept:
        if unit in units[at:]:
            at = units.index(unit, at) + 1
            found.append(at - 1)
        elif unit in _FREE:
            found.append(None)
        else:
            return False

    def next_to(a: int | None, b: int | None) -> bool:
        # Only an aside may stand between them: 走访其他服务对象（基层站所）{count:次}.
        return a is not None and b is not None and _ASIDE_RE.fullmatch("".join(units[a + 1 : b])) is not None

    # A no stays with what it denies: 积极性高 is no cut of 积极性不高.
    plain = "".join(units)
    if any(f"{a}{n}{b}" in plain and f"{a}{b}" not in plain for a, b in itertools.pairwise(kept) for n in _NEGATIONS):
        return False
    # A slot keeps a neighbour of its sentence: else it counts another thing (开展主题党日活动{count:次} of
    # 开展主题党日活动{count:场次}，组织党员志愿服务{count:次}).
    return all(
        (k > 0 and next_to(found[k - 1], j)) or (k + 1 < len(kept) and next_to(j, found[k + 1]))
        for k, (unit, j) in enumerate(zip(kept, found, strict=True))
        if len(unit) > 1 and j is not None
    )


def load_cuts() -> list[tuple[str, str]]:
    """Read data/cuts.tsv as (entry id, cut text) pairs."""
    rows = data_file(CUTS_FILE).read_text(encoding="utf-8").splitlines()
    return [(row.split("\t")[0], row.split("\t")[1]) for row in rows if row and not row.startswith("#")]


def check_cut(cut: str, source: str, foreign: Sequence[str]) -> str | None:
    """Return why a cut cannot enter the bank, or None if it can."""
    if not cut.endswith("。") or len(re.sub(r"\{[^}]*\}", "", cut).rstrip("。")) < CLAUSE_ITEM:
        return "a cut is a sentence of at least six characters, ending in 。"
    if not is_cut_of(cut, source):
        return "a cut is made from its sentence by deleting characters"
    if any(f in cut for f in foreign):
        return "a cut names another unit's fact"
    return None


def cuts_of(
    rows: Sequence[tuple[str, str]], sources: dict[str, str], foreign: Sequence[str]
) -> Iterator[tuple[str, str]]:
    """Yield (source id, cut) for every row, failing on one that does not hold."""
    for source_id, cut in rows:
        if source_id not in sources:
            raise ValueError(f"cut of an entry the bank no longer has ({source_id}): {cut}")
        if (why := check_cut(cut, sources[source_id], foreign)) is not None:
            raise ValueError(f"{why}: {cut}")
        yield source_id, cut


# Characters that join words and claim nothing by themselves.
_JOINING = frozenset("的了和与及等对在把将为以并或其之所被")


def claim_words(words: Sequence[str], neutral: Collection[str]) -> tuple[str, ...]:
    """Return the words of a cut that claim something: all but joining words and `neutral` ones (开展, 认真 …)."""
    kept = (
        w for w in words if CJK_RUN_RE.fullmatch(w) and w not in STOPWORDS and w not in neutral and w not in _JOINING
    )
    return tuple(dict.fromkeys(kept))


def all_said(words: Sequence[str], said: str) -> bool:
    """Tell whether the user said every word a cut claims, as typed: no synonym and no part of a word speaks for it.

    表彰了一批优秀党员 is no cut for 开会表彰了先进 (表彰 → 表彰优秀党员 is only a synonym), nor 党组成员参加民主生活会
    for 班子成员都参加了 (成员 is a part of 党组成员).
    """
    return all(w in said for w in words)
