"""The review screens: every item page by page with its buttons, the gaps left and the problem ↔ measure pairs."""

from __future__ import annotations

from bot.engine import actions as a
from bot.engine import gap_texts, labels, texts
from bot.engine import position as pos
from bot.engine.aid_screens import pairs
from bot.engine.answer_screens import written
from bot.engine.events import Button
from bot.engine.turn import Turn
from bot.model import Item
from bot.outline import Node

# Items a review page shows: 3 buttons an item stay within the 30 that fit on a phone screen (Telegram
# itself takes 100); the way on comes in a message of its own.
REVIEW_ITEMS = 9


def review_pages(t: Turn) -> list[tuple[Node, list[tuple[int, Item]]]]:
    """Split the draft's items into review pages: one sub-topic each, at most REVIEW_ITEMS items a page."""
    pages = []
    for node in t.o.nodes:
        numbered = list(enumerate(t.d.items.get(node.id, []), 1))
        pages += [(node, numbered[i : i + REVIEW_ITEMS]) for i in range(0, len(numbered), REVIEW_ITEMS)]
    return pages


def review(t: Turn, page: int = 0) -> None:
    """Show one page of items with 修改/删除/上移, then the gaps, the problem ↔ measure pairs and the way on."""
    pages = review_pages(t)
    if not pages:
        t.say(texts.NO_ITEMS_YET)
        review_tail(t, [])
        return
    page = min(page, len(pages) - 1)
    node, numbered = pages[page]
    lines = [texts.review_head(t.o.parts[node.part].title(t.o, t.d.kind), page + 1, len(pages))]
    rows: list[list[Button]] = []
    spoken = []
    for n, it in numbered:
        text = written(t, it)
        if reads_spoken(t, it, text):
            spoken.append(n)
            text = f"{texts.SPOKEN_MARK}{text}"
        lines.append(f"{n}. {text}")
        row = [
            t.button(f"改{n}", a.ReviewEdit(node.id, it.id, page)),
            t.button(f"删{n}", a.ReviewRemove(node.id, it.id, page)),
        ]
        if n > 1:
            row.append(t.button(f"上移{n}", a.MoveUp(node.id, it.id)))
        rows.append(row)
    if spoken:
        lines.append(texts.spoken_note(spoken))
    t.say("\n".join(lines), rows)
    nav = []
    if page > 0:
        nav.append(t.button(labels.B_PAGE_BACK, a.ReviewPage(page - 1)))
    if page + 1 < len(pages):
        nav.append(t.button(labels.B_PAGE_NEXT, a.ReviewPage(page + 1)))
    review_tail(t, nav)


def reads_spoken(t: Turn, item: Item, text: str) -> bool:
    """Tell whether an item of the user's own words still reads as speech as the document will write it."""
    facts = t.ctx.tools.facts if t.ctx.tools else None
    return item.source is None and facts is not None and facts.reads_spoken(text)


def spoken_count(t: Turn) -> int:
    """Return how many items of the draft still read as speech."""
    return sum(reads_spoken(t, it, written(t, it)) for items in t.d.items.values() for it in items)


def review_tail(t: Turn, nav: list[Button]) -> None:
    """Close a review page with the gaps left, the problem ↔ measure pairs and the way on."""
    gaps = pos.gaps(t.o, t.d)
    tail = [gap_texts.gaps_left(len(gaps)), *pair_summary(t)]
    # 下载Word lists the gaps first when there are any, so one button serves both cases.
    t.say(
        "\n".join(tail),
        [nav, [t.button(labels.B_DOWNLOAD, a.Download()), t.button(labels.B_CONTINUE, a.Continue())]],
    )


def review_page_of(t: Turn, node_id: str, item_id: int) -> int:
    """Return the review page showing an item (0 when it is gone)."""
    for page, (node, numbered) in enumerate(review_pages(t)):
        if node.id == node_id and any(it.id == item_id for _, it in numbered):
            return page
    return 0


def pair_summary(t: Turn) -> list[str]:
    """Return one line per chosen problem saying whether it has its measure."""
    used = set(pos.used_sources(t.d))
    lines = []
    for p in pairs(t):
        if p.problem not in used:
            continue
        state = (
            texts.PAIR_HAS_PLAN
            if used & set(p.plans)
            else texts.PAIR_DROPPED
            if p.id in t.d.dropped_pairs
            else texts.PAIR_NO_PLAN
        )
        lines.append(texts.pair_line(p.label, state))
    return [texts.PAIRS_HEAD, *lines] if lines else []
