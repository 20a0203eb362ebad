"""The document's frame from data/formula.toml: title, 导语, leads, closing and sign-off.

The frame's sentences are the formula's (fact-free); the facts in them are the user's answers, and an
answer that is missing becomes a visible gap.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from bot.formula import Formula, KindFormula
from bot.model import Draft, gap
from bot.outline import Outline
from bot.polish import overview_sentence, polish, theme_clause
from bot.voice import first_person, organ_of, resolve_organ_words

_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
_TRAILING_PUNCT = "，,、；;。.：: \u3000"
_UNWRITABLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    """Trim an answer to a bare clause; its lines join with ， since a paragraph is one line."""
    lines = _UNWRITABLE_RE.sub("", text).splitlines()
    return "，".join(filter(None, (line.strip().rstrip(_TRAILING_PUNCT) for line in lines)))


@dataclass(frozen=True)
class Frame:
    """What the formula needs to know of one draft, resolved once."""

    outline: Outline
    formula: Formula
    draft: Draft
    kind: KindFormula
    values: dict[str, str]
    organ: str | None
    gap_labels: dict[str, str]

    @classmethod
    def build(cls, outline: Outline, formula: Formula, draft: Draft, today: datetime.date) -> Frame:
        """Resolve the unit, year, organ, subject and the other placeholders of `draft`."""
        fact = cls._facts(formula, draft)
        labels = {name: outline.node(node).label for name, node in formula.facts.items() if outline.has_node(node)}
        unit = fact.get("unit", "")
        organ = organ_of(formula, unit, fact.get("organ")) if unit else None
        values = {k: v for k, v in fact.items() if k in ("unit", "year", "business", "name")}
        if "year" in values:
            values["year"] = values["year"].removesuffix("年")
            if values["year"].isdigit():
                values["next_year"] = str(int(values["year"]) + 1)
        named = bool(unit) and organ_of(formula, unit, None) is not None
        values["secretary"] = "书记" if named else f"{organ or '党组织'}书记"
        values["subject"] = unit or gap(labels["unit"])
        values["date"] = f"{today.year}年{today.month}月{today.day}日"
        labels["next_year"] = labels["year"]
        labels["secretary"] = labels["unit"]
        return cls(outline, formula, draft, formula.kinds[draft.kind], values, organ, labels)

    @staticmethod
    def _facts(formula: Formula, draft: Draft) -> dict[str, str]:
        out = {}
        for name, node in formula.facts.items():
            value = clean(draft.facts.get(node, ""))
            if value:
                out[name] = polish(value, formula)
        return out

    def fill(self, template: str) -> str:
        """Fill a formula sentence's placeholders; one without an answer becomes a gap."""

        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            return self.values.get(name) or gap(self.gap_labels.get(name, name))

        return _PLACEHOLDER_RE.sub(value, template)

    def has(self, name: str) -> bool:
        """Tell whether the placeholder `name` has an answer behind it."""
        return bool(self.values.get(name))

    def answer(self, name: str) -> str | None:
        """Return the user's polished answer for the formula's fact `name`, if given."""
        return self._facts(self.formula, self.draft).get(name)

    def voiced(self, text: str, *, own_words: bool) -> str:
        """Return an item's text polished, its template words resolved, in the kind's voice."""
        text = polish(text, self.formula) if own_words else text
        text = resolve_organ_words(self.formula, text, self.organ)
        return first_person(self.formula, text) if self.kind.first_person else text

    def title_words(self) -> tuple[str, ...]:
        """Return the title as its words (a long title breaks only between them)."""
        words: list[str] = []
        for word in self.kind.title:
            text = self.fill(word)
            if word == "{unit}" and self.organ and text.endswith(self.organ) and len(text) > len(self.organ):
                # The unit's organ is a word of its own: 市统计局 / 机关党委.
                words += [text[: -len(self.organ)], self.organ]
            else:
                words.append(text)
        return tuple(words)

    def intro(self) -> str:
        """Build the 导语: basic facts, time words, leader, guiding line, theme, connective, transition."""
        kind = self.kind
        opening = ""
        overview = self.answer("overview")
        if overview:
            opening = overview_sentence(self.fill("{unit}"), overview)
        subject = self.fill(kind.intro_subject).rstrip("，")
        leader = self.answer("leader")
        guiding = self.answer("guiding") or ""
        rest = [guiding] if guiding else []
        theme = self.answer("theme")
        # A theme the guiding line already states is not said twice.
        if theme and theme.strip('“”"') not in guiding:
            rest.append(theme_clause(theme))
        rest.append(kind.connective)
        if leader:
            lead = [subject + ("，" if kind.first_person else "") + f"在{leader}领导下"]
        elif kind.first_person:
            lead = [subject]
        else:
            # The unit is the subject of the next clause itself: 一年来，某局坚持以…
            lead, rest = [subject + rest[0]], rest[1:]
        return opening + "，".join([kind.time_words, *lead, *rest, self.fill(kind.transition)])

    def signoff(self) -> list[str]:
        """Return the sign-off lines: the unit (or the 述职's signer) and the date."""
        return [self.fill(line) for line in self.kind.signoff]
