"""Steps on the whole draft: review, move up, merge, preview, download."""

from __future__ import annotations

from dataclasses import replace

from bot import duplicates
from bot.engine import actions as a
from bot.engine import labels, review_screens, screens, texts
from bot.engine import position as pos
from bot.engine.events import Message
from bot.engine.registry import on
from bot.engine.steps.answers import REVIEW, item_exists, remove, start_edit
from bot.engine.turn import Turn
from bot.model import Item
from bot.outline import Node

DUPLICATES_SHOWN = 3


def near_duplicates(t: Turn) -> list[tuple[Node, Item, Item]]:
    """Return pairs of items of one sub-topic that say nearly the same thing (the second is the one to drop)."""
    found = []
    for node in t.o.nodes:
        items = t.d.items.get(node.id, [])
        texts_ = [it.text for it in items]
        # An item said whole inside another (认真开展理论学习中心组学习 / …，开展集中学习14次) comes second.
        pairs = duplicates.contained(texts_)
        pairs += [p for p in duplicates.near_duplicates(texts_) if p not in pairs and p[::-1] not in pairs]
        found += [(node, items[i], items[j]) for i, j in pairs]
    return found


def thin_parts(t: Turn, shown: int = 3) -> list[str]:
    """Return the names of the sub-topics with the fewest items, fewest first."""
    topics = [p for p in t.o.parts if t.o.section(p.section).role == "topics" and pos.in_flow(t.o, t.d, p.nodes[0])]
    counts = {p.index: len(t.d.items.get(p.nodes[0].id, [])) for p in topics}
    thin = sorted(topics, key=lambda p: counts[p.index])
    return [p.title(t.o, t.d.kind) for p in thin[:shown]]


def preview(t: Turn) -> None:
    """Show the document in the chat, then offer to merge near-duplicates."""
    if t.ctx.documents is None:
        t.say(texts.NO_PREVIEW)
        return
    chunks = t.ctx.documents.preview(t.o, t.d, t.ctx.now)
    t.say(pos.progress(t.o, t.d).line())
    for chunk in chunks:
        t.say(chunk)
    length = sum(len("".join(chunk.split())) for chunk in chunks)
    corpus = t.ctx.documents.corpus_length(t.d.kind)
    if length < corpus[0]:
        t.say(texts.short_draft(length, corpus, thin_parts(t)))
    for node, x, y in near_duplicates(t)[:DUPLICATES_SHOWN]:
        t.say(
            texts.near_duplicates(node.label, x.text, y.text),
            [
                [
                    t.button(labels.B_MERGE, a.Merge(node.id, x.id, y.id)),
                    t.button(labels.B_DROP_SECOND, a.RemoveItem(node.id, y.id)),
                ]
            ],
        )
    rows = [
        [t.button(labels.B_REVIEW, a.Review()), t.button(labels.B_DOWNLOAD, a.Download())],
        [t.button(labels.B_CONTINUE, a.Continue())],
    ]
    key, sets = t.ctx.documents.heading_sets(t.d.kind)
    chosen = t.d.facts.get(key, sets[0][0] if sets else "")
    rows += [
        [t.button(texts.other_headings(label), a.UseHeadings(i))] for i, (s, label) in enumerate(sets) if s != chosen
    ]
    t.say(texts.DRAFT_SHOWN, rows)


def download(t: Turn, force: bool = False) -> None:
    """Send the files; unless forced, list the remaining gaps first."""
    if t.ctx.documents is None:
        t.say(texts.NO_DOWNLOAD)
        return
    gaps = pos.gaps(t.o, t.d)
    if gaps and not force:
        screens.gaps_list(t, texts.BEFORE_DOWNLOAD, gaps)
        return
    for f in t.ctx.documents.files(t.o, t.d, t.ctx.now):
        t.replies.append(Message(f.filename, attachment=f))
    # Own words that still read as speech stay if the user keeps them: told here too, as most go straight to 下载.
    spoken = review_screens.spoken_count(t)
    rows = [[t.button(labels.B_CONTINUE, a.Continue()), t.button(labels.B_OUTLINE, a.Overview())]]
    t.say(texts.files_made(len(gaps), spoken), [[t.button(labels.B_REVIEW, a.Review())], *rows] if spoken else rows)


@on(a.Review)
def review(t: Turn, act: a.Review) -> None:
    """Show the first page of the review."""
    review_screens.review(t)


@on(a.ReviewPage)
def review_page(t: Turn, act: a.ReviewPage) -> None:
    """Show one page of the review."""
    review_screens.review(t, act.page)


@on(a.ReviewEdit, item_exists)
def review_edit(t: Turn, act: a.ReviewEdit) -> None:
    """Ask for an item's new text; the review page comes back after."""
    start_edit(t, act.node, act.item, origin=f"{REVIEW}{act.page}")


@on(a.ReviewRemove, item_exists)
def review_remove(t: Turn, act: a.ReviewRemove) -> None:
    """Delete an item and show the same review page."""
    remove(t, act.node, act.item)
    review_screens.review(t, act.page)


@on(a.ShowPreview)
def show_preview(t: Turn, act: a.ShowPreview) -> None:
    """Show the document in the chat."""
    preview(t)


@on(a.Download)
def send_files(t: Turn, act: a.Download) -> None:
    """Send the files, listing the gaps first."""
    download(t)


@on(a.DownloadAnyway)
def send_files_anyway(t: Turn, act: a.DownloadAnyway) -> None:
    """Send the files with their gaps."""
    download(t, force=True)


@on(a.MoveUp, item_exists)
def move_up(t: Turn, act: a.MoveUp) -> None:
    """Move an item one place up."""
    items = t.d.items[act.node]
    i = next(k for k, it in enumerate(items) if it.id == act.item)
    if i > 0:
        items[i - 1], items[i] = items[i], items[i - 1]
    t.toast = labels.T_MOVED_UP
    review_screens.review(t, review_screens.review_page_of(t, act.node, act.item))


@on(a.Merge, lambda t, act: t.o.has_node(act.node))
def merge(t: Turn, act: a.Merge) -> None:
    """Merge two near-duplicate items into the first."""
    x, y = t.find_item(act.node, act.first), t.find_item(act.node, act.second)
    if x is None or y is None or x.id == y.id:
        screens.stale(t)
        return
    merged = replace(x, text=x.text.rstrip("。") + "，" + y.text)
    t.drop_items(act.node, item_id=y.id)
    t.replace_item(act.node, merged)
    screens.ask(t, texts.merged(merged.text))


@on(
    a.UseHeadings,
    lambda t, act: t.ctx.documents is not None and act.index < len(t.ctx.documents.heading_sets(t.d.kind)[1]),
)
def use_headings(t: Turn, act: a.UseHeadings) -> None:
    """Use another parallel set of sub-topic headings, and show the draft with it."""
    assert t.ctx.documents is not None
    key, sets = t.ctx.documents.heading_sets(t.d.kind)
    t.d.facts[key] = sets[act.index][0]
    t.say(texts.headings_used(sets[act.index][1]))
    preview(t)
