"""The document formula and the polishing around it: organ, voice, joins, headings, the 上半年 copy."""

from __future__ import annotations

import datetime

import pytest

from bot.assemble import assemble
from bot.formula import load_formula, parse_formula
from bot.joins import business_phrase, guiding_clause, leaders_phrase, overview_sentence, theme_clause
from bot.model import Draft, Item, gap
from bot.outline import Outline
from bot.polish import arabic_counts, clause
from bot.voice import first_person, named_again, organ_of, resolve_organ_words

TODAY = datetime.date(2026, 7, 1)


def draft(kind: str, **facts: str) -> Draft:
    d = Draft(id="d", owner=1, kind=kind, outline_version="3", created_at="", updated_at="")
    d.facts.update({"basic.unit": "市统计局机关党委", "basic.year": "2025", **facts})
    return d


def test_a_sentence_not_marked_fact_free_is_refused() -> None:
    import tomllib

    from bot.resources import data_file

    with data_file("formula.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    del raw["framing"]["work.theory"]["fact_free"]
    with pytest.raises(ValueError, match="fact_free"):
        parse_formula(raw)


def test_every_work_node_has_a_heading_in_both_sets_and_a_framing(outline: Outline) -> None:
    formula = load_formula()
    work = [n.id for n in outline.section("work").nodes if n.type == "items"]
    for name, headings in formula.heading_sets.items():
        assert set(headings) == set(work), name
        # One parallel set: every heading is two clauses of the same length.
        shapes = {tuple(len(c) for c in h.split("，")) for h in headings.values()}
        assert len(shapes) == 1, (name, shapes)
    assert set(formula.framing) == set(work)
    for kind in formula.kinds.values():
        assert kind.headings in formula.heading_sets and kind.alt_headings in formula.heading_sets


def test_the_chosen_heading_set_replaces_the_default(outline: Outline) -> None:
    d = draft("annual", **{"doc.headings": "zhua"})
    d.items["work.theory"] = [Item(1, "中心组学习12次")]
    assert "（一）抓理论学习，提高思想认识。" in assemble(outline, d, TODAY).text()
    del d.facts["doc.headings"]
    assert "（一）强化理论武装，夯实思想根基。" in assemble(outline, d, TODAY).text()


@pytest.mark.parametrize(
    ("unit", "answer", "organ"),
    [
        ("市统计局机关党委", None, "机关党委"),
        ("县财政局机关党支部", None, "党支部"),
        ("县农业农村局党组", None, "党组"),
        ("某某局党总支", None, "党总支"),
        ("县财政局", "我们是党组", "党组"),
        ("县财政局", None, None),
    ],
)
def test_organ_from_the_name_or_the_answer(unit: str, answer: str | None, organ: str | None) -> None:
    assert organ_of(load_formula(), unit, answer) == organ


def test_template_words_resolve_from_the_organ() -> None:
    f = load_formula()
    text = "党组（党委）书记履行党建工作主体责任，指导各级党组织发展新党员2名"
    assert resolve_organ_words(f, text, "机关党委") == "机关党委书记履行党建工作主体责任，指导各党支部发展新党员2名"
    assert resolve_organ_words(f, text, "党支部") == "党支部书记履行党建工作主体责任，发展新党员2名"
    unknown = resolve_organ_words(f, text, None)
    assert unknown.startswith(gap("党组织名称") + "书记") and "指导各级党组织" in unknown


def test_first_person_in_the_report() -> None:
    f = load_formula()
    assert first_person(f, "二是党组书记认真履行第一责任人职责") == "二是我认真履行第一责任人职责"
    assert first_person(f, "三是我联系第一支部") == "三是我联系第一支部"
    # One voice: a user's own 本人 opening a clause is 我; another's 本人 stays (由党员本人填写).
    assert first_person(f, "本人讲2次党课，由党员本人填写") == "我讲2次党课，由党员本人填写"
    # Another's secretary and 我局 stay as they are.
    assert first_person(f, "支部书记为支部党建工作第一责任人，我局党员") == "支部书记为支部党建工作第一责任人，我局党员"


def test_polish_writes_what_the_user_said_in_written_form() -> None:
    assert clause("然后开了两次党组会吧") == "召开党组会2次"
    assert clause("落实三会一课,每月一次主题党日") == "落实“三会一课”，每月1次主题党日"  # quoted as the corpus does
    assert arabic_counts("十几次，三四个支部") == "十几次，三四个支部"
    assert clause('开展"双报到"(共2次)') == "开展“双报到”（共2次）"


@pytest.mark.parametrize(
    ("unit", "overview", "sentence"),
    [
        ("市统计局机关党委", "机关党委下设5个党支部", "市统计局机关党委下设5个党支部。"),
        ("县农业农村局党组", "局机关3个支部，党员42名", "县农业农村局党组下设局机关3个支部，共有党员42名。"),
        ("县财政局机关党支部", "共有党员45名", "县财政局机关党支部共有党员45名。"),
        ("县医保局机关党支部", "就1个支部，党员23个", "县医保局机关党支部共有党员23名。"),
        ("县医保局机关党支部", "3个党小组，党员23名", "县医保局机关党支部下设3个党小组，共有党员23名。"),
        ("县水利局机关党委", "共63名党员，下面分4个支部", "县水利局机关党委共有党员63名，下设4个支部。"),
        # Seen by a tester: 共有党员62名人.
        ("市统计局机关党委", "党员62个人，下面5个支部", "市统计局机关党委共有党员62名，下设5个支部。"),
        # Seen by testers: 共有党员30名左右，3个党小组 and …40名左右，分4个党小组.
        ("县水利局机关党支部", "党员30个左右，3个党小组", "县水利局机关党支部共有党员约30名，下设3个党小组。"),
        ("区人社局机关党支部", "40个党员左右，分了4个党小组", "区人社局机关党支部共有党员约40名，下设4个党小组。"),
        # A reviewer's: only a count of branches or groups alone takes a verb.
        (
            "县水利局机关党委",
            "党员63名，5个支部，30岁以下的12名",
            "县水利局机关党委共有党员63名，下设5个支部，30岁以下的12名。",
        ),
        ("县某局机关党委", "在职党员40名，退休党员12名", "县某局机关党委有在职党员40名，退休党员12名。"),
        ("区某局机关党委", "4个支部，党员约80个", "区某局机关党委下设4个支部，共有党员约80名。"),  # 80来个
    ],
)
def test_overview_joins_the_unit_grammatically(unit: str, overview: str, sentence: str) -> None:
    assert overview_sentence(unit, overview) == sentence


def test_an_overview_said_by_the_branch_of_itself_names_it_once() -> None:
    # A tester's 述职 opened 县市场监管局机关第二党支部有我支部23名党员.
    said = clause("我们支部23个党员")
    assert overview_sentence("县市场监管局机关第二党支部", said) == "县市场监管局机关第二党支部共有党员23名。"


def test_an_overview_said_at_once_is_polished_then_joined() -> None:
    # As the draft's frame does: the answer is polished (a comma between the count and 下面), then joined.
    said = clause("嗯党员一共十七个就是下面分了两个党小组")
    assert overview_sentence("青溪镇中心小学党支部", said) == "青溪镇中心小学党支部共有党员17名，下设2个党小组。"


def test_a_business_said_as_a_list_ends_without_its_these() -> None:
    # A third tester's 导语 read 疫苗接种这些等中心工作.
    assert business_phrase("卫生健康服务、家庭医生签约和疫苗接种这些") == "卫生健康服务、家庭医生签约和疫苗接种"


def test_theme_is_polished_not_quoted_raw() -> None:
    assert theme_clause("模范机关创建 结合统计数据质量提升") == "围绕“模范机关创建”这个党建主题，结合统计数据质量提升"
    assert theme_clause("“基层党建质量提升年”") == "围绕“基层党建质量提升年”这个党建主题"
    assert theme_clause("深入学习贯彻党的二十大精神") == "深入学习贯彻党的二十大精神"
    # Seen typing a draft: 围绕“搞了个强基提质年活动”这个党建主题.
    assert theme_clause(clause("今年主要搞了个强基提质年活动")) == "围绕“强基提质年活动”这个党建主题"
    # A tester's 导语 read 围绕打造了党建+耕保的品牌，结合叫守护耕地红线: the name after a pause names the brand.
    said = clause("搞了个党建+耕保的品牌 叫守护耕地红线")
    assert theme_clause(said) == "围绕打造党建+耕保的“守护耕地红线”品牌"
    assert theme_clause(clause("打造了一个党建品牌 叫守护耕地红线")) == "围绕打造“守护耕地红线”党建品牌"


@pytest.mark.parametrize(
    ("said", "phrase"),
    [
        # Seen typing a draft: 紧紧围绕主要开展第五次经济普查和数据质量等中心工作.
        ("主要就是搞第五次经济普查 还有数据质量", "第五次经济普查和数据质量"),
        ("抓好经济普查、统计执法", "经济普查和统计执法"),
        ("医保基金监管和异地就医备案提速", "医保基金监管和异地就医备案提速"),
        # A tester's 导语: 紧紧围绕围绕校园安全和教师培训、党建业务一起抓等中心工作.
        ("围绕校园安全和教师培训 党建业务一起抓", "校园安全和教师培训"),
    ],
)
def test_the_business_is_named_as_what_the_unit_works_on(said: str, phrase: str) -> None:
    assert business_phrase(clause(said)) == phrase


def test_results_causes_targets_business_and_closing(outline: Outline) -> None:
    d = draft("annual", **{"intro.business": "统计数据质量提升", "work.fusion.result": "数据质量考核排全省第3名"})
    d.items["work.fusion"] = [Item(1, "党员带头包片")]
    d.items["problems.items"] = [Item(2, "学习形式单一"), Item(3, "品牌不响")]
    d.items["problems.causes"] = [Item(4, "业务忙")]
    d.items["plans.items"] = [Item(5, "丰富学习形式")]
    d.items["plans.targets"] = [Item(6, "年内建成1个党建品牌")]
    text = assemble(outline, d, TODAY).text()
    assert "紧紧围绕统计数据质量提升这一中心工作" in text and "数据质量考核排全省第3名。" in text
    assert "取得了一定成效" in text and "究其原因，业务忙。" in text
    assert "力争实现以下目标：年内建成1个党建品牌。" in text
    assert "推动党建与统计数据质量提升相互渗透" in text
    # Without a result the transition claims none; without a business the closing names none.
    del d.facts["work.fusion.result"], d.facts["intro.business"]
    text = assemble(outline, d, TODAY).text()
    assert "取得了一定成效" not in text and "有序开展" in text and "推动党建与业务工作相互渗透" in text


def test_report_is_signed_by_the_secretary_or_shows_the_gap(outline: Outline) -> None:
    d = draft("report")
    d.items["work.theory"] = [Item(1, "中心组学习12次")]
    doc = assemble(outline, d, TODAY)
    assert doc.paragraphs[-2].text == "述职人：" + gap("书记姓名")
    d.facts["intro.secretary"] = "王立新"
    assert assemble(outline, d, TODAY).paragraphs[-2].text == "述职人：王立新"


def test_year_only_items_are_listed_for_a_half_year_copy() -> None:
    d = draft("half")
    d.items["work.duty"] = [Item(1, "年底召开述职评议会"), Item(2, "召开党组会4次")]
    d.items["work.members"] = [Item(3, "全年发展党员2名")]
    listed = load_formula().year_only_items(d)
    assert [(node, item.id) for node, item in listed] == [("work.duty", 1), ("work.members", 3)]


def test_no_fact_is_asked_and_then_left_out(outline: Outline) -> None:
    """Every fact the dialogue asks reaches the document: through a placeholder, or its role."""
    formula = load_formula()
    templates = " ".join([*formula.sentences(), *(w for k in formula.kinds.values() for w in (*k.title, *k.signoff))])
    by_node = {node: name for name, node in formula.facts.items()}
    for node in outline.nodes:
        if node.type != "fact" or node.role == "result":
            continue  # a sub-topic's result closes its own paragraph (role result)
        assert node.id in by_node, f"{node.id} is asked but the formula never reads it"
        name = by_node[node.id]
        # The organ is read to resolve template words and the secretary's title.
        assert f"{{{name}}}" in templates or name == "organ", f"{node.id} is asked but never written"


def test_optional_parts_drop_out_without_their_answer(outline: Outline) -> None:
    d = draft("annual")
    intro = assemble(outline, d, TODAY).paragraphs[0].text
    assert intro == "一年来，市统计局机关党委认真开展各项工作，现将2025年党建工作情况总结如下："
    d.facts["intro.leader"] = "市直机关工委"
    intro = assemble(outline, d, TODAY).paragraphs[0].text
    assert intro.startswith("一年来，市统计局机关党委在市直机关工委领导下，认真开展各项工作")


def test_a_wordings_unit_slot_takes_the_users_unit_without_its_organ(outline: Outline) -> None:
    d = draft("annual")
    d.items["work.integrity"] = [Item(1, f"制定《{gap('单位名称')}清廉机关建设工作计划》。", source="004-x")]
    assert "制定《市统计局清廉机关建设工作计划》。" in assemble(outline, d, TODAY).text()


@pytest.mark.parametrize(
    ("said", "phrase"),
    [
        ("县直机关工委，还有局党组", "县直机关工委和局党组"),
        ("县委组织部 县直机关工委 局党组", "县委组织部、县直机关工委和局党组"),
        ("县住房和城乡建设局党组", "县住房和城乡建设局党组"),
        ("县委，县政府和县直机关工委", "县委、县政府和县直机关工委"),
    ],
)
def test_the_leaders_are_joined_as_one_phrase(said: str, phrase: str) -> None:
    assert leaders_phrase(said) == phrase


def test_a_unit_that_is_no_office_gets_no_office_words() -> None:
    formula = load_formula()
    # 镇党委: 机关党建 and 清廉机关 are the corpus offices' words.
    assert formula.for_unit("中共柳河镇委员会", "推进机关党建，建设清廉机关") == "推进基层党建，强化作风建设"
    assert formula.for_unit("市统计局机关党委", "推进机关党建") == "推进机关党建"
    # No heading of any set says one phrase twice once its office words are replaced.
    for headings in formula.heading_sets.values():
        for heading in headings.values():
            first, second = formula.for_unit("青石镇党委", heading).split("，")
            assert first != second
    # 中共…委员会 names its organ: the title says 书记, not 党委书记.
    assert organ_of(formula, "中共柳河镇委员会", None) == "党委"
    assert organ_of(formula, "区卫生健康委员会", None) is None
    assert organ_of(formula, "中共某某村支部委员会", None) == "党支部"
    assert organ_of(formula, "中共某县纪律检查委员会", None) is None
    assert formula.for_unit("县乡村振兴局机关党委", "推进机关党建") == "推进机关党建"


@pytest.mark.parametrize(
    ("said", "clause"),
    [
        ("习近平新时代中国特色社会主义思想为指导", "坚持以习近平新时代中国特色社会主义思想为指导"),
        ("以习近平新时代中国特色社会主义思想为指导", "以习近平新时代中国特色社会主义思想为指导"),
        ("深入学习贯彻党的二十大精神", "深入学习贯彻党的二十大精神"),
    ],
)
def test_the_guiding_line_keeps_its_preposition(said: str, clause: str) -> None:
    assert guiding_clause(said) == clause


def test_the_theme_drops_when_and_how_much() -> None:
    assert theme_clause("今年主要是开展中央八项规定精神学习教育") == "开展中央八项规定精神学习教育"


def test_several_businesses_are_no_single_one(outline: Outline) -> None:
    d = draft("annual", **{"intro.business": "医保基金监管，还有异地就医备案提速"})
    d.items["work.fusion"] = [Item(1, "党员带头下沉窗口。")]
    text = assemble(outline, d, TODAY).text()
    assert "医保基金监管和异地就医备案提速等中心工作" in text and "这一中心工作" not in text


@pytest.mark.parametrize(
    ("unit", "again"),
    [
        ("青山县市场监督管理局机关党委", "局机关党委"),  # a tester counted 9 full names in one draft
        ("某某局党组", "局党组"),
        ("县财政局机关党支部", "局机关党支部"),
        ("柳河镇党委", "镇党委"),
        ("县统计局", "我局"),
        ("中共柳河镇委员会", "中共柳河镇委员会"),  # no short name the corpus uses: whole
        ("实验小学党支部", "实验小学党支部"),
    ],
)
def test_the_body_names_the_unit_again_as_the_corpus_does(unit: str, again: str) -> None:
    assert named_again(load_formula(), unit) == again


def test_the_intro_and_the_title_name_the_unit_in_full(outline: Outline) -> None:
    d = draft("annual", **{"basic.unit": "县统计局", "basic.year": "2025"})
    d.items.update({"work.theory": [Item(1, "开展中心组学习12次。")], "work.duty": [Item(2, "召开党组会4次。")]})
    doc = assemble(outline, d, TODAY)
    assert doc.text().splitlines()[0].startswith("县统计局") and "一年来，县统计局" in doc.text()
    assert "2025年，我局围绕全年党建工作任务" in doc.text()
