"""Entry point: `python -m bot` runs the bot (Telegram with a token, else a terminal chat).

`python -m bot backup FILE` copies the database safely while the bot runs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import time

from dotenv import load_dotenv

from bot.assistant import Assistant, Background
from bot.documents import DocumentMaker
from bot.engine import Tools
from bot.logs import setup_logging
from bot.outline import load_outline
from bot.settings import Settings
from bot.sqlite_schema import NotOurDatabase, backup
from bot.sqlite_storage import DatabaseBusy, SQLiteStorage

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
    from bot.matcher import Matcher, fill_gap

    started = time.perf_counter()
    matcher = Matcher.load()
    tools = Tools(matcher, fill_gap, blank_numbers, WritingAids.load(matcher))
    logger.info("%s in %.1f s", TOOLS_READY, time.perf_counter() - started)
    return tools


async def make_assistant(settings: Settings) -> Assistant:
    """Open the database and start loading the matcher in the background."""
    storage = await SQLiteStorage.open(settings.database_path)
    tools = Background(load_tools)
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
    """Poll Telegram until interrupted."""
    from handlers.telegram import build_application

    app = build_application(settings, lambda: make_assistant(settings))
    app.run_polling(allowed_updates=["message", "edited_message", "callback_query"])


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="党建总结助手")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (default)")
    b = sub.add_parser("backup", help="copy the database to FILE (safe while the bot runs)")
    b.add_argument("file")
    args = parser.parse_args()
    load_dotenv(override=False)
    settings = Settings.from_env()
    if args.command == "backup":
        setup_logging(settings.log_level)
        try:
            backup(settings.database_path, args.file)
        except (OSError, ValueError, sqlite3.Error) as e:
            raise SystemExit(f"备份失败：{e}") from None
        print(f"已备份到 {args.file}")
        return
    try:
        if settings.token:
            setup_logging(settings.log_level)
            logger.info("polling Telegram; database %s", settings.database_path)
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
