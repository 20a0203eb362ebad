"""The guided dialogue through the assistant, on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.assistant import Assistant
from bot.engine import Press
from bot.matcher import Matcher
from bot.outline import Outline
from tests.chat import Chat
from tests.conftest import make_assistant


async def start_annual(chat: Chat) -> None:
    await chat.command("start")
    await chat.press("年度党建工作总结")
    await chat.say("县财政局机关党支部")
    await chat.press("2025")


async def at_first_topic(chat: Chat) -> None:
    """Start an annual draft and skip the 导语's questions, however many the outline has."""
    await start_annual(chat)
    for _ in range(20):
        if "政治建设和理论学习" in await chat.command("skip"):
            return
    raise AssertionError("the first sub-topic was never asked")


def number_of(listing: str, name: str) -> int:
    """Return the number the draft list gives the draft called `name`."""
    line = next(line for line in listing.splitlines() if name in line)
    return int(line.split(".", 1)[0])


async def test_new_draft_asks_unit_then_year_with_progress(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    text = await chat.command("start")
    assert "选要写的文种" in text
    text = await chat.press("年度党建工作总结")
    assert "第1/11部分" in text and "哪个单位" in text
    text = await chat.say("县财政局机关党支部")
    assert "已记下" in text and "哪一年" in text
    text = await chat.press("2025")
    assert "第2/11部分" in text and "上级党组织" in text


async def test_skip_back_and_overview(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    text = await chat.command("skip")
    assert "已跳过" in text and "指导思想" in text
    text = await chat.command("back")
    assert "上级党组织" in text
    # Going back keeps later answers (docassemble#74): the unit is still there.
    await chat.command("back")
    text = await chat.command("back")
    assert "县财政局机关党支部" in text
    text = await chat.command("outline")
    assert "1. 基本信息：已填" in text and "2. 导语：在填" in text
    text = await chat.press("4. 组织领导")
    assert "第4/11部分" in text


async def test_items_several_edit_remove_finish(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await at_first_topic(chat)
    await chat.say("中心组学习了12次")
    text = await chat.say("书记讲了两次党课")
    assert "第2条" in text
    await chat.press("修改条目")
    await chat.press("改第1条")
    text = await chat.say("中心组集中学习12次")
    assert "已修改" in text and "中心组集中学习12次。" in text
    text = await chat.press("删第2条")
    assert "讲了两次党课" not in text
    await chat.press("返回")
    text = await chat.press("这部分写完了")
    # The sub-topic's result is offered on the next sub-topic's screen, not asked: no tap to pass it by.
    assert "第4/11部分" in text and "可补「政治建设和理论武装成效」" in text and chat.button("➕补成效/荣誉")
    state = await plain_assistant.storage.load(1)
    assert state.active is not None
    assert [i.text for i in state.active.items["work.theory"]] == ["中心组集中学习12次。"]
    assert state.active.status["work.theory"] == "done"


async def test_the_edit_list_shows_items_as_the_part_does(assistant: Assistant) -> None:
    chat = Chat(assistant, 1)
    await at_first_topic(chat)
    await chat.say("中心组学了12次")
    part = await chat.press("用我的话")
    text = await chat.press("修改条目")
    # A tester saw 学了 in the list to edit and 学习 in the part's list: one item, shown two ways.
    assert "开展中心组学习12次。" in part and "1. 开展中心组学习12次。" in text


@pytest.mark.parametrize("how", ["/back", "上一步"])
async def test_going_back_while_editing_gives_the_edit_up(plain_assistant: Assistant, how: str) -> None:
    chat = Chat(plain_assistant, 1)
    await at_first_topic(chat)
    await chat.say("中心组学习了12次")
    await chat.command("review")
    await chat.press("改1")
    # A tester's /back here left the part for the 导语; 上一步 typed would have become the item's text.
    text = await (chat.command("back") if how == "/back" else chat.say(how))
    assert "已取消修改" in text and "中心组" in text and "第2/11部分" not in text
    state = await plain_assistant.storage.load(1)
    assert state.active is not None and state.active.pending is None
    assert [i.text for i in state.active.items["work.theory"]] == ["中心组学习了12次。"]


async def test_position_survives_restart(db_path: Path, outline: Outline) -> None:
    first = await make_assistant(db_path, outline, None)
    chat = Chat(first, 5)
    await start_annual(chat)
    await chat.say("县直机关工委")
    await first.storage.close()

    second = await make_assistant(db_path, outline, None)
    chat = Chat(second, 5)
    text = await chat.command("start")
    assert "欢迎回来" in text and "第2/11部分" in text
    text = await chat.press("继续写")
    assert "指导思想" in text
    await second.storage.close()


async def test_an_opened_follow_up_and_its_offer_survive_a_restart(db_path: Path, outline: Outline) -> None:
    first = await make_assistant(db_path, outline, None)
    chat = Chat(first, 5)
    await start_annual(chat)
    for _ in range(10):  # the 导语's questions, however many
        if "政治建设和理论学习" in await chat.command("skip"):
            break
    await chat.say("中心组学习了12次")
    await chat.press("这部分写完了")
    offer = chat.button("➕补成效/荣誉").action
    await first.storage.close()

    # The offer is derived from the stored draft: a new process shows it and opens it from the old button.
    second = await make_assistant(db_path, outline, None)
    chat = Chat(second, 5)
    await chat.command("start")
    text = await chat.press("继续写")
    assert "第4/11部分" in text and "可补「政治建设和理论武装成效」" in text
    text = await chat.send(Press(offer))
    assert "成效或荣誉" in text and "第3/11部分" in text
    await second.storage.close()

    third = await make_assistant(db_path, outline, None)
    chat = Chat(third, 5)
    await chat.command("start")
    text = await chat.press("继续写")
    assert "成效或荣誉" in text
    text = await chat.say("支部被评为先进基层党组织")
    assert "已记下" in text and "第4/11部分" in text
    await third.storage.close()


async def test_stale_button_after_the_draft_moved_on(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    skip_leader = chat.button("跳过").action
    await chat.say("县直机关工委")
    before = await plain_assistant.storage.load(1)
    text = await chat.send(Press(skip_leader))
    assert "按钮已过期" in text and "指导思想" in text
    after = await plain_assistant.storage.load(1)
    assert after.active == before.active


async def test_users_never_see_or_touch_each_others_drafts(plain_assistant: Assistant) -> None:
    alice, bob = Chat(plain_assistant, 1), Chat(plain_assistant, 2)
    await start_annual(alice)
    await alice.say("县直机关工委")
    alice_skip = alice.button("跳过").action
    text = await bob.send(Press(alice_skip))
    assert "按钮已过期" in text and "县财政局" not in text
    for action in ("u:sw:d0001", "u:dl:d0001", "u:dly:d0001", "u:rn:d0001"):
        text = await bob.send(Press(action))
        assert "县财政局" not in text
    text = await bob.command("drafts")
    assert "县财政局" not in text
    alice_state = await plain_assistant.storage.load(1)
    assert alice_state.active is not None and alice_state.active.facts["intro.leader"] == "县直机关工委"
    assert (await plain_assistant.storage.load(2)).drafts == []


async def test_several_drafts_switch_rename_delete(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    await chat.command("new")
    await chat.press("书记抓基层党建述职报告")
    await chat.press("从空白开始")
    text = await chat.say("县税务局党委")
    assert "哪一年" in text
    text = await chat.command("drafts")
    assert "县税务局党委" in text and "县财政局机关党支部" in text
    text = await chat.press(f"{number_of(text, '县财政局')} 切换")
    assert "已切换" in text and "上级党组织" in text
    text = await chat.command("drafts")
    await chat.press(f"{number_of(text, '县税务局')} 改名")
    text = await chat.say("今年的述职")
    assert "已改名为《今年的述职》" in text
    text = await chat.command("drafts")
    text = await chat.press(f"{number_of(text, '今年的述职')} 删除")
    assert "确定删除《今年的述职》" in text
    await chat.press("确定删除")
    state = await plain_assistant.storage.load(1)
    assert [d.unit for d in state.drafts] == ["县财政局机关党支部"]


async def test_bad_input_keeps_what_was_saved(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    before = await plain_assistant.storage.load(1)
    assert "没有收到内容" in await chat.say("   \u200b ")
    assert "简短些" in await chat.say("很" * 5000)
    assert "没有这个命令" in await chat.command("bogus", "junk")
    text = await chat.say("\x00\x07")
    assert "没有收到内容" in text
    after = await plain_assistant.storage.load(1)
    assert after.active == before.active


async def test_year_typed_in_words(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await chat.command("start")
    await chat.press("上半年")
    await chat.say("某街道党工委")
    assert "没看懂年份" in await chat.say("去年")
    assert "年份 · 2024" in await chat.say("二〇二四年")


async def in_part(assistant: Assistant, part: str) -> Chat:
    """Start an annual draft and open one of its parts from the outline."""
    chat = Chat(assistant, 1)
    await start_annual(chat)
    await chat.command("outline")
    await chat.press(part)
    return chat


async def test_suggestion_carries_the_users_number(assistant: Assistant) -> None:
    chat = await in_part(assistant, "4. 组织领导")
    text = await chat.say("开了3次党组会研究党建")
    assert "可换成规范表述" in text
    first = chat.button("1.")
    await chat.send(Press(first.action))
    state = await assistant.storage.load(1)
    assert state.active is not None
    item = state.active.items["work.duty"][0]
    assert "3" in item.text and item.source is not None


async def test_the_bot_says_which_items_no_standard_wording_fits(assistant: Assistant) -> None:
    # A tester could not tell an item no wording fits from one skipped.
    chat = await in_part(assistant, "9. 党建和业务")
    text = await chat.say("党员带头包了8个村的水利项目")
    assert "没有合适的规范表述，就用您的话" in text
    text = await chat.say("防汛的时候成立了党员突击队 上堤巡查了15次")
    assert "第2条「防汛时成立了党员突击队。」" in text and "可换成规范表述" in text
    text = await chat.press("用我的话")
    assert "第3条「上堤巡查15次。」没有合适的规范表述，就用您的话" in text


async def test_gap_is_filled_by_the_next_number(assistant: Assistant) -> None:
    chat = Chat(assistant, 1)
    await start_annual(chat)
    await chat.command("outline")
    await chat.press("4. 组织领导")
    await chat.say("党组会专门研究党建工作")
    texts = [line for line in chat.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    gapped = next(i for i, t in enumerate(texts) if "〔待补：" in t)
    await chat.press(f"{gapped + 1}.")
    assert "直接发数字" in chat.text
    await chat.say("4次")
    state = await assistant.storage.load(1)
    assert state.active is not None
    assert "4" in state.active.items["work.duty"][0].text


async def test_forget_deletes_everything_after_confirmation(plain_assistant: Assistant, db_path: Path) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    await chat.command("new")
    await chat.press("上半年")
    await chat.press("从空白开始")
    other = Chat(plain_assistant, 2)
    await start_annual(other)
    text = await chat.command("forget")
    assert "共2份草稿" in text
    await chat.press("不删了")
    assert len((await plain_assistant.storage.load(1)).drafts) == 2
    await chat.command("forget")
    await chat.press("全部删除")
    state = await plain_assistant.storage.load(1)
    assert state.drafts == [] and state.active is None
    assert len((await plain_assistant.storage.load(2)).drafts) == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT id FROM users ORDER BY id").fetchall() == [(2,)]


async def test_download_offers_each_gap_then_sends_files(assistant: Assistant) -> None:
    chat = Chat(assistant, 1)
    await chat.command("start")
    await chat.press("年度党建工作总结")
    await chat.command("outline")
    await chat.press("4. 组织领导")
    await chat.say("党组会专门研究党建工作")
    texts = [line for line in chat.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    gapped = next(i for i, t in enumerate(texts) if "〔待补：" in t)
    await chat.press(f"{gapped + 1}.")
    await chat.press("先空着")
    text = await chat.command("download")
    assert "下载前还有" in text and "单位名称" in text and "年份" in text and "组织领导和主体责任第1条" in text
    assert not any(m.attachment for m in chat.last.messages)
    await chat.press("补第1处")
    text = await chat.say("县财政局机关党支部")
    assert "已记下：单位名称" in text
    text = await chat.command("download")
    assert "单位名称" not in text
    await chat.press("补第2")  # 1 is the year, 2 (and on) the item's counts
    for _ in range(3):  # the chosen wording may hold more than one count
        if "还剩" in await chat.say("5"):
            break
    assert "还剩1处" in chat.text
    await chat.press("下载Word")
    await chat.press("直接下载")
    names = [m.attachment.filename for m in chat.last.messages if m.attachment]
    assert names == ["县财政局机关党支部【年份】年党建工作总结.docx", "县财政局机关党支部【年份】年党建工作总结.txt"]
    assert "还有1处〔待补〕" in chat.text


async def test_typed_button_words_act_like_the_button(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    assert "已跳过：上级党组织" in await chat.say("跳过")
    assert "上级党组织" in await chat.say("上一步")
    await chat.command("outline")
    await chat.press("3. 政治建设")
    await chat.say("中心组学习了12次")
    text = await chat.say("写完了。")
    assert "指导思想" in text  # back to the first open question
    assert (await plain_assistant.storage.load(1)).active.status["work.theory"] == "done"  # type: ignore[union-attr]
    state = await plain_assistant.storage.load(1)
    assert state.active is not None and [i.text for i in state.active.items["work.theory"]] == ["中心组学习了12次。"]


async def pick_offered(assistant: Assistant, part: str, typed: str, shown: str) -> str:
    """Type an answer in a part opened from the outline and pick the offered wording holding `shown`."""
    chat = await in_part(assistant, part)
    text = await chat.say(typed)
    number = next(line[0] for line in text.splitlines() if line[1:3] == ". " and shown in line)
    return await chat.press(f"{number}.")


async def test_a_picked_wording_of_another_subtopic_moves_there(assistant: Assistant) -> None:
    text = await pick_offered(assistant, "3. 政治建设", "开了3次党组会研究党建", "先后召开党组会议3次")
    assert "已放到那一部分" in text and "组织领导和主体责任" in text
    state = await assistant.storage.load(1)
    assert state.active is not None
    assert "work.theory" not in state.active.items
    assert state.active.items["work.duty"][0].text.startswith("先后召开党组会议3次")


async def test_forged_digits_in_button_data_are_stale_not_a_crash(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    draft = (await plain_assistant.storage.load(1)).active
    assert draft is not None
    for data in (f"d:{draft.id}:jp:²", f"d:{draft.id}:jp:١", f"d:{draft.id}:gf:٣", f"d:{draft.id}:rm:work.theory:¹"):
        assert "按钮已过期" in await chat.send(Press(data))
    assert (await plain_assistant.storage.load(1)).active == draft


async def test_a_pending_rename_or_edit_gives_way_to_any_button(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    await chat.command("drafts")
    await chat.press("1 改名")
    await chat.send(Press("u:cont"))
    await chat.say("县直机关工委")
    state = await plain_assistant.storage.load(1)
    assert state.active is not None and state.active.name == "" and state.active.facts["intro.leader"] == "县直机关工委"
    await chat.command("outline")
    await chat.press("3. 政治建设")
    await chat.say("中心组学习")
    await chat.press("修改条目")
    await chat.press("改第1条")
    await chat.send(Press("u:cont"))
    await chat.say("讲了专题党课")
    state = await plain_assistant.storage.load(1)
    assert state.active is not None
    assert [i.text for i in state.active.items["work.theory"]] == ["中心组学习。", "讲了专题党课。"]


async def test_going_back_to_an_answer_offers_to_keep_it(plain_assistant: Assistant) -> None:
    chat = Chat(plain_assistant, 1)
    await start_annual(chat)
    await chat.say("县直机关工委")
    await chat.command("back")
    labels = [b.label for b in chat.buttons]
    assert "不改，下一步" in labels and "跳过" not in labels
    await chat.press("不改，下一步")
    state = await plain_assistant.storage.load(1)
    assert state.active is not None and state.active.facts["intro.leader"] == "县直机关工委"


async def test_a_wording_moved_into_a_skipped_part_reopens_it(assistant: Assistant) -> None:
    chat = Chat(assistant, 1)
    await start_annual(chat)
    await chat.command("outline")
    await chat.press("4. 组织领导")
    await chat.press("跳过这部分")
    await chat.command("outline")
    await chat.press("3. 政治建设")
    text = await chat.say("开了3次党组会研究党建")
    number = next(line[0] for line in text.splitlines() if line[1:3] == ". " and "先后召开党组会议3次" in line)
    await chat.press(f"{number}.")
    state = await assistant.storage.load(1)
    assert state.active is not None and state.active.status.get("work.duty") != "skipped"
    assert "先后召开党组会议3次" in await chat.command("preview")


async def test_a_restart_during_a_gap_prompt_comes_back_to_it(
    db_path: Path, outline: Outline, matcher: Matcher
) -> None:
    first = await make_assistant(db_path, outline, matcher)
    chat = Chat(first, 1)
    await start_annual(chat)
    await chat.command("outline")
    await chat.press("4. 组织领导")
    text = await chat.press("责任清单")
    assert "请发数字补上" in text
    await first.storage.close()

    second = await make_assistant(db_path, outline, matcher)
    try:
        chat = Chat(second, 1)
        await chat.command("start")
        text = await chat.press("继续写")
        assert "这一条还有〔待补〕" in text and "先空着" in [b.label for b in chat.buttons]
        text = await chat.say("3份")
        assert "已补上" in text
    finally:
        await second.storage.close()


async def test_a_wording_stays_in_the_part_the_user_wrote_it_in(assistant: Assistant) -> None:
    text = await pick_offered(assistant, "4. 组织领导", "下支部调研了6次", "调研")
    # The wording stood under 廉政 in the corpus; the user's answer names no 廉政 (a tester saw it moved there).
    assert "这条属于" not in text
    state = await assistant.storage.load(1)
    assert state.active is not None and any("调研" in i.text for i in state.active.items["work.duty"])


async def test_who_said_it_is_no_item_when_a_wording_is_picked(assistant: Assistant) -> None:
    # A reviewer saw 我们县医保局。 kept apart as an item the wording had "left out".
    await pick_offered(assistant, "4. 组织领导", "我们局机关党委 开了3次党组会", "先后召开党组会议3次")
    state = await assistant.storage.load(1)
    assert state.active is not None
    assert [i.text for i in state.active.items["work.duty"]] == ["先后召开党组会议3次。"]


async def test_a_finding_the_picked_wording_rephrases_is_said_and_the_next_kept(assistant: Assistant) -> None:
    # A reviewer saw 走过场 dropped: 活动形式单一 names neither clause's own words, so each seemed left out and,
    # every clause left out, none was set apart. The clause the wording was offered for is said in its words.
    await pick_offered(assistant, "10. 存在的问题", "活动老一套，走过场", "活动形式单一")
    state = await assistant.storage.load(1)
    assert state.active is not None
    texts = [i.text for i in state.active.items["problems.items"]]
    assert any("活动形式单一" in t for t in texts) and any("走过场" in t for t in texts)
    assert not any("老一套" in t for t in texts)


@pytest.mark.parametrize(
    ("part", "typed", "shown", "node", "kept"),
    [
        # A reviewer saw 市纪委监委 vanish, the unit then seeming to have inspected itself: a unit named by its level
        # may be another body, so it stays the user's words.
        ("8. 党风廉政", "市纪委监委 检查了两次", "2次", "work.integrity", "市纪委监委"),
        # 比如年轻党员还主动多交 shares only 党员 with the 党费 wording: a reviewer saw it dropped.
        ("6. 党员教育", "党费按时交纳，比如年轻党员还主动多交", "交纳党费", "work.members", "年轻党员还主动多交"),
        # Walking a 述职: 落实组织生活制度 picked for the 组织生活会 dropped 大家都做了批评和自我批评, because the
        # wording's 组织生活 did not hold the whole word 组织生活会 and no clause was then set apart.
        (
            "5. 支部建设",
            "组织生活会年底开了 大家都做了批评和自我批评",
            "落实组织生活制度",
            "work.branch",
            "批评和自我批评",
        ),
        # A third review's: a pair of a telling word shared with the clause the wording was offered for (教育, 形式)
        # said nothing of the other clause, and it was dropped.
        ("3. 政治建设", "组织开展党史学习教育，大家都参加了警示教育", "党史学习教育成果", "work.theory", "警示教育"),
        ("10. 存在的问题", "主题党日活动形式单一，有的流于形式", "主题党日活动不丰富", "problems.items", "流于形式"),
    ],
)
async def test_a_clause_the_picked_wording_says_nothing_of_stays_an_item(
    assistant: Assistant, part: str, typed: str, shown: str, node: str, kept: str
) -> None:
    await pick_offered(assistant, part, typed, shown)
    state = await assistant.storage.load(1)
    assert state.active is not None
    assert any(kept in i.text for i in state.active.items[node])
