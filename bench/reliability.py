"""Costs of issue 16's safety: the durable inbox per answer, decide() in a worker thread, near-duplicates.

The inbox costs one transaction when a batch is fetched (inbox_add), one UPDATE inside the answer's own
transaction (marking it handled) and one more small transaction after the handlers ran (inbox_done);
measured per answer with batches of one, its worst case, next to a bare apply() of the same answer.
The thread cost is asyncio.to_thread(decide) against decide() on the loop, for a /help. Near-duplicates:
bot.duplicates against all-pairs fuzz.ratio on the same items.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.assistant import CHINA
from bot.duplicates import NEAR_DUPLICATE, near_duplicates
from bot.engine import Command, Context, decide
from bot.model import Draft, Item
from bot.outline import load_outline
from bot.sqlite_storage import SQLiteStorage
from bot.storage import Changes, InboxEntry

NOW = "2026-11-22T10:00:00+08:00"


def _draft(items: int) -> Draft:
    outline = load_outline()
    unit, year = outline.role("unit"), outline.role("year")
    assert unit is not None and year is not None  # an outline without them is refused at load
    return Draft(
        id="d1",
        owner=1,
        kind="annual",
        outline_version=outline.version,
        created_at=NOW,
        updated_at=NOW,
        facts={unit.id: "县财政局机关党支部", year.id: "2025"},
        items={outline.topics[0].id: [Item(k, f"第{k}条：组织党员集中学习党的理论。") for k in range(1, items + 1)]},
        next_item_id=items + 1,
    )


async def _inbox(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        store = await SQLiteStorage.open(Path(folder) / "bench.sqlite3")
        draft = _draft(20)
        await store.apply(Changes(user_id=1, active_id="d1", mode=None, now=NOW, write=(draft,)))
        bare: list[float] = []
        kept: list[float] = []
        payload = json.dumps({"update_id": 0, "message": {"text": "组织党员集中学习。" * 5}}, ensure_ascii=False)
        for k in range(rounds):
            started = time.perf_counter()
            await store.apply(Changes(user_id=1, active_id="d1", mode=None, now=NOW, write=(draft,)))
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            await store.inbox_add([InboxEntry(k + 1, 1, payload)])
            await store.apply(Changes(user_id=1, active_id="d1", mode=None, now=NOW, write=(draft,), update_id=k + 1))
            # InboxApplication marks every update handled after its handlers ran, answers included.
            await store.inbox_done(k + 1)
            kept.append(time.perf_counter() - started)
        await store.close()
    bare_ms, kept_ms = statistics.median(bare) * 1000, statistics.median(kept) * 1000
    return {
        "apply_ms": round(bare_ms, 3),
        "apply_with_inbox_ms": round(kept_ms, 3),
        "inbox_ms_per_answer": round(kept_ms - bare_ms, 3),
    }


async def _thread(rounds: int) -> dict[str, Any]:
    from bot.model import UserState

    outline = load_outline()
    state = UserState(user_id=1, active=_draft(20))
    ctx = Context(outline=outline, now=datetime(2026, 11, 22, tzinfo=CHINA), new_id=lambda: "x", tools=None)
    direct: list[float] = []
    threaded: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        decide(state, Command("help"), ctx)
        direct.append(time.perf_counter() - started)
        started = time.perf_counter()
        await asyncio.to_thread(decide, state, Command("help"), ctx)
        threaded.append(time.perf_counter() - started)
    d, t = statistics.median(direct) * 1000, statistics.median(threaded) * 1000
    return {"decide_ms": round(d, 3), "decide_in_thread_ms": round(t, 3), "thread_cost_ms": round(t - d, 3)}


def _duplicates(count: int, length: int) -> dict[str, Any]:
    from tests.test_duplicates import items

    texts = [(t * (length // max(1, len(t)) + 1))[:length] for t in items(count, seed=16, twins=0.05)]
    started = time.perf_counter()
    fast = near_duplicates(texts)
    fast_s = time.perf_counter() - started
    started = time.perf_counter()
    slow = [
        (i, j) for i, j in itertools.combinations(range(count), 2) if fuzz.ratio(texts[i], texts[j]) >= NEAR_DUPLICATE
    ]
    slow_s = time.perf_counter() - started
    return {
        f"dup_{count}x{length}_ms": round(fast_s * 1000, 1),
        f"dup_{count}x{length}_allpairs_ms": round(slow_s * 1000, 1),
        f"dup_{count}x{length}_pairs": f"{len(fast)}/{len(slow)}",
    }


def reliability_figures(rounds: int, dup_items: int) -> dict[str, Any]:
    """Return the inbox, thread and near-duplicate figures."""
    figures = asyncio.run(_inbox(rounds))
    figures.update(asyncio.run(_thread(rounds)))
    figures.update(_duplicates(20, 580))
    figures.update(_duplicates(dup_items, 580))
    return figures
