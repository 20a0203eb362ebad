"""A wording's lists cut to the items the user named: the others are what another unit did.

送温暖 takes 采取走访慰问等形式, not 采取谈心交流、走访慰问、结对帮扶等形式; 评了清廉家庭 takes 组织开展清廉家庭评选,
not the contests listed after it; 上路口劝导交通 takes 组织开展“交通劝导”活动, not “包路段”.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.bankclean import split_outside_quotes
from bot.wording import CLAUSE_RE, LEAD_VERBS

# What kinds of one thing end on (好人主义、功利主义: 主义).
_KIND_RE = re.compile(r"[\u4e00-\u9fff]{2,3}")
# Named activities written one after the other (“包路段”“交通劝导”活动); before a count they name as many teams.
_QUOTED_RUN_RE = re.compile(r"(?:“[^“”]+”){2,}(?=活动)")
_QUOTED_RE = re.compile(r"“([^“”]+)”")


def keep_named_examples(text: str, names: Sequence[str], cut: Callable[[str], list[str]]) -> str:
    """Keep, of the examples a wording lists before 等, of the kinds it lists and of its named activities, the user's.

    送温暖 takes 采取走访慰问等形式, not 采取谈心交流、走访慰问、结对帮扶等形式: the others are activities another
    unit did. Where the user named none, a list before 等…活动 goes whole (组织开展了党员志愿服务活动12次 for 开展
    志愿服务12场); before anything else (等形式) the wording is left as it stands.
    """
    if not names or ("等" not in text and "、" not in text and "”“" not in text):
        return text
    clauses = CLAUSE_RE.findall(text)
    return "".join(_quoted_cut(_kinds_cut(_examples_cut(c, names, cut), names), names) for c in clauses)


def _quoted_cut(clause: str, names: Sequence[str]) -> str:
    """Cut named activities written one after the other (“包路段”“交通劝导”活动) to those the user named, if any."""

    def named(run: re.Match[str]) -> str:
        quoted = _QUOTED_RE.findall(run.group())
        kept = [q for q in quoted if any(len(n) > 1 and n in q for n in names)]
        return "".join(f"“{q}”" for q in kept) if 0 < len(kept) < len(quoted) else run.group()

    return _QUOTED_RUN_RE.sub(named, clause)


def keep_named_deed(text: str, names: Sequence[str], deeds: Sequence[str]) -> str:
    """Cut a list to its first item where that is a deed of its own the user named and the others are not.

    组织开展清廉家庭评选、清廉家训家规和清廉书画作品、…征集评选活动 for 评了清廉家庭 keeps 组织开展清廉家庭评选:
    the rest are other activities, sharing with it only 清廉.
    """
    out = []
    for clause in CLAUSE_RE.findall(text):
        pieces = split_outside_quotes(clause, "、")
        first = pieces[0].rstrip("、")
        mine = {n for n in names if n in first}
        theirs = {n for p in pieces[1:] for n in names if n in p}
        if len(pieces) > 1 and "等" not in clause and first.endswith(tuple(deeds)) and theirs < mine:
            clause = first + (clause[-1] if clause[-1] in "，；。" else "")
        out.append(clause)
    return "".join(out)


def _kinds_cut(clause: str, names: Sequence[str]) -> str:
    """Cut a list of kinds of one thing (好人主义、功利主义、实用主义倾向) to the first, where only it was named.

    存在好人主义倾向 for 搞好人主义: the other kinds are another unit's findings.
    """
    pieces = [p.rstrip("、") for p in split_outside_quotes(clause, "、")]
    if len(pieces) < 2 or "等" in clause:
        return clause
    kind = next((pieces[1][-k:] for k in (3, 2) if all(p.endswith(pieces[1][-k:]) for p in pieces[:-1])), "")
    if not _KIND_RE.fullmatch(kind) or kind not in pieces[-1]:
        return clause
    items = [*pieces[1:-1], pieces[-1][: pieces[-1].index(kind) + len(kind)]]
    telling = [n for n in names if n not in kind]
    first = pieces[0][-len(pieces[1]) :]  # as long as the next kind: the lead before it is no kind
    if not any(n in first for n in telling) or any(n in item for item in items for n in telling):
        return clause
    return pieces[0] + pieces[-1][len(items[-1]) :]


def _leads(word: str) -> bool:
    """Tell whether a word is a lead verb, or two of them written as one (充分利用, 组织开展)."""
    return word in LEAD_VERBS or (len(word) == 4 and word[:2] in LEAD_VERBS and word[2:] in LEAD_VERBS)


def _list_end(clause: str, cut: Callable[[str], list[str]]) -> int:
    """Return where the 等 closing a clause's list stands, -1 if none (二等奖 holds no 等 of its own)."""
    last = clause.rfind("、") + 1
    at = last
    # Only the last item and what follows can hold it: that part alone is segmented.
    for word in cut(clause[last:]):
        if word == "等":
            return at
        at += len(word)
    return -1


def _examples_cut(clause: str, names: Sequence[str], cut: Callable[[str], list[str]]) -> str:
    """Cut one clause's list before 等 to the items the user named (see keep_named_examples)."""
    if clause.find("等", clause.rfind("、") + 1) < 0:
        return clause  # no list, or none closed by 等: nothing to segment
    end = _list_end(clause, cut)
    # 民主集中制和“三会一课”等制度 lists two examples too.
    pieces = [p.rstrip("、和") for p in split_outside_quotes(clause[:end], "、和")] if end > 0 else []
    if len(pieces) < 2:
        return clause
    words = cut(pieces[0])
    lead = 0
    while lead < len(words) - 1 and _leads(words[lead]):
        lead += 1
    prefix = "".join(words[:lead])
    items = [pieces[0][len(prefix) :], *pieces[1:]]
    named = [item for item in items if any(n in item for n in names)]
    # Without a verb read before it, the first item may hold the clause's verb (高度重视信访投诉): it stays.
    if len(named) == len(items) or (not prefix and items[0] not in named):
        return clause
    if named:
        return prefix + "、".join(named) + clause[end:]
    tail = clause[end + 1 :]
    return prefix + tail if re.match(r"[^，；。]*活动", tail) else clause
