"""Sample drafts for tests and the benchmark: a schematic full draft, and realistic drafts per kind.

A realistic draft is what a new user ends with: short, colloquial answers, chips taken with one tap
and filled with the user's numbers, the bank's suggestion taken where it fits, the user's own words
kept where none does. Items are stored as the bot stores them (bank wording with `source`, or the
user's sentence).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.aids import WritingAids
from bot.assemble import guiding_line
from bot.facts import FactFinder
from bot.formula import load_formula
from bot.matcher import Matcher, fill_gap
from bot.model import GAP_RE, Draft, Item
from bot.outline import Outline, load_outline

# Two more items per items node besides the outline's example, so a sample draft fills every section
# with three items (the size the benchmark and the docx tests use).
_SAMPLE_ITEMS: dict[str, tuple[str, str]] = {
    "work.theory": ("落实“第一议题”制度，党组会先学习习近平总书记重要讲话精神", "组织党员参加集中轮训3期"),
    "work.duty": ("书记和班子成员签订党建工作责任书8份", "班子成员落实“一岗双责”，每人联系1个支部"),
    "work.branch": ("严格落实“三会一课”制度，召开支部党员大会4次", "完成2个支部换届选举"),
    "work.members": ("为党员过政治生日15人次", "开展党员积分管理，每季度公示1次"),
    "work.ideology": ("签订意识形态工作责任书6份", "加强单位微信公众号和工作群管理"),
    "work.integrity": ("召开党风廉政建设大会1次", "节假日前发送廉洁提醒"),
    "work.fusion": ("创建“红色账本”党建品牌", "党员带头完成年度预算编制任务"),
    "problems.items": ("党建品牌不够响亮", "个别党员先锋模范作用发挥不明显"),
    "problems.causes": ("制度执行不够顺畅", "学习不够深入"),
    "plans.items": ("持续打造党建品牌", "加强党员教育管理，发挥党员先锋模范作用"),
    "plans.targets": ("全年集中学习不少于12次", "年底前完成支部标准化建设"),
}


def sample_full_draft(outline: Outline, kind: str = "annual") -> Draft:
    """Return a draft with every fact answered and three items in every items node."""
    draft = Draft(id="sample", owner=0, kind=kind, outline_version=outline.version, created_at="", updated_at="")
    for node in outline.nodes:
        if not node.applies(kind):
            continue
        if node.type == "items":
            texts = (node.example, *_SAMPLE_ITEMS.get(node.id, ()))
            draft.items[node.id] = [Item(id=draft.next_item_id + i, text=t) for i, t in enumerate(texts)]
            draft.next_item_id += len(texts)
        else:
            draft.facts[node.id] = node.example
        draft.status[node.id] = "done"
    return draft


@dataclass(frozen=True)
class Answers:
    """What a user typed and tapped for one document."""

    facts: Mapping[str, str]
    # Per items node: (chip label, the number typed when asked, or "" to leave the gap) …
    chips: Mapping[str, Sequence[tuple[str, str]]]
    # … and short answers typed in the user's own words (the bank's best wording is taken if offered).
    typed: Mapping[str, Sequence[str]]
    # Problems and measures taken from the stock pairs (labels of data/aids.toml).
    pairs: Sequence[str]
    causes: Sequence[str]  # chip labels of data/formula.toml's causes, or the user's words


_UNIT_FACTS = {
    "basic.unit": "市统计局机关党委",
    "intro.leader": "市直机关工委",
    "intro.theme": "模范机关创建 结合统计数据质量提升",
    "intro.overview": "机关党委下设五个党支部，党员86名",
    "intro.business": "统计数据质量提升和经济普查",
}

_RESULTS = {
    "work.theory.result": "局机关党委被市直机关工委评为学习型党组织",
    "work.duty.result": "年度机关党建考核评为优秀等次",
    "work.branch.result": "第二党支部被评为市直机关“四强”党支部",
    "work.members.result": "1名党员被评为市直机关优秀共产党员",
    "work.integrity.result": "全年干部职工零违纪",
    "work.fusion.result": "统计数据质量考核排全省第3名",
}

# Per chip, the answers typed when the bot asks for each of its gaps in turn; fewer answers than
# gaps means the user tapped 先空着 for the rest.
_CHIPS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "work.theory": [("第一议题", ()), ("宣讲活动", ())],
    "work.duty": [("党组会议", ("4",)), ("责任清单", ("3",)), ("一岗双责", ()), ("第一责任人", ())],
    "work.branch": [("三会一课", ()), ("主题党日", ("12",)), ("组织生活", ()), ("民主评议党员", ())],
    "work.members": [("积分管理", ()), ("定期谈心谈话", ())],
    "work.ideology": [("意识形态责任制", ()), ("组织党员研判意识形态", ()), ("工作群管理", ())],
    "work.integrity": [("推动清廉机关建设", ()), ("党风廉政责任制", ())],
    "work.fusion": [],
}

# What the user typed, a message a line: short, colloquial, sometimes two facts in one.
_TYPED = {
    "work.theory": [
        "中心组集中学习了24次，其中专题研讨6次",
        "组织党员到红色教育基地参观学习了一次",
        "青年理论学习小组每月学一次",
        "支部书记讲党课讲了8次",
        "党员干部学习强国平均积分过万",
        "围绕统计法开展了3次专题学习，请法规处的同志来讲",
    ],
    "work.duty": [
        "书记带头联系第一支部",
        "年底开了支部书记述职评议会，5个支部书记都述职了",
        "机关党委会开了6次研究党建",
        "年初制定了党建工作要点，细化任务36项",
        "每季度督查一次支部党建工作，督查情况在党建例会上通报",
        "年初和5个支部书记签了党建目标责任书",
    ],
    "work.branch": [
        "五个支部都完成了标准化建设",
        "组织生活会开了5场，都开展了批评和自我批评",
        "2个支部按期完成换届",
        "各支部每月开一次支委会",
        "给每个支部建了党员活动室，配了学习资料和书柜",
    ],
    "work.members": [
        "给老党员送温暖，慰问了8名困难党员",
        "党员积分每季度公示一次",
        "今年发展党员2名，预备党员转正3名",
        "党费按月足额收缴",
        "组织全体党员参加了2期集中轮训，每期3天",
        "给党员过政治生日，共36人次",
        "七一表彰了6名优秀党员、2名优秀党务工作者",
    ],
    "work.ideology": [
        "统计局公众号每周审核一次",
        "每季度分析一次意识形态形势",
        "签订意识形态工作责任书5份，机关党委和各支部都签了",
        "局里工作群都有专人管理",
    ],
    "work.integrity": [
        "节假日前发廉洁提醒短信",
        "组织看了两次警示教育片，看完各支部都开了讨论会",
        "开展廉政谈话36人次",
        "组织党员参观廉政教育基地1次",
        "开展统计造假专项整治，查摆问题15个，都整改了",
        "新提拔的3名科级干部都开展了任前廉政谈话",
    ],
    "work.fusion": [
        "党员在经济普查里带头包片，组建了3支党员先锋队",
        "党员志愿服务开展了6次，主要是社区环境整治和普查入户宣传",
        "和2个社区结对共建",
        "设立党员示范岗10个",
        "帮社区解决问题8个",
        "党员带头参加经济普查入户登记，覆盖2000户",
    ],
}

# What the same user typed at midyear: fewer events, smaller counts, nothing that only a whole year has.
_TYPED_HALF = {
    "work.theory": [
        "中心组集中学习了12次，其中专题研讨3次",
        "青年理论学习小组每月学一次，大家轮流领学",
        "支部书记讲党课讲了4次",
    ],
    "work.duty": [
        "书记带头联系第一支部，每月去支部参加一次活动",
        "年初制定了党建工作要点，细化任务36项",
        "机关党委会开了3次研究党建",
    ],
    "work.branch": _TYPED["work.branch"],
    "work.members": [
        "给老党员送温暖，慰问了8名困难党员",
        "党员积分每季度公示一次，年底评优看积分",
        "给党员过政治生日，共18人次",
        "七一表彰了6名优秀党员、2名优秀党务工作者",
    ],
    "work.ideology": _TYPED["work.ideology"],
    "work.integrity": [
        "节假日前发廉洁提醒短信",
        "组织看了一次警示教育片，看完各支部都开了讨论会",
        "开展廉政谈话20人次",
    ],
    "work.fusion": [
        "党员在经济普查里带头包片，组建了3支党员先锋队",
        "和2个社区结对共建",
        "党员志愿服务开展了3次，主要是普查入户宣传",
    ],
}

# Problems and measures in the user's own words, beside the stock pairs tapped.
_OWN_PROBLEMS = {
    "problems.items": ["退休党员多，参加组织生活的少", "支部书记都是兼职，抓党建的精力不够"],
    "plans.items": ["给退休党员建学习群，线上组织学习", "每季度给支部书记开一次党务培训会"],
}

# A cause in the user's own words, beside the stock ones tapped.
_OWN_CAUSE = "党务干部都是兼职的，精力不够"

ANSWERS: dict[str, Answers] = {
    "annual": Answers(
        facts={**_UNIT_FACTS, "basic.year": "2025", **_RESULTS},
        chips=_CHIPS,
        typed={**_TYPED, **_OWN_PROBLEMS},
        pairs=["重业务轻党建", "学习形式单一、效果不好", "创新不足、品牌不响", "压力传导不到位", "党员作用不明显"],
        causes=["重视不够", "学习不够深入", "创造性不够", _OWN_CAUSE],
    ),
    "half": Answers(
        facts={**_UNIT_FACTS, "basic.year": "2026", "work.theory.result": "局机关党委被评为学习型党组织"},
        chips={k: v[:3] for k, v in _CHIPS.items()},
        typed=_TYPED_HALF,
        pairs=["学习形式单一、效果不好", "认为党建务虚", "创新不足、品牌不响"],
        causes=["业务任务重", "学习不够深入"],
    ),
    "report": Answers(
        facts={**_UNIT_FACTS, "basic.year": "2025", "intro.secretary": "王立新", **_RESULTS},
        chips=_CHIPS,
        typed={
            **_TYPED,
            **_OWN_PROBLEMS,
            # What a secretary says of their own part, in the first person.
            "work.theory": [*_TYPED["work.theory"], "我给全体党员讲了2次专题党课，讲二十大精神和统计法治"],
            "work.ideology": [*_TYPED["work.ideology"], "我每半年听取一次意识形态工作汇报"],
            "work.branch": [*_TYPED["work.branch"], "我以普通党员身份参加第一支部组织生活4次"],
            "work.members": [*_TYPED["work.members"], "我给新入党的2名同志上了入党第一课"],
            "work.duty": [
                "我带头联系第一支部，每季度去讲一次党课",
                "我主持开了6次机关党委会研究党建",
                "年初和5个支部书记签了党建责任书，年底逐个对照考核",
                "年底开了支部书记述职评议会",
            ],
        },
        pairs=["重业务轻党建", "学习形式单一、效果不好", "创新不足、品牌不响", "压力传导不到位", "党员作用不明显"],
        causes=["重视不够", "制度执行不顺", "业务任务重", _OWN_CAUSE],
    ),
}

# Targets a user gave for some measures, in the order of the measures.
TARGETS = {
    "annual": ["全年组织集中学习不少于12次", "年内打造1个党建品牌", "每名党员每年至少参加1次志愿服务"],
    "half": ["下半年再组织1期党员集中轮训", "年底前打造1个党建品牌"],
    "report": ["年内打造1个党建品牌", "每名党员每年至少参加1次志愿服务"],
}


def _add(draft: Draft, node: str, text: str, source: str | None) -> None:
    draft.items.setdefault(node, []).append(Item(id=draft.next_item_id, text=text, source=source))
    draft.next_item_id += 1
    draft.status[node] = "done"


def _sentence(text: str) -> str:
    """Store a typed answer as the engine does: one line, ending in 。"""
    return text.rstrip("，,.;；") + "。"


_WORK = {node.id for node in load_outline().topics}


def realistic_draft(outline: Outline, matcher: Matcher, aids: WritingAids, kind: str) -> Draft:
    """Build the draft a new user ends with from the short answers of ANSWERS[kind]."""
    answers = ANSWERS[kind]
    draft = Draft(id=kind, owner=1, kind=kind, outline_version=outline.version, created_at="", updated_at="")
    draft.facts.update(answers.facts)
    draft.facts["intro.guiding"] = guiding_line(answers.facts["basic.year"])  # 用这句, one tap
    used: set[str] = set()
    for node in dict.fromkeys([*answers.chips, *answers.typed]):
        by_label = {c.label: c.entry_id for c in aids.chips(node)}
        for label, gap_answers in answers.chips.get(node, ()):
            entry = by_label[label]
            text = matcher.fill(entry, "").text
            for answer in gap_answers:
                # A number fills its gap; a name (a title) the user writes in by editing the item.
                text = fill_gap(text, answer) or GAP_RE.sub(answer, text, count=1)
            _add(draft, node, text, entry)
            used.add(entry)
        for text in answers.typed.get(node, ()):
            # Each fact of the message is an item: the first wording offered, cut to what the user said, as a
            # user taps 用这句; else the polished own words the bot shows. A problem or a plan keeps the user's
            # words: whether a stock sentence states the same shortcoming takes a reader, not a script.
            for fact in FactFinder(matcher).analyse(text, node, exclude=used):
                best = fact.suggestions[0] if fact.suggestions and node in _WORK else None
                _add(draft, node, best.text if best else fact.own, best.entry_id if best else None)
                used.update([best.entry_id] if best else [])
    pairs = {p.label: p for p in aids.pairs()}
    for label in answers.pairs:
        pair = pairs[label]
        _add(draft, "problems.items", matcher.fill(pair.problem, "").text, pair.problem)
        _add(draft, "plans.items", matcher.fill(pair.plans[0], "").text, pair.plans[0])
    causes = {c.label: c.text for c in load_formula().causes}
    for cause in answers.causes:
        _add(draft, "problems.causes", _sentence(causes.get(cause, cause)), None)
    for target in TARGETS[kind]:
        _add(draft, "plans.targets", _sentence(target), None)
    for node in outline.nodes:
        draft.status.setdefault(node.id, "done" if node.id in draft.facts else "skipped")
    return draft


def typed_numbers(kind: str) -> set[str]:
    """Every number the user gave for ANSWERS[kind], in Arabic digits, with the year."""
    from bot.numbers import extract_numbers, parse_numeral

    answers = ANSWERS[kind]
    texts = [*answers.facts.values(), *(t for ts in answers.typed.values() for t in ts), *TARGETS[kind]]
    numbers = {n for chips in answers.chips.values() for _, ns in chips for n in ns if n.isdigit()}
    for text in texts:
        for number in extract_numbers(text):
            value = parse_numeral(number.numeral)
            if value is not None:
                numbers.add(str(int(value)) if value == int(value) else str(value))
    year = answers.facts["basic.year"]
    return numbers | {year, str(int(year) + 1)}
