"""What the simulated users of bench.load and bench.replicas type and press, and how their drafts are checked."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.outline import load_outline

KIND_BUTTON = "年度党建工作总结"
DONE_BUTTON = "这部分写完了"
THEME_BUTTON = "➕补年度主题"
# Work-section answers typed the way users type them (numbers included, so slots get filled).
ITEM_ANSWERS = (
    "中心组学习了12次，书记讲了2次党课",
    "开了3次党组会研究党建，制定了责任清单",
    "每月开展主题党日，召开组织生活会1次",
    "发展了2名党员，党费按时足额收缴",
    "每季度研判一次意识形态形势",
    "组织看了警示教育片，开展廉政谈话20人次",
    "和社区结对共建，开展志愿服务6次",
    "大家都在手机上用学习强国学习",
    "书记给大家讲了党课",
    "年初定了学习计划，列了四十五项内容",
    "搞了读书分享会，大家推荐好书",
    "班子集体学习搞了6次",
    "组织党员到红色教育基地参观学习",
    "落实第一议题制度，全年学习28次",
    "开展谈心谈话，覆盖全体党员",
    "组织大家学习二十大精神",
    "支部书记带头讲党课3次",
    "举办了两期入党积极分子培训班，培训了80人",
    "每周一组织集中学习",
    "党员干部下沉社区开展志愿服务",
)
# Node ids come from the outline, by role, as the engine takes them: the first sub-topic of 主要做法和成效
# (the short draft's work answer lands there) and the node of 存在的问题.
OUTLINE = load_outline()
FIRST_TOPIC = OUTLINE.topics[0].id
PROBLEMS = next(n.id for n in OUTLINE.nodes if n.role == "problems")
_PLACE_HEADS = "东西南北中上下前后新老大小长高"
_PLACE_TAILS = "湖山河桥园林港城坪岗湾塘洲庄店"


@dataclass(frozen=True)
class Step:
    """One update a user sends: a text (commands included) or a press on the button labelled `label`."""

    text: str | None = None
    label: str | None = None


def throughput_steps(index: int, answers: int) -> tuple[list[Step], list[Step]]:
    """Set-up (start, kind, required facts, intro skipped) and the timed items answers of user `index`.

    Each user names a place of their own and starts at another answer, so no two users send the same
    text: a cache keyed by the text could only help within one answer, as with real users.
    """
    setup = [Step("/start"), Step(label=KIND_BUTTON), Step("县财政局机关党支部"), Step("2025")]
    setup += [Step("/skip")] * 3  # the 导语: leader, guiding line, 基本情况 (theme and 中心业务 are only offered)
    place = _PLACE_HEADS[index % len(_PLACE_HEADS)] + _PLACE_TAILS[index // len(_PLACE_HEADS) % len(_PLACE_TAILS)]
    timed = [Step(f"我们{place}{ITEM_ANSWERS[(index + i) % len(ITEM_ANSWERS)]}") for i in range(answers)]
    return setup, timed


@dataclass(frozen=True)
class ShortDraft:
    """A short draft of one user and the answers of it the database must hold afterwards."""

    steps: list[Step]
    unit: str
    leader: str
    theme: str
    work: str
    problem: str


def short_draft(user: int) -> ShortDraft:
    """Every required part, two facts, one item in a work node and one problem, the rest skipped."""
    unit = f"测试{user}局机关党支部"
    leader = f"县直机关工委第{user}联系组"
    theme = f"深入学习贯彻党的二十大精神（{user}）"
    work = f"中心组学习了{user % 20 + 2}次，书记讲了2次党课（{user}）"
    problem = f"学习形式比较单一（{user}）"
    # The unit's name says its organ (党支部), so that question is not asked; the 导语's guiding line and 基本情况
    # are skipped. The theme is a follow-up, opened from the first sub-topic's screen; the other follow-ups (中心业务,
    # results, causes) are passed by, and the plans skipped. The first 9 steps end at the first sub-topic.
    steps = [Step("/start"), Step(label=KIND_BUTTON), Step(unit), Step("2025"), Step(leader), Step("/skip")]
    steps += [Step("/skip"), Step(label=THEME_BUTTON), Step(theme), Step(work), Step(label=DONE_BUTTON)]
    steps += [Step("/skip")] * 6
    steps += [Step(problem), Step(label=DONE_BUTTON), Step("/skip")]
    return ShortDraft(steps, unit, leader, theme, work, problem)


def lost_answers(db: Path, drafts: dict[int, ShortDraft]) -> int:
    """Count the answers users sent that their draft in the database does not hold."""
    lost = 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for user, d in drafts.items():
            rows = conn.execute("SELECT id, unit, year FROM drafts WHERE owner = ?", (user,)).fetchall()
            if len(rows) != 1:
                lost += 6
                continue
            draft_id, unit, year = rows[0]
            facts = dict(conn.execute("SELECT node, value FROM answers WHERE draft_id = ?", (draft_id,)).fetchall())
            items = conn.execute("SELECT node, text FROM items WHERE draft_id = ?", (draft_id,)).fetchall()
            lost += (unit != d.unit) + (year != "2025")
            # The leader and the theme play no role in the outline: each must be the answer of some fact.
            lost += (d.leader not in facts.values()) + (d.theme not in facts.values())
            # The work answer holds two facts: each is an item of its own.
            lost += not all(
                any(node == FIRST_TOPIC and fact in text for node, text in items) for fact in d.work.split("，")
            )
            lost += not any(node == PROBLEMS and d.problem in text for node, text in items)
    return lost
