"""Load the document formula (data/formula.toml): the wording the bot writes around the user's answers."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.model import Draft, Item
from bot.resources import data_file


@dataclass(frozen=True)
class KindFormula:
    """The fixed wording of one document kind: title words, 导语 joins, leads, closing, sign-off."""

    title: tuple[str, ...]
    intro: str
    first_person: bool
    headings: str
    alt_headings: str
    # The paragraph under the 主要做法 heading that leads into its sub-topics.
    work_lead: str
    problems_lead: str
    problems_lead_plain: str
    plans_lead: str
    closing: str
    closing_plain: str
    signoff: tuple[str, ...]
    # The shortest and longest corpus document of the kind, in characters without spaces.
    corpus_length: tuple[int, int]


@dataclass(frozen=True)
class OrganWord:
    """A template word of the corpus resolved per organ (党组（党委） → 机关党委)."""

    word: str
    by_organ: Mapping[str, str]
    # With the organ unknown: keep the corpus word (a scale word) rather than make it a gap (a choice).
    keep_unknown: bool = False


@dataclass(frozen=True)
class Cause:
    """A stock cause offered as a chip for the problems."""

    label: str
    text: str


@dataclass(frozen=True)
class Formula:
    """The whole document formula."""

    facts: Mapping[str, str]
    # How an answer is written before it fills its placeholder (a function of bot.polish, by name).
    fact_polish: Mapping[str, str]
    kinds: Mapping[str, KindFormula]
    first_person: tuple[tuple[str, str], ...]
    organs: tuple[str, ...]
    organ_canonical: Mapping[str, str]
    organ_gap: str
    organ_words: tuple[OrganWord, ...]
    heading_sets: Mapping[str, Mapping[str, str]]
    heading_labels: Mapping[str, str]
    framing: Mapping[str, str]
    business_section: str
    business_fusion: str
    # How the fusion sentence names one business, and several.
    business_focus: tuple[str, str]
    causes_lead: str
    targets_lead: str
    causes: tuple[Cause, ...]
    year_only: tuple[str, ...]
    # A unit whose name holds one of `office_markers` and none of `offices` is no government office: its
    # formula says 基层 for 机关.
    office_markers: tuple[str, ...]
    office_words: tuple[tuple[str, str], ...]
    offices: tuple[str, ...]
    # (ending, organ) of a 中共…委员会's name, longest first; an empty organ names none.
    committees: tuple[tuple[str, str], ...]
    # Where a unit's name may end, to name it again in short (局 → 局党组, 我局).
    places: tuple[str, ...]

    def fact(self, name: str) -> str:
        """Return the node id the placeholder `name` is read from."""
        return self.facts[name]

    def office(self, unit: str) -> bool:
        """Tell whether a unit, by its name, is a government office (县统计局) rather than a 镇党委 or a school."""
        return any(o in unit for o in self.offices) or not any(m in unit for m in self.office_markers)

    def for_unit(self, unit: str, text: str) -> str:
        """Return a formula sentence or heading in the words that fit the unit (基层党建 for a 镇党委)."""
        if self.office(unit):
            return text
        for office, other in self.office_words:
            text = text.replace(office, other)
        return text

    def year_only_items(self, draft: Draft) -> list[tuple[str, Item]]:
        """List (node id, item) of the items that only fit a whole year, for review before a 上半年 copy."""
        return [
            (node, item)
            for node, items in draft.items.items()
            for item in items
            if any(word in item.text for word in self.year_only)
        ]

    def sentences(self) -> list[str]:
        """Every sentence the formula writes itself (for the fact-free check)."""
        out = [*self.framing.values(), self.business_fusion, self.causes_lead, self.targets_lead]
        for k in self.kinds.values():
            out += [k.intro, k.work_lead, k.problems_lead]
            out += [k.problems_lead_plain, k.plans_lead, k.closing, k.closing_plain]
        return out


def _kind(raw: Mapping[str, Any]) -> KindFormula:
    return KindFormula(
        title=tuple(raw["title"]),
        intro=raw["intro"],
        first_person=raw["voice"] == "first",
        headings=raw["headings"],
        alt_headings=raw["alt_headings"],
        work_lead=raw["work_lead"],
        problems_lead=raw["problems_lead"],
        problems_lead_plain=raw["problems_lead_plain"],
        plans_lead=raw["plans_lead"],
        closing=raw["closing"],
        closing_plain=raw["closing_plain"],
        signoff=tuple(raw["signoff"]),
        corpus_length=(raw["corpus_length"][0], raw["corpus_length"][1]),
    )


def _require_fact_free(where: str, raw: Mapping[str, Any]) -> None:
    if raw.get("fact_free") is not True:
        raise ValueError(f"formula {where}: every sentence the bot writes must be marked fact_free")


def parse_formula(raw: Mapping[str, Any]) -> Formula:
    """Build a Formula from the parsed TOML, checking that every fixed sentence is marked fact-free."""
    for name, kind in raw["kinds"].items():
        _require_fact_free(f"kinds.{name}", kind)
    for node, entry in raw["framing"].items():
        _require_fact_free(f"framing.{node}", entry)
    _require_fact_free("business", raw["business"])
    _require_fact_free("lists", raw["lists"])
    sets = {name: {k: v for k, v in s.items() if k != "label"} for name, s in raw["heading_sets"].items()}
    return Formula(
        facts=dict(raw["facts"]),
        fact_polish=dict(raw["fact_polish"]),
        kinds={name: _kind(k) for name, k in raw["kinds"].items()},
        first_person=tuple((r["pattern"], r["replace"]) for r in raw["first_person"]),
        organs=tuple(sorted(raw["organs"]["names"], key=len, reverse=True)),
        organ_canonical=dict(raw["organs"]["canonical"]),
        organ_gap=raw["organs"]["gap_label"],
        organ_words=tuple(
            OrganWord(w["word"], dict(w["by_organ"]), bool(w.get("keep_unknown"))) for w in raw["organ_words"]
        ),
        heading_sets=sets,
        heading_labels={name: s["label"] for name, s in raw["heading_sets"].items()},
        framing={node: entry["text"] for node, entry in raw["framing"].items()},
        business_section=raw["business"]["section"],
        business_fusion=raw["business"]["fusion"],
        business_focus=(raw["business"]["focus"][0], raw["business"]["focus"][1]),
        causes_lead=raw["lists"]["causes_lead"],
        targets_lead=raw["lists"]["targets_lead"],
        causes=tuple(Cause(c["label"], c["text"]) for c in raw["causes"]),
        year_only=tuple(raw["half_year"]["year_only"]),
        office_markers=tuple(raw["not_office"]["markers"]),
        office_words=tuple((office, other) for office, other in raw["not_office"]["words"]),
        offices=tuple(raw["not_office"]["offices"]),
        committees=tuple((ending, organ) for ending, organ in raw["organs"]["committees"]),
        places=tuple(raw["named_again"]["places"]),
    )


@cache
def load_formula() -> Formula:
    """Load and check the shipped formula (cached: it is read-only)."""
    with data_file("formula.toml").open("rb") as fh:
        return parse_formula(tomllib.load(fh))
