"""The wording of gaps (〔待补〕): asking for their numbers, filling them, leaving or dropping them."""

from __future__ import annotations

import re

from bot.engine.labels import B_AS_ITEM

GAP_LATER = "好的，先空着，下载前还可以补。"
NO_GAPS_LEFT = "没有〔待补〕了。"
GAP_HOWTO = "直接发数字即可补上（如 3 或 3次）。"
GAPS_HOWTO = "点「补第N处」逐个补上；也可以直接下载，〔待补〕会留在文件里。"


_FREQUENCY_RE = re.compile(r"每(?:个)?(?:月|季度|周|星期|年|半年|天)")


def gap_waiting(text: str) -> str:
    """Show the item whose gap the next number fills."""
    return f"这一条还有〔待补〕：{text}\n直接发数字即可补上（如 3 或 3次）；没有这回事就发「没有」。"


def no_number(typed: str, item: str) -> str:
    """Say a text typed at a gap prompt fills no gap (a frequency is no total: the user says the total)."""
    if _FREQUENCY_RE.search(typed):
        return (
            f"「{typed}」说的是多久一次，这一条要的是一共多少：\n{item}\n"
            f"请发一共的数字（如 12 或 12次）；这句是新的一条的话，点「{B_AS_ITEM}」。"
        )
    return (
        f"「{typed}」里没有能补进这一条的数字：\n{item}\n"
        f"请发数字（如 3 或 3次）；这句是新的一条的话，点「{B_AS_ITEM}」。"
    )


def filled_more(text: str) -> str:
    """Confirm a gap was filled and ask for the item's next one."""
    return f"已补上：{text}\n还有〔待补〕，继续发数字，或点「先空着」。"


def filled_rest(text: str, rest: int) -> str:
    """Confirm a gap was filled from the gap list, with how many are left."""
    return f"已补上：{text}\n还剩{rest}处〔待补〕。"


def filled(text: str) -> str:
    """Confirm a gap was filled."""
    return f"已补上：{text}"


def offer_to_drop(text: str, what: str) -> str:
    """Offer to remove what the user did not do."""
    return f"「{text}」\n没有的话，可以{what}，免得文件里留着空。"


def replaced_with_gap(text: str, moved: str) -> str:
    """Confirm the chosen wording and ask for its numbers."""
    return f"已换成：{text}{moved}\n还有〔待补〕。{GAP_HOWTO}"


def dropped(text: str) -> str:
    """Confirm an item was removed."""
    return f"已删掉：{text}"


def shortened(text: str) -> str:
    """Confirm a clause was removed from an item."""
    return f"已改为：{text}"


def gap_from_list(text: str) -> str:
    """Show the item of a gap chosen from the list and ask for the number."""
    return f"这一条：{text}\n请发要补的数字（如 3 或 3次）。"


def gaps_head(head: str, count: int) -> str:
    """Head the list of gaps."""
    return f"{head}还有{count}处〔待补〕："


def fill_gaps_button(first: int, last: int) -> str:
    """Label the button that fills gaps `first` to `last` (one item's gaps)."""
    return f"补第{first}处" if first == last else f"补第{first}-{last}处"


def gaps_left(count: int) -> str:
    """Say how many gaps are left."""
    return f"〔待补〕还有{count}处。" if count else NO_GAPS_LEFT
