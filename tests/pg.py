"""A real PostgreSQL server for the tests that need one: a fresh database per test, dropped afterwards."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest

# The server CI and the developers' machines run; TEST_DATABASE_URL points elsewhere.
ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


@functools.cache
def unreachable() -> str | None:
    """Return why PostgreSQL cannot be used here, or None when it can (asked once per test run)."""

    async def probe() -> None:
        conn = await asyncpg.connect(ADMIN_URL, timeout=3)
        try:
            await conn.execute("SELECT 1")
        finally:
            await conn.close()

    try:
        # In a thread of its own: the caller may be inside a running event loop.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, probe()).result()
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL not reachable at {ADMIN_URL} ({type(exc).__name__}: {exc}); its tests are skipped"
    return None


def require() -> None:
    """Skip the calling test, with the one reason, when there is no PostgreSQL server."""
    reason = unreachable()
    if reason:
        pytest.skip(reason)


def url_for(database: str) -> str:
    """Return the URL of `database` on the test server."""
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + database


async def create_database() -> str:
    """Create an empty database with a unique name and return its URL."""
    name = f"dangjian_test_{os.getpid()}_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url_for(name)


async def drop_database(url: str) -> None:
    """Drop the database at `url`, closing whatever is still connected to it."""
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await conn.close()


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """Yield the URL of a new empty database, dropped on the way out."""
    require()
    url = await create_database()
    try:
        yield url
    finally:
        await drop_database(url)
