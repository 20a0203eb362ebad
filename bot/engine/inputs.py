"""What a typed message means, as an ordered table of (applies, handle) rules read top to bottom."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.cleaning import clean_text
from bot.engine import labels, screens, texts, typed_words
from bot.engine import position as pos
from bot.engine.steps import answers, corrections, drafts, suggestions
from bot.engine.turn import Turn
from bot.numbers import numeral_only


def _either(words: Sequence[str]) -> str:
    """Return a pattern matching any of `words`, the longest first."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_TABLE = typed_words.table()
# Typed words that mean a button of the question rather than an answer (data/typed.toml).
INTENTS = {word: job for job, words in _TABLE["intents"].items() for word in words}
DENIALS = frozenset(_TABLE["denials"])
_C = _TABLE["corrections"]
_MARKERS = _either(_C["markers"])
_CORRECTION_RE = re.compile(
    rf"^(?:{_either(_C['sounds'])})?(?:{_MARKERS})(?:[，,\s]*(?:{_MARKERS}))*"
    rf"(?:[，,。.！!：:\s]+|$|(?={_either(_C['right'])}))(?:{_either(_C['right'])})?"
)
# Or it opens on what was not right, then what is (不是社区，是跟石桥村结对共建: a tester's became two items).
_NOT_THEN_IS_RE = re.compile(
    rf"^(?:{_either(_C['wrong_heads'])})(?P<wrong>[^，,。.！!]{{1,10}})[，,\s]+(?:{_either(_C['right'])})"
)
_REMORSE_RE = re.compile(rf"(?:{_either(_C['remorse_before'])})?(?:{_either(_C['remorse'])})")
_SAID_RIGHT_RE = re.compile(_either([w for w in _C["right"] if len(w) > 1]))
_CLAUSES_RE = re.compile(r"[，,。.！!；;\s]+")
# 廉政谈话是54人次 says what is right of 廉政谈话: the 是 goes with it.
_COUNT_IS_RE = re.compile(r"(?<=[\u4e00-\u9fff])是(?=[\d零一二两三四五六七八九十百几]+)")


def intent(text: str) -> str | None:
    """Return the button a typed text stands for ("skip", "back", "done", "overview", "take"), if any."""
    return INTENTS.get(text.strip("。.！!，, "))


@dataclass(frozen=True)
class Rule:
    """A reading of a typed message: when it applies, and what it does."""

    name: str
    applies: Callable[[Turn, str], bool]
    handle: Callable[[Turn, str], None]


def _pending(t: Turn, kind: str) -> bool:
    p = t.draft.pending if t.draft is not None else None
    return p is not None and p.kind == kind


def _renaming(t: Turn, text: str) -> bool:
    return bool(t.mode and t.mode.startswith("rename:"))


def _rename(t: Turn, text: str) -> None:
    drafts.rename(t, (t.mode or "").removeprefix("rename:"), text)


def _editing(t: Turn, text: str) -> bool:
    p = t.draft.pending if t.draft is not None else None
    return p is not None and p.kind == "edit" and p.item is not None and t.find_item(p.node, p.item) is not None


def _cancels_edit(t: Turn, text: str) -> bool:
    return _editing(t, text) and intent(text) == "back"


def _leaving_gap(t: Turn, text: str) -> bool:
    return _pending(t, "gap") and intent(text) == "skip"


def _fills_gap(t: Turn, text: str) -> bool:
    return _pending(t, "gap") and suggestions.filled(t, text) is not None


def _denies_gap(t: Turn, text: str) -> bool:
    return screens.pending_gap(t) is not None and text.strip("。.！!，, ") in DENIALS


def _names_gap(t: Turn, text: str) -> bool:
    return _pending(t, "gap") and suggestions.filled_name(t, text) is not None


def _wants_outline(t: Turn, text: str) -> bool:
    return intent(text) == "overview" or (intent(text) is not None and pos.current(t.o, t.d) is None)


def _all_closed(t: Turn, text: str) -> None:
    t.say(texts.NOTHING_OPEN)
    screens.overview(t)


def _finish(t: Turn, text: str) -> None:
    node = pos.current(t.o, t.d)
    assert node is not None
    answers.finish(t, node)


def _answer(t: Turn, text: str) -> None:
    node = pos.current(t.o, t.d)
    assert node is not None
    if node.type == "items":
        answers.answer_item(t, node, text)
    else:
        answers.answer_fact(t, node, text)


