"""Join the user's 导语 answers into its sentences: the theme as a clause, the 基本情况 with the unit, the leaders.

Nothing here adds a fact: it changes how a user's words are joined, never what they say.
"""

from __future__ import annotations

import re

_CLAUSE_SEP = "，；。、："
_VERB_START = ("深入", "学习", "开展", "推进", "围绕", "聚焦", "落实", "加强", "贯彻", "以", "持续", "全面", "扎实")
_THEME_LEAD_RE = re.compile(r"^(?:今年|全年|上半年|一年来)?(?:主要就是|主要是|主要|重点是|重点|就是)?")
# 搞了个…年活动 says the unit held it, which 围绕…这个党建主题 says already.
_HELD_RE = re.compile(r"^(?:搞了个|搞了|弄了个|弄了|开展了个|开展了|开展个|做了个)")
# The business is what the unit works on: 抓好/开展 before it says nothing of it.
# 搞活, 干部 and 做大做强 begin with those characters too: only whole words of doing go.
_WORKS_ON_RE = re.compile(r"^(?:搞了个|弄了个|搞好|搞了|搞(?!活)|开展好|开展|抓好|做好|干好|负责|紧紧围绕|围绕)")
# A theme of making something (打造了一个…品牌), the 了 and the "a" of speech dropped.
_MAKING_RE = re.compile(r"^(打造|创建|争创|培育)(?:了)?(?:一个|个)?")
_NAME_ENDS = ("年", "活动", "行动", "工程", "教育", "创建", "主题", "竞赛", "建设")
_OVERVIEW_VERBS = ("下设", "设有", "共有", "现有", "有", "辖", "管理", "包括", "设")
_OVERVIEW_OWN = (
    "我们支部", "我支部", "本支部", "我局", "本局", "我们", "我单位", "本单位", "单位", "下面", "底下",
)  # fmt: skip
_BODIES = r"\d+个(?:党支部|支部|党小组|小组|党总支|总支)"
# 分了4个党小组 (written 分4个党小组) is 下设 too; 分2批开展学习 divides no unit.
_BELOW_RE = re.compile(
    rf"^(?:下面(?:分了|分成|分|有|设)?(?=[\d一二两三四五六七八九十几])|分(?:了|成|为)?(?={_BODIES}))"
)
# A later clause naming a count of branches or groups alone (…，3个党小组) takes the verb the first would.
_BODIES_RE = re.compile(rf"^{_BODIES}$")
_NAMES_BODIES_RE = re.compile(r"支部|党小组|小组|总支|党委")
_ABOUT = ("左右", "上下")
_PEOPLE = r"(?:个人|[名个人])"
_MEMBERS_RE = re.compile(
    rf"^(?:共有|一共|共)?(?:党员(?:共有|一共|共)?(约?\d+(?:多|余)?){_PEOPLE}|(约?\d+(?:多|余)?){_PEOPLE}党员)(.*)$"
)
# A 党支部 saying it is one 支部 names itself again (就一个支部).
_ITSELF_RE = re.compile(r"^(?:就|只有|仅有|共)?(?:一|1)个(?:党)?支部$")
BRANCH = "党支部"


def theme_clause(theme: str) -> str:
    """Return the year's theme as a clause of the 导语: a campaign name is quoted, a phrase joined."""
    # 今年主要是开展… says when and how much, not the theme: the 导语 says 一年来 itself.
    theme = _HELD_RE.sub("", _THEME_LEAD_RE.sub("", theme)) or theme
    inner = theme[1:-1]
    # Quotes around the whole answer go (the 导语 quotes it itself); quotes inside it stay.
    quoted = len(theme) > 2 and theme[0] in '“"' and theme[-1] in '”"' and not set(inner) & set('“”"')
    parts = [p for p in re.split(r"[\s，,、；;]+|(?<=\S)(?=结合)", inner if quoted else theme) if p]
    clauses = []
    for i, part in enumerate(parts):
        bare = part.removeprefix("结合").removeprefix("还有")
        if part.startswith(_VERB_START):
            clauses.append(part)
        elif making := _MAKING_RE.match(bare):
            # 打造了一个“守护耕地红线”党建品牌: what the year was spent making (围绕打造“…”党建品牌).
            clauses.append(("结合" if i else "围绕") + making.group(1) + bare[making.end() :])
        elif i == 0 and (quoted or "“" in bare or bare.endswith(_NAME_ENDS)):
            # 000:1: 围绕“基层党建质量深化拓展年”这个党建主题
            inner = bare.replace("“", "‘").replace("”", "’")
            clauses.append(f"围绕“{inner}”这个党建主题")
        else:
            clauses.append(("结合" if i else "围绕") + bare)
    return "，".join(clauses)


