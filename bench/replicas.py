"""Webhook processes on SQLite and on PostgreSQL, measured in one run with the same load.

`python -m bench.replicas [--users N] [--answers M]` prints one JSON line: answers/s and latency for one
process on SQLite, one process on PostgreSQL and two processes on PostgreSQL, each a real `python -m bot`
in webhook mode behind the test dispatcher (tests/replicas.py), against the fake Bot API. Each user sends
the set-up of a draft, then its answers one after the other (the next once the reply came); the answers
are timed from the moment the dispatcher posts them until the reply reaches the fake Bot API.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.load import percentile
from bench.scripts import throughput_steps
from tests import pg
from tests.fakebot import FakeBotServer
from tests.replicas import Dispatcher, Replica, Replies, replica_env

REPLY_TIMEOUT_S = 60.0


async def measure(backend: str, processes: int, users: int, answers: int, tmp: Path) -> dict[str, Any]:
    """Run the load on `processes` bot processes over `backend`; return answers/s and latency."""
    database = await pg.create_database() if backend == "postgresql" else ""
    try:
        async with FakeBotServer() as server:
            env = replica_env(server, database)
            if backend == "sqlite":
                del env["DATABASE_URL"]
                env["DATABASE_PATH"] = str(tmp / f"bench-{time.monotonic_ns()}.sqlite3")
            replicas = [Replica(f"{backend}{i}", env, tmp / f"{backend}-{processes}-{i}.log") for i in range(processes)]
            for r in replicas:
                r.start()
            dispatcher = Dispatcher(replicas)
            try:
                await asyncio.gather(*(r.wait_healthy() for r in replicas))
                return await _load(server, dispatcher, users, answers)
            finally:
                await dispatcher.close()
                for r in replicas:
                    r.stop()
    finally:
        if database:
            await pg.drop_database(database)


async def _load(server: FakeBotServer, dispatcher: Dispatcher, users: int, answers: int) -> dict[str, Any]:
    core = server.core
    replies = Replies(core, asyncio.get_running_loop())
    latencies: list[float] = []
    stalled = 0

    async def send(user: int, text: str | None, label: str | None) -> bool:
        before = len(replies.chats[user].texts)
        if text is not None:
            update = core.text_update(user, text, queue=False)
        else:
            data = next(d for t, d in core.buttons(user) if d and label and label in t)
            update = core.callback_update(user, data, queue=False)
        await dispatcher.deliver(update)
        return await replies.wait(user, before + 1, REPLY_TIMEOUT_S)

    ids = range(6_000_001, 6_000_001 + users)
    steps = {u: throughput_steps(i, answers) for i, u in enumerate(ids)}

    async def set_up(user: int) -> None:
        for step in steps[user][0]:
            await send(user, step.text, step.label)

    async def answer(user: int) -> None:
        nonlocal stalled
        for step in steps[user][1]:
            started = time.perf_counter()
            if not await send(user, step.text, None):
                stalled += 1
                return
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(set_up(u) for u in ids))
    started = time.perf_counter()
    await asyncio.gather(*(answer(u) for u in ids))
    elapsed = time.perf_counter() - started
    return {
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "stalled_users": stalled,
        "retried_deliveries": dispatcher.figures.retried,
    }


async def compare(users: int, answers: int) -> dict[str, Any]:
    """SQLite and PostgreSQL with one process, then PostgreSQL with two, in one run."""
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp:
        runs = {
            "sqlite_1": await measure("sqlite", 1, users, answers, Path(tmp)),
            "postgresql_1": await measure("postgresql", 1, users, answers, Path(tmp)),
            "postgresql_2": await measure("postgresql", 2, users, answers, Path(tmp)),
        }
    return {"users": users, "answers_per_user": answers, **runs}


def main() -> None:
    """Parse the command line, run the comparison, print one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.replicas")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args()
    reason = pg.unreachable()
    if reason:
        raise SystemExit(reason)
    print(json.dumps(asyncio.run(compare(args.users, args.answers)), ensure_ascii=False))


if __name__ == "__main__":
    main()
