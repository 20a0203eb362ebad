"""The step that takes a correction of an earlier answer: the item again, right, and the old one offered to delete."""

from __future__ import annotations

import re

from bot import limits
from bot.engine import actions as a
from bot.engine import answer_screens, labels, screens, texts
from bot.engine.steps.answers import answer_item
from bot.engine.turn import Turn
from bot.model import Item
from bot.numbers import COUNT_FITS, COUNT_UNITS, GUESS_MARKS, extract_numbers, normalize, numeral_only, written
from bot.outline import Node

# A guessed count said alone (十几人次, 五六十人次): written as said (GB/T 15835), with its counter.
_GUESS_RE = re.compile(
    "([零一二两三四五六七八九十百千万几多余来]+)(" + "|".join(sorted(COUNT_UNITS, key=len, reverse=True)) + ")"
)


def correct(t: Turn, node: Node, said: str) -> None:
    """Add what a correction says as an item, then offer to delete the item it corrects.

    A count alone (不对，应该是54人次, 十几人次), or after what it counts (党课是4次), corrects the count of the last
    item counting the same: the item comes again with it, whole, where that item is (a wording may have moved it to
    another part). Nothing said but that something was wrong asks what is right.
    """
    items = t.d.items[node.id]
    # The item said last, if a wording moved it to another part, is the likeliest meant (志愿服务搞了4次 moved to
    # 党建和业务融合, then 不对，应该是5次).
    recount = _recount(_moved_last(t, node), said) or _recount(items, said)
    if recount is not None:
        old, text = recount
    elif said and counted(said) is None:
        old, text = corrected(items, said), said
    else:
        screens.ask(t, texts.CORRECT_HOW)
        return
    located = t.locate_item(old.id)
    home = located[0] if located else node.id
    if (refused := limits.cannot_add(t.d, home, text)) is not None:
        t.say(refused)
        return
    listed = t.d.items[home]
    place, before = [it.id for it in listed].index(old.id) + 1, len(listed)
    if recount is not None:
        # The item again with the right count is one item, as it was: cut into facts it would lose its second half.
        item = Item(id=t.d.next_item_id, text=answer_screens.own_item(t, text))
        t.d.next_item_id += 1
        # Right after the one it corrects: deleting that one leaves it where it was (testers saw it move last).
        listed.insert(place, item)
        screens.ask(t, answer_screens.noted(t, home, [item]))
    else:
        answer_item(t, node, text)
    if t.find_item(home, old.id) is not None and len(t.d.items[home]) > before:
        delete = t.button(labels.delete_item(place), a.DropItem(home, old.id))
        t.say(texts.corrects(place, answer_screens.written(t, old)), [[delete]])


def _recount(items: list[Item], said: str) -> tuple[Item, str] | None:
    """Return the item a corrected count speaks of and its text with the new count, if any."""
    count = counted(said)
    return recounted(items, *count) if count is not None else named_count(items, said)


def _moved_last(t: Turn, node: Node) -> list[Item]:
    """Return the item added last to the draft, if a wording moved it out of `node` (to 党建和业务融合, say)."""
    last = max((it for listed in t.d.items.values() for it in listed), key=lambda it: it.id, default=None)
    return [] if last is None or t.find_item(node.id, last.id) is not None else [last]


def counted(said: str) -> tuple[str, str] | None:
    """Return a count said alone as written and its counter (54人次 → 54, 人次; 四十多人次 → 40多; 十几人次 stays)."""
    number = numeral_only(said) if said else None
    if number is not None:
        return written(number, ""), number.unit
    guess = _GUESS_RE.fullmatch(said)
    return (guess.group(1), guess.group(2)) if guess else None


def named_count(items: list[Item], said: str) -> tuple[Item, str] | None:
    """Return the item a correction ending on a count names (党课4次), and its text whole with that count.

    The item is the one sharing most of the words before the count (the last of equals) among those counting as it
    does: 党组会4次 corrects 召开党组会研究党建3次, not 党组书记讲党课2次.
    """
    folded = normalize(said)
    numbers = extract_numbers(folded)
    if len(numbers) != 1 or numbers[0].end != len(folded) or numbers[0].start < 2:
        return None
    # A hedge before the count (党组会大概3次) makes it a guess: the number read in the whole text knows it.
    guess = numbers[0].approx in GUESS_MARKS
    count = (written(numbers[0], ""), numbers[0].unit) if guess else counted(folded[numbers[0].start :])
    if count is None:
        return None
    words = folded[: numbers[0].start]
    ranked = sorted((it for it in items if _shared(words, it.text)), key=lambda it: (*_shared(words, it.text), it.id))
    for item in reversed(ranked):
        if (found := recounted([item], *count)) is not None:
            return found
    return None


def corrected(items: list[Item], said: str) -> Item:
    """Return the item a correction speaks of: the one sharing most pairs of characters with it, else the last."""
    return max(items, key=lambda it: (*_shared(said, it.text), it.id))


def _shared(said: str, text: str) -> tuple[int, int]:
    """Return how much of `said` `text` holds: how many of its pairs of characters, then how late they stand.

    Of items sharing as many, what a count counts is said right before it (支部书记讲的党课是3次: 党课 over 支部书记);
    党组会开展了4次 shares more with 召开党组会研究党建3次 than with 组织开展主题党日活动12次.
    """
    found = [i + 1 for i in range(len(said) - 1) if said[i : i + 2] in text]
    return len(found), sum(found)


def recounted(items: list[Item], count: str, unit: str) -> tuple[Item, str] | None:
    """Return the last item counting what `count` counts (by its counter) and its text with that count."""
    fits = COUNT_FITS.get(unit, frozenset()) | {unit}
    for item in reversed(items):
        # Counts are read in the folded text (３次); where folding keeps every place, the item keeps its own marks.
        folded = normalize(item.text)
        text = item.text if len(folded) == len(item.text) else folded
        found = [n for n in extract_numbers(folded) if not unit or n.unit in fits or unit in COUNT_FITS.get(n.unit, ())]
        if found:
            n = found[-1]
            return item, f"{text[: n.start]}{count}{n.unit}{text[n.end :]}".rstrip("。")
    return None