# 局机关党委 上面还有县直机关工委: a body above the one named is listed with it.
_LEADERS_SPLIT_RE = re.compile(
    r"[，,、；;\s]*(?:(?:上面|上级|再上面)(?:还有|是))|[，,、；;\s]*(?:还有|以及)[，,、\s]*|[，,、；;\s]+"
)


def guiding_clause(guiding: str) -> str:
    """Return the guiding line as a clause of the 导语: …思想为指导 typed without its 以 takes 坚持以."""
    first = re.split(f"[{_CLAUSE_SEP}]", guiding, maxsplit=1)[0]
    if first.endswith("为指导") and not first.startswith(("以", "坚持", "始终", "全面", "深入")):
        return "坚持以" + guiding
    return guiding


def listed_names(text: str) -> list[str]:
    """Return the names said as a list (县直机关工委，还有局党组 → 县直机关工委, 局党组)."""
    return [n for n in _LEADERS_SPLIT_RE.split(text) if n]


def leaders_phrase(leaders: str) -> str:
    """Join the bodies the unit works under as one phrase: 县直机关工委，还有局党组 → 县直机关工委和局党组."""
    names = listed_names(leaders)
    if len(names) < 2:
        return leaders
    if any("和" in n for n in names):
        return "、".join(names)  # 县委、县政府和县直机关工委: the user's own 和 stays the only one
    return "、".join(names[:-1]) + "和" + names[-1]


_LISTED_END_RE = re.compile(r"(?:这些|这几项|这几块|这几个|等等|等)(?:工作|业务)?$")


def business_phrase(business: str) -> str:
    """Name the unit's main business as a thing worked on (主要就是搞经济普查，还有数据质量 → 经济普查和数据质量).

    The 导语 says 紧紧围绕… itself, and what names 党建 is no business of the unit (党建业务一起抓: a tester's 导语 read
    紧紧围绕围绕校园安全和教师培训、党建业务一起抓等中心工作).
    """
    # 疫苗接种这些 / 这几项 / 等: the 导语 says 等中心工作 itself (a tester's read 疫苗接种这些等中心工作).
    business = _LISTED_END_RE.sub("", business)
    parts = _LEADERS_SPLIT_RE.split(_THEME_LEAD_RE.sub("", business))
    names = [_WORKS_ON_RE.sub("", p) or p for p in parts if p and "党建" not in p] or [business]
    return leaders_phrase("，".join(names))


def overview_sentence(unit: str, overview: str) -> str:
    """Join the unit and its 基本情况 into one sentence, whatever words the answer starts with."""
    text = overview
    # 市统计局机关党委 + 机关党委下设5个党支部: the unit already names what the answer starts with.
    for k in range(len(unit), 1, -1):
        if text.startswith(unit[-k:]):
            text = text[k:]
            break
    for own in _OVERVIEW_OWN:
        text = text.removeprefix(own)
    clauses = [c for c in re.split(rf"[{_CLAUSE_SEP}\s]+", text) if c]
    joined: list[str] = []
    for clause in clauses:
        members = _MEMBERS_RE.match(clause)
        if unit.endswith(BRANCH) and _ITSELF_RE.match(clause):
            continue
        # 下面5个支部 and 分了4个党小组 are how it is said, 下设5个支部 how a document writes it.
        clause = _BELOW_RE.sub("下设", clause)
        if members:
            # 党员30个左右: 共有 a total said about is 约 (共有党员30名左右 says both).
            rest = members.group(3)
            count = members.group(1) or members.group(2)
            about = "约" if rest.startswith(_ABOUT) and not count.startswith("约") else ""
            rest = rest[2:] if about else rest
            clause = f"共有党员{about}{count}名{rest}"
        elif (not joined or _BODIES_RE.match(clause)) and not clause.startswith(_OVERVIEW_VERBS):
            # Branches and groups are set up under a unit (下设3个支部; a 党支部 下设 its 党小组, as three testers
            # expected of 有3个党小组); anything else it has (有在职党员40名).
            under = _BODIES_RE.match(clause) or (not unit.endswith(BRANCH) and _NAMES_BODIES_RE.search(clause))
            clause = ("下设" if under else "有") + clause
        joined.append(clause)
    return unit + "，".join(joined) + "。"
