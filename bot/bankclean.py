"""Cleaning one corpus sentence into bank texts: other units' facts cut, numbers made slots.

The bank (bot.phrasebank) is built from what this module keeps. A sentence holding another unit's
facts is cut to its generic clauses; a clause that cannot be made generic goes, never the whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.numbers import COUNT_UNITS, MONEY_UNITS, extract_numbers

# A sentence longer than this is cut where a new action starts, into items of at least MIN_ITEM
# characters: one item should say one thing, so that picking it claims no more than the user did.
LONG_SENTENCE = 90
# A single clause of at least this many characters is an item of its own (定期开展谈心谈话活动).
CLAUSE_ITEM = 6
MIN_ITEM = 40

SLOT_RE = re.compile(r"\{(count|money|percent|unit|name)(?::([^}]+))?\}")

# Another unit's places, people, platforms, honours, campaigns tied to a year, phrases that only make sense
# inside their own document (重点做好三项工作), and the advertising of the site the corpus came from. A clause
# holding one is cut; no entry may hold one.
FOREIGN = (
    "12366", "7×24", "云岭先锋", "党建盒子", "雁城", "金牌店小二", "店小二", "护航", "悦来镇", "普新村", "海永镇",
    "永北村", "施春燕", "陆磊明", "华锦", "武重", "强富美高", "延安精神", "雷锋家乡", "市委", "市政府",
    "市直", "全市", "我市", "县市区", "省级", "全省", "全国", "挂钩", "聚光亮灯", "对标达标创标",
    "大抓项目年", "五个一流", "三率提升", "学思践悟行", "战“疫”", "十九届",
    "十九大", "二中、三中", "周年", "被评为", "获评", "荣获", "表彰为", "称号",
    "群众”", "党旗分外红", "清风卫士", "阳光见证", "十廉十风", "网安", "同心党建联盟", "五服务五提升",
    "一下三民", "察民情", "项目落地", "局长", "科室",
    "市域", "模范机关", "第九次", "双建", "六化", "五化", "百年奋斗",
    "副处级", "底线工作", "总支", "重点做好", "强政治", "督查专员",
    "仅供学习", "禁止外传", "酷乐文行", "订阅", "会员", "QQ群", "倒卖",
    # The corpus units' own projects, schemes and brands.
    "幸福小区", "智慧党建", "朗读者", "机关联社区", "小切口", "月月有提示", "学理论、比理论",
    "五个融合", "作风建设大讨论", "清廉政务", "十个严禁", "考察云",
)  # fmt: skip

# A corpus unit's line of business (信访, 窗口, 放管服, 宗教 …). A clause holding one stays in the bank, and is
# offered only to a user who names that business (Matcher.suggest): to them it is their own work.
BUSINESS = (
    "信访", "接访", "审批", "放管服", "营商", "政务服务", "政务大厅", "办事大厅", "窗口", "税务", "不信教", "宗教",
    "涉毒", "自建房", "创文", "案卷", "投诉", "执法", "社会治安", "双下沉", "贫困户", "驻村", "体温",
    "消毒", "口罩", "停业整顿", "责令整改", "隐患", "基层站所",
)  # fmt: skip
# What a clause of the shipped bank may not hold: another unit's facts and, but in the gated entries, its business.
CUT = FOREIGN + BUSINESS

# Quoted names of another unit's own campaigns; the user names theirs.
CAMPAIGNS = (
    "讲政治、敢担当、改作风", "喜迎二十大、聚力中心化", "做悦读党员、建书香机关", "学思想、悟原理、见行动",
    "打通‘中梗阻’·破解办事难", "党务先锋成长营", "机关党建创新引领业务创优", "党课开讲啦",
    "清廉机关·‘视’放力量", "基层党建质量深化拓展年", "三表率一模范", "一课一片一实践",
)  # fmt: skip

# Sentence-initial subjects that name the corpus's units; the user's sentence needs none.
_SUBJECTS = (
    "中共**市信访局党组", "市信访局党组", "信访局及支部", "局党组及支部", "局党组（机关党委）",
    "局党组、党组成员", "市直机关工委", "局机关党委", "某某局党组", "县信访局", "我局", "党总支",
    "局党组", "我将",
)  # fmt: skip
_LEADS = (
    r"究其主要原因，", r"主要表现在", r"同时，?", r"此外，", r"另外，", r"其中，", r"并(?=[^且])",
    r"今年以来，?", r"今年", r"年初，?", r"年内，?", r"上半年，?", r"下半年，?", r"半年来，?", r"一年来，?",
    r"近年来，?", r"近年，?", r"目前，?", r"今后，?", r"据不完全统计，?", r"自活动启动以来，?", r"结对共建以来，?",
    r"将(?=继续|进一步|坚持|持续)", r"要(?=深入|自觉|坚持|大力)",
)  # fmt: skip
_ENUM_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.．]|[一二三四五六七八九十]+是)"
)
_NOT_SUBJECT = "(?![（(]|成员|书记)"  # 局党组成员 and 局党组（机关党委）书记 are people, not the unit
_SUBJECT_RE = re.compile("^(?:" + "|".join(re.escape(s) + _NOT_SUBJECT for s in _SUBJECTS) + ")")
_LEAD_RE = re.compile("^(?:" + "|".join([*_LEADS, *(re.escape(s) + _NOT_SUBJECT + "，?" for s in _SUBJECTS)]) + ")")

# Corpus slips that would reach the user's document verbatim.
_FIXES = (
    ("交纳交纳", "交纳"), ("兵乓球", "乒乓球"), ("调整了局党务干部", "调整了党务干部"),
    ("按步就般", "按部就班"), ("意识形态域", "意识形态领域"),
    ("党的二十精神", "党的二十大精神"), ("洗礼重要讲话", "系列重要讲话"), ("有针对地", "有针对性地"),
    ("全体在职名党员", "全体在职党员"), ("基层党建工的", "基层党建工作的"), ("暖民”", "暖民心”"),
    ("全局党员干部", "全体党员干部"), ("全局干部职工", "全体干部职工"), ("全局党员", "全体党员"),
    ("全局党风廉政", "党风廉政"), ("全局廉洁", "廉洁"), ("局党组", "党组"), ("我局", ""),
    ("局领导", "单位领导"), ("全局人员", "全体人员"), ("全局干部群众", "全体干部群众"), ("在全局有限的", "在有限的"),
    ("制定局《", "制定《"), ("讲授题《{name:文件}》廉政党课", "讲授题为《{name:文件}》的廉政党课"),
    ("发展新党员", "发展党员"), ("民主集中制和参加制度“三会一课”等制度", "民主集中制和“三会一课”等制度"),
    ("党建{count:份}责任清单", "党建责任清单{count:份}"),
    ("来的实在", "来得实在"), ("催促党支部书记", "督促党支部书记"), ("提升全局", "提升"),
    ("单位满意”", "单位满意"), ("”朗读者”", "“朗读者”"),
    ("局机关", "机关"),
)  # fmt: skip

# The corpus unit's own business where any unit's stands (党建工作与信访工作双融合): the user's is 业务工作.
_GENERIC_BUSINESS = (("与信访工作双融合", "与业务工作双融合"), ("促信访业务工作", "促业务工作"))

# Essay sentences (definitions, quotations) say nothing the unit did.
_COMMENTARY_RE = re.compile(
    r"指出|提出|必由之路|只有|就没有|就要|实践证明|就是命令|首要政治任务|随着|客观原因|问题和不足"
    r"|是.{0,20}(?:途径|标志|基础|组成部分|桥梁|核心|本质工作)"
)
_DATE_RE = re.compile(
    r"(?:19|20)\d{2}年(?:度)?(?:上半年|下半年|中)?|上半年|半年来|今年以来|[\d*X]{1,2}月[\d*X]{1,2}日(?:起)?|(?<=每月)\d{1,2}日"
)
_NAMED_RE = re.compile(r"“[^”]*[\u4e00-\u9fff][^”]*”")
_PLACEHOLDER_RE = re.compile(r"[*＊×]|X|某某")
_UNIT_IN_TITLE_RE = re.compile(r"《(?:某某局|\*+局|\*+市|局)")
_COUNTERS = "|".join(sorted((*COUNT_UNITS, *MONEY_UNITS), key=len, reverse=True))
_FACT_RE = re.compile(rf"(?:\d+(?:\.\d+)?[万亿]?|[*＊]+|X+)(?:余|多)?(?:(?P<unit>{_COUNTERS})|(?P<pct>%))")
_NEARLY_RE = re.compile(r"(?:将近|近|约)(?=\{(?:count|money|percent))")
_NEW_ACTION_RE = re.compile(r"(?:并|同时)(?!且)")
_VERB_START_RE = re.compile(
    r"(?:组织|开展|召开|制定|建立|坚持|推进|推动|落实|加强|严格|深入|大力|积极|认真|充分|持续|扎实|不断|全面|切实"
    r"|定期|及时|带头|先后|举办|完成|引导|利用|设立|签订|观看|学习|抓好|做好|深化|强化|健全|完善|开辟|培育|打造|成立"
    r"|选派|帮助|指导|督促|明确|细化|规范|实行|发挥|坚决|牢固|解决|研究|走访|收集|接待|评选|慰问|发展|交纳|编印"
    r"|印发|下发|参加|参与|讲授|宣讲)"
)
# Any clause that starts an action of its own; a cut clause that does not finishes a construction.
_ACTION_START_RE = re.compile(
    _VERB_START_RE.pattern
    + r"|(?:贯穿|坚定|践行|增强|提高|提升|贯彻|执行|树立|不折不扣|严守|筑牢|营造|确保|做到|实现|促进|激发|调动|吸引"
    r"|将|把|让|用|推行|创建|形成|构建|采取|配强|选好|改进|优化|丰富|拓展|压实|传导)"
)
# A sentence opening with these only finishes one that was cut away (既……，又……).
_DANGLING_RE = re.compile(r"(?:又|也|还|而|使|让|从而|进而|即)")
# 通过…等方式: the means names what was done. 对…不够/没有…: a fault stated in full.
_MEANS_RE = re.compile(r"(?:通过|采取)(.{4,60}?)等(?:方式|形式|措施)")
_FAULT_RE = re.compile(r"对.{2,40}(?:没有|不够|未)")
_ADVERBIAL_RE = re.compile(r"(?:通过|以|按照|为了|为|在|对|围绕|结合|根据|随着|作为|由于)")
# A clause naming a document and no action (党组书记、党支部书记抓基层党建工作责任清单) is the object of a verb cut
# away (研究制定…、…): alone it says nothing was done.
_DOCUMENT_END_RE = re.compile(r"(?:清单|方案|计划|办法|细则|名单|台账|规划|要点)$")


def split_outside_quotes(text: str, seps: str) -> list[str]:
    """Split `text` after each separator in `seps` that stands outside “…”, 《…》 and （…）."""
    pieces: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in "“《（":
            depth += 1
        elif ch in "”》）":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            pieces.append(text[start : i + 1])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def sentences(body: str) -> Iterator[str]:
    """Yield the sentences of a paragraph, a long one cut where a new action starts."""
    for sentence in split_outside_quotes(body, "。；！？"):
        if len(sentence) <= LONG_SENTENCE:
            yield sentence
            continue
        # A long sentence reads as several items where a new action starts: ……，并选派……
        current: list[str] = []
        for clause in split_outside_quotes(sentence, "，"):
            size = sum(map(len, current))
            if current and (_NEW_ACTION_RE.match(clause) or (size >= MIN_ITEM and _starts_verb(clause))):
                yield "".join(current)
                current = []
            current.append(clause)
        yield "".join(current)


def _starts_verb(clause: str) -> bool:
    return bool(_VERB_START_RE.match(strip_leads(clause)))


def _starts_action(clause: str) -> bool:
    return bool(_ACTION_START_RE.match(strip_leads(clause)))


def _starts_own(clause: str) -> bool:
    """Tell whether a clause starts something of its own (an action, or 结合…/按照… before one)."""
    return _starts_action(clause) or bool(_ADVERBIAL_RE.match(clause))


def strip_leads(text: str) -> str:
    """Remove enumerators, time words and the corpus unit as subject from the start of a clause."""
    previous = None
    while previous != text:
        previous = text
        text = _ENUM_RE.sub("", text)
        text = _LEAD_RE.sub("", text)
        text = text.lstrip("，、：；")
    return text


def _slot_facts(clause: str) -> str | None:
    """Turn every number of the clause into a slot; None if one cannot be (两个重点)."""

    def fact(m: re.Match[str]) -> str:
        if m.group("pct"):
            return "{percent}"
        unit = m.group("unit")
        kind = "money" if unit in MONEY_UNITS else "count"
        return f"{{{kind}:{unit}}}"

    clause = _FACT_RE.sub(fact, clause)
    # 慰问困难党员近**人: the corpus's "nearly" was about its own number, not the user's exact one.
    clause = _NEARLY_RE.sub("", clause)
    # Chinese numerals left over: 一次/一个 only say "a" (开展一次讲党课活动) and go; any other
    # count is the corpus unit's structure (重点做好三项工作) and takes the clause with it.
    for number in reversed(extract_numbers(clause)):
        if number.value != 1 or number.unit not in ("次", "个", "项", "场"):
            return None
        clause = clause[: number.start] + clause[number.end :]
    return clause


def _without_foreign_items(clause: str, cut: Sequence[str]) -> str:
    """Drop from a list the items naming another unit's platform, brand or time (the rest is generic).

    充分利用党报党刊、“云岭先锋App”、“学习强国”平台等 → 充分利用党报党刊、“学习强国”平台等. The first item holds the
    verb and the last the list's end: they must be generic already.
    """
    items = split_outside_quotes(clause, "、")
    if len(items) < 3 or any(f in items[0] for f in cut):
        return clause
    kept = [items[0], *(i for i in items[1:-1] if not any(f in i for f in cut)), items[-1]]
    return "".join(kept)


def clean_clause(clause: str, names: bool = False, cut: Sequence[str] = CUT) -> str | None:
    """Return the clause with its facts made slots, or None if it cannot be kept.

    With `names`, a number inside a quoted name is the name's (做好“光荣在党50年”纪念章颁发工作): the clause
    stays, as an item of its own. A bare quoted number (“321”工作机制) is another unit's scheme.
    """
    for own, generic in _GENERIC_BUSINESS:
        clause = clause.replace(own, generic)
    # The corpus unit's name as subject goes anyway (县信访局成立党员先锋突击队): it takes no clause with it.
    clause = _SUBJECT_RE.sub("", _without_foreign_items(clause, cut))
    if any(f in clause for f in cut):
        return None
    clause = _DATE_RE.sub("", clause)
    for name in CAMPAIGNS:
        clause = clause.replace(f"“{name}”", "“{name:活动}”")
    clause = _UNIT_IN_TITLE_RE.sub("《{unit}", clause)
    clause = re.sub(r"《[^》]*(?:[*＊X]|某某)[^》]*》", "《{name:文件}》", clause)
    slotted = _slot_facts(clause)
    counted = _NAMED_RE.sub("", slotted) if names and slotted is not None else slotted
    if slotted is None or counted is None or _PLACEHOLDER_RE.search(slotted) or re.search(r"\d", counted):
        return None
    return slotted


def _runs(originals: Sequence[str], cleaned: Sequence[str | None]) -> Iterator[list[str]]:
    """Yield every run of kept clauses that reads as a sentence of its own.

    A run ends where a clause had to go: splicing what follows onto what precedes would join facts
    the corpus never joined. If the cut clause does not start an action of its own, it finishes a
    construction begun earlier (成立由…为组长，…为副组长，各科室…), and that construction goes too.
    A run may start after a cut only with a verb.
    """
    i = 0
    while i < len(cleaned):
        if cleaned[i] is None:
            i += 1
            continue
        j = i
        while j < len(cleaned) and cleaned[j] is not None:
            j += 1
        end = j
        if j < len(cleaned) and not _starts_own(originals[j]):
            end = j - 1
            while end > i and not _starts_own(originals[end]):
                end -= 1
        run = [c for c in cleaned[i:end] if c is not None]
        # A trailing 通过…/在…/…等 clause is only the first half of what was cut after it.
        while run and (_ADVERBIAL_RE.match(run[-1]) or run[-1].endswith("等")):
            run.pop()
        # After a cut the run must open a sentence: with a verb, or after nothing but an
        # introduction (作为***部门，由于……窗口业务忙，党务工作开展受到……).
        intro_only = all(_ADVERBIAL_RE.match(c) for c in originals[:i])
        if run and (i == 0 or intro_only or _starts_action(run[0])):
            yield run
        i = j + 1


def commentary(sentence: str) -> bool:
    """Tell whether a sentence is essay (a definition, a quotation) rather than something the unit did."""
    return bool(_COMMENTARY_RE.search(sentence))


def clean_runs(sentence: str, min_length: int = 12, cut: Sequence[str] = CUT) -> list[str]:
    """Return the bank texts of a sentence: each run of its generic clauses, other units' facts cut.

    Shorter than `min_length` characters a run is a heading, unless it carries a fact (a slot).
    """
    if sentence.rstrip().endswith("："):
        return []
    text = strip_leads(sentence.strip().rstrip("；。，、：！？"))
    if not text or _COMMENTARY_RE.search(text) or _DANGLING_RE.match(text):
        return []
    clauses = [c.rstrip("，") for c in split_outside_quotes(text, "，")]
    texts = (finish(run, min_length) for run in _runs(clauses, [clean_clause(c, cut=cut) for c in clauses]))
    return [t for t in texts if t is not None]


def standalone(clause: str) -> bool:
    """Tell whether a clause can stand as an item: not the first half (通过…/在…/…等) or the tail (又…) of another.

    A clause saying what was wrong with something (对…的问题没有及时整改到位) is whole.
    """
    if _FAULT_RE.match(clause):
        return True
    if _DOCUMENT_END_RE.search(clause) and not _starts_action(clause):
        return False
    return not (_ADVERBIAL_RE.match(clause) or _DANGLING_RE.match(clause) or clause.endswith("等"))


def means_done(clause: str) -> str:
    """Return what a means clause says was done (通过读原文原著、撰写心得等方式 → 读原文原著、撰写心得)."""
    m = _MEANS_RE.fullmatch(clause)
    return m.group(1) if m else clause


def clause_items(sentence: str, cut: Sequence[str] = CUT) -> list[str]:
    """Return each generic clause of a sentence that starts an action of its own, as a bank text.

    They are the short items of the bank: 严格落实“三会一课”制度。 claims no more than its words.
    """
    if commentary(sentence):
        return []
    out = []
    for clause in split_outside_quotes(sentence.strip().rstrip("；。，、：！？"), "，"):
        bare = means_done(strip_leads(clause.rstrip("，")))
        cleaned = clean_clause(bare, names=True, cut=cut) if standalone(bare) else None
        text = finish([cleaned], CLAUSE_ITEM) if cleaned is not None else None
        if text is not None:
            out.append(text)
    return out


def finish(run: Sequence[str], min_length: int) -> str | None:
    """Join a run into a bank text, or None if it is too short or too long to stand as an item."""
    result = strip_leads("，".join(run)).rstrip("，、：；")
    for wrong, right in _FIXES:
        result = result.replace(wrong, right)
    plain = SLOT_RE.sub("", result)
    unquoted = re.sub(r"“[^”]*”", "", plain)
    slots = len(SLOT_RE.findall(result))
    # A short phrase is a heading unless it carries a fact (开展主题党日活动{count:场次}).
    if len(plain) < (6 if slots else min_length) or len(plain) > 170 or len(unquoted) < 6 or slots > 3:
        return None
    return result + "。"


def make_label(text: str) -> str:
    """Return a button label (at most 14 characters) for an entry text."""
    plain = re.sub(r"[“《]?\{name[^}]*\}[”》]?", "…", text.replace("{unit}", ""))
    plain = SLOT_RE.sub("", plain).rstrip("。")
    clauses = [c for c in re.split(r"[，；：]", plain) if c]
    label = clauses[0]
    if len(label) < 5 and len(clauses) > 1:
        label = f"{label}，{clauses[1]}"
    return label if len(label) <= 14 else label[:13] + "…"
