"""The engine's fixed Chinese wording (that of gaps is in bot.engine.gap_texts). Texts with values are functions."""

from __future__ import annotations

from bot.engine.labels import B_OWN, delete_item

HELP = (
    "我帮您一步步写党建工作总结或述职报告：我提问，您用大白话回答，我给出规范表述供选用。\n"
    "/new 新建草稿　/drafts 我的草稿\n"
    "/outline 目录　/back 上一步　/skip 跳过\n"
    "/preview 预览　/review 逐条检查　/download 下载Word\n"
    "/forget 删除我的全部数据\n"
    "不会编造任何数字：没给的数字会留成〔待补：…〕。"
)
WELCOME = "您好！我是党建总结助手。\n先选要写的文种："
NO_DRAFT = "还没有草稿。先选要写的文种："
STALE = "这个按钮已过期。接着当前这一步："
STALE_TOAST = "按钮已过期"
ONLY_TEXT = "我只能看懂文字，请用文字回答。"
EMPTY = "没有收到内容，请再说一遍。"
NO_WORDS = "没有看到文字或数字，请重新输入这一项。"
UNKNOWN_COMMAND = "没有这个命令。发 /help 看看能做什么。"
NEW_MENU = "新建草稿，选文种："
ALL_DONE = "全部部分都填完了！可以预览、下载，或在目录里修改任何部分。"
NOTHING_OPEN = "所有部分都填完了。要补充哪一部分，请在目录里选。"
FIRST_STEP = "已经是第一步了。"
EMPTY_PART = "这部分还没有内容。可以先写一条，或点「跳过这部分」。"
BAD_YEAR = "没看懂年份，请点按钮或输入四位数字，比如 2025。"
NOT_DELETED = "好的，没有删除。"
FORGOTTEN = "您的全部草稿已删除。想重新开始，发 /new。"
SWITCHED = "已切换。"
NO_ITEMS_YET = "还没有写任何条目。"
NO_PREVIEW = "预览暂不可用。"
NO_DOWNLOAD = "下载暂不可用。"
DRAFT_SHOWN = "以上是目前的草稿。"
MORE_PAGE = "换一批："
OFFER_HEAD = "可换成规范表述（点选即替换）："
NEXT_OR_DONE = "继续发下一条，或点「这部分写完了」。"
SEND_NEXT = "也可以直接发下一条。"
AS_TYPED_HINT = "\n（已按公文习惯整理；要保留原话、不整理，点「保留原话」。）"
ONE_THING_EACH = "可以分几条发，每条一件事。"
CHIPS_HEAD = "常见做法，点一下即加入这句（要数字的会再问）："
# A tester took a ✓ on a chip they had not tapped for a wording taken: it marks the deed as written in the part.
CHIPS_MARKED = "打✓的本部分已经写了（用过这句，或您自己写过这件事），不必再点。"
PROBLEMS_HEAD = "常见问题，点一下选上或取消（可选多个）："
STOCK_HEAD = "常见原因，点一下即加入："
PROPOSALS_HEAD = "针对您列的问题，建议这些打算："
OTHER_OUTLINE = "注意：这份草稿是按另一版问卷写的，个别部分可能不在目录里，请预览核对。"
OUTLINE_HINT = "点一部分即可跳过去填写或修改。"


def welcome_back(name: str, where: str) -> str:
    """Greet a returning user with the draft and the step they were at."""
    return f"欢迎回来！您在写《{name}》，上次到：{where}。"


def start_how(kind_name: str) -> str:
    """Ask whether a new draft starts blank or from an earlier one."""
    return f"新建{kind_name}：从空白开始，还是复制已有草稿的条目？（复制时数字都会改成〔待补〕，请重新确认）"


def copied(kind_name: str, source: str, count: int) -> str:
    """Say a draft was started from an earlier one, with its numbers blanked."""
    return (
        f"已新建{kind_name}，从《{source}》复制了{count}条。"
        "其中的数字都改成了〔待补〕：一年的数字不等于半年的，请逐条确认后补上。"
    )


def created(kind_name: str) -> str:
    """Say a blank draft was started."""
    return f"好的，新建一份{kind_name}。随时可以发 /outline 看目录。"


def too_many_drafts(limit: int) -> str:
    """Say the draft limit is reached."""
    return f"最多保存{limit}份草稿，请先删掉一份不用的。"


def ask_rename(name: str, limit: int) -> str:
    """Ask for a draft's new name."""
    return f"给《{name}》起个新名字（{limit}字以内）："


def name_too_long(length: int, limit: int) -> str:
    """Say a new name is too long."""
    return f"名字太长了（{length}字），请控制在{limit}字以内："


def confirm_delete(name: str) -> str:
    """Ask before deleting a draft."""
    return f"确定删除《{name}》吗？删除后无法恢复。"


def confirm_forget(count: int) -> str:
    """Ask before deleting everything about the user."""
    return f"确定删除您的全部数据吗？共{count}份草稿，连同您的使用记录，删除后无法恢复。"


