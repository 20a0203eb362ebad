"""Start-up: `python -m bot` against a fake Bot API over HTTP, next to a bare telegram.ext + jieba process.

The cold start is timed from just before the process is spawned to the moment the fake Bot API
handles the bot's first sendMessage, the answer to a /start queued before the bot came up. The
moment the matcher (jieba) is loaded in that process (the bot's TOOLS_READY log line) tells whether
/start was answered without waiting for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from bot.__main__ import TOOLS_READY
from tests.fakebot import TOKEN, FakeBotServer, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60.0
JIEBA_READY_LINE = TOOLS_READY
USER = 4242
PYCACHE = Path(tempfile.gettempdir()) / "dangjian-bench-pycache"
BARE_SCRIPT = """
import json, pathlib
import telegram.ext
import jieba
jieba.initialize()
status = dict(l.split(":", 1) for l in pathlib.Path("/proc/self/status").read_text().splitlines() if ":" in l)
print(json.dumps({k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}))
"""


class WatchedTelegram(FakeTelegram):
    """The fake Bot API, noting when each method is first called and when the first message arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.first_reply = threading.Event()
        self.first_call_at: dict[str, float] = {}

    def handle(
        self, token: str, method: str, params: Mapping[str, Any], files: Mapping[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer as the fake does, timestamping the first call of each method."""
        status, body = super().handle(token, method, params, files)
        self.first_call_at.setdefault(method, time.perf_counter())
        if method == "sendMessage" and status == 200:
            self.first_reply.set()
        return status, body


def child_env() -> dict[str, str]:
    """The environment of every measured process: bytecode cached, as where the bot is deployed.

    With PYTHONDONTWRITEBYTECODE (set on some development machines) each start would compile the
    project's sources again; the cache goes to a directory of its own, not into the source tree.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def bot_env(server: FakeBotServer, db: Path) -> dict[str, str]:
    """The bot's environment: every setting it reads set, so no .env file can change what is measured."""
    env = {k: v for k, v in child_env().items() if not k.startswith(("TELEGRAM_", "DATABASE_", "DOCX_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=server.base_url,
        TELEGRAM_BASE_FILE_URL=server.base_file_url,
        DATABASE_PATH=str(db),
        ALLOWED_USER_IDS="",
        LOG_LEVEL="INFO",
        EXPORT_DIR=str(db.parent / "exports"),
    )
    return env


def _watch_jieba(stream: IO[str], ready: threading.Event, at: list[float]) -> None:
    for line in stream:
        if JIEBA_READY_LINE in line and not ready.is_set():
            at.append(time.perf_counter())
            ready.set()


def stop(proc: subprocess.Popen[str]) -> None:
    """End a child we started: SIGTERM (the bot shuts down cleanly on it), then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cold_start(extra_args: tuple[str, ...] = ()) -> dict[str, Any]:
    """Start `python -m bot` with a /start waiting; return seconds to the reply and to jieba ready."""
    core = WatchedTelegram()
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp, FakeBotServer(core) as server:
        core.text_update(USER, "/start")
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *extra_args, "-m", "bot"],
            cwd=ROOT,
            env=bot_env(server, Path(tmp) / "bot.sqlite3"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready, ready_at = threading.Event(), list[float]()
        assert proc.stderr is not None
        reader = threading.Thread(target=_watch_jieba, args=(proc.stderr, ready, ready_at), daemon=True)
        reader.start()
        try:
            replied = core.first_reply.wait(START_TIMEOUT_S)
            ready.wait(START_TIMEOUT_S if replied else 0)
        finally:
            stop(proc)
            reader.join(5)
        calls = {method: round(at - start, 3) for method, at in core.first_call_at.items()}
        jieba_s = ready_at[0] - start if ready_at else None
        welcome = any("文种" in m.text for m in core.messages_to(USER))
    return {"reply_s": calls.get("sendMessage"), "jieba_ready_s": jieba_s, "welcome": welcome, "first_calls_s": calls}


def bare_start() -> dict[str, Any]:
    """Run a process that imports telegram.ext and initialises jieba; return its run time and memory."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BARE_SCRIPT],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )
    elapsed = time.perf_counter() - start
    done.check_returncode()
    memory = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": elapsed, "rss_mb": round(memory["VmRSS"], 1)}
