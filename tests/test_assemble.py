"""Document assembly: golden texts per kind, numbering, gaps, numbers, chat splitting."""

from __future__ import annotations

import datetime
import os
import random
import re
from pathlib import Path

import pytest

from bot.assemble import (
    Document,
    Paragraph,
    assemble,
    gaps,
    guiding_line,
    split_for_chat,
)
from bot.model import AS_TYPED, Draft, Item, gap
from bot.outline import Outline, load_outline
from tests.samples import sample_full_draft

GOLDEN = Path(__file__).parent / "golden"
TODAY = datetime.date(2026, 11, 22)
CN_ORDINALS = "一二三四五六七八九十"


@pytest.fixture(scope="module")
def outline() -> Outline:
    return load_outline()


def new_draft(kind: str, facts: dict[str, str] | None = None) -> Draft:
    return Draft(
        id="d1",
        owner=1,
        kind=kind,
        outline_version="1",
        created_at="2026-11-01T00:00:00+00:00",
        updated_at="2026-11-01T00:00:00+00:00",
        facts=dict(facts or {}),
    )


def add_items(draft: Draft, node_id: str, *texts: str) -> None:
    items = draft.items.setdefault(node_id, [])
    for text in texts:
        items.append(Item(id=draft.next_item_id, text=text))
        draft.next_item_id += 1
    draft.status[node_id] = "done"


# Answers as users type them: trailing punctuation or none, a stray space, quotes around the theme.
FULL_ITEMS = {
    "work.theory": ("中心组学习了12次", "书记讲了2次党课。", "落实“第一议题”制度，党组会先学习 "),
    "work.duty": (
        "开了3次党组会研究党建，制定了责任清单；",
        "签订党建工作责任书8份",
        "每季度听取支部书记汇报1次",
    ),
    "work.branch": ("每月开展主题党日", "召开组织生活会1次", "完成2个支部换届选举"),
    "work.members": ("发展了2名党员", "党费按时足额收缴", "为党员过政治生日15人次"),
    "work.ideology": ("每季度研判一次意识形态形势", "签订意识形态工作责任书6份", "加强工作群管理"),
    "work.integrity": ("组织看了警示教育片", "开展廉政谈话20人次", "召开党风廉政建设大会1次"),
    "work.fusion": ("和社区结对共建", "开展志愿服务6次", "创建“红色账本”党建品牌"),
    "problems.items": ("学习形式比较单一", "党建和业务有时候两张皮", "党建品牌不够响亮"),
    "plans.items": ("进一步丰富学习形式", "推动党建和业务深度融合", "持续打造党建品牌"),
}


def full_draft(kind: str, year: str) -> Draft:
    draft = new_draft(
        kind,
        {
            "basic.unit": "县财政局机关党支部",
            "basic.year": year,
            "intro.leader": "县直机关工委",
            "intro.guiding": guiding_line(year),
            "intro.theme": "“基层党建质量提升年”",
            "intro.overview": "下设3个支部，共有党员45名",
        },
    )
    for node_id, texts in FULL_ITEMS.items():
        add_items(draft, node_id, *texts)
    return draft


# The report is for 2022, so its 导语 takes the 十九届六中全会 line of data/guiding_lines.toml.
@pytest.mark.parametrize(("kind", "year"), [("half", "2025"), ("annual", "2025"), ("report", "2022")])
def test_golden_text(outline: Outline, kind: str, year: str) -> None:
    text = assemble(outline, full_draft(kind, year), TODAY).text()
    path = GOLDEN / f"{kind}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text + "\n", encoding="utf-8")
    assert text == path.read_text(encoding="utf-8").removesuffix("\n")


