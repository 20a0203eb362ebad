"""A terminal chat on the same engine and database: buttons are numbered, typing a number presses it."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import signal
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.assistant import Assistant, Reply
from bot.engine import Button, Command, Event, Press, Text

INTRO = (
    "党建总结助手（终端模式）。按钮前有编号，输入编号即按下；要发数字补〔待补〕时，"
    "编号前加 #（如 #1）才是按钮。/help 看命令，Ctrl-C 或 Ctrl-D 退出。"
)
# Typed before a number, presses that button even where a bare number is an answer; ＃ is the full-width
# form a Chinese input method gives.
PRESS = "#"
NO_SUCH_BUTTON = "（没有编号为 {n} 的按钮）"


@dataclass(frozen=True)
class Shown:
    """What the last reply left on screen: the buttons in their numbering, and whether a number is an answer."""

    buttons: list[Button] = field(default_factory=list)
    number_is_answer: bool = False


def parse_line(line: str, shown: Shown) -> Event | str:
    """Turn a typed line into an event (a command, a numbered button, or text), or a notice to print."""
    stripped = line.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        head, _, args = stripped[1:].partition(" ")
        return Command(head.lower(), args.strip())
    # NFKC folds full-width digits and ＃ into ASCII, as a Chinese input method may type them.
    key = unicodedata.normalize("NFKC", stripped)
    prefixed = key.startswith(PRESS)
    number = key.removeprefix(PRESS).strip()
    if not (number.isascii() and number.isdigit()) or (shown.number_is_answer and not prefixed):
        return Text(line)
    if 1 <= int(number) <= len(shown.buttons):
        return Press(shown.buttons[int(number) - 1].action)
    return NO_SUCH_BUTTON.format(n=number) if prefixed else Text(line)


def render(reply: Reply, export_dir: Path, out: TextIO, *, number_is_answer: bool = False) -> list[Button]:
    """Print a reply; write attachments to `export_dir`; return the buttons in their numbering."""
    buttons: list[Button] = []
    mark = PRESS if number_is_answer else ""
    if reply.toast:
        out.write(f"（{reply.toast}）\n")
    for message in reply.messages:
        if message.attachment is not None:
            path = export_dir / message.attachment.filename
            try:
                export_dir.mkdir(parents=True, exist_ok=True)
                path.write_bytes(message.attachment.data)
            except OSError as e:
                # The draft is saved in the database; only this copy of it could not be written.
                out.write(f"文件未能写入（{e.strerror or e}）：{path}。草稿本身已保存，可稍后再导出。\n")
                continue
            out.write(f"已保存文件：{path}\n")
            continue
        out.write(f"\n{message.text}\n")
        for row in message.buttons:
            cells = []
            for b in row:
                buttons.append(b)
                cells.append(f"[{mark}{len(buttons)}] {b.label}")
            out.write("  " + "   ".join(cells) + "\n")
    out.flush()
    return buttons


class Terminal:
    """One user at the terminal: typed lines become events, replies are printed."""

    def __init__(self, assistant: Assistant, user_id: int, export_dir: Path, out: TextIO) -> None:
        self.assistant = assistant
        self.user_id = user_id
        self.export_dir = export_dir
        self.out = out
        self.shown = Shown()

    async def type(self, line: str) -> None:
        """Handle one typed line to the end: its event, the reply, and what is now on screen."""
        parsed = parse_line(line, self.shown)
        if isinstance(parsed, str):
            self.out.write(parsed + "\n")
            self.out.flush()
            return
        await self.send(parsed)

    async def send(self, event: Event) -> None:
        """Send `event` to the assistant and print its reply."""
        reply = await self.assistant.handle(self.user_id, event)
        number_is_answer = await self.gap_is_open()
        buttons = render(reply, self.export_dir, self.out, number_is_answer=number_is_answer)
        # Keep the previous numbering when a reply has no buttons, so a number still means something.
        self.shown = Shown(buttons or self.shown.buttons, number_is_answer)

    async def gap_is_open(self) -> bool:
        """Whether the stored state reads the next typed number as the fill of a 〔待补〕 gap."""
        draft = (await self.assistant.storage.load(self.user_id)).active
        return draft is not None and draft.pending is not None and draft.pending.kind == "gap"


class LineReader:
    """Lines of a file descriptor, read in a daemon thread so that quitting never waits for a blocked read."""

    def __init__(self, fd: int, loop: asyncio.AbstractEventLoop) -> None:
        self._fd = fd
        self._loop = loop
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        # os.read, not sys.stdin: a daemon thread blocked inside sys.stdin holds its lock at interpreter exit.
        threading.Thread(target=self._read, name="terminal-input", daemon=True).start()

    async def next(self) -> str | None:
        """Return the next line without its line break, or None at end of input."""
        return await self._lines.get()

    def _read(self) -> None:
        # Undecodable bytes become U+FFFD rather than ending the chat.
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        pending = ""
        # RuntimeError: the chat has ended (Ctrl-C) and closed its event loop, so nobody reads on.
        with contextlib.suppress(RuntimeError):
            while chunk := self._chunk():
                pending += decoder.decode(chunk)
                *lines, pending = pending.split("\n")
                for line in lines:
                    self._loop.call_soon_threadsafe(self._lines.put_nowait, line.removesuffix("\r"))
            pending += decoder.decode(b"", final=True)
            for last in ([pending] if pending else []) + [None]:
                self._loop.call_soon_threadsafe(self._lines.put_nowait, last)

    def _chunk(self) -> bytes:
        """Return the next bytes of input: b"" at its end, or once the terminal is gone (EIO)."""
        try:
            return os.read(self._fd, 65536)
        except OSError:
            return b""


async def chat(assistant: Assistant, user_id: int, export_dir: Path) -> None:
    """Run the terminal chat until end of input or Ctrl-C; a line being handled is always finished."""
    out = sys.stdout
    loop = asyncio.get_running_loop()
    interrupted = asyncio.Event()
    # Ctrl-C only asks to stop: cancelling a handled line could leave it saved but unanswered.
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows: KeyboardInterrupt then
        loop.add_signal_handler(signal.SIGINT, interrupted.set)
    try:
        terminal = Terminal(assistant, user_id, export_dir, out)
        out.write(INTRO + "\n")
        await terminal.send(Command("start"))
        reader = LineReader(sys.stdin.fileno(), loop)
        while not interrupted.is_set():
            if sys.stdin.isatty():
                out.write("> ")
                out.flush()
            line = await _next_line(reader, interrupted)
            if line is None:
                break
            if line.strip():
                await terminal.type(line)
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)
    if interrupted.is_set():
        out.write("\n已退出。\n")
        out.flush()


async def _next_line(reader: LineReader, stop: asyncio.Event) -> str | None:
    """Return the next line; None at end of input or as soon as `stop` is set with no line read."""
    line = asyncio.ensure_future(reader.next())
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({line, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    # A line read just as Ctrl-C came is still handled: the user pressed Enter before Ctrl-C.
    if line.done():
        return line.result()
    line.cancel()
    return None
