"""The fake Bot API, driven by the real python-telegram-bot client over HTTP and through the transport."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakebot import (
    TOKEN,
    FakeBotServer,
    FakeTelegram,
    ShownMessage,
    UploadedFile,
    fake_transport,
    parse_request_body,
)

USER = 42


@pytest.fixture
async def server() -> AsyncIterator[FakeBotServer]:
    async with FakeBotServer() as fake:
        yield fake


def plain_http(read_timeout: float = 2.0) -> HTTPXRequest:
    # The fake speaks plain HTTP; verify=False skips building a CA context, ~50 ms per client.
    return HTTPXRequest(read_timeout=read_timeout, httpx_kwargs={"verify": False})


def make_bot(server: FakeBotServer, read_timeout: float = 2.0) -> Bot:
    return Bot(
        TOKEN,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        request=plain_http(read_timeout),
        get_updates_request=plain_http(read_timeout),
    )


@pytest.fixture
async def bot(server: FakeBotServer) -> AsyncIterator[Bot]:
    server.core.text_update(USER, "hi")  # the user writes first, so the chat exists
    async with make_bot(server) as client:
        yield client


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)] for text, data in pairs])


async def test_get_me_and_send_message_are_recorded(server: FakeBotServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "fake_test_bot", True)

    sent = await bot.send_message(USER, "你好", reply_markup=keyboard(("开始", "go:1")))

    call = server.core.sent[-1]
    assert call.method == "sendMessage"
    assert call.params["chat_id"] == USER
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "开始", "callback_data": "go:1"}]]}
    assert call.message is not None and call.message["message_id"] == sent.message_id == 2
    assert server.core.messages_to(USER) == [ShownMessage("你好", [("开始", "go:1")], 2, None)]
    assert server.core.buttons(USER) == [("开始", "go:1")]
    assert server.core.calls["sendMessage"] == 1


async def test_text_is_measured_in_utf16_units_and_must_not_be_blank(bot: Bot) -> None:
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 code units
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "😀" * 2048 + "x")
    with pytest.raises(BadRequest, match="non-empty"):
        await bot.send_message(USER, " \n ")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(7, "nobody wrote to the bot from this chat")


async def test_callback_data_is_limited_to_64_utf8_bytes(server: FakeBotServer, bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard(("a", "测" * 21 + "x")))  # 64 bytes
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(USER, "no", reply_markup=keyboard(("a", "测" * 21 + "xy")))
    # PTB strips "Bad Request: " and capitalize()s the rest, so BUTTON_DATA_INVALID arrives lower-cased.
    assert raised.value.message.upper() == "BUTTON_DATA_INVALID"
    assert [m.text for m in server.core.messages_to(USER)] == ["ok"]


async def test_unchanged_edit_is_rejected_and_omitted_markup_removes_the_keyboard(
    server: FakeBotServer, bot: Bot
) -> None:
    sent = await bot.send_message(USER, "草稿", reply_markup=keyboard(("改", "e:1")))
    with pytest.raises(BadRequest, match="not modified"):
        # Telegram trims the text, so a trailing line break changes nothing.
        await bot.edit_message_text("草稿\n", USER, sent.message_id, reply_markup=keyboard(("改", "e:1")))
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard(("改", "e:1")))

    await bot.edit_message_text("草稿", USER, sent.message_id)

    assert server.core.messages_to(USER) == [ShownMessage("草稿", [], sent.message_id, None)]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 999)


async def test_flood_limit_raises_retry_after(server: FakeBotServer, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without PTB_TIMEDELTA, building RetryAfter emits a PTBDeprecationWarning, which filterwarnings=error
    # turns into the exception the caller sees instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    server.core.fail_next("sendMessage", 429, retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "x")

    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(USER, "x")
    assert server.core.calls["sendMessage"] == 2
    assert [call.method for call in server.core.sent].count("sendMessage") == 1


async def test_server_error_raises_plain_network_error(server: FakeBotServer, bot: Bot) -> None:
    server.core.fail_next("sendMessage", 500)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(USER, "x")
    # BadRequest and TimedOut are NetworkError subclasses too; a 5xx must be neither.
    assert type(raised.value) is NetworkError


async def test_slow_reply_raises_timed_out_although_the_message_was_sent(server: FakeBotServer) -> None:
    server.core.text_update(USER, "hi")
    server.core.delay_next("sendMessage", 1.0)
    async with make_bot(server, read_timeout=0.2) as slow:
        with pytest.raises(TimedOut):
            await slow.send_message(USER, "送出了吗")
    assert [m.text for m in server.core.messages_to(USER)] == ["送出了吗"]


async def test_send_document_keeps_chinese_filename_and_bytes(server: FakeBotServer, bot: Bot) -> None:
    content = "党建工作总结".encode() * 100

    sent = await bot.send_document(USER, content, filename="2024年党建工作总结.docx", caption="请查收")

    upload = server.core.sent[-1].files["document"]
    assert (upload.filename, upload.content) == ("2024年党建工作总结.docx", content)
    assert sent.document is not None and sent.document.file_name == "2024年党建工作总结.docx"
    assert server.core.messages_to(USER)[-1].document == "2024年党建工作总结.docx"
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


async def test_get_updates_serves_the_queue_and_honours_offset(server: FakeBotServer, bot: Bot) -> None:
    server.core.command_update(USER, "start")

    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["hi", "/start"]
    assert updates[1].message is not None and updates[1].message.text == "/start"
    assert updates[1].message.entities[0].type == "bot_command"

    assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
    assert server.core.pending_updates() == []


async def test_long_poll_returns_as_soon_as_an_update_is_queued(server: FakeBotServer, bot: Bot) -> None:
    await bot.get_updates(offset=-1)
    first = server.core.pending_updates()[0]["update_id"]
    asyncio.get_running_loop().call_later(0.1, server.core.text_update, USER, "来了")

    started = time.monotonic()
    updates = await bot.get_updates(offset=first + 1, timeout=5)

    assert time.monotonic() - started < 1
    assert [u.message.text for u in updates if u.message] == ["来了"]


async def test_a_second_poller_terminates_the_first_with_conflict(server: FakeBotServer, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(offset=1_000, timeout=5))
    await asyncio.sleep(0.1)
    async with make_bot(server) as other:
        await other.get_updates(offset=1_000)
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


async def test_callback_queries_must_be_answered_once_and_in_time(server: FakeBotServer, bot: Bot) -> None:
    sent = await bot.send_message(USER, "选择", reply_markup=keyboard(("甲", "pick:a"), ("乙", "pick:b")))
    press = server.core.callback_update(USER, "pick:b")["callback_query"]
    assert press["message"]["message_id"] == sent.message_id
    assert server.core.unanswered_callback_queries() == [press["id"]]

    assert await bot.answer_callback_query(press["id"], text="好")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(press["id"])

    stale = server.core.callback_update(USER, "pick:a", sent.message_id)["callback_query"]
    server.core.expire_callback_queries()
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(stale["id"])
    with pytest.raises(ValueError, match="no button"):
        server.core.callback_update(USER, "pick:zzz")


async def test_commands_are_validated_like_telegram(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "开始写总结"), BotCommand("cancel_1", "取消")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "cancel_1"]
    for bad in (BotCommand("Start", "大写不行"), BotCommand("x" * 33, "太长"), BotCommand("ok", "")):
        with pytest.raises(BadRequest):
            await bot.set_my_commands([bad])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("ok", "说" * 257)])


async def test_application_answers_start_through_real_polling(server: FakeBotServer) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("欢迎使用党建总结助手")

    app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).base_file_url(server.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    server.core.command_update(USER, "start")

    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        deadline = time.monotonic() + 3
        while not server.core.messages_to(USER) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await app.updater.stop()
        await app.stop()

    assert [m.text for m in server.core.messages_to(USER)] == ["欢迎使用党建总结助手"]
    assert server.core.pending_updates() == []  # PTB confirmed the update on shutdown


async def test_a_bot_in_another_process_long_polls_the_server(server: FakeBotServer) -> None:
    script = """