def deleted(name: str) -> str:
    """Say a draft was deleted."""
    return f"已删除《{name}》。"


def renamed(name: str) -> str:
    """Say a draft was renamed."""
    return f"已改名为《{name}》。"


def fact_too_long(limit: int, length: int) -> str:
    """Ask for a shorter fact."""
    return f"这一项请简短些（{limit}字以内），现在是{length}字。"


def item_too_long(length: int, limit: int) -> str:
    """Ask to split a long item."""
    return f"这条太长了（{length}字）。请分几条发，每条不超过{limit}字。"


def edit_too_long(length: int, limit: int) -> str:
    """Ask for a shorter edited item."""
    return f"这条太长了（{length}字），请控制在{limit}字以内，再发一次："


def name_only(label: str, example: str) -> str:
    """Ask again for a name when the answer said more (the rest is asked in its own part)."""
    return f"这里只填{label}，如「{example}」。做了什么、开了几次会，后面各部分会再问，请到那里再说。"


def noted(label: str, value: str) -> str:
    """Confirm a fact."""
    return f"已记下：{label} · {value}"


def follow_up(label: str, hint: str) -> str:
    """Offer an optional question in one line, above the question being asked."""
    return f"➕ 可补「{label}」：{hint}（可不补）"


def follow_up_value(label: str, value: str) -> str:
    """Show an answered optional question in one line, above the question being asked."""
    return f"「{label}」：{value}（点下面的按钮可改）"


def cannot_skip(label: str) -> str:
    """Say a node must be answered."""
    return f"「{label}」不能跳过，请回答。"


def skipped(label: str) -> str:
    """Confirm a skipped node."""
    return f"已跳过：{label}"


EDITED = "已修改。"
EDIT_CANCELLED = "已取消修改，原文不变。"
MY_DRAFTS = "我的草稿："
ALL_FILLED = "已全部填完"
CURRENT_MARK = "（当前）"
HERE_MARK = " ←当前"
STALE_NO_DRAFT = "这个按钮已过期。" + NO_DRAFT
PAIRS_HEAD = "问题与打算："
BEFORE_DOWNLOAD = "下载前"
PAIR_HAS_PLAN = "有对应打算"
PAIR_DROPPED = "不写打算"
PAIR_NO_PLAN = "还没有对应打算"


def added(text: str) -> str:
    """Confirm a wording added from the bank."""
    return f"已加入：{text}"


def added_with_gap(text: str) -> str:
    """Confirm a wording added from the bank and ask for its numbers."""
    return f"已加入：{text}\n请发数字补上〔待补〕（如 3 或 3次），或点「先空着」。"


def chip_used(label: str) -> str:
    """Say a chip's wording is in the draft already."""
    return f"「{label}」已经加入过了。"


def unchosen(label: str) -> str:
    """Confirm a stock problem was taken out."""
    return f"已取消：{label}"


def plan_dropped(label: str) -> str:
    """Confirm a proposed measure was turned down."""
    return f"好的，「{label}」不写对应打算。"


def other_plan(label: str, text: str) -> str:
    """Show another measure proposed for a problem."""
    return f"（{label}）换一个说法：\n{text}"


def adopted(taken: list[str]) -> str:
    """Confirm the measures taken, and that the part is finished."""
    return "已采用：\n" + "\n".join(f"· {x}" for x in taken) + "\n这部分写完了；还要加，在目录里点这一部分。"


def button_typed(text: str) -> str:
    """Say a button's words were typed where that button is not shown, so nothing was written."""
    return f"「{text}」是按钮上的字，这里没有这个按钮，没有记下。请点下面的按钮，或发要写的内容。"


def number_alone(text: str) -> str:
    """Say a number alone was typed where a deed is asked for, so nothing was written."""
    return (
        f"「{text}」只是一个数字，没有记下。要点按钮请点下面的按钮；要写一条，请连做了什么一起发（如：开了3次党组会）。"
    )


CORRECT_HOW = "哪里不对？请直接发正确的说法，如「不对，廉政谈话是54人次」或「不对，应该是54人次」。"


def chip_line(label: str, sentence: str) -> str:
    """Show what a chip adds."""
    return f"· {label}：{sentence}"


def said_again(place: int, text: str) -> str:
    """Ask whether an earlier wording that the new item says again is still wanted."""
    return f"第{place}条「{text}」说的也是这件事；只留新记的，就点「{delete_item(place)}」。"


def corrects(place: int, text: str) -> str:
    """Ask whether a correction replaces the item it corrects."""
    return f"您是在更正第{place}条「{text}」吗？是的话点「{delete_item(place)}」，原来那条就不要了。"


def noted_items(written: list[tuple[int, str]]) -> str:
    """Confirm an answer's items, each as the document will write it: [(its place in the part, text)]."""
    if len(written) == 1:
        place, text = written[0]
        return f"已记下第{place}条：{text}"
    lines = [f"已记下{len(written)}条（这条说了{len(written)}件事，分条记）："]
    return "\n".join(lines + [f"第{place}条：{text}" for place, text in written])


