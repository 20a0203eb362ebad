"""`python -m bench`: how close the bot is to what its parts allow.

Every figure stands next to a bare baseline measured in the same run, and the goals are on ratios:
the machine is shared and noisy, so absolute numbers move between runs while ratios hold. Each part
runs in its own process where memory or start-up is measured; every child is bounded in time and
ended if it overruns. `--quick` runs smaller loads in under a minute; `--json` prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.documents import docx_figures
from bench.reliability import reliability_figures
from bench.scripts import short_draft, throughput_steps
from bench.startup import ROOT, bare_start, child_env, cold_start

# A load run taking longer than this per update it sends counts as hung (and is ended); the slowest
# runs seen on a shared 2-core machine took about a sixth of it.
SECONDS_PER_UPDATE = 0.1
SETUP_UPDATES = len(throughput_steps(0, 0)[0])
SHORT_DRAFT_UPDATES = len(short_draft(0).steps)


@dataclass(frozen=True)
class Plan:
    """How much of each measurement to run."""

    users: int
    answers: int
    concurrent_users: int
    start_runs: int
    bare_runs: int
    docx_rounds: int
    matcher_full: bool
    inbox_rounds: int
    dup_items: int


NORMAL = Plan(
    users=200,
    answers=20,
    concurrent_users=500,
    start_runs=5,
    bare_runs=3,
    docx_rounds=30,
    matcher_full=True,
    inbox_rounds=400,
    dup_items=700,
)
QUICK = Plan(
    users=30,
    answers=10,
    concurrent_users=40,
    start_runs=2,
    bare_runs=1,
    docx_rounds=5,
    matcher_full=False,
    inbox_rounds=100,
    dup_items=200,
)

# (figure, its bare baseline, the value the goal is on, the goal, how the goal reads)
GOALS: tuple[tuple[str, str, str, Callable[[float], bool], str], ...] = (
    ("match_p99_ms", "match_bare_p99_ms", "match_ratio", lambda r: r <= 1.0, "ratio ≤ 1.0"),
    ("updates_per_s", "bare_updates_per_s", "throughput_ratio", lambda r: r >= 0.5, "ratio ≥ 0.5"),
    ("cold_start_s", "bare_start_s", "start_ratio", lambda r: r <= 1.3, "ratio ≤ 1.3"),
    ("rss_mb", "bare_rss_mb", "rss_ratio", lambda r: r <= 1.3, "ratio ≤ 1.3"),
    ("pipeline_p99_ms", "", "pipeline_p99_ms", lambda v: v <= 3.0, "≤ 3 ms"),
    ("docx_ms", "docx_bare_ms", "docx_ms", lambda v: v <= 150, "≤ 150 ms"),
    ("lost_answers", "", "lost_answers", lambda v: v == 0, "0"),
    ("inbox_ms_per_answer", "apply_ms", "inbox_ms_per_answer", lambda v: v < 1.0, "< 1 ms median"),
    ("errors", "", "errors", lambda v: v == 0, "0"),
)


def ratio(a: float | None, b: float | None) -> float | None:
    """Return a / b rounded, or None if either is missing."""
    return round(a / b, 3) if a is not None and b else None


def matcher_figures(plan: Plan) -> dict[str, Any]:
    """One query over the whole bank through the product's matcher, next to bare rapidfuzz (bench.matcher)."""
    from bench import matcher as bench_matcher

    if plan.matcher_full:
        details = bench_matcher.run(with_memory=False)
        details["quality"].pop("misses", None)
        timing = details["timing"]
    else:
        # Only the speed part: quality and the other candidate selections take most of run()'s time.
        from bot.matcher import Matcher

        details = None
        timing = bench_matcher.timing(Matcher.load(), bench_matcher.load_eval())
        timing["pipeline"] = bench_matcher.pipeline(Matcher.load())
    product, bare = timing["suggest(whole bank)"], timing["bare rapidfuzz"]
    figures: dict[str, Any] = {
        "match_median_ms": product["median_ms"],
        "match_p99_ms": product["p99_ms"],
        "match_bare_median_ms": bare["median_ms"],
        "match_bare_p99_ms": bare["p99_ms"],
        "match_ratio": ratio(product["p99_ms"], bare["p99_ms"]),
        # The whole answer pipeline (split, match, fill, polish) per answer: bot.facts.FactFinder.analyse.
        "pipeline_median_ms": timing["pipeline"]["median_ms"],
        "pipeline_p99_ms": timing["pipeline"]["p99_ms"],
    }
    if details is not None:
        figures["matcher"] = details
    return figures