def test_paragraph_levels(outline: Outline) -> None:
    doc = assemble(outline, full_draft("annual", "2025"), TODAY)
    levels = [p.level for p in doc.paragraphs]
    assert levels == [
        "body",
        "h1",
        "body",  # the lead into the sub-topics
        *["h2"] * 7,
        "h1",
        *["body"] * 4,  # the lead into the problems, three problems
        "h1",
        *["body"] * 5,  # the plans' lead, three plans, the closing
        "signoff",
        "signoff",
    ]
    assert all(p.runin for p in doc.paragraphs if p.level == "h2")
    assert doc.paragraphs[3] == Paragraph(
        "h2",
        "（一）强化理论武装，夯实思想根基。理论武装是推进机关党建的重要途径，也是衡量机关党建成效的重要标志。"
        "坚持不懈用党的创新理论武装全党，是推进思想建党、理论强党的必由之路。"
        "一是开展中心组学习12次。二是书记讲党课2次。三是落实“第一议题”制度，党组会先学习。",
        runin=True,
    )
    assert doc.paragraphs[-2:] == (
        Paragraph("signoff", "县财政局机关党支部"),
        Paragraph("signoff", "2026年11月22日"),
    )
    assert doc.text().split("\n")[:2] == ["县财政局机关党支部2025年党建工作总结", ""]


def test_skipped_parts_left_out_and_numbering_continuous(outline: Outline) -> None:
    draft = new_draft("half", {"basic.unit": "某局", "basic.year": "2025"})
    add_items(draft, "work.theory", "学习了4次")
    draft.status["work.duty"] = "skipped"
    add_items(draft, "work.branch", "开展主题党日6次")
    add_items(draft, "work.members", "   ", "。")  # only blank answers: nothing to say
    add_items(draft, "work.ideology", "研判2次")
    draft.status["work.ideology"] = "skipped"  # items kept from before the user skipped
    add_items(draft, "work.fusion", "结对共建1个社区")
    draft.status["problems.items"] = "skipped"
    add_items(draft, "plans.items", "进一步丰富学习形式")
    doc = assemble(outline, draft, TODAY)
    headings = [p.text for p in doc.paragraphs if p.level in ("h1", "h2")]
    assert [h[: h.index("）") + 1] if h.startswith("（") else h for h in headings] == [
        "一、主要做法和成效",
        "（一）",
        "（二）",
        "（三）",
        "二、下半年工作打算",
    ]
    assert "强化组织领导" not in doc.text()
    assert "强化阵地管理" not in doc.text()
    assert "存在的问题" not in doc.text()
    # A single item stands without 一是.
    assert headings[3].startswith("（三）强化党建引领，服务中心大局。")
    assert headings[3].endswith("抓在经常。结对共建1个社区。")
    assert doc.paragraphs[-4] == Paragraph("body", "进一步丰富学习形式。")


def test_work_section_left_out_when_empty(outline: Outline) -> None:
    draft = new_draft("report", {"basic.unit": "某局", "basic.year": "2025"})
    add_items(draft, "problems.items", "学习不够", "创新不足")
    doc = assemble(outline, draft, TODAY)
    # No cause given: the heading promises none (a tester's 述职 said 及原因 over problems alone).
    assert [p.text for p in doc.paragraphs if p.level == "h1"] == ["一、存在的问题"]
    assert [p.text for p in doc.paragraphs if p.level == "body"][2:] == ["一是学习不够。", "二是创新不足。"]
    add_items(draft, "problems.causes", "思想上重视不够")
    doc = assemble(outline, draft, TODAY)
    assert [p.text for p in doc.paragraphs if p.level == "h1"] == ["一、存在问题及原因"]


def test_the_lead_of_several_sub_topics_stands_only_before_several(outline: Outline) -> None:
    draft = new_draft("annual", {"basic.unit": "某局", "basic.year": "2025"})
    add_items(draft, outline.topics[0].id, "学习12次")
    assert not any("以下几个方面" in p.text for p in assemble(outline, draft, TODAY).paragraphs)
    add_items(draft, outline.topics[1].id, "签订责任书")
    assert any("以下几个方面" in p.text for p in assemble(outline, draft, TODAY).paragraphs)


