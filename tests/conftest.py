"""Shared fixtures: a real SQLite file, the real outline, the real matcher (loaded once)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest

from bot.aids import WritingAids
from bot.assistant import CHINA, Assistant
from bot.carry import blank_numbers
from bot.documents import DocumentMaker
from bot.engine import Tools
from bot.facts import FactFinder
from bot.matcher import Matcher, fill_gap
from bot.outline import Outline, load_outline
from bot.sqlite_storage import SQLiteStorage

FIXED_NOW = datetime(2026, 11, 22, 10, 30, tzinfo=CHINA)


@pytest.fixture(scope="session")
def outline() -> Outline:
    return load_outline()


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher.load()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


def ids() -> Callable[[], str]:
    """Deterministic draft ids: d0001, d0002, …"""
    counter = itertools.count(1)
    return lambda: f"d{next(counter):04d}"


async def make_assistant(path: Path, outline: Outline, matcher: Matcher | None) -> Assistant:
    storage = await SQLiteStorage.open(path)

    tools = Tools(matcher, fill_gap, blank_numbers, WritingAids.load(matcher), FactFinder(matcher)) if matcher else None

    async def get_tools(wait: bool) -> Tools | None:
        return tools

    return Assistant(
        storage,
        outline,
        tools=get_tools,
        documents=DocumentMaker(),
        clock=lambda: FIXED_NOW,
        new_id=ids(),
    )


@pytest.fixture
async def assistant(db_path: Path, outline: Outline, matcher: Matcher) -> AsyncIterator[Assistant]:
    a = await make_assistant(db_path, outline, matcher)
    yield a
    await a.storage.close()


@pytest.fixture
async def plain_assistant(db_path: Path, outline: Outline) -> AsyncIterator[Assistant]:
    """An assistant without the matcher: every answer is kept in the user's own words."""
    a = await make_assistant(db_path, outline, None)
    yield a
    await a.storage.close()


def pytest_report_header(config: pytest.Config) -> str:
    from tests import pg

    return pg.unreachable() or f"postgresql: {pg.ADMIN_URL} (a fresh database per test, dropped afterwards)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests import pg

    # The one line that says why the PostgreSQL tests did not run, even under -q.
    reason = pg.unreachable()
    if reason:
        terminalreporter.write_line(reason, yellow=True)


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """The URL of a new, empty PostgreSQL database (the test is skipped without a server)."""
    from tests import pg

    async with pg.fresh_database() as url:
        yield url
