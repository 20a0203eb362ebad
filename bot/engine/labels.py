"""The engine's button labels and toasts (the short notice on a pressed button), in one place."""

B_CONTINUE = "继续写"
B_NEW = "新建草稿"
B_DRAFTS = "我的草稿"
B_BLANK = "从空白开始"
B_PREVIEW = "预览"
B_DOWNLOAD = "下载Word"
B_DOWNLOAD_ANYWAY = "直接下载"
B_OUTLINE = "目录"
B_BACK = "上一步"
B_PART_DONE = "这部分写完了"
B_EDIT_ITEMS = "修改条目"
B_SKIP_PART = "跳过这部分"
B_SKIP = "跳过"
B_DROP_FACT = "不写这一项"
B_TAKE_OFFER = "用这句"
B_KEEP = "不改，下一步"
B_OWN = "用我的话"
B_AS_TYPED = "保留原话"
B_MORE = "换一批"
B_LATER = "先空着"
B_KEEP_ITEM = "不改了"
B_RETURN = "返回"
B_REVIEW = "逐条检查"
B_NEXT_GAP = "补下一处"
B_ADOPT_ALL = "全部采用，下一步"
B_CONFIRM_DELETE = "确定删除"
B_DELETE_ALL = "全部删除"
B_KEEP_ALL = "不删了"
B_MERGE = "合并"
B_DROP_SECOND = "删后一条"
B_AS_ITEM = "记为新的一条"
T_ADDED = "已加入"
T_DELETED = "已删除"
T_SKIPPED = "已跳过"
T_MOVED_UP = "已上移"
T_KEPT_OWN = "已用您的话（按公文习惯整理）"
T_KEPT_OWN_AS_TYPED = "已用您的话"
T_REPLACED = "已替换"
B_PAGE_BACK = "上一页"
B_PAGE_NEXT = "下一页"
B_ADOPT = "采用"
B_SWAP_AGAIN = "再换一个"
B_DROP = "不要"
B_DROP_CLAUSE = "删掉这半句"
B_DROP_ITEM = "删掉这一条"
T_AS_TYPED = "按原话保留"


def change_follow_up(label: str) -> str:
    """Label the button that changes an answered follow-up (➕补成效/荣誉 → ✏️改成效/荣誉)."""
    return "✏️改" + label.removeprefix("➕").removeprefix("补")


def delete_item(place: int) -> str:
    """Label the button that deletes item `place` of a list."""
    return f"删第{place}条"


def as_typed_of(place: int) -> str:
    """Label the button that keeps item `place` of a part as typed."""
    return f"第{place}条保留原话"


def button_words() -> frozenset[str]:
    """Return every fixed button label: typed as a message, it is no answer to a question."""
    labels = [v for k, v in globals().items() if k.startswith("B_") and isinstance(v, str)]
    # 全部采用 typed for 「全部采用，下一步」 is that button's word too (seen typing a draft: it stood as a plan).
    return frozenset((*labels, *(v.split("，")[0] for v in labels)))