@pytest.mark.parametrize(
    ("kind", "title", "intro"),
    [
        (
            "half",
            "〔待补：单位名称〕〔待补：年份〕年上半年党建工作总结",
            "今年以来，〔待补：单位名称〕认真开展各项工作，现将上半年工作情况总结如下：",
        ),
        (
            "annual",
            "〔待补：单位名称〕〔待补：年份〕年党建工作总结",
            "一年来，〔待补：单位名称〕认真开展各项工作，现将〔待补：年份〕年党建工作情况总结如下：",
        ),
        (
            "report",
            "〔待补：单位名称〕党组织书记〔待补：年份〕年度抓基层党建工作述职报告",
            "一年来，本人作为〔待补：单位名称〕党组织书记，认真履行抓基层党建第一责任人职责，"
            "现将〔待补：年份〕年度抓基层党建工作情况述职如下：",
        ),
    ],
)
def test_empty_draft_assembles_with_gaps(outline: Outline, kind: str, title: str, intro: str) -> None:
    doc = assemble(outline, new_draft(kind), TODAY)
    assert doc.title == title
    assert doc.paragraphs == (
        Paragraph("body", intro),
        # A 述职 is signed by the secretary, whose name the draft does not have yet.
        Paragraph("signoff", "述职人：" + gap("书记姓名") if kind == "report" else gap("单位名称")),
        Paragraph("signoff", "2026年11月22日"),
    )


@pytest.mark.parametrize(
    ("year", "line"),
    [
        ("2026", "深入学习贯彻党的二十大和二十届历次全会精神"),
        ("2024", "深入学习贯彻党的二十大和二十届历次全会精神"),
        ("2023", "深入学习贯彻党的二十大精神"),
        ("2022", "深入学习贯彻党的十九届六中全会精神"),
        ("2021", "深入学习贯彻党的十九届六中全会精神"),
        ("2020", None),
    ],
)
def test_guiding_line_follows_the_year(year: str, line: str | None) -> None:
    offered = guiding_line(year)
    base = "坚持以习近平新时代中国特色社会主义思想为指导"
    assert offered.startswith(base)
    if line is None:
        assert "深入学习贯彻" not in offered
    else:
        assert offered == base + "，" + line


def test_guiding_line_enters_only_as_the_user_gave_it(outline: Outline) -> None:
    own = "坚持以习近平新时代中国特色社会主义思想为指导，深入开展主题教育"
    intro = assemble(outline, new_draft("annual", {"basic.year": "2025", "intro.guiding": own}), TODAY)
    assert own + "，" in intro.paragraphs[0].text
    skipped = new_draft("annual", {"basic.year": "2025"})
    skipped.status["intro.guiding"] = "skipped"
    assert "指导" not in assemble(outline, skipped, TODAY).paragraphs[0].text


def test_theme_the_guiding_line_states_is_not_repeated(outline: Outline) -> None:
    facts = {"basic.year": "2025", "intro.guiding": guiding_line("2025"), "intro.theme": "深入学习贯彻党的二十大精神"}
    intro = assemble(outline, new_draft("half", facts), TODAY).paragraphs[0].text
    assert intro.count("二十大") == 1
    assert "围绕" not in intro


def test_report_speaks_in_the_first_person(outline: Outline) -> None:
    facts = {
        "basic.unit": "县财政局",
        "basic.year": "2025",
        "intro.leader": "县委",
        "intro.guiding": guiding_line("2025"),
    }
    doc = assemble(outline, new_draft("report", facts), TODAY)
    assert doc.title == "县财政局党组织书记2025年度抓基层党建工作述职报告"
    assert doc.paragraphs[0].text.startswith("一年来，本人作为县财政局党组织书记，在县委领导下，坚持以")
    assert "根据" not in doc.paragraphs[0].text  # the superior's notice is never invented


