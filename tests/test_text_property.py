"""Arbitrary Unicode: every answer and unit name the dialogue accepts can be previewed and downloaded.

Property-based (hypothesis): one assistant, a fresh user a example, the terminal front end writing the files
to disk; the Telegram front end gets the nastiest fixed cases through the fake Bot API (the file is opened again in
the terminal property; here its name and its arrival are checked).
"""

from __future__ import annotations

import asyncio
import io
import itertools
import re
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.assistant import Assistant
from bot.cleaning import clean_text
from bot.documents import file_stem
from bot.engine import Command
from bot.outline import Outline, load_outline
from bot.terminal import render
from tests.chat import Chat
from tests.conftest import FIXED_NOW, make_assistant
from tests.fakebot import FakeBotServer
from tests.test_hostile import BotUnderTest, begin, settings_for, to_items

# Characters XML 1.0 forbids, and the bidi embeddings, overrides, isolates and marks.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
NASTY = [
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\u2066",
    "\u2069",
    "\u202e",
    "\u0000",
    "\x85",
    "𠀀",
    "😀",
    "\U0010fffd",
]
nasty_text = st.text(st.one_of(st.sampled_from(NASTY), st.characters()), min_size=1, max_size=40)


@given(nasty_text)
def test_clean_text_keeps_only_writable_characters(raw: str) -> None:
    cleaned = clean_text(raw)
    assert not FORBIDDEN.search(cleaned)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")


@given(nasty_text)
def test_file_names_fit_in_255_bytes_and_are_safe(title: str) -> None:
    stem = file_stem(title + "年度党建工作总结" * 10)
    assert len(f"{stem}.docx".encode()) <= 255
    assert stem not in ("", ".", "..") and not FORBIDDEN.search(stem) and "/" not in stem


class Terminal:
    """The assistant behind the terminal front end, on its own event loop, a new user a example."""

    def __init__(self, folder: Path, outline: Outline) -> None:
        self.loop = asyncio.new_event_loop()
        self.folder = folder
        self.outline = outline
        self.assistant: Assistant = self.loop.run_until_complete(make_assistant(folder / "db.sqlite3", outline, None))
        self.users = itertools.count(1000)

    def run(self, unit: str, answer: str) -> None:
        self.loop.run_until_complete(self._dialogue(next(self.users), unit, answer))

    async def _dialogue(self, user: int, unit: str, answer: str) -> None:
        chat = Chat(self.assistant, user)
        await chat.command("start")
        await chat.press("年度党建工作总结")
        await chat.say(unit)
        if any(str(FIXED_NOW.year - 1) == b.label for b in chat.buttons):
            await chat.press(str(FIXED_NOW.year - 1))
        await chat.say(answer)
        for name in ("preview", "download"):
            await chat.send(Command(name))
            if not any(m.attachment for m in chat.last.messages) and any(b.label == "直接下载" for b in chat.buttons):
                await chat.press("直接下载")  # the gaps were offered first
            out = io.StringIO()
            render(chat.last, self.folder / "exports", out)
            assert "出错" not in out.getvalue(), out.getvalue()
        written = list((self.folder / "exports").glob("*.docx"))
        assert written, "the download wrote a .docx"
        for path in written:
            docx.Document(str(path))  # opens again
            path.unlink()

    def close(self) -> None:
        self.loop.run_until_complete(self.assistant.storage.close())
        self.loop.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=nasty_text, answer=nasty_text)
@example(unit="县\ufffe财政局\uffff", answer="组织\ufffe学习\ud800")
@example(unit="\u2066县直机关\u2069党支部\u202e", answer="开展\u2067主题党日")
@example(unit="😀" * 60, answer="𠀀" * 200)
def test_any_unit_and_answer_preview_and_download_in_the_terminal(unit: str, answer: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        terminal = Terminal(Path(folder), load_outline())
        try:
            terminal.run(unit, answer)
        finally:
            terminal.close()


async def test_nasty_units_and_answers_download_through_telegram(tmp_path: Path, outline: Outline) -> None:
    server = FakeBotServer().start()
    settings = settings_for(server.base_url, server.base_file_url, tmp_path / "db.sqlite3")
    bot = await BotUnderTest.start(server.core, settings, outline, None)
    try:
        for user, unit in enumerate(
            ["县\ufffe财政局\uffff", "\u2066县直机关\u2069党支部", "😀" * 60, "𠀀𠀁𠀂" * 20], start=50
        ):
            await begin(bot, user, unit)
            await to_items(bot, user, outline)
            await bot.say(user, "组织\ufffe学习\ud800，\u202e开展主题党日")
            assert "出错" not in await bot.say(user, "/preview")
            before = len(server.core.messages_to(user))
            await bot.say(user, "/download")
            if not any(m.document for m in server.core.messages_to(user)[before:]):
                await bot.press(user, "直接下载")
            files = [m for m in server.core.messages_to(user)[before:] if m.document]
            assert files, server.core.messages_to(user)[before:]
            names = [m.document for m in files if m.document]
            assert sorted(n.rsplit(".", 1)[1] for n in names) == ["docx", "txt"], names
            assert all(len(n.encode()) <= 255 and not FORBIDDEN.search(n) for n in names), names
    finally:
        await bot.stop()
        server.stop()
