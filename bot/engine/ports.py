"""What the engine needs from the rest of the bot, as Protocols: matcher, writing aids, documents, offers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.engine.events import Attachment
from bot.model import Draft
from bot.outline import Outline


class Suggestion(Protocol):
    """A phrase-bank wording filled with the user's facts (see bot.matcher)."""

    @property
    def entry_id(self) -> str: ...  # noqa: D102
    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def gaps(self) -> int: ...  # noqa: D102
    @property
    def score(self) -> float: ...  # noqa: D102


class BankEntry(Protocol):
    """A phrase-bank entry, as far as the engine looks at it."""

    @property
    def nodes(self) -> tuple[str, ...]: ...  # noqa: D102


class Suggester(Protocol):
    """The matcher as the engine uses it."""

    def suggest(
        self, text: str, node_id: str | None = None, top: int = 3, exclude: Sequence[str] = ()
    ) -> Sequence[Suggestion]:
        """Return the best bank wordings for `text`, filled with its numbers."""
        ...

    def fill(self, entry_id: str, text: str) -> Suggestion:
        """Return entry `entry_id` filled with the numbers in `text`."""
        ...

    def entry(self, entry_id: str) -> BankEntry:
        """Return the bank entry `entry_id`."""
        ...

    def deeds(self, text: str) -> frozenset[str]:
        """Return the domain's named practices `text` speaks of that are deeds, not fields (讲党课 → 党课)."""
        ...


class Documents(Protocol):
    """Document assembly as the engine uses it (see bot.documents)."""

    def preview(self, outline: Outline, draft: Draft, today: datetime) -> list[str]:
        """Return the document's text split into chat messages."""
        ...

    def files(self, outline: Outline, draft: Draft, today: datetime) -> list[Attachment]:
        """Return the draft as .docx and .txt."""
        ...

    def stock(self, role: str) -> Sequence[tuple[str, str]]:
        """Return the genre's stock answers for a node role as (label, text), e.g. the causes of problems."""
        ...

    def year_only(self, draft: Draft) -> Sequence[int]:
        """Return the ids of the items that only fit a whole year."""
        ...

    def heading_sets(self, kind: str) -> tuple[str, Sequence[tuple[str, str]]]:
        """Return the fact holding the chosen heading set, and the kind's sets as (id, label), default first."""
        ...

    def office(self, unit: str) -> bool:
        """Tell whether a unit, by its name, is a government office (not a 镇党委 or a school)."""
        ...

    def corpus_length(self, kind: str) -> tuple[int, int]:
        """Return how long the corpus's documents of a kind are (shortest, longest), in characters."""
        ...


class Chip(Protocol):
    """A quick-pick button standing for one bank entry (see bot.aids)."""

    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def entry_id(self) -> str: ...  # noqa: D102
    @property
    def office_only(self) -> bool: ...  # noqa: D102


class Pair(Protocol):
    """A stock problem and the bank measures that answer it (see bot.aids)."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def problem(self) -> str: ...  # noqa: D102
    @property
    def plans(self) -> tuple[str, ...]: ...  # noqa: D102


class Aids(Protocol):
    """Writing aids drawn from the phrase bank."""

    def chips(self, node_id: str) -> Sequence[Chip]:
        """Return the quick-pick chips of an items node."""
        ...

    def pairs(self) -> Sequence[Pair]:
        """Return the problem ↔ measure pairs."""
        ...


# The wording a fact node offers with one tap: (the node's `offer` name, the draft's year) → a line or None.
Offer = Callable[[str, str | None], str | None]


def no_offer(name: str, year: str | None) -> str | None:
    """Offer nothing (the default when no offers are wired in)."""
    return None


class Fact(Protocol):
    """One fact of an answer (see bot.facts): its clause, the wordings that fit it, its polished own words."""

    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def suggestions(self) -> Sequence[Suggestion]: ...  # noqa: D102
    @property
    def own(self) -> str: ...  # noqa: D102


class Facts(Protocol):
    """Cuts an answer into facts and finds each fact's fitting wordings (nothing when none fits)."""

    def analyse(self, text: str, node_id: str | None, exclude: Sequence[str] = (), top: int = 3) -> Sequence[Fact]:
        """Return the facts of an answer, each with its wordings, best first."""
        ...

    def polish(self, text: str) -> str:
        """Return the user's words as the document writes them (bot.polish)."""
        ...

    def leave_gaps(self, text: str) -> str:
        """Return the user's words with a gap where they say they do not know a count (人数记不清了)."""
        ...

    def reads_spoken(self, text: str) -> bool:
        """Tell whether written words still read as speech (搞, 啥, 补选了)."""
        ...

    def without_who(self, fact: str) -> str:
        """Return a fact without the when-and-who clause heading it (我们县医保局，…)."""
        ...

    def with_doer(self, clause: str, said: str) -> str:
        """Return a clause set apart from what was `said` with the doer it had there (每人… → 班子成员每人…)."""
        ...

    def telling(self, clause: str) -> Sequence[str]:
        """Return the words that tell what a clause is about (年轻 of 比如年轻党员还主动多交; 党员 tells nothing)."""
        ...


@dataclass(frozen=True)
class Tools:
    """The matcher and what is built on it; loaded in the background at start-up (jieba, cn2an)."""

    matcher: Suggester
    fill_gap: Callable[[str, str], str | None]
    blank_numbers: Callable[[str], str]
    aids: Aids | None = None
    facts: Facts | None = None


@dataclass(frozen=True)
class Context:
    """What the engine needs besides the state: the outline, the clock, helpers."""

    outline: Outline
    now: datetime
    new_id: Callable[[], str]
    tools: Tools | None = None
    documents: Documents | None = None
    offer: Offer = no_offer

    @property
    def matcher(self) -> Suggester | None:
        """The matcher, once loaded."""
        return self.tools.matcher if self.tools else None

    @property
    def aids(self) -> Aids | None:
        """The writing aids, once loaded."""
        return self.tools.aids if self.tools else None
