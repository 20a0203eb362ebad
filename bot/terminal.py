"""A terminal chat on the same engine and database: buttons are numbered, typing a number presses it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.assistant import Assistant, Reply
from bot.engine import Button, Command, Event, Press, Text

INTRO = "党建总结助手（终端模式）。按钮前有编号，输入编号即按下；/help 看命令，Ctrl-D 退出。"


def parse_line(line: str, buttons: list[Button]) -> Event:
    """Turn a typed line into an event: a command, a numbered button, or text."""
    stripped = line.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        head, _, args = stripped[1:].partition(" ")
        return Command(head.lower(), args.strip())
    if stripped.isascii() and stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return Press(buttons[int(stripped) - 1].action)
    return Text(line)


def render(reply: Reply, export_dir: Path, out: TextIO) -> list[Button]:
    """Print a reply; write attachments to `export_dir`; return the buttons in their numbering."""
    buttons: list[Button] = []
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
                cells.append(f"[{len(buttons)}] {b.label}")
            out.write("  " + "   ".join(cells) + "\n")
    out.flush()
    return buttons


async def chat(assistant: Assistant, user_id: int, export_dir: Path) -> None:
    """Run the terminal chat until end of input."""
    out = sys.stdout
    out.write(INTRO + "\n")
    buttons = render(await assistant.handle(user_id, Command("start")), export_dir, out)
    loop = asyncio.get_running_loop()
    while True:
        if sys.stdin.isatty():
            out.write("> ")
            out.flush()
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        line = line.rstrip("\n")
        if not line.strip():
            continue
        reply = await assistant.handle(user_id, parse_line(line, buttons))
        # Keep the previous numbering when a reply has no buttons, so a number still means something.
        buttons = render(reply, export_dir, out) or buttons
