"""The 年度 draft of issue 11, typed as a busy person would, through the real assistant, matcher and jieba.

The user answers in short colloquial messages, often two facts in one, taps the first standard wording
whenever one is offered, and leaves any gap for later. The document must then hold every fact the user
gave, each count in a sentence about what it counted, and none of the raw colloquial text.
"""

from __future__ import annotations

import re

from bot.assemble import assemble
from bot.assistant import Assistant
from bot.outline import Outline
from tests.chat import Chat
from tests.conftest import FIXED_NOW

# Per part (the label its /outline button starts with): the messages typed there.
ANSWERS = {
    "3. 政治建设": ["中心组学了12次，书记讲党课讲了两次", "第一议题 党组会上先学 全年学了20次"],
    "4. 组织领导": ["今年开了两次党组会研究党建", "责任清单5个支部都签了"],
    "5. 支部建设": ["主题党日每月都搞，全年12次", "组织生活会5个支部都开了", "2个支部按期完成换届"],
    "6. 党员教育": ["今年发展党员2名，预备党员转正3名", "谈心谈话搞了86人次"],
    "7. 意识形态": ["意识形态工作专题研究了2次"],
    "8. 党风廉政": ["开展防范惩治统计造假专项整治，查摆问题15个", "看了警示教育片 一共3场"],
    "9. 党建和业务": ["帮社区解决问题8个", "党员志愿服务进社区 参加了120人次"],
    "10. 存在的问题": ["统计业务一忙起来 支部活动就往后拖", "学习形式比较单一"],
    "11. 明年工作": ["明年把支部标准化规范化建设抓起来", "主题党日要继续搞好"],
}
# Each count the user gave, and a word of what it counted: the two must share a sentence of the document.
COUNTED = [
    ("12", "中心组"),
    ("2", "党课"),
    ("20", "第一议题"),
    ("2", "党组"),
    ("5", "责任"),
    ("12", "主题党日"),
    ("5", "组织生活会"),
    ("2", "换届"),
    ("2", "发展"),
    ("3", "转正"),
    ("86", "谈心谈话"),
    ("2", "意识形态"),
    ("15", "问题"),
    ("3", "警示教育"),
    ("8", "社区"),
    ("120", "志愿服务"),
]
# Colloquial words that must not reach the document as typed.
RAW = ("开了", "搞", "都签了", "学了", "讲了", "看了", "一忙起来", "往后拖", "两次", "每月都", " ")


async def type_answers(chat: Chat) -> None:
    """Type every part's answers, taking the first wording offered and leaving gaps for later."""
    for part, messages in ANSWERS.items():
        await chat.command("outline")
        await chat.press(part)
        for message in messages:
            text = await chat.say(message)
            for _ in range(4):  # a message of several facts offers each fact's wordings in turn
                if "可换成规范表述" in text:
                    text = await chat.press("1. ")
                elif "先空着" in [b.label for b in chat.buttons] and "〔待补" in text:
                    text = await chat.press("先空着")
                else:
                    break


async def test_every_fact_of_a_busy_users_draft_reaches_the_document_in_its_place(
    assistant: Assistant, outline: Outline
) -> None:
    chat = Chat(assistant, 1)
    await chat.command("start")
    await chat.press("年度党建工作总结")
    await chat.say("市统计局机关党委")
    await chat.press("2025")
    await type_answers(chat)

    state = await assistant.storage.load(1)
    assert state.active is not None
    doc = assemble(outline, state.active, FIXED_NOW.date())
    body = "\n".join(p.text for p in doc.paragraphs if p.level != "signoff")
    print("\n" + body)
    sentences = re.split(r"[。；\n]", body)
    misplaced = [
        (n, word) for n, word in COUNTED if not any(word in s and re.search(rf"(?<!\d){n}(?!\d)", s) for s in sentences)
    ]
    assert misplaced == []
    assert [w for w in RAW if w in body] == []