def test_multi_line_answers_become_one_paragraph(outline: Outline) -> None:
    draft = new_draft("annual", {"basic.unit": "某局", "basic.year": "2025"})
    add_items(draft, "plans.items", "加强学习。\n\n丰富形式\n")
    doc = assemble(outline, draft, TODAY)
    assert "加强学习，丰富形式。" in [p.text for p in doc.paragraphs]
    assert "\n\n" not in doc.text().split("\n", 2)[2]


def test_own_words_are_polished_unless_kept_as_typed(outline: Outline) -> None:
    draft = new_draft("annual", {"basic.unit": "某局", "basic.year": "2025"})
    draft.items["plans.items"] = [Item(1, "搞了两次培训。"), Item(2, "搞了两次交流。", source=AS_TYPED)]
    texts = [p.text for p in assemble(outline, draft, TODAY).paragraphs]
    assert any("开展培训2次" in t or "开展2次培训" in t for t in texts), texts
    assert any("搞了两次交流" in t for t in texts), texts


NUMBER = re.compile(r"\d+")
WORDS = ("召开党组会", "开展主题党日", "发展党员", "谈话", "学习", "志愿服务", "培训", "党课")
COUNTERS = ("次", "名", "人次", "个", "场", "%", "期", "份")


def random_draft(rng: random.Random, outline: Outline) -> Draft:
    draft = new_draft(rng.choice(["half", "annual", "report"]))
    for node in outline.nodes:
        if rng.random() < 0.2:
            continue  # left unanswered
        if node.type == "year":
            draft.facts[node.id] = str(rng.randint(2015, 2030))
        elif node.type == "fact":
            draft.facts[node.id] = f"第{rng.randint(1, 99)}{rng.choice(WORDS)}党支部"
        else:
            texts = [
                "，".join(
                    f"{rng.choice(WORDS)}{rng.randint(0, 5000)}{rng.choice(COUNTERS)}" for _ in range(rng.randint(1, 3))
                )
                for _ in range(rng.randint(0, 4))
            ]
            add_items(draft, node.id, *texts)
            if rng.random() < 0.1:
                draft.status[node.id] = "skipped"
    return draft


@pytest.mark.parametrize("seed", range(30))
def test_every_number_comes_from_the_draft(outline: Outline, seed: int) -> None:
    rng = random.Random(seed)
    draft = random_draft(rng, outline)
    today = datetime.date(rng.randint(2020, 2030), rng.randint(1, 12), rng.randint(1, 28))
    source = [*draft.facts.values(), *(i.text for items in draft.items.values() for i in items)]
    allowed = {n for text in source for n in NUMBER.findall(text)}
    allowed |= {str(today.year), str(today.month), str(today.day)}
    # The plans of a 年度 summary are for the year after the user's year.
    allowed |= {str(int(n) + 1) for n in allowed if len(n) == 4}
    found = NUMBER.findall(assemble(outline, draft, today).text())
    assert found, "the date at least is written"
    assert set(found) <= allowed


def test_gaps_lists_every_gap_with_its_place(outline: Outline) -> None:
    draft = new_draft("half", {"basic.unit": "某局"})
    add_items(draft, "work.duty", "召开党组会议〔待补：次数〕次", "签订责任书〔待补：份数〕份")
    add_items(draft, "problems.items", "覆盖率〔待补：百分比〕%")
    doc = assemble(outline, draft, TODAY)
    assert gaps(doc) == [
        ("标题", "年份"),
        ("强化组织领导，落实主体责任", "次数"),
        ("强化组织领导，落实主体责任", "份数"),
        ("存在的问题", "百分比"),
    ]
    empty = assemble(outline, new_draft("report"), TODAY)
    assert gaps(empty) == [
        ("标题", "单位名称"),
        ("标题", "年份"),
        ("导语", "单位名称"),
        ("导语", "年份"),
        ("落款", "书记姓名"),
    ]


