"""What a wording may claim, function by function: list cutting, examples, verbs kept, clauses kept."""

from __future__ import annotations

import pytest

from bot.lists import keep_named_examples
from bot.matcher import Matcher
from bot.numbers import extract_numbers
from bot.phrasebank import load_bank
from bot.wording import keep_said, render


@pytest.mark.parametrize(
    ("wording", "said", "names", "cut"),
    [
        # The last item first, whatever order the practices were found in: no 党员党员先锋岗.
        (
            "继续做好“党建+”、党员志愿服务、党员先锋岗创建工作。",
            "设立党员先锋岗",
            ["党员先锋岗", "先锋岗"],
            "继续做好党员先锋岗创建工作。",
        ),
        (
            "严格党员过政治生日、党务公开等制度落实。",
            "给党员过政治生日",
            ["政治生日"],
            "严格党员过政治生日等制度落实。",
        ),
        ("坚持“三会一课”和交心谈心活动。", "三会一课按时开", ["三会一课"], "坚持“三会一课”活动。"),
        ("以召开党组会、党支部专题党课等方式。", "书记讲党课", ["党课"], "以召开党支部专题党课等方式。"),
        # The next item is a thing the user named: the verb governs it too.
        (
            "利用微信公众号、电子显示屏加强舆论引导和舆论斗争。",
            "大厅电子屏滚动宣传",
            ["电子", "显示屏", "大厅"],
            "利用电子显示屏加强舆论引导和舆论斗争。",
        ),
        # After 和 only the practice itself is an item: 坚持和完善 is no list.
        ("坚持和完善“三会一课”制度。", "开展谈心", ["谈心"], "坚持和完善“三会一课”制度。"),
    ],
)
def test_a_list_is_cut_to_what_the_user_named(
    matcher: Matcher, wording: str, said: str, names: list[str], cut: str
) -> None:
    assert matcher._practices.cut_unsaid(wording, said, names) == cut


@pytest.mark.parametrize(
    ("wording", "names", "kept"),
    [
        ("采取谈心交流、走访慰问、结对帮扶等形式。", ["走访慰问"], "采取走访慰问等形式。"),
        (
            "组织开展了文明交通劝导、城市文明创建等党员志愿服务活动12次。",
            ["志愿服务"],
            "组织开展了党员志愿服务活动12次。",
        ),
        # No verb read before the first item: it may hold the clause's verb, so nothing is cut.
        ("高度重视信访投诉、矛盾调处等工作。", ["矛盾调处"], "高度重视信访投诉、矛盾调处等工作。"),
        ("开展“学习、实践”等活动。", ["学习"], "开展“学习、实践”等活动。"),  # one quoted name, no list
        # 二等奖 closes no list: its 等 is part of a word.
        ("最终评选出一等奖2名、二等奖4名。", ["一等奖", "二等奖"], "最终评选出一等奖2名、二等奖4名。"),
        # Two examples joined by 和 are a list too: 三会一课都按时开 claims no 民主集中制 (seen by a tester).
        ("坚决执行民主集中制和“三会一课”等制度。", ["三会一课"], "坚决执行“三会一课”等制度。"),
        # Named activities one after the other: 上路口劝导交通 names no “包路段”; naming none, all stay.
        ("组织开展“包路段”“交通劝导”活动1200人次。", ["劝导", "交通"], "组织开展“交通劝导”活动1200人次。"),
        ("组织开展“包路段”“交通劝导”活动。", ["志愿服务"], "组织开展“包路段”“交通劝导”活动。"),
        # Before a count the names are as many teams: no cut to one of them (a reviewer's).
        (
            "志愿者分成“走访调查”“环境清扫”“防疫宣讲”3个志愿服务队。",
            ["环境清扫"],
            "志愿者分成“走访调查”“环境清扫”“防疫宣讲”3个志愿服务队。",
        ),
    ],
)
def test_examples_keep_the_named_ones(matcher: Matcher, wording: str, names: list[str], kept: str) -> None:
    assert keep_named_examples(wording, names, matcher.cut) == kept


def test_a_count_clause_stays_whatever_it_starts_with() -> None:
    assert (
        keep_said("开展主题党日活动，结合业务开展学习6次。", ["主题党日"]) == "开展主题党日活动，结合业务开展学习6次。"
    )
    # A basis clause naming one short word of the user's goes where another names more.
    assert keep_said("根据年初党费核算标准，每位党员每月按时足额交纳党费。", ["党费", "足额"]) == (
        "每位党员每月按时足额交纳党费。"
    )


def test_a_listed_count_keeps_its_verb_and_only_a_verb() -> None:
    bank = {e.text: e for e in load_bank()}
    meetings = bank["召开{count:次}党组会议、{count:次}机关党委会议，专题研究党建工作。"]
    six = extract_numbers("6次")[0]
    assert render(meetings, {1: six})[0] == "召开6次机关党委会议，专题研究党建工作。"
    prizes = next(e for t, e in bank.items() if "一等奖{count" in t)
    assert "一等奖二等奖" not in render(prizes, {1: extract_numbers("6名")[0]})[0]


def test_a_clean_clause_stands_for_the_user_only_saying_half_their_words(matcher: Matcher) -> None:
    # 理论学习 says 理论 of 坚持理论与业务学习相结合 but not 业务: the claiming clause stays, nothing is cut.
    wording = "坚持理论与业务学习相结合，组织中心组开展集中理论学习。"
    query = matcher.query("理论学习开展了4次")
    assert matcher._practices.cut_unsaid(wording, query.heard, query.names) == wording


@pytest.mark.parametrize(
    ("wording", "said", "cut"),
    [
        # The clean clause tells what the user said: the clause claiming 中心组 goes.
        (
            "坚持理论与业务学习相结合，组织中心组开展集中理论学习。",
            "业务学习跟理论学习放一块学",
            "坚持理论与业务学习相结合。",
        ),
        # The user's 书记 is one of the two who signed: the clause naming the 支部书记 too goes. The clause claiming
        # 纳入 stays, and FactFinder offers no wording claiming it.
        (
            "将意识形态工作纳入各支部学习、年度考核和支部书记党建述职的一项重要内容，"
            "党组（机关党委）书记与各支部书记分别签订了意识形态工作责任书。",
            "书记是意识形态第一责任人",
            "将意识形态工作纳入各支部学习、年度考核和支部书记党建述职的一项重要内容。",
        ),
    ],
)
def test_a_claiming_clause_goes_only_where_a_telling_clause_stays(
    matcher: Matcher, wording: str, said: str, cut: str
) -> None:
    query = matcher.query(said)
    assert matcher._practices.cut_unsaid(wording, query.heard, query.names) == cut
