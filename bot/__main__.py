"""Entry point: `python -m bot` runs the bot (Telegram with a token, else a terminal chat).

`python -m bot backup FILE` copies the database safely while the bot runs;
`python -m bot migrate-to DATABASE_URL` copies the SQLite file's drafts into PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable

from dotenv import load_dotenv

from bot.assistant import Assistant, Background
from bot.backends import backup, describe, open_storage
from bot.documents import DocumentMaker
from bot.engine import Tools
from bot.logs import setup_logging
from bot.outline import load_outline
from bot.settings import Settings
from bot.sqlite_schema import NotOurDatabase
from bot.sqlite_storage import DatabaseBusy

logger = logging.getLogger("bot")
# The terminal chat's log, beside the database: log lines on the terminal would land inside the chat.
TERMINAL_LOG = "terminal.log"
# Logged when the matcher is ready; bench/startup.py watches for it.
TOOLS_READY = "matcher and writing aids loaded"


def load_tools() -> Tools:
    """Load the matcher (jieba, the phrase bank) and resolve the writing aids against it."""
    # Imported here, in the loading thread: jieba and cn2an take a while to import and set up.
    from bot.aids import WritingAids
    from bot.carry import blank_numbers
    from bot.facts import FactFinder
    from bot.matcher import Matcher, fill_gap
    from bot.numbers import parse_numeral

    started = time.perf_counter()
    # The first Chinese numeral read imports cn2an and builds its patterns (~0.3 s): done here, in the
    # loading thread, rather than inside the first answer that counts something.
    parse_numeral("十二")
    matcher = Matcher.load()
    tools = Tools(matcher, fill_gap, blank_numbers, WritingAids.load(matcher), FactFinder(matcher))
    logger.info("%s in %.1f s", TOOLS_READY, time.perf_counter() - started)
    return tools


async def make_assistant(settings: Settings, load: Callable[[], Tools] = load_tools) -> Assistant:
    """Open the database and start loading the matcher (`load`) in the background."""
    storage = await open_storage(settings)
    tools = Background(load)
    tools.start()
    return Assistant(
        storage,
        load_outline(),
        tools=tools.get,
        documents=DocumentMaker(line_spacing_pt=settings.docx_line_spacing_pt, fonts=settings.docx_fonts),
    )


async def run_terminal(settings: Settings) -> None:
    """Run the terminal chat on the configured database."""
    from bot.terminal import chat

    assistant = await make_assistant(settings)
    try:
        await chat(assistant, settings.terminal_user_id, settings.export_dir)
    finally:
        await assistant.storage.close()


def run_telegram(settings: Settings) -> None:
    """Poll Telegram, or serve its webhook when WEBHOOK_URL is set, until interrupted."""
    from handlers.telegram import build_application

    app = build_application(settings, lambda: make_assistant(settings))
    if settings.webhook is None:
        app.run_polling(allowed_updates=["message", "edited_message", "callback_query"])
    else:
        from bot.webhook import serve

        asyncio.run(serve(app, settings.webhook))


def migrate_to(settings: Settings, url: str) -> None:
    """Copy the SQLite file into PostgreSQL at `url` and print the rows copied (the file is kept)."""
    from bot.pg_admin import migrate_to as copy

    counts = asyncio.run(copy(settings.database_path, url))
    print(
        f"已从 {settings.database_path} 复制到 PostgreSQL（原文件保留）："
        + "，".join(f"{t} {n}" for t, n in counts.items())
    )
    print("核对无误。请把 DATABASE_URL 设为这个地址后重启机器人。")


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="党建总结助手")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (default)")
    b = sub.add_parser("backup", help="copy the database to FILE (safe while the bot runs)")
    b.add_argument("file")
    m = sub.add_parser("migrate-to", help="copy every draft of the SQLite file into PostgreSQL (an empty database)")
    m.add_argument("url", metavar="DATABASE_URL")
    args = parser.parse_args()
    load_dotenv(override=False)
    settings = Settings.from_env()
    if args.command == "backup":
        setup_logging(settings.log_level)
        try:
            backup(settings, args.file)
        except (OSError, ValueError, RuntimeError, sqlite3.Error) as e:
            raise SystemExit(f"备份失败：{e}") from None
        print(f"已备份到 {args.file}")
        return
    if args.command == "migrate-to":
        try:
            migrate_to(settings, args.url)
        except Exception as e:
            # Whatever went wrong (no such server, a database not empty, counts that differ): nothing was kept.
            raise SystemExit(f"迁移失败，什么都没有保存（SQLite 文件未改动）：{e}") from None
        return
    try:
        if settings.token:
            setup_logging(settings.log_level)
            mode = (
                "polling Telegram"
                if settings.webhook is None
                else f"webhook on {settings.webhook.host}:{settings.webhook.port}"
            )
            logger.info("%s; database %s", mode, describe(settings))
            run_telegram(settings)
        else:
            setup_logging(settings.log_level, log_file=settings.database_path.parent / TERMINAL_LOG)
            asyncio.run(run_terminal(settings))
    except (DatabaseBusy, NotOurDatabase) as e:
        raise SystemExit(str(e)) from None
    except KeyboardInterrupt:
        # Ctrl-C before the chat took over its signal (while the database opens): nothing was typed yet.
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