def test_sample_full_draft_fills_everything(outline: Outline) -> None:
    draft = sample_full_draft(outline, "report")
    assert all(len(draft.items[n.id]) == 3 for n in outline.nodes if n.type == "items")
    doc = assemble(outline, draft, TODAY)
    assert gaps(doc) == []


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_split_short_text_is_one_message() -> None:
    assert split_for_chat("标题\n\n正文。") == ["标题\n\n正文。"]
    assert split_for_chat("") == []


def test_split_on_paragraph_boundaries(outline: Outline) -> None:
    text = assemble(outline, full_draft("annual", "2025"), TODAY).text()
    chunks = split_for_chat(text, limit=200)
    assert len(chunks) >= 4
    assert all(utf16(c) <= 200 for c in chunks)
    lines = [line for line in text.split("\n") if line]
    assert [line for c in chunks for line in c.split("\n") if line] == lines


def test_split_counts_utf16_code_units() -> None:
    # Each emoji is one Python character but two UTF-16 code units, as Telegram counts them.
    paragraph = "😀" * 1000
    chunks = split_for_chat("\n".join([paragraph] * 3))
    assert len(paragraph) * 3 + 2 < 4096 < utf16(paragraph) * 3
    assert chunks == [paragraph + "\n" + paragraph, paragraph]


def test_split_long_paragraph_at_sentence_ends() -> None:
    sentence = "严格落实“三会一课”制度，召开支部党员大会4次；"
    paragraph = sentence * 300 + "完。"
    assert utf16(paragraph) > 4096
    chunks = split_for_chat(paragraph)
    assert len(chunks) == 2
    assert all(utf16(c) <= 4096 for c in chunks)
    assert chunks[0].endswith("；")
    assert "".join(chunks) == paragraph
    around = split_for_chat("标题\n\n" + paragraph + "\n末段。")
    assert around == ["标题\n\n" + chunks[0], chunks[1] + "\n末段。"]


def test_split_hard_without_breaking_surrogate_pairs() -> None:
    text = "字" + "👍" * 3000  # one "sentence" of 6001 code units, no 。 or ；
    chunks = split_for_chat(text, limit=4096)
    assert [utf16(c) for c in chunks] == [4095, 1906]
    assert "".join(chunks) == text


def test_document_text_layout() -> None:
    doc = Document("题", (Paragraph("body", "甲。"), Paragraph("signoff", "某局")))
    assert doc.text() == "题\n\n甲。\n某局"


@pytest.mark.parametrize(
    ("theme", "clause"),
    [
        ("“基层党建质量提升年”", "围绕“基层党建质量提升年”这个党建主题"),
        ('"基层党建质量提升年"', "围绕“基层党建质量提升年”这个党建主题"),
        ("“两学一做”学习教育", "围绕“‘两学一做’学习教育”这个党建主题"),
        ("“甲”和“乙”", "围绕“‘甲’和‘乙’”这个党建主题"),
    ],
)
def test_theme_is_quoted_once(outline: Outline, theme: str, clause: str) -> None:
    intro = assemble(outline, new_draft("half", {"intro.theme": theme}), TODAY).paragraphs[0].text
    assert clause + "，" in intro


def test_many_items_keep_chinese_ordinals(outline: Outline) -> None:
    draft = new_draft("annual")
    add_items(draft, "plans.items", *(f"第{i}条打算" for i in range(1, 13)))
    texts = [p.text for p in assemble(outline, draft, TODAY).paragraphs if p.level == "body"][1:]
    assert texts[10:13] == ["十是第10条打算。", "十一是第11条打算。", "十二是第12条打算。"]


def test_a_spirit_is_stated_only_with_its_own_jingshen() -> None:
    from bot.frame import _stated

    assert _stated("党的二十大精神", "深入学习贯彻党的二十大和二十届历次全会精神")
    assert not _stated("党的二十大精神", "以党的二十大为指引，弘扬伟大建党精神")
