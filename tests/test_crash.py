"""Kill the bot with SIGKILL mid-dialogue, start it again: no acknowledged answer is lost."""

from __future__ import annotations

import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.outline import load_outline

ROUNDS = 6
# Six rounds of three stay under the cap of 20 items a part (bot.limits).
ANSWERS_PER_ROUND = 3


class TerminalBot:
    """`python -m bot` in terminal mode as a child process, read line by line."""

    def __init__(self, db: Path, log_level: str = "WARNING") -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env.update(DATABASE_PATH=str(db), EXPORT_DIR=str(db.parent / "exports"), LOG_LEVEL=log_level)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # The chat's own output and anything logged to stderr, interleaved as a terminal shows them.
            stderr=subprocess.STDOUT,
            env=env,
            cwd=db.parent,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no {pattern!r} within {timeout}s; got: {''.join(seen)[-2000:]}")

    def output(self, timeout: float = 10.0) -> str:
        """Everything the process wrote, once it has exited (AssertionError if it does not in `timeout`)."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"still running after {timeout}s; wrote: {''.join(self.seen)[-2000:]}") from None
        self._reader.join(timeout)
        self._close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._close()

    def _close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.stdout.close()


def stored_items(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT text FROM items ORDER BY id")]


def test_sigkill_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    rng = random.Random(20261122)
    acknowledged: list[str] = []
    sent: list[str] = []

    bot = TerminalBot(db)
    bot.wait_for("选要写的文种")
    bot.send("2")
    bot.wait_for("哪个单位")
    bot.send("县财政局机关党支部")
    bot.wait_for("哪一年")
    bot.send("2025")
    bot.wait_for("上级党组织")
    # Skip the 导语's questions, however many the outline has, up to the first sub-topic.
    for _ in range(len(load_outline().nodes)):
        bot.send("/skip")
        if "政治建设和理论武装" in bot.wait_for(r"第\d+/\d+部分"):
            break

    for round_no in range(ROUNDS):
        if round_no:
            bot = TerminalBot(db)
            bot.wait_for("欢迎回来")
            bot.send("/outline")
            bot.wait_for("目录")
        for k in range(ANSWERS_PER_ROUND):
            answer = f"第{round_no}轮第{k}条：组织中心组学习"
            sent.append(answer)
            bot.send(answer)
            if k < ANSWERS_PER_ROUND - 1:
                bot.wait_for(r"已记下第\d+条")
                acknowledged.append(answer)
        # The last answer of a round is killed at a random moment: before, during or after its commit.
        time.sleep(rng.uniform(0, 0.05))
        bot.kill()

    items = stored_items(db)
    for answer in acknowledged:
        assert f"{answer}。" in items, f"acknowledged answer lost: {answer}"
    assert set(items) <= {f"{a}。" for a in sent}, "an item appeared that was never sent"

    bot = TerminalBot(db)
    assert "政治建设和理论武装" in bot.wait_for("上次到")
    bot.kill()
