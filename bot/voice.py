"""Who speaks and which organ is meant: the 述职's first person and the unit's Party organ."""

from __future__ import annotations

import re
from functools import cache

from bot.formula import Formula
from bot.model import gap

# Where a clause starts: the paragraph's start, after a stop or comma, or after 一是/二是….
_CLAUSE_START = r"(^|[。；，：]|[一二三四五六七八九十]+是)"


def organ_of(formula: Formula, unit: str, answer: str | None) -> str | None:
    """Return the unit's Party organ: told by its name, else by the user's answer, else None."""
    if unit.startswith("中共"):
        # 中共柳河镇委员会 is itself a 党委: its secretary is its 书记, not its 党委书记.
        for ending, organ in formula.committees:
            if unit.endswith(ending):
                return organ or None
    for source in (unit, answer or ""):
        for name in formula.organs:
            if source.endswith(name) or (source is not unit and name in source):
                return formula.organ_canonical.get(name, name)
    return None


def named_again(formula: Formula, unit: str) -> str:
    """Return how the body names the unit after the 导语 (县统计局机关党委 → 局机关党委, 县统计局 → 我局)."""
    organ = next((o for o in formula.organs if unit.endswith(o)), "")
    name = unit.removesuffix(organ) if organ else unit
    place = next((p for p in formula.places if name.endswith(p) and len(name) > len(p)), "")
    if not place:
        return unit
    return f"{place}{organ}" if organ else f"我{place}"


def unit_names_organ(formula: Formula, unit: str) -> bool:
    """Tell whether the unit's name already says its organ (then the dialogue need not ask)."""
    return organ_of(formula, unit, None) is not None


def resolve_organ_words(formula: Formula, text: str, organ: str | None) -> str:
    """Replace the corpus's template words (党组（党委）, 各级党组织) with what fits the organ."""
    for word in formula.organ_words:
        if word.word not in text:
            continue
        if organ is not None and organ in word.by_organ:
            text = text.replace(word.word, word.by_organ[organ])
        elif not word.keep_unknown:
            text = text.replace(word.word, gap(formula.organ_gap))
    return text


@cache
def _first_person_rules(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(_CLAUSE_START + f"(?:{pattern})"), replace) for pattern, replace in rules)


def first_person(formula: Formula, text: str) -> str:
    """Make a clause that opens on the secretary in the third person (党组书记认真履行…) say 本人."""
    for pattern, replace in _first_person_rules(formula.first_person):
        text = pattern.sub(r"\g<1>" + replace, text)
    return text
