"""Word lists of the genre that matching and slot filling share (what names nothing, what is counted)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache

import jieba

from bot.jieba_dict import load_main_dictionary
from bot.resources import data_file

# jieba logs its dictionary loading at DEBUG through a handler of its own, into the terminal chat.
jieba.setLogLevel(logging.WARNING)
USERDICT_FILE = "userdict.txt"

CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")

# Words that carry no topic: they neither find an entry nor tie a number to a slot.
STOPWORDS = frozenset({
    "我们", "我", "他们", "大家", "一共", "总共", "共计", "累计", "合计", "总计", "先后", "今年", "全年", "上半年",
    "下半年", "一年",
    "已经", "还有", "还是", "还", "也", "都", "就", "了", "的", "地", "得", "和", "与", "及", "跟", "把", "被", "给",
    "在", "对", "从", "次", "个", "名", "人", "场", "些", "这个", "那个", "这", "那", "有", "是", "没", "不", "很",
    "比较", "挺", "一些", "什么", "怎么", "时候", "一下", "一次", "每次", "平时", "开了", "搞了", "弄了", "组织",
    "开展", "进行", "召开", "开", "搞", "弄", "做", "做了", "了解", "然后", "另外", "以及", "主要", "基本",
    "有些", "有的", "觉得", "认为", "基本上", "每个", "都是",
    # "One", not a count that names anything (有一个劝退了, 理了一遍).
    "一个", "一名", "一位", "一项", "一件", "一支", "一种", "一遍", "一块", "一批",
    # Directional complements say how a verb ends, not what was done (工作群也管起来了).
    "起来", "下来", "出来", "上来", "过来", "下去",
    # A hedge on a count names nothing done (大概开了11次).
    "大概", "大约", "差不多", "估计", "将近", "左右",
    # When in the year names no practice (组织生活会年底开了一次).
    "年底", "年初", "年中", "年末", "月底", "月初", "明年", "去年", "那会儿", "那时候",
})  # fmt: skip


# Words too common in the genre to tell one activity from another.
GENERIC = frozenset({
    "活动", "工作", "党员", "干部", "支部", "党支部", "党建", "党建工作", "问题", "全体", "各级", "单位", "机关",
    "专题", "制度", "情况", "方式", "形式", "内容", "要求", "相关", "重要", "积极", "认真", "深入", "扎实",
})  # fmt: skip


# Everyday nouns a count names (8个支部, 20个问题) though the bank may never count them.
COUNTED_NOUNS = frozenset({
    "支部", "党支部", "党员", "干部", "职工", "群众", "问题", "意见", "建议", "单位", "社区", "村", "家庭", "学校",
    "文章", "稿件", "资料", "书籍", "课", "会", "会议", "活动", "项目", "任务", "制度", "清单", "案例", "困难户",
})  # fmt: skip


# What a counted noun is a kind of, for the words next to a slot (督促指导{count:个}基层党组织按期换届).
COUNTED_KINDS = {"支部": ("党组织",), "党支部": ("党组织",), "同志": ("党员",), "职工": ("干部",)}


def bigrams(text: str) -> list[str]:
    """Return the adjacent character pairs of the Chinese runs of `text`."""
    return [run[i : i + 2] for run in CJK_RUN_RE.findall(text) for i in range(len(run) - 1)]


def heard(word: str, said: str, common: Callable[[str], bool]) -> bool:
    """Tell whether `said` holds `word` or a pair of its characters no common word (内容 of 学习内容, not 学习)."""
    return word in said or any(b in said for b in bigrams(word) if not common(b))


@cache
def tokenizer() -> jieba.Tokenizer:
    """Return the one private jieba tokenizer, with the domain dictionary, that matching and polishing share.

    The dictionary is most of the process's memory and about a second to load: it is built once, in whichever
    of them needs it first (the matcher, loaded in the background at start).
    """
    tok = jieba.Tokenizer()
    load_main_dictionary(tok)
    with data_file(USERDICT_FILE).open("rb") as fh:
        tok.load_userdict(fh)
    return tok


# jieba cuts a text run by run (Chinese, letters, digits) and what stands between apart: texts sharing runs share cuts.
_RUN_RE = jieba.re_han_default
_SKIP_RE = jieba.re_skip_default


class Segmenter:
    """Cut text as jieba's accurate mode without HMM does, each run of words once.

    One answer's texts (the clause, its rewrite, the wordings holding it) share most runs.
    """

    def __init__(self, tok: jieba.Tokenizer, size: int) -> None:
        self._tok = tok
        self._size = size
        self._runs: dict[str, tuple[str, ...]] = {}
        self._kept: dict[str, tuple[str, ...]] = {}
        # A bank text is cut again for every answer it is a candidate of: whole texts are kept as well as runs.
        self._texts: dict[str, tuple[str, ...]] = {}
        self._kept_texts: dict[str, tuple[str, ...]] = {}

    def cut(self, text: str) -> tuple[str, ...]:
        """Return the words of a text."""
        found = self._kept_texts.get(text) or self._texts.get(text)
        if found is None:
            found = self._cut(text)
            if len(self._texts) >= self._size:
                self._texts.clear()
            self._texts[text] = found
        return found

    def _cut(self, text: str) -> tuple[str, ...]:
        words: list[str] = []
        for block in _RUN_RE.split(text):
            if _RUN_RE.fullmatch(block):
                words.extend(self._run(block))
            else:
                # As jieba does between runs: whitespace stays whole, anything else goes a character at a time.
                parts = _SKIP_RE.split(block)
                words.extend(w for part in parts for w in ((part,) if _SKIP_RE.fullmatch(part) else part))
        return tuple(words)

    def _run(self, run: str) -> tuple[str, ...]:
        found = self._kept.get(run) or self._runs.get(run)
        if found is None:
            found = tuple(self._tok.lcut(run, HMM=False))
            if len(self._runs) >= self._size:
                self._runs.clear()
            self._runs[run] = found
        return found

    def keep(self) -> None:
        """Keep the cuts made so far for good: those of the bank, cut once at load, are the bank's own."""
        self._kept.update(self._runs)
        self._runs.clear()
        self._kept_texts.update(self._texts)
        self._texts.clear()

    def forget(self) -> None:
        """Drop the cuts remembered of answers (a benchmark times each answer as new)."""
        self._runs.clear()
        self._texts.clear()