def load_run(mode: str, users: int, answers: int, updates: int, profile: Path | None = None) -> dict[str, Any]:
    """Run `python -m bench.load` in a fresh process on a fresh database and return its figures."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        command = [sys.executable, "-m", "bench.load", mode, "--users", str(users), "--answers", str(answers)]
        command += ["--db", str(Path(tmp) / "bot.sqlite3")]
        if profile is not None:
            command += ["--profile", str(profile)]
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60 + updates * SECONDS_PER_UPDATE,
        )
    if done.returncode != 0:
        raise RuntimeError(f"bench.load {mode} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def throughput_figures(plan: Plan) -> dict[str, Any]:
    """Answers per second through the real Application, next to the same machinery with a bare handler."""
    updates = plan.users * (plan.answers + SETUP_UPDATES)
    # Bare runs are cheap: one before and the rest after the product run, so drift hits both sides.
    bares = [load_run("bare", plan.users, plan.answers, updates)]
    product = load_run("product", plan.users, plan.answers, updates)
    bares += [load_run("bare", plan.users, plan.answers, updates) for _ in range(plan.bare_runs - 1)]
    rich = load_run("bare-rich", plan.users, plan.answers, updates)
    bare = sorted(bares, key=lambda r: r["updates_per_s"])[len(bares) // 2]
    errors = sum(product["errors"].values())
    return {
        "users": plan.users,
        "answers_per_user": plan.answers,
        "updates_per_s": product["updates_per_s"],
        "bare_updates_per_s": bare["updates_per_s"],
        "throughput_ratio": ratio(product["updates_per_s"], bare["updates_per_s"]),
        "update_p50_ms": product["p50_ms"],
        "update_p99_ms": product["p99_ms"],
        "bare_update_p50_ms": bare["p50_ms"],
        "bare_update_p99_ms": bare["p99_ms"],
        "bare_rich_updates_per_s": rich["updates_per_s"],
        "cpu_ms_per_update": round(1000 * product["cpu_busy"] / product["updates_per_s"], 2),
        "bare_cpu_ms_per_update": round(1000 * bare["cpu_busy"] / bare["updates_per_s"], 2),
        "rss_mb": product["memory_mb"]["VmRSS"],
        "rss_peak_mb": product["memory_mb"]["VmHWM"],
        "throughput_errors": errors,
    }


def start_figures(plan: Plan) -> dict[str, Any]:
    """Cold start of `python -m bot` to its first reply, next to a bare telegram.ext + jieba process."""
    colds: list[dict[str, Any]] = []
    bares: list[dict[str, Any]] = []
    # The first runs write jieba's and Python's caches; neither side should pay for that.
    bare_start()
    cold_start()
    for _ in range(plan.start_runs):
        bares.append(bare_start())
        colds.append(cold_start())
    replies = [c["reply_s"] for c in colds]
    if None in replies or not all(c["welcome"] for c in colds):
        raise RuntimeError(f"the bot did not answer /start: {colds}")
    cold = statistics.median(replies)
    bare = statistics.median(b["seconds"] for b in bares)
    ready = [c["jieba_ready_s"] for c in colds]
    # Unknown (None) if jieba's log line was missed in any run: its wording is jieba's, not ours.
    known = None not in ready
    return {
        "cold_start_s": round(cold, 3),
        "bare_start_s": round(bare, 3),
        "start_ratio": ratio(cold, bare),
        "jieba_ready_s": round(statistics.median(ready), 3) if known else None,
        "start_before_jieba": all(c["reply_s"] < c["jieba_ready_s"] for c in colds) if known else None,
        "bare_rss_mb": statistics.median(b["rss_mb"] for b in bares),
    }


def concurrent_figures(plan: Plan) -> dict[str, Any]:
    """Many users finishing a short draft at once; every answer checked in the database afterwards."""
    users = plan.concurrent_users
    run = load_run("concurrent", users, 0, users * SHORT_DRAFT_UPDATES)
    return {
        "concurrent_users": users,
        "finished_users": run["finished_users"],
        "lost_answers": run["lost_answers"],
        "errors": sum(run["errors"].values()),
        "error_kinds": run["errors"],
        "concurrent_updates_per_s": run["updates_per_s"],
        "concurrent_p99_ms": run["p99_ms"],
    }


# Telegram lets a bot send about 30 messages a second in all; a process faster than that is enough.
TELEGRAM_MESSAGES_PER_S = 30


def replica_figures(plan: Plan) -> dict[str, Any]:
    """Webhook processes on SQLite and PostgreSQL, one and two, in one run (only when PostgreSQL is reachable)."""
    from tests import pg

    reason = pg.unreachable()
    if reason:
        return {"replicas_skipped": reason}
    users, answers = (plan.users // 4, plan.answers // 2)
    done = subprocess.run(
        [sys.executable, "-m", "bench.replicas", "--users", str(users), "--answers", str(answers)],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120 + 3 * users * (answers + SETUP_UPDATES) * SECONDS_PER_UPDATE,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.replicas failed:\n{done.stderr[-2000:]}")
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    sqlite, pg1, pg2 = runs["sqlite_1"], runs["postgresql_1"], runs["postgresql_2"]
    return {
        "replica_users": users,
        "sqlite_1p_answers_per_s": sqlite["answers_per_s"],
        "pg_1p_answers_per_s": pg1["answers_per_s"],
        "pg_2p_answers_per_s": pg2["answers_per_s"],
        "sqlite_1p_p99_ms": sqlite["p99_ms"],
        "pg_1p_p99_ms": pg1["p99_ms"],
        "pg_2p_p99_ms": pg2["p99_ms"],
        "pg_over_sqlite": ratio(pg1["answers_per_s"], sqlite["answers_per_s"]),
        "pg_2p_over_1p": ratio(pg2["answers_per_s"], pg1["answers_per_s"]),
        "pg_2p_over_telegram_limit": ratio(pg2["answers_per_s"], TELEGRAM_MESSAGES_PER_S),
        "replica_stalled_users": sum(r["stalled_users"] for r in (sqlite, pg1, pg2)),
    }


def profile(directory: Path, plan: Plan) -> dict[str, str]:
    """Write pyinstrument profiles of a product load run and of a cold start (not used for any figure)."""
    directory.mkdir(parents=True, exist_ok=True)
    load = directory / "throughput.html"
    load_run("product", plan.users, plan.answers, 4 * plan.users * (plan.answers + SETUP_UPDATES), load)
    start = directory / "startup.html"
    cold_start(("-m", "pyinstrument", "--renderer", "html", "--outfile", str(start)))
    return {"throughput": str(load), "startup": str(start)}


def run(plan: Plan, profile_dir: Path | None) -> dict[str, Any]:
    """Run every part, each failure recorded rather than ending the run; return all figures."""
    figures: dict[str, Any] = {
        "quick": plan is QUICK,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_before": round(os.getloadavg()[0], 2),
    }
    failures: dict[str, str] = {}
    started = time.perf_counter()
    parts: dict[str, Callable[[], dict[str, Any]]] = {
        "docx": lambda: docx_figures(plan.docx_rounds),
        "start": lambda: start_figures(plan),
        "throughput": lambda: throughput_figures(plan),
        "concurrent": lambda: concurrent_figures(plan),
        "matcher": lambda: matcher_figures(plan),
        "replicas": lambda: replica_figures(plan),
        "reliability": lambda: reliability_figures(plan.inbox_rounds, plan.dup_items),
    }
    if profile_dir is not None:
        parts["profile"] = lambda: {"profiles": profile(profile_dir, plan)}
    for name, part in parts.items():
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        try:
            figures.update(part())
        except Exception as exc:  # a part that breaks is reported; the others still run
            failures[name] = f"{type(exc).__name__}: {exc}"
    figures["rss_ratio"] = ratio(figures.get("rss_mb"), figures.get("bare_rss_mb"))
    figures["docx_ratio"] = ratio(figures.get("docx_ms"), figures.get("docx_bare_ms"))
    figures["goals_met"] = {
        check: goal(figures[check]) for _, _, check, goal, _ in GOALS if figures.get(check) is not None
    }
    figures["load_avg_after"] = round(os.getloadavg()[0], 2)
    figures["elapsed_s"] = round(time.perf_counter() - started, 1)
    if failures:
        figures["failures"] = failures
    return figures


# Figures shown under the goals: (figure, its bare baseline or "").
DETAILS = (
    ("match_median_ms", "match_bare_median_ms"),
    ("update_p50_ms", "bare_update_p50_ms"),
    ("update_p99_ms", "bare_update_p99_ms"),
    ("cpu_ms_per_update", "bare_cpu_ms_per_update"),
    ("bare_rich_updates_per_s", ""),
    ("rss_peak_mb", ""),
    ("throughput_errors", ""),
    ("jieba_ready_s", ""),
    ("start_before_jieba", ""),
    ("concurrent_users", ""),
    ("finished_users", ""),
    ("concurrent_updates_per_s", ""),
    ("pg_1p_answers_per_s", "sqlite_1p_answers_per_s"),
    ("pg_1p_p99_ms", "sqlite_1p_p99_ms"),
    ("pg_over_sqlite", ""),
    ("pg_2p_answers_per_s", "pg_1p_answers_per_s"),
    ("pg_2p_p99_ms", "pg_1p_p99_ms"),
    ("pg_2p_over_1p", ""),
    ("pg_2p_over_telegram_limit", ""),
    ("replica_stalled_users", ""),
    ("replicas_skipped", ""),
    ("decide_in_thread_ms", "decide_ms"),
    ("thread_cost_ms", ""),
    ("dup_20x580_ms", "dup_20x580_allpairs_ms"),
    ("dup_700x580_ms", "dup_700x580_allpairs_ms"),
    ("dup_200x580_ms", "dup_200x580_allpairs_ms"),
)


def table(figures: dict[str, Any]) -> str:
    """Return the figures as a readable table: figure, bare baseline, ratio, goal."""

    def show(key: str) -> str:
        value = figures.get(key) if key else None
        return "—" if value is None else str(value)

    rows = [("figure", "value", "bare", "goal on", "goal", "met")]
    for key, bare, check, _, goal in GOALS:
        met = figures["goals_met"].get(check)
        verdict = "—" if met is None else "yes" if met else "NO"
        rows.append((key, show(key), show(bare), f"{check} = {show(check)}", goal, verdict))
    rows += [(key, show(key), show(bare), "", "", "") for key, bare in DETAILS]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(GOALS) + 2, "")
    tail = f"{'quick' if figures['quick'] else 'normal'} run, {figures['elapsed_s']} s"
    tail += f", load average {figures['load_avg_before']} → {figures['load_avg_after']} on {figures['cpus']} CPUs"
    lines += ["", tail]
    lines += [f"FAILED {name}: {why}" for name, why in figures.get("failures", {}).items()]
    return "\n".join(lines)


def main() -> None:
    """Parse the command line, run, print a table or one JSON object; exit 1 if a part failed."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller loads, under a minute")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="also write pyinstrument profiles to DIR")
    args = parser.parse_args()
    figures = run(QUICK if args.quick else NORMAL, args.profile)
    print(json.dumps(figures, ensure_ascii=False) if args.json else table(figures))
    sys.exit(1 if "failures" in figures else 0)


if __name__ == "__main__":
    main()