def none_fits(items: list[tuple[int, str]], of_several: bool) -> str:
    """Say which items no standard wording fits, by place and words: they stay the user's own words, polished."""
    if not items:
        return ""
    if not of_several:
        return "没有合适的规范表述，就用您的话。"
    # Named by their words too: an item moved to another part renumbers those after it (a tester's).
    which = "、".join(offer_for(place, text) for place, text in items)
    return f"{which}没有合适的规范表述，就用您的话。"


def offer_for(place: int, text: str) -> str:
    """Name the item the wordings below are offered for."""
    return f"第{place}条「{text}」"


def kept_as_typed(text: str) -> str:
    """Confirm an item is kept unpolished."""
    return f"按原话保留：{text}"


def edit_prompt(text: str) -> str:
    """Show an item and ask for its new text."""
    return f"原文：{text}\n请发修改后的内容："


def near_duplicates(label: str, first: str, second: str) -> str:
    """Point out two items that say nearly the same thing."""
    return f"「{label}」有两条意思相近：\n· {first}\n· {second}"


def files_made(gaps: int, spoken: int = 0) -> str:
    """Say the files were made, how many gaps they still hold and how many items still read as speech."""
    said = f"另有{spoken}条还像口语，点「逐条检查」可看（标{SPOKEN_MARK}）并修改。" if spoken else ""
    return "文件已生成。" + (f"其中还有{gaps}处〔待补〕，已用黄色标出。" if gaps else "") + said


def merged(text: str) -> str:
    """Confirm two items were merged."""
    return f"已合并：{text}"


def moved_to(label: str) -> str:
    """Say a wording of another sub-topic went there."""
    return f"\n这条属于「{label}」，已放到那一部分。"


def kept_apart(text: str) -> str:
    """Say what the chosen wording leaves out is kept as an item of its own."""
    return f"\n这句没写到「{text.rstrip('。')}」，已另记为一条。"


def replaced(text: str, moved: str) -> str:
    """Confirm the chosen wording."""
    return f"已换成：{text}{moved}"


def copy_from(name: str) -> str:
    """Label the button that starts a draft from an earlier one."""
    return f"复制《{name}》"


def items_so_far(count: int) -> str:
    """Head the items written so far."""
    return f"已写{count}条："


def example(text: str) -> str:
    """Show an example answer."""
    return f"例如：{text}"


def current_value(value: str) -> str:
    """Show a fact's answer and how to change it."""
    return f"现在填的是：{value}（发新内容即可修改）"


def common_wording(text: str) -> str:
    """Show the wording a question offers."""
    return f"常用提法：{text}"


def outline_head(name: str) -> str:
    """Head the outline."""
    return f"《{name}》目录："


def no_items(label: str) -> str:
    """Say a node has no items yet."""
    return f"「{label}」还没有条目。"


def items_head(label: str) -> str:
    """Head a node's item list."""
    return f"「{label}」的条目："


def review_head(title: str, page: int, pages: int) -> str:
    """Head a review page."""
    return f"【{title}】（第{page}/{pages}页）"


# Marks an item of the user's own words that still reads as speech on a review page.
SPOKEN_MARK = "🗣"


def spoken_note(places: list[int]) -> str:
    """Say which items still read as speech, and that they may be reworded or kept."""
    listed = "、".join(map(str, places))
    return f"{SPOKEN_MARK} 第{listed}条还像口语，可点「改」换成书面说法；不改也会照原样写入。"


def pair_line(label: str, state: str) -> str:
    """Say whether a chosen problem has its measure."""
    return f"问题「{label}」↔ {state}"


def as_item(text: str) -> str:
    """Return a stock answer as the item it becomes (ending in 。)."""
    return text if text.endswith("。") else text + "。"


def year_only_head(count: int) -> str:
    """Introduce the copied items that only fit a whole year."""
    return f"下面{count}条写的是全年的事（全年、12月、年底……），半年总结里读着不对。请改一改或删掉，没问题的留着即可："


def headings_used(label: str) -> str:
    """Confirm the heading set chosen."""
    return f"小标题已换成「{label}」式。"


def other_headings(label: str) -> str:
    """Label the button that switches the heading set."""
    return f"小标题换成「{label}」式"


def would_drop(counts: str) -> str:
    """Say a chosen wording would lose the user's counts, so their words stay."""
    return f"这句规范表述写不进您说的「{counts}」，为免丢失，仍保留您的原话。可以换一句，或点「{B_OWN}」。"


def short_draft(length: int, corpus: tuple[int, int], thin: list[str]) -> str:
    """Say the draft is shorter than the corpus's documents of its kind, and which parts hold the fewest items."""
    low, high = corpus
    usual = f"{low}" if low == high else f"{low}–{high}"
    line = f"全文约{length}字；语料中的同类文稿约{usual}字。"
    if thin:
        line += f"条目最少的部分：{'、'.join(thin)}。每补一件做过的事就多一条：在 /outline 里点这一部分。"
    return line