import os
from telegram.ext import ApplicationBuilder, CommandHandler

async def start(update, context):
    await update.effective_message.reply_text("pong")
    context.application.stop_running()

app = ApplicationBuilder().token(os.environ["BOT_TOKEN"]).base_url(os.environ["TELEGRAM_BASE_URL"]).build()
app.add_handler(CommandHandler("start", start))
app.run_polling(poll_interval=0)
"""
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": server.base_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    await asyncio.sleep(0.2)  # let it start its long poll first, so the update wakes it up
    server.core.command_update(USER, "start")

    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)

    assert process.returncode == 0, stderr.decode()
    assert [m.text for m in server.core.messages_to(USER)] == ["pong"]


async def test_transport_front_end_serves_the_same_core() -> None:
    core = FakeTelegram()
    core.text_update(USER, "hi")
    request = HTTPXRequest(httpx_kwargs={"transport": fake_transport(core)})
    async with Bot(TOKEN, base_url="http://fake.invalid/bot", request=request) as bot:
        assert (await bot.get_me()).username == "fake_test_bot"
        await bot.send_message(USER, "走内存")
    assert [m.text for m in core.messages_to(USER)] == ["走内存"]


def test_sync_start_stop_and_raw_http() -> None:
    server = FakeBotServer().start()
    try:
        url = f"{server.base_url}{TOKEN}"
        with httpx.Client(verify=False) as client:
            me = client.get(f"{url}/GETME")  # method names are case-insensitive
            assert me.json()["result"]["username"] == "fake_test_bot"
            server.core.text_update(USER, "hi")
            sent = client.post(f"{url}/sendMessage", json={"chat_id": USER, "text": "json body"})
            assert sent.json()["result"]["text"] == "json body"
            unknown = client.post(f"{url}/sendPigeon")
            assert (unknown.status_code, unknown.json()["description"]) == (404, "Not Found")
            wrong = client.get(f"{server.base_url}999:{'B' * 35}/getMe")
            assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
            assert client.get(f"{server.base_url}not-a-token/getMe").status_code == 404
    finally:
        server.stop()


def test_core_strictness_without_http() -> None:
    core = FakeTelegram()
    core.text_update(USER, "hi")

    def call(method: str, **params: object) -> tuple[int, str]:
        status, body = core.handle(TOKEN, method, params)
        return status, body.get("description", "")

    assert call("sendMessage", chat_id=USER, text="")[1] == "Bad Request: message text is empty"
    assert call("sendDocument", chat_id=USER)[1] == "Bad Request: there is no document in the request"
    assert call("answerCallbackQuery", callback_query_id="123")[1].startswith("Bad Request: query is too old")
    assert call("sendChatAction", chat_id=USER, action="dancing")[0] == 400


async def test_any_formatting_is_refused_because_the_bot_sends_plain_text(server: FakeBotServer, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)parse_mode refused"):
        await bot.send_message(USER, "<b>草稿</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)parse_mode refused"):
        await bot.send_message(USER, "草稿", parse_mode="MarkdownV2")
    sent = await bot.send_message(USER, "1 < 2 *and* _plain_")  # markup characters are just text
    with pytest.raises(BadRequest, match=r"(?i)parse_mode refused"):
        await bot.edit_message_text("<i>改</i>", USER, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)entities refused"):
        await bot.send_message(USER, "草稿", entities=[MessageEntity("bold", 0, 2)])
    with pytest.raises(BadRequest, match=r"(?i)parse_mode refused"):
        await bot.send_document(USER, b"%PDF", filename="a.pdf", caption="<b>x</b>", parse_mode="HTML")
    assert [m.text for m in server.core.messages_to(USER)] == ["1 < 2 *and* _plain_"]


def test_uploads_are_checked_for_size_and_caption() -> None:
    core = FakeTelegram()
    core.text_update(USER, "hi")

    def upload(content: bytes, caption: str = "") -> tuple[int, str]:
        document = UploadedFile("报告.pdf", content, "application/pdf")
        status, body = core.handle(TOKEN, "sendDocument", {"chat_id": USER, "caption": caption}, {"document": document})
        return status, body.get("description", "")

    assert upload(b"%PDF", "说" * 1024)[0] == 200
    assert upload(b"%PDF", "说" * 1025) == (400, "Bad Request: message caption is too long")
    assert upload(b"") == (400, "Bad Request: file must be non-empty")
    assert upload(b"x" * (50 * 1024 * 1024 + 1)) == (413, "Request Entity Too Large")


def test_multipart_filenames_survive_httpx_and_rfc5987_encoding() -> None:
    name = '引号"与\\斜杠.pdf'
    request = httpx.Request(
        "POST",
        "http://x/",
        data={"chat_id": str(USER)},
        files={"document": (name, b"%PDF", "application/pdf")},
    )
    params, files = parse_request_body(request.headers["Content-Type"], request.read())
    assert params == {"chat_id": str(USER)}
    assert files["document"] == UploadedFile(name, b"%PDF", "application/pdf")

    disposition = 'form-data; name="document"; filename="x.pdf"; filename*=UTF-8\'\'%E6%8A%A5%E5%91%8A.pdf'
    body = f"--b\r\nContent-Disposition: {disposition}\r\n\r\n%PDF\r\n--b--\r\n".encode()
    assert parse_request_body("multipart/form-data; boundary=b", body)[1]["document"].filename == "报告.pdf"
