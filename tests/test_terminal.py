"""The terminal chat: quitting with Ctrl-C, logs kept out of the chat, numbers typed at a 〔待补〕 prompt."""

from __future__ import annotations

import fcntl
import io
import logging
import signal
import sqlite3
import struct
import termios
import time
from pathlib import Path
from typing import IO

import pytest

from bot.__main__ import TERMINAL_LOG, TOOLS_READY
from bot.assistant import Assistant
from bot.engine import Button, Command, Press, Text
from bot.logs import setup_logging
from bot.terminal import NO_SUCH_BUTTON, Shown, Terminal, parse_line
from tests.fakebot import TOKEN
from tests.test_crash import TerminalBot


def unread(pipe: IO[str]) -> int:
    """Bytes written into `pipe` that the other end has not read yet (Linux: FIONREAD works on either end)."""
    return int(struct.unpack("i", fcntl.ioctl(pipe.fileno(), termios.FIONREAD, b"\0\0\0\0"))[0])


def drafts(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT kind, unit FROM drafts").fetchall()
    conn.close()
    return rows


def test_ctrl_c_at_the_prompt_quits_at_once_without_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    bot = TerminalBot(db)
    bot.wait_for("选要写的文种")
    bot.send("2")
    bot.wait_for("哪个单位")  # the matcher has loaded: nothing is left to wait for
    bot.proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    output = bot.output(timeout=10)
    assert bot.proc.returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    assert output.rstrip().endswith("已退出。")
    assert time.monotonic() - started < 3


def test_ctrl_c_while_a_line_is_handled_finishes_that_line(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    bot = TerminalBot(db)
    bot.wait_for("选要写的文种")
    # A button press waits for the matcher, which is still loading: Ctrl-C comes once the line is read,
    # while it is handled.
    bot.send("2")
    assert bot.proc.stdin is not None
    deadline = time.monotonic() + 10
    while unread(bot.proc.stdin) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # from the reading thread into the event loop
    bot.proc.send_signal(signal.SIGINT)
    output = bot.output(timeout=10)
    assert bot.proc.returncode == 0, output
    assert "Traceback" not in output
    # The press was saved and its reply shown, and nothing after it was read.
    assert drafts(db) == [("annual", None)]
    assert "哪个单位" in output
    assert output.rstrip().endswith("已退出。")


def test_log_lines_go_to_a_file_beside_the_database_not_into_the_chat(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    bot = TerminalBot(db, log_level="INFO")
    bot.wait_for("选要写的文种")
    bot.send("2")  # waits for the matcher, so its "loaded" line has been logged by the reply
    bot.wait_for("哪个单位")
    assert bot.proc.stdin is not None
    bot.proc.stdin.close()  # Ctrl-D
    output = bot.output(timeout=10)
    assert bot.proc.returncode == 0, output
    assert TOOLS_READY not in output and " INFO " not in output
    assert TOOLS_READY in (tmp_path / TERMINAL_LOG).read_text(encoding="utf-8")


def test_terminal_logging_shows_only_warnings_and_redacts_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    log_file = tmp_path / "new" / TERMINAL_LOG
    try:
        setup_logging("INFO", log_file=log_file)
        logging.getLogger("bot").info("request to %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
        logging.getLogger("bot").warning("could not register the command menu")
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)
    shown = capsys.readouterr().err
    assert "could not register the command menu" in shown and "request to" not in shown
    kept = log_file.read_text(encoding="utf-8")
    assert "request to https://api.telegram.org/bot<token>/getMe" in kept
    assert "could not register the command menu" in kept
    assert TOKEN.split(":", 1)[1] not in kept


def typed_number(terminal: Terminal, label: str) -> str:
    """What the user types to press the button whose label contains `label`."""
    found = [i for i, b in enumerate(terminal.shown.buttons, 1) if label in b.label]
    assert found, f"no button {label!r} among {[b.label for b in terminal.shown.buttons]}"
    return str(found[0])


async def items_of(assistant: Assistant, node: str) -> list[str]:
    state = await assistant.storage.load(1)
    assert state.active is not None
    return [item.text for item in state.active.items.get(node, [])]


async def test_a_bare_number_at_a_gap_prompt_is_the_answer_and_hash_presses(
    assistant: Assistant, tmp_path: Path
) -> None:
    out = io.StringIO()
    terminal = Terminal(assistant, 1, tmp_path, out)
    await terminal.send(Command("start"))
    await terminal.type(typed_number(terminal, "年度党建工作总结"))
    await terminal.type("县财政局机关党支部")
    await terminal.type(typed_number(terminal, "2025"))
    await terminal.type("/outline")
    await terminal.type(typed_number(terminal, "5. 支部建设"))
    # Where no number is asked for, a bare number still presses.
    await terminal.type(typed_number(terminal, "主题党日"))
    assert terminal.shown.number_is_answer and "[#1] 先空着" in out.getvalue()
    await terminal.type("1")  # one 主题党日, not the 1st button (先空着)
    assert await items_of(assistant, "work.branch") == ["开展主题党日活动1场次。"]
    assert not terminal.shown.number_is_answer

    await terminal.type("/outline")
    await terminal.type(typed_number(terminal, "4. 组织领导"))
    await terminal.type(typed_number(terminal, "党组会议"))
    assert terminal.shown.number_is_answer
    before = len(out.getvalue())
    await terminal.type("＃1")  # the full-width ＃ of a Chinese input method
    assert "先空着" in out.getvalue()[before:]
    assert "〔待补：" in (await items_of(assistant, "work.duty"))[0]
    assert not terminal.shown.number_is_answer


def test_typed_lines_become_commands_presses_or_text() -> None:
    buttons = [Button("先空着", "d:x:gs:1"), Button("继续写", "u:cont")]
    plain, at_gap = Shown(buttons), Shown(buttons, number_is_answer=True)
    assert parse_line("/outline", plain) == Command("outline", "")
    assert parse_line(" 2 ", plain) == Press("u:cont")
    assert parse_line("２", plain) == Press("u:cont")
    assert parse_line("#2", plain) == parse_line("# 2", at_gap) == Press("u:cont")
    assert parse_line("2", at_gap) == Text("2")
    assert parse_line("3", plain) == Text("3")  # no such button: an answer, as before
    assert parse_line("#3", at_gap) == NO_SUCH_BUTTON.format(n=3)
    assert parse_line("#话题", plain) == Text("#话题")
