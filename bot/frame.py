"""The document's frame from data/formula.toml: title, 导语, leads, closing and sign-off.

The frame's sentences are the formula's (fact-free); the facts in them are the user's answers, and an
answer that is missing becomes a visible gap.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.formula import Formula, KindFormula
from bot.joins import business_phrase, guiding_clause, leaders_phrase, overview_sentence, theme_clause
from bot.model import Draft, gap
from bot.outline import Outline
from bot.polish import clause, polish
from bot.voice import first_person, named_again, organ_of, resolve_organ_words

_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
_OPTIONAL_RE = re.compile(r"\[([^\[\]]*)\]")
# The ways an answer may be written before it fills its placeholder (data/formula.toml [fact_polish]),
# each given the unit (or its gap) and the polished answer.
_POLISHERS: dict[str, Callable[[str, str], str]] = {
    "overview_sentence": overview_sentence,
    "theme_clause": lambda _unit, theme: theme_clause(theme),
    "leaders_phrase": lambda _unit, leaders: leaders_phrase(leaders),
    "business_phrase": lambda _unit, business: business_phrase(business),
    "guiding_clause": lambda _unit, guiding: guiding_clause(guiding),
}
_TRAILING_PUNCT = "，,、；;。.：: \u3000"
_UNWRITABLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    """Trim an answer to a bare clause; its lines join with ， since a paragraph is one line."""
    lines = _UNWRITABLE_RE.sub("", text).splitlines()
    return "，".join(filter(None, (line.strip().rstrip(_TRAILING_PUNCT) for line in lines)))


def _stated(value: str, said: str) -> bool:
    """Tell whether `said` already states `value`, or the spirit it names along with others.

    党的二十大精神 is stated by 深入学习贯彻党的二十大和二十届历次全会精神.
    """
    value = value.strip("“”")
    spirit = value.removesuffix("精神")
    # The spirit and its 精神 in one clause: 以党的二十大为指引…，弘扬伟大建党精神 states no 党的二十大精神.
    return value in said or (spirit != value and re.search(re.escape(spirit) + "[^，；。]*精神", said) is not None)


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
        values = cls._facts(formula, draft)
        labels = {name: outline.node(node).label for name, node in formula.facts.items() if outline.has_node(node)}
        unit = values.get("unit", "")
        organ = organ_of(formula, unit, values.get("organ")) if unit else None
        if "year" in values:
            values["year"] = values["year"].removesuffix("年")
            if values["year"].isdigit():
                values["next_year"] = str(int(values["year"]) + 1)
        named = bool(unit) and organ_of(formula, unit, None) is not None
        values["secretary"] = "书记" if named else f"{organ or '党组织'}书记"
        values["subject"] = unit or gap(labels["unit"])
        values["date"] = f"{today.year}年{today.month}月{today.day}日"
        for name, how in formula.fact_polish.items():
            if name in values:
                values[name] = _POLISHERS[how](values["subject"], values[name])
        if unit:
            values["subject"] = named_again(formula, unit)
        if "business" in values:
            one, several = formula.business_focus
            values["focus"] = several if re.search("[和、]", values["business"]) else one
        labels["next_year"] = labels["year"]
        return cls(outline, formula, draft, formula.kinds[draft.kind], values, organ, labels)

    @staticmethod
    def _facts(formula: Formula, draft: Draft) -> dict[str, str]:
        out = {}
        for name, node in formula.facts.items():
            value = clean(draft.facts.get(node, ""))
            if value:
                out[name] = clause(value)
        return out

    def fill(self, template: str) -> str:
        """Fill a formula sentence's placeholders; one without an answer becomes a gap."""

        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            return self.values.get(name) or gap(self.gap_labels.get(name, name))

        return _PLACEHOLDER_RE.sub(value, self.for_unit(template))

    def for_unit(self, text: str) -> str:
        """Return a sentence of the formula in the words that fit the unit (基层党建 for a 镇党委)."""
        return self.formula.for_unit(self.values.get("unit", ""), text)

    def has(self, name: str) -> bool:
        """Tell whether the placeholder `name` has an answer behind it."""
        return bool(self.values.get(name))

    def voiced(self, text: str, *, own_words: bool) -> str:
        """Return an item's text polished, its template words resolved, in the kind's voice."""
        text = polish(text) if own_words else text
        text = resolve_organ_words(self.formula, text, self.organ)
        # A wording's {unit} slot is the user's own unit (bot.phrasebank), named without its organ:
        # 《市统计局清廉机关建设工作计划》.
        if self.has("unit"):
            base = self.values["unit"].removesuffix(self.organ or "\0") or self.values["unit"]
            text = text.replace(gap(self.gap_labels["unit"]), base)
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
        """Build the 导语 from the kind's template: its optional parts only where the user answered."""
        return self.fill_optional(self.kind.intro)

    def fill_optional(self, template: str) -> str:
        """Fill a template whose [bracketed] parts drop out without an answer, or when already said."""
        out = ""
        for i, piece in enumerate(_OPTIONAL_RE.split(template)):
            if i % 2 == 0:
                out += self.fill(piece)
                continue
            names = _PLACEHOLDER_RE.findall(piece)
            if not all(self.has(n) for n in names):
                continue
            filled = self.fill(piece)
            # A theme the guiding line already states is not said twice.
            if all(_stated(self.values[n], out) for n in names):
                continue
            out += filled
        return out

    def signoff(self) -> list[str]:
        """Return the sign-off lines: the unit (or the 述职's signer) and the date."""
        return [self.fill(line) for line in self.kind.signoff]