def correction(text: str) -> str | None:
    """Return what a correction says ("" when it only says something was wrong), None if the text is none."""
    opening = _CORRECTION_RE.match(text) or _NOT_THEN_IS_RE.match(text)
    if opening is None:
        return None
    clauses = _CLAUSES_RE.split(text[opening.end() :])
    kept = [
        _COUNT_IS_RE.sub("", _SAID_RIGHT_RE.sub("", c))
        for c in clauses
        if c and not _REMORSE_RE.fullmatch(c) and not c.startswith(tuple(_C["wrong_heads"]))
    ]
    said = "，".join(k for k in kept if k)
    return said if len(said) > 1 else ""


def _corrects(t: Turn, text: str) -> bool:
    node = pos.current(t.o, t.d)
    if node is None or node.type != "items" or not t.d.items.get(node.id) or correction(text) is None:
        return False
    # 不是X，是Y corrects only an item saying X (不是社区，是跟石桥村结对共建); 不是不重视，是业务太忙 argues.
    said = _NOT_THEN_IS_RE.match(text) if not _CORRECTION_RE.match(text) else None
    wrong = said["wrong"] if said else ""
    pairs = [wrong[i : i + 2] for i in range(len(wrong) - 1)]
    return said is None or any(p in it.text for it in t.d.items[node.id] for p in pairs)


def _correct(t: Turn, text: str) -> None:
    node = pos.current(t.o, t.d)
    assert node is not None
    corrections.correct(t, node, correction(text) or "")


def _takes_offer(t: Turn, text: str) -> bool:
    """Tell whether the text is 「用这句」 typed at a question that offers a wording."""
    node = pos.current(t.o, t.d)
    return node is not None and intent(text) == "take" and screens.offer_of(t, node) is not None


def _take_offer(t: Turn, text: str) -> None:
    node = pos.current(t.o, t.d)
    assert node is not None
    answers.answer_fact(t, node, screens.offer_of(t, node) or "")


def _number_alone(t: Turn, text: str) -> bool:
    """Tell whether the text is a number alone typed at a list question (a button missed, or a count with no item)."""
    node = pos.current(t.o, t.d)
    return node is not None and node.type == "items" and numeral_only(text) is not None


def _button_typed(t: Turn, text: str) -> None:
    screens.ask(t, texts.button_typed(text.strip()))


def _node_intent(name: str) -> Callable[[Turn, str], bool]:
    """Return a test: the text is the typed words of button `name`, and there is a question to apply it to."""

    def applies(t: Turn, text: str) -> bool:
        node = pos.current(t.o, t.d)
        return node is not None and intent(text) == name and (name != "done" or node.type == "items")

    return applies


RULES: tuple[Rule, ...] = (
    Rule("rename", _renaming, _rename),
    Rule("no draft", lambda t, text: t.draft is None, lambda t, text: screens.ask_kind(t, texts.NO_DRAFT)),
    # 上一步 typed while editing gives the edit up: it is no item's new text.
    Rule("cancel edit", _cancels_edit, lambda t, _: answers.cancel_edit(t)),
    Rule("edit", _editing, answers.finish_edit),
    Rule("deny gap", _denies_gap, suggestions.offer_drop),
    Rule("leave gap", _leaving_gap, lambda t, _: suggestions.leave_gap(t)),
    Rule("fill gap", _fills_gap, suggestions.fill_gap),
    Rule("name gap", _names_gap, suggestions.fill_name),
    Rule("no number", lambda t, text: screens.pending_gap(t) is not None, suggestions.not_a_number),
    Rule("outline", _wants_outline, lambda t, text: screens.overview(t)),
    Rule("all closed", lambda t, text: pos.current(t.o, t.d) is None, _all_closed),
    Rule("skip", _node_intent("skip"), lambda t, text: answers.skip(t, pos.current(t.o, t.d))),
    Rule("back", _node_intent("back"), lambda t, text: answers.back(t, pos.current(t.o, t.d))),
    Rule("done", _node_intent("done"), _finish),
    Rule("take offer", _takes_offer, _take_offer),
    # A button's words typed where the button is not (全部采用，下一步 with no measures proposed) are no answer.
    Rule("button words", lambda t, text: text.strip() in labels.button_words(), _button_typed),
    # 「7」 alone says no deed: written down it would stand in the document as 三是7。
    Rule("number alone", _number_alone, lambda t, text: screens.ask(t, texts.number_alone(text.strip()))),
    Rule("correct", _corrects, _correct),
    Rule("answer", lambda t, text: True, _answer),
)


def read_text(t: Turn, raw: str) -> None:
    """Handle a typed message by the first rule that applies."""
    text = clean_text(raw)
    if not text:
        screens.show_position(t, texts.EMPTY)
        return
    rule = next(r for r in RULES if r.applies(t, text))
    rule.handle(t, text)
