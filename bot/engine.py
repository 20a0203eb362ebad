"""The dialogue engine: one stored state and one user event in, the new state and a reply out.

Nothing here knows about Telegram. The position in the dialogue is never stored as a cursor: it is
derived from what the draft holds (docassemble's model), plus an explicit `focus` when the user moved
somewhere on purpose (目录, 上一步, 修改).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from rapidfuzz import fuzz

from bot.assemble import guiding_line
from bot.model import GAP_OPEN, GAP_RE, Draft, DraftSummary, Item, Pending, UserState
from bot.outline import Node, Outline, Part

MAX_DRAFTS = 20
# Facts a copied draft keeps as they were; counts in the others become gaps.
# The year, its guiding line and theme, and the counts of 基本情况 belong to the new period: asked again.
_CARRIED_FACTS = ("basic.unit", "intro.leader")
# Marks a gap being filled from the list shown before a download, which the user then returns to.
FROM_GAP_LIST = "gap-list"
PROBLEMS = "problems.items"
PLANS = "plans.items"
# Where a draft keeps the pairs whose proposed measure the user turned down (space-separated pair ids).
DROPPED_PAIRS = "plans.items.dropped"
# Facts the title and sign-off cannot do without; a missing one is a gap to offer before download.
_TITLE_FACTS = ("basic.unit", "basic.year")
MAX_FACT_CHARS = 60
MAX_ITEM_CHARS = 600
MAX_NAME_CHARS = 30
# Items of one part that get their own buttons: 3 an item stays under Telegram's 100 buttons a message.
MAX_ITEM_BUTTONS = 30
SUGGESTIONS_SHOWN = 3
SUGGESTIONS_FETCHED = 9
# rapidfuzz ratio from which two items of one sub-topic are flagged as saying nearly the same thing.
NEAR_DUPLICATE = 80


# ---- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A plain text message."""

    text: str


@dataclass(frozen=True)
class Press:
    """A button press; `data` is the button's action string."""

    data: str


@dataclass(frozen=True)
class Command:
    """A command such as /start, without the slash."""

    name: str
    args: str = ""


@dataclass(frozen=True)
class Unsupported:
    """Anything the bot cannot read: a photo, a sticker, a voice note (…)."""

    what: str


@dataclass(frozen=True)
class CopyDraft:
    """Start a draft of `kind` from the user's draft `source_id`; the assistant loads `source`."""

    kind: str
    source_id: str
    source: Draft | None = None


@dataclass(frozen=True)
class Resume:
    """Show the user where they are (after switching drafts, for instance)."""

    note: str = ""


Event = Text | Press | Command | Unsupported | Resume | CopyDraft


# ---- replies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    """An inline button: what it says and the action it sends back."""

    label: str
    action: str


@dataclass(frozen=True)
class Attachment:
    """A file to send."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Message:
    """One outgoing message."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None


@dataclass
class Outcome:
    """What one event changed and what to answer."""

    replies: list[Message]
    active_id: str | None
    mode: str | None
    write: list[Draft] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    toast: str | None = None
    follow_up: Event | None = None
    # Delete everything stored about the user (/forget), the user row included.
    forget: bool = False


# ---- collaborators ------------------------------------------------------------------------------


class Suggestion(Protocol):
    """A phrase-bank wording filled with the user's facts (see bot.matcher)."""

    @property
    def entry_id(self) -> str: ...  # noqa: D102
    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def gaps(self) -> int: ...  # noqa: D102


class BankEntry(Protocol):
    """A phrase-bank entry, as far as the engine looks at it."""

    @property
    def nodes(self) -> tuple[str, ...]: ...  # noqa: D102


class Suggester(Protocol):
    """The matcher as the engine uses it."""

    def suggest(
        self, text: str, node_id: str | None = None, top: int = 3, exclude: Sequence[str] = ()
    ) -> Sequence[Suggestion]:
        """Return the best bank wordings for `text`, filled with its numbers."""
        ...

    def fill(self, entry_id: str, text: str) -> Suggestion:
        """Return entry `entry_id` filled with the numbers in `text`."""
        ...

    def entry(self, entry_id: str) -> BankEntry:
        """Return the bank entry `entry_id`."""
        ...


class Documents(Protocol):
    """Document assembly as the engine uses it (see bot.documents)."""

    def preview(self, outline: Outline, draft: Draft, today: datetime) -> list[str]:
        """Return the draft as chat messages: an overview line, then the text in chunks."""
        ...

    def files(self, outline: Outline, draft: Draft, today: datetime) -> list[Attachment]:
        """Return the draft as .docx and .txt."""
        ...


class Chip(Protocol):
    """A quick-pick button standing for one bank entry (see bot.aids)."""

    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def entry_id(self) -> str: ...  # noqa: D102


class Pair(Protocol):
    """A stock problem and the bank measures that answer it (see bot.aids)."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def label(self) -> str: ...  # noqa: D102
    @property
    def problem(self) -> str: ...  # noqa: D102
    @property
    def plans(self) -> tuple[str, ...]: ...  # noqa: D102


class Aids(Protocol):
    """Writing aids drawn from the phrase bank."""

    def chips(self, node_id: str) -> Sequence[Chip]:
        """Return the quick-pick chips of an items node."""
        ...

    def pairs(self) -> Sequence[Pair]:
        """Return the problem ↔ measure pairs."""
        ...


@dataclass(frozen=True)
class Tools:
    """The matcher and what is built on it; loaded in the background at start-up (jieba, cn2an)."""

    matcher: Suggester
    fill_gap: Callable[[str, str], str | None]
    blank_numbers: Callable[[str], str]
    aids: Aids | None = None


@dataclass(frozen=True)
class Context:
    """What the engine needs besides the state: the outline, the clock, helpers."""

    outline: Outline
    now: datetime
    new_id: Callable[[], str]
    tools: Tools | None = None
    documents: Documents | None = None

    @property
    def matcher(self) -> Suggester | None:
        """The matcher, once loaded."""
        return self.tools.matcher if self.tools else None

    @property
    def aids(self) -> Aids | None:
        """The writing aids, once loaded."""
        return self.tools.aids if self.tools else None


# ---- texts --------------------------------------------------------------------------------------

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
ONLY_TEXT = "我只能看懂文字，请用文字回答。"
EMPTY = "没有收到内容，请再说一遍。"
UNKNOWN_COMMAND = "没有这个命令。发 /help 看看能做什么。"


# ---- the engine ---------------------------------------------------------------------------------


def decide(state: UserState, event: Event, ctx: Context) -> Outcome:
    """Handle one event for one user and return what to store and what to answer."""
    turn = _Turn(state, ctx)
    turn.handle(event)
    return turn.outcome()


class _Turn:
    """One event being handled: a private copy of the state plus the replies gathered so far."""

    def __init__(self, state: UserState, ctx: Context) -> None:
        self.ctx = ctx
        self.o = ctx.outline
        self.user_id = state.user_id
        self.drafts = list(state.drafts)
        self.original = state.active
        self.draft = _private_copy(state.active)
        self.mode = state.mode
        self.replies: list[Message] = []
        self.renamed: dict[str, str] = {}
        self.deleted: list[str] = []
        self.toast: str | None = None
        self.follow_up: Event | None = None
        self.extra_writes: list[Draft] = []
        # Set when the active draft changes to one this turn does not hold (switch, delete).
        self.switch_to: str | None = None
        self.forget_user = False

    # -- plumbing --

    def outcome(self) -> Outcome:
        writes = list(self.extra_writes)
        if self.draft is not None and self.draft != self.original:
            self.draft.updated_at = self.ctx.now.isoformat(timespec="seconds")
            writes.append(self.draft)
        active_id = self.switch_to or (self.draft.id if self.draft is not None else None)
        return Outcome(
            replies=self.replies,
            active_id=active_id,
            mode=self.mode,
            write=writes,
            renamed=self.renamed,
            deleted=self.deleted,
            toast=self.toast,
            follow_up=self.follow_up,
            forget=self.forget_user,
        )

    def say(self, text: str, buttons: Sequence[Sequence[Button]] = ()) -> None:
        self.replies.append(Message(text, tuple(tuple(row) for row in buttons if row)))

    def act(self, verb: str, *args: object) -> str:
        """Return the action string of a button bound to the active draft."""
        assert self.draft is not None
        return ":".join(["d", self.draft.id, verb, *map(str, args)])

    # -- dispatch --

    def handle(self, event: Event) -> None:
        if isinstance(event, Command):
            self.mode = None
            if self.draft is not None and self.draft.pending is not None and self.draft.pending.kind == "edit":
                self.draft.pending = None
            self.command(event)
        elif isinstance(event, Press):
            # A rename or edit waits for the very next input; pressing anything else gives up on it.
            self.mode = None
            if self.draft is not None and self.draft.pending is not None and self.draft.pending.kind == "edit":
                self.draft.pending = None
            self.press(event.data)
        elif isinstance(event, Text):
            self.text(event.text)
        elif isinstance(event, Unsupported):
            self.show_position(ONLY_TEXT)
        elif isinstance(event, CopyDraft):
            self.copy_draft(event)
        else:
            self.show_position(event.note)

    def command(self, cmd: Command) -> None:
        name = cmd.name
        if name == "start":
            self.start()
        elif name == "help":
            self.say(HELP)
        elif name == "new":
            self.ask_kind("新建草稿，选文种：")
        elif name == "drafts":
            self.list_drafts()
        elif name == "forget":
            self.confirm_forget()
        elif self.draft is None and name in {"outline", "back", "skip", "preview", "download", "review"}:
            self.ask_kind(NO_DRAFT)
        elif name == "outline":
            self.overview()
        elif name == "back":
            self.back(self.current())
        elif name == "skip":
            self.skip(self.current())
        elif name == "preview":
            self.preview()
        elif name == "download":
            self.download()
        elif name == "review":
            self.review()
        else:
            self.say(UNKNOWN_COMMAND)

    # -- user level --

    def start(self) -> None:
        if self.draft is None:
            self.ask_kind(WELCOME)
            return
        node = self.current()
        where = self.where(node) if node else "已全部填完"
        self.say(
            f"欢迎回来！您在写《{self.display_name(self.draft)}》，上次到：{where}。",
            [
                [Button("继续写", "u:cont")],
                [Button("新建草稿", "u:newmenu"), Button("我的草稿", "u:list")],
            ],
        )

    def ask_kind(self, text: str) -> None:
        self.say(text, [[Button(k.name, f"u:kind:{k.id}")] for k in self.o.kinds])

    def ask_start(self, kind: str) -> None:
        """Offer to start blank or from an earlier draft's items."""
        if not self.drafts:
            self.new_draft(kind)
            return
        rows = [[Button("从空白开始", f"u:new:{kind}")]]
        rows += [
            [Button(f"复制《{_short(self.summary_name(s), 24)}》", f"u:cp:{kind}:{s.id}")] for s in self.drafts[:5]
        ]
        self.say(
            f"新建{self.o.kind(kind).name}：从空白开始，还是复制已有草稿的条目？（复制时数字都会改成〔待补〕，请重新确认）",
            rows,
        )

    def copy_draft(self, event: CopyDraft) -> None:
        source = event.source
        tools = self.ctx.tools
        if source is None or tools is None or not any(k.id == event.kind for k in self.o.kinds):
            self.stale()
            return
        if not self.new_draft(event.kind, announce=False):
            return
        d = self.draft
        assert d is not None
        d.facts = {n: v for n, v in source.facts.items() if n in _CARRIED_FACTS and self.o.has_node(n)}
        count = 0
        for node in self.o.nodes:
            for it in source.items.get(node.id, []):
                self.append_item(node, Item(id=d.next_item_id, text=tools.blank_numbers(it.text), source=it.source))
                count += 1
        d.focus = None
        self.ask(
            f"已新建{self.o.kind(event.kind).name}，从《{self.display_name(source)}》复制了{count}条。"
            "其中的数字都改成了〔待补〕：一年的数字不等于半年的，请逐条确认后补上。"
        )

    def new_draft(self, kind: str, announce: bool = True) -> bool:
        if len(self.drafts) >= MAX_DRAFTS:
            self.say(f"最多保存{MAX_DRAFTS}份草稿，请先删掉一份不用的。")
            self.list_drafts()
            return False
        now = self.ctx.now.isoformat(timespec="seconds")
        if self.draft is not None and self.draft != self.original:
            self.extra_writes.append(self.draft)
        self.draft = Draft(
            id=self.ctx.new_id(),
            owner=self.user_id,
            kind=kind,
            outline_version=self.o.version,
            created_at=now,
            updated_at=now,
        )
        self.original = None
        if announce:
            self.ask(f"好的，新建一份{self.o.kind(kind).name}。随时可以发 /outline 看目录。")
        return True

    def list_drafts(self) -> None:
        if not self.drafts:
            self.ask_kind(NO_DRAFT)
            return
        lines = ["我的草稿："]
        rows: list[list[Button]] = []
        for n, s in enumerate(self.drafts, 1):
            mark = "（当前）" if self.draft is not None and s.id == self.draft.id else ""
            lines.append(f"{n}. {self.summary_name(s)}{mark}")
            rows.append(
                [
                    Button(f"{n} 切换", f"u:sw:{s.id}"),
                    Button(f"{n} 改名", f"u:rn:{s.id}"),
                    Button(f"{n} 删除", f"u:dl:{s.id}"),
                ]
            )
        rows.append([Button("新建草稿", "u:newmenu")])
        self.say("\n".join(lines), rows)

    def summary_name(self, s: DraftSummary) -> str:
        if s.name:
            return s.name
        return _default_name(self.o, s.kind, s.unit, s.year)

    def display_name(self, d: Draft) -> str:
        return d.name or _default_name(self.o, d.kind, d.unit, d.year)

    def owned(self, draft_id: str) -> DraftSummary | None:
        return next((s for s in self.drafts if s.id == draft_id), None)

    # -- buttons --

    def press(self, data: str) -> None:
        parts = data.split(":")
        if parts[0] == "u" and len(parts) >= 2:
            self.press_user(parts[1], parts[2:])
        elif parts[0] == "d" and len(parts) >= 3 and self.draft is not None and parts[1] == self.draft.id:
            self.press_draft(parts[2], parts[3:])
        else:
            self.stale()

    def stale(self) -> None:
        self.toast = "按钮已过期"
        if self.draft is None:
            self.ask_kind("这个按钮已过期。" + NO_DRAFT)
        else:
            self.ask(STALE)

    def press_user(self, verb: str, args: list[str]) -> None:
        arg = args[0] if args else ""
        if verb == "kind" and any(k.id == arg for k in self.o.kinds):
            self.ask_start(arg)
        elif verb == "new" and any(k.id == arg for k in self.o.kinds):
            self.new_draft(arg)
        elif verb == "cp" and len(args) == 2 and self.owned(args[1]):
            self.follow_up = CopyDraft(arg, args[1])
        elif verb == "newmenu":
            self.ask_kind("新建草稿，选文种：")
        elif verb == "list":
            self.list_drafts()
        elif verb == "cont" and self.draft is not None:
            self.ask()
        elif verb == "sw" and self.owned(arg):
            self.switch(arg)
        elif verb == "rn" and self.owned(arg):
            self.mode = f"rename:{arg}"
            self.say(f"给《{self.summary_name(self.owned(arg))}》起个新名字（{MAX_NAME_CHARS}字以内）：")  # type: ignore[arg-type]
        elif verb == "dl" and self.owned(arg):
            s = self.owned(arg)
            assert s is not None
            self.say(
                f"确定删除《{self.summary_name(s)}》吗？删除后无法恢复。",
                [[Button("确定删除", f"u:dly:{arg}"), Button("不删了", "u:no")]],
            )
        elif verb == "dly" and self.owned(arg):
            self.delete_draft(arg)
        elif verb == "fgy":
            self.forget()
        elif verb == "no":
            self.show_position("好的，没有删除。")
        else:
            self.stale()

    def confirm_forget(self) -> None:
        self.say(
            f"确定删除您的全部数据吗？共{len(self.drafts)}份草稿，连同您的使用记录，删除后无法恢复。",
            [[Button("全部删除", "u:fgy"), Button("不删了", "u:no")]],
        )

    def forget(self) -> None:
        self.forget_user = True
        self.deleted += [s.id for s in self.drafts]
        self.drafts = []
        self.draft = None
        self.original = None
        self.mode = None
        self.toast = "已删除"
        self.say("您的全部草稿已删除。想重新开始，发 /new。")

    def switch(self, draft_id: str) -> None:
        if self.draft is not None and self.draft.id == draft_id:
            self.ask()
            return
        if self.draft is not None and self.draft != self.original:
            self.extra_writes.append(self.draft)
        # The engine only holds the active draft: switch the pointer and let the caller reload.
        self.switch_to = draft_id
        self.draft = None
        self.original = None
        self.follow_up = Resume("已切换。")

    def delete_draft(self, draft_id: str) -> None:
        s = self.owned(draft_id)
        assert s is not None
        self.deleted.append(draft_id)
        self.drafts = [d for d in self.drafts if d.id != draft_id]
        self.toast = "已删除"
        if self.draft is not None and self.draft.id == draft_id:
            self.draft = None
            self.original = None
            if self.drafts:
                self.switch_to = self.drafts[0].id
                self.follow_up = Resume(f"已删除《{self.summary_name(s)}》。")
                return
        self.show_position(f"已删除《{self.summary_name(s)}》。")

    def press_draft(self, verb: str, args: list[str]) -> None:
        d = self.draft
        assert d is not None
        node = self.current()
        a0 = args[0] if args else ""
        a1 = args[1] if len(args) > 1 else ""
        if verb == "ov":
            self.overview()
        elif verb == "pv":
            self.preview()
        elif verb in {"dw", "dwf"}:
            self.download(force=verb == "dwf")
        elif verb == "gq" and a0 in _TITLE_FACTS:
            d.focus = a0
            d.pending = None
            self.ask()
        elif verb == "jp" and _is_number(a0) and int(a0) < len(self.o.parts):
            self.jump(self.o.parts[int(a0)])
        elif verb in {"sk", "bk", "dn"} and node is not None and a0 == node.id:
            {"sk": self.skip, "bk": self.back, "dn": self.finish_node}[verb](node)
        elif verb == "yr" and node is not None and node.type == "year" and _valid_year(a0):
            self.answer_fact(node, a0)
        elif verb == "ls" and self.o.has_node(a0):
            self.list_items(self.o.node(a0))
        elif verb in {"ed", "rm"} and self.o.has_node(a0) and _is_number(a1) and self.find_item(a0, int(a1)):
            (self.start_edit if verb == "ed" else self.remove_item)(self.o.node(a0), int(a1))
        elif verb in {"pk", "own", "more"} and self.pending_matches("suggest", a0):
            self.on_suggestion(verb, a1)
        elif verb == "gs" and self.pending_matches("gap", a0):
            d.pending = None
            self.ask("好的，先空着，下载前还可以补。")
        elif verb == "ol" and node is not None and a0 == node.id and self.offer(node):
            self.answer_fact(node, self.offer(node) or "")
        elif verb == "qp" and node is not None and a0 == node.id and _is_number(a1):
            self.take_chip(node, int(a1))
        elif verb in {"pt", "pa", "ps", "pd"} and _is_number(a0) and int(a0) < len(self.pairs()):
            self.on_pair(verb, int(a0), int(a1) if _is_number(a1) else 0)
        elif verb == "paa" and node is not None and node.id == PLANS:
            self.adopt_all()
        elif verb == "up" and self.o.has_node(a0) and _is_number(a1) and self.find_item(a0, int(a1)):
            self.move_up(self.o.node(a0), int(a1))
        elif verb == "mg" and self.o.has_node(a0) and len(args) == 3 and all(_is_number(x) for x in args[1:]):
            self.merge(self.o.node(a0), int(args[1]), int(args[2]))
        elif verb == "rv":
            self.review()
        elif verb == "gf" and _is_number(a0):
            self.start_gap_fill(int(a0))
        else:
            self.stale()

    def pending_matches(self, kind: str, nonce: str) -> bool:
        p = self.draft.pending if self.draft else None
        return p is not None and p.kind == kind and str(p.nonce) == nonce

    # -- text --

    def text(self, raw: str) -> None:
        text = clean_text(raw)
        if not text:
            self.show_position(EMPTY)
            return
        if self.mode and self.mode.startswith("rename:"):
            self.rename(self.mode.removeprefix("rename:"), text)
            return
        d = self.draft
        if d is None:
            self.ask_kind(NO_DRAFT)
            return
        p = d.pending
        if p is not None and p.kind == "edit" and p.item is not None and self.find_item(p.node, p.item):
            self.finish_edit(p.node, p.item, text)
            return
        if p is not None and p.kind == "gap" and _INTENTS.get(text.strip("。.！!，, ")) == "skip":
            d.pending = None
            self.ask("好的，先空着，下载前还可以补。")
            return
        if p is not None and p.kind == "gap" and p.item is not None and self.ctx.tools is not None:
            item = self.find_item(p.node, p.item)
            filled = self.ctx.tools.fill_gap(item.text, text) if item else None
            if item is not None and filled is not None:
                self.replace_item(p.node, replace(item, text=filled))
                d.pending = None
                self.after_gap_fill(p)
                return
        node = self.current()
        intent = _INTENTS.get(text.strip("。.！!，, "))
        if intent == "overview" or (intent and node is None):
            self.overview()
            return
        if node is None:
            self.say("所有部分都填完了。要补充哪一部分，请在目录里选。")
            self.overview()
            return
        if intent == "skip":
            self.skip(node)
        elif intent == "back":
            self.back(node)
        elif intent == "done" and node.type == "items":
            self.finish_node(node)
        elif node.type == "items":
            self.answer_item(node, text)
        else:
            self.answer_fact(node, text)

    def rename(self, draft_id: str, name: str) -> None:
        self.mode = None
        s = self.owned(draft_id)
        if s is None:
            self.stale()
            return
        if len(name) > MAX_NAME_CHARS:
            self.mode = f"rename:{draft_id}"
            self.say(f"名字太长了（{len(name)}字），请控制在{MAX_NAME_CHARS}字以内：")
            return
        self.renamed[draft_id] = name
        if self.draft is not None and self.draft.id == draft_id:
            self.draft.name = name
        self.drafts = [replace(x, name=name) if x.id == draft_id else x for x in self.drafts]
        self.show_position(f"已改名为《{name}》。")

    # -- the dialogue --

    def current(self) -> Node | None:
        """Return the node being asked: the focus if set, else the first open node."""
        d = self.draft
        if d is None:
            return None
        if d.focus and self.o.has_node(d.focus):
            return self.o.node(d.focus)
        return next((n for n in self.o.nodes if not self.closed(n)), None)

    def closed(self, node: Node) -> bool:
        d = self.draft
        assert d is not None
        if node.id in d.status:
            return True
        return node.type != "items" and node.id in d.facts

    def part_state(self, part: Part) -> str:
        d = self.draft
        assert d is not None
        if all(d.status.get(n.id) == "skipped" for n in part.nodes):
            return "已跳过"
        if all(self.closed(n) for n in part.nodes):
            return "已填"
        if any(d.items.get(n.id) or self.closed(n) for n in part.nodes):
            return "在填"
        return "待填"

    def where(self, node: Node) -> str:
        part = self.o.parts[node.part]
        return f"第{node.part + 1}/{len(self.o.parts)}部分 · {part.title(self.o, self.draft_kind)}"

    @property
    def draft_kind(self) -> str:
        assert self.draft is not None
        return self.draft.kind

    def show_position(self, note: str = "") -> None:
        if self.draft is None:
            if note:
                self.say(note)
            if not self.drafts:
                self.ask_kind(NO_DRAFT)
            else:
                self.list_drafts()
            return
        self.ask(note)

    def ask(self, note: str = "") -> None:
        """Ask the current question (or say the draft is complete), after an optional note."""
        d = self.draft
        assert d is not None
        node = self.current()
        head = f"{note}\n\n" if note else ""
        if node is None:
            self.say(
                head + "全部部分都填完了！可以预览、下载，或在目录里修改任何部分。",
                [
                    [Button("预览", self.act("pv")), Button("下载Word", self.act("dw"))],
                    [Button("目录", self.act("ov"))],
                ],
            )
            return
        lines = [f"【{self.where(node)}】"]
        label_line = node.question(d.kind)
        lines.append(label_line)
        nav: list[Button] = []
        if self.previous(node) is not None:
            nav.append(Button("上一步", self.act("bk", node.id)))
        nav.append(Button("目录", self.act("ov")))
        rows: list[list[Button]] = []
        if node.type == "items":
            items = d.items.get(node.id, [])
            if items:
                lines.append(f"已写{len(items)}条：")
                lines += [f"{i}. {_short(it.text, 40)}" for i, it in enumerate(items, 1)]
                lines.append("继续发下一条，或点「这部分写完了」。")
                rows.append(
                    [Button("这部分写完了", self.act("dn", node.id)), Button("修改条目", self.act("ls", node.id))]
                )
            else:
                lines.append(f"例如：{node.example}")
                lines.append("可以分几条发，每条一件事。")
                if node.skippable:
                    rows.append([Button("跳过这部分", self.act("sk", node.id))])
            rows[:0] = self.aid_rows(node, lines)
        else:
            value = d.facts.get(node.id)
            offer = self.offer(node)
            if value:
                lines.append(f"现在填的是：{value}（发新内容即可修改）")
            elif offer:
                lines.append(f"常用提法：{offer}")
            else:
                lines.append(f"例如：{node.example}")
            if offer and offer != value:
                rows.append([Button("用这句", self.act("ol", node.id))])
            if node.type == "year":
                this_year = self.ctx.now.year
                rows.append([Button(str(y), self.act("yr", y)) for y in (this_year, this_year - 1)])
            if value and d.focus == node.id:
                rows.append([Button("不改，下一步", self.act("dn", node.id))])
            if node.skippable:
                rows.append([Button("不写这一项" if value else "跳过", self.act("sk", node.id))])
        rows.append(nav)
        self.say(head + "\n".join(lines), rows)

    def previous(self, node: Node) -> Node | None:
        nodes = self.o.nodes
        i = nodes.index(node)
        return nodes[i - 1] if i > 0 else None

    def answer_fact(self, node: Node, text: str) -> None:
        d = self.draft
        assert d is not None
        if node.type == "year":
            year = parse_year(text)
            if year is None:
                self.ask("没看懂年份，请点按钮或输入四位数字，比如 2025。")
                return
            text = year
        elif len(text) > MAX_FACT_CHARS:
            self.ask(f"这一项请简短些（{MAX_FACT_CHARS}字以内），现在是{len(text)}字。")
            return
        d.facts[node.id] = text
        d.status.pop(node.id, None)
        d.pending = None
        if d.focus == node.id:
            d.focus = None
        self.ask(f"已记下：{node.label} · {text}")

    def answer_item(self, node: Node, text: str) -> None:
        d = self.draft
        assert d is not None
        if len(text) > MAX_ITEM_CHARS:
            self.say(f"这条太长了（{len(text)}字）。请分几条发，每条不超过{MAX_ITEM_CHARS}字。")
            return
        item = Item(id=d.next_item_id, text=_as_sentence(text))
        self.append_item(node, item)
        d.pending = None
        count = len(d.items[node.id])
        options = self.find_suggestions(node, text)
        if options:
            d.pending = Pending(kind="suggest", node=node.id, item=item.id, text=text, options=options, nonce=item.id)
            self.show_suggestions(f"已记下第{count}条（您的原话）。")
            return
        self.say(
            f"已记下第{count}条。继续发下一条，或点「这部分写完了」。",
            [
                [Button("这部分写完了", self.act("dn", node.id)), Button("修改条目", self.act("ls", node.id))],
                [Button("目录", self.act("ov"))],
            ],
        )

    def used_sources(self) -> list[str]:
        d = self.draft
        assert d is not None
        return [it.source for items in d.items.values() for it in items if it.source]

    def find_suggestions(self, node: Node, text: str) -> tuple[str, ...]:
        if self.ctx.matcher is None:
            return ()
        found = self.ctx.matcher.suggest(text, node.id, top=SUGGESTIONS_FETCHED, exclude=self.used_sources())
        return tuple(s.entry_id for s in found)

    def show_suggestions(self, head: str) -> None:
        d = self.draft
        assert d is not None and d.pending is not None and self.ctx.matcher is not None
        p = d.pending
        raw = p.text or ""
        start = p.page * SUGGESTIONS_SHOWN
        shown = p.options[start : start + SUGGESTIONS_SHOWN]
        lines = [head, "可换成规范表述（点选即替换）："]
        buttons: list[list[Button]] = []
        for i, entry_id in enumerate(shown):
            s = self.ctx.matcher.fill(entry_id, raw)
            lines.append(f"{i + 1}. {s.text}")
            buttons.append([Button(f"{i + 1}. {_short(s.label, 16)}", self.act("pk", p.nonce, start + i))])
        lines.append("也可以直接发下一条。")
        row = [Button("用我的原话", self.act("own", p.nonce))]
        if len(p.options) > SUGGESTIONS_SHOWN:
            row.append(Button("换一批", self.act("more", p.nonce)))
        buttons.append(row)
        buttons.append([Button("这部分写完了", self.act("dn", p.node)), Button("目录", self.act("ov"))])
        self.say("\n".join(lines), buttons)

    def on_suggestion(self, verb: str, arg: str) -> None:
        d = self.draft
        assert d is not None and d.pending is not None and self.ctx.matcher is not None
        p = d.pending
        if verb == "more":
            pages = max(1, -(-len(p.options) // SUGGESTIONS_SHOWN))
            d.pending = replace(p, page=(p.page + 1) % pages)
            self.show_suggestions("换一批：")
            return
        if verb == "own":
            d.pending = None
            self.toast = "保留原话"
            self.ask()
            return
        if not _is_number(arg) or int(arg) >= len(p.options) or p.item is None or p.text is None:
            self.stale()
            return
        item = self.find_item(p.node, p.item)
        if item is None:
            self.stale()
            return
        chosen = self.ctx.matcher.fill(p.options[int(arg)], p.text)
        self.replace_item(p.node, replace(item, text=chosen.text, source=chosen.entry_id))
        home = self.home_of(chosen.entry_id, p.node)
        moved = ""
        if home != p.node:
            # The user answered another sub-topic's question here: the wording goes where it belongs.
            d.items[p.node] = [it for it in d.items[p.node] if it.id != item.id]
            if not d.items[p.node]:
                del d.items[p.node]
            d.items.setdefault(home, []).append(replace(item, text=chosen.text, source=chosen.entry_id))
            if d.status.get(home) == "skipped":
                # A skipped part would leave the moved wording out of the document.
                del d.status[home]
            moved = f"\n这条属于「{self.o.node(home).label}」，已放到那一部分。"
        d.pending = None
        self.toast = "已替换"
        if chosen.gaps:
            d.pending = Pending(kind="gap", node=home, item=item.id, nonce=item.id)
            self.say(
                f"已换成：{chosen.text}{moved}\n还有{chosen.gaps}处〔待补〕。直接发数字即可补上（如 3 或 3次）。",
                [[Button("先空着", self.act("gs", item.id))]],
            )
            return
        self.ask(f"已换成：{chosen.text}{moved}")

    def home_of(self, entry_id: str, node_id: str) -> str:
        """Return where a bank wording belongs: the user's node if it serves it, else its own sub-topic."""
        assert self.ctx.matcher is not None
        nodes = self.ctx.matcher.entry(entry_id).nodes
        if node_id in nodes or not nodes or not self.o.has_node(nodes[0]):
            return node_id
        return nodes[0]

    def after_gap_fill(self, filled: Pending) -> None:
        d = self.draft
        assert d is not None and filled.item is not None
        item = self.find_item(filled.node, filled.item)
        assert item is not None
        if GAP_OPEN in item.text:
            d.pending = filled
            self.say(
                f"已补上：{item.text}\n还有〔待补〕，继续发数字，或点「先空着」。",
                [[Button("先空着", self.act("gs", item.id))]],
            )
            return
        rest = self.gaps()
        if filled.text == FROM_GAP_LIST and rest:
            self.say(
                f"已补上：{item.text}\n还剩{len(rest)}处〔待补〕。",
                [[Button("补下一处", rest[0][2]), Button("下载Word", self.act("dw"))], [Button("继续写", "u:cont")]],
            )
            return
        self.ask(f"已补上：{item.text}")

    def start_gap_fill(self, item_id: int) -> None:
        d = self.draft
        assert d is not None
        for node_id, items in d.items.items():
            for it in items:
                if it.id == item_id and GAP_OPEN in it.text:
                    d.pending = Pending(kind="gap", node=node_id, item=item_id, text=FROM_GAP_LIST, nonce=item_id)
                    self.say(
                        f"这一条：{it.text}\n请发要补的数字（如 3 或 3次）。",
                        [[Button("先空着", self.act("gs", item_id))]],
                    )
                    return
        self.stale()

    def find_item(self, node_id: str, item_id: int) -> Item | None:
        d = self.draft
        assert d is not None
        return next((it for it in d.items.get(node_id, []) if it.id == item_id), None)

    def replace_item(self, node_id: str, new: Item) -> None:
        d = self.draft
        assert d is not None
        d.items[node_id] = [new if it.id == new.id else it for it in d.items[node_id]]

    def list_items(self, node: Node) -> None:
        d = self.draft
        assert d is not None
        items = d.items.get(node.id, [])
        if not items:
            self.ask(f"「{node.label}」还没有条目。")
            return
        lines = [f"「{node.label}」的条目："]
        rows: list[list[Button]] = []
        for i, it in enumerate(items, 1):
            lines.append(f"{i}. {it.text}")
            if i > MAX_ITEM_BUTTONS:
                continue
            rows.append(
                [
                    Button(f"改第{i}条", self.act("ed", node.id, it.id)),
                    Button(f"删第{i}条", self.act("rm", node.id, it.id)),
                ]
            )
        rows.append([Button("返回", self.act("jp", node.part))])
        self.say("\n".join(lines), rows)

    def start_edit(self, node: Node, item_id: int) -> None:
        d = self.draft
        assert d is not None
        item = self.find_item(node.id, item_id)
        assert item is not None
        d.pending = Pending(kind="edit", node=node.id, item=item_id)
        self.say(f"原文：{item.text}\n请发修改后的内容：")

    def finish_edit(self, node_id: str, item_id: int, text: str) -> None:
        d = self.draft
        assert d is not None
        if len(text) > MAX_ITEM_CHARS:
            self.say(f"这条太长了（{len(text)}字），请控制在{MAX_ITEM_CHARS}字以内，再发一次：")
            return
        item = self.find_item(node_id, item_id)
        assert item is not None
        self.replace_item(node_id, Item(id=item_id, text=_as_sentence(text)))
        d.pending = None
        self.say("已修改。")
        self.list_items(self.o.node(node_id))

    def remove_item(self, node: Node, item_id: int) -> None:
        d = self.draft
        assert d is not None
        d.items[node.id] = [it for it in d.items[node.id] if it.id != item_id]
        if not d.items[node.id]:
            del d.items[node.id]
            d.status.pop(node.id, None)
        if d.pending is not None and d.pending.item == item_id:
            d.pending = None
        self.toast = "已删除"
        self.list_items(node)

    def finish_node(self, node: Node) -> None:
        d = self.draft
        assert d is not None
        if node.type == "items" and not d.items.get(node.id):
            self.ask("这部分还没有内容。可以先写一条，或点「跳过这部分」。")
            return
        d.status[node.id] = "done"
        d.pending = None
        d.focus = None
        self.ask()

    def skip(self, node: Node | None) -> None:
        d = self.draft
        assert d is not None
        if node is None:
            self.ask()
            return
        if not node.skippable:
            self.ask(f"「{node.label}」不能跳过，请回答。")
            return
        if d.items.get(node.id):
            # Skipping a sub-topic that has items would hide them; finishing keeps them.
            d.status[node.id] = "done"
        else:
            d.status[node.id] = "skipped"
            d.facts.pop(node.id, None)
        d.pending = None
        d.focus = None
        self.toast = "已跳过"
        self.ask(f"已跳过：{node.label}")

    def back(self, node: Node | None) -> None:
        d = self.draft
        assert d is not None
        target = self.previous(node) if node is not None else self.o.nodes[-1]
        if target is None:
            self.ask("已经是第一步了。")
            return
        d.focus = target.id
        d.pending = None
        self.ask()

    def jump(self, part: Part) -> None:
        d = self.draft
        assert d is not None
        open_nodes = [n for n in part.nodes if not self.closed(n)]
        d.focus = (open_nodes or list(part.nodes))[0].id
        d.pending = None
        self.ask()

    def overview(self) -> None:
        d = self.draft
        assert d is not None
        lines = [f"《{self.display_name(d)}》目录："]
        rows: list[list[Button]] = []
        row: list[Button] = []
        current = self.current()
        for part in self.o.parts:
            state = self.part_state(part)
            here = " ←当前" if current is not None and current.part == part.index else ""
            lines.append(f"{part.index + 1}. {part.title(self.o, d.kind)}：{state}{here}")
            row.append(Button(f"{part.index + 1}. {_short(part.title(self.o, d.kind), 8)}", self.act("jp", part.index)))
            if len(row) == 2:
                rows.append(row)
                row = []
        rows.append(row)
        rows.append([Button("预览", self.act("pv")), Button("下载Word", self.act("dw"))])
        self.say("\n".join(lines) + "\n点一部分即可跳过去填写或修改。", rows)

    # -- writing aids --

    def offer(self, node: Node) -> str | None:
        """Return the wording a fact node offers to take with one tap (the year's guiding line)."""
        if node.offer == "guiding_line" and self.draft is not None:
            return guiding_line(self.draft.year)
        return None

    def pairs(self) -> Sequence[Pair]:
        return self.ctx.aids.pairs() if self.ctx.aids else ()

    def aid_rows(self, node: Node, lines: list[str]) -> list[list[Button]]:
        """Return the chip, toggle or proposal buttons of an items node, adding their text to `lines`."""
        if self.ctx.aids is None or self.ctx.matcher is None:
            return []
        used = set(self.used_sources())
        if node.id == PROBLEMS:
            buttons = [
                Button(("☑ " if p.problem in used else "☐ ") + p.label, self.act("pt", i))
                for i, p in enumerate(self.pairs())
            ]
            lines.append("常见问题，点一下选上或取消（可选多个）：")
            return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        if node.id == PLANS:
            return self.proposal_rows(lines)
        chips = [
            Button(c.label, self.act("qp", node.id, i))
            for i, c in enumerate(self.ctx.aids.chips(node.id))
            if c.entry_id not in used
        ]
        if chips:
            lines.append("常见做法，点一下即加入（数字再补）：")
        return [chips[i : i + 3] for i in range(0, len(chips), 3)]

    def proposals(self) -> list[tuple[int, Pair]]:
        """Return the pairs whose problem is in the draft and whose measure is not (nor turned down)."""
        d = self.draft
        assert d is not None
        used = set(self.used_sources())
        dropped = set(d.facts.get(DROPPED_PAIRS, "").split())
        return [
            (i, p)
            for i, p in enumerate(self.pairs())
            if p.problem in used and p.id not in dropped and not used & set(p.plans)
        ]

    def proposal_rows(self, lines: list[str]) -> list[list[Button]]:
        proposals = self.proposals()
        if not proposals or self.ctx.matcher is None:
            return []
        lines.append("针对您列的问题，建议这些打算：")
        rows: list[list[Button]] = []
        for n, (i, p) in enumerate(proposals, 1):
            lines.append(f"{n}. （{p.label}）{self.ctx.matcher.fill(p.plans[0], '').text}")
            rows.append(
                [
                    Button(f"采用{n}", self.act("pa", i, 0)),
                    Button(f"换一个{n}", self.act("ps", i, 1)),
                    Button(f"不要{n}", self.act("pd", i)),
                ]
            )
        if len(proposals) > 1:
            rows.append([Button("全部采用", self.act("paa"))])
        return rows

    def take_chip(self, node: Node, index: int) -> None:
        chips = self.ctx.aids.chips(node.id) if self.ctx.aids else ()
        if index >= len(chips) or chips[index].entry_id in self.used_sources():
            self.stale()
            return
        self.add_bank_item(node, chips[index].entry_id)

    def on_pair(self, verb: str, index: int, alt: int) -> None:
        d = self.draft
        assert d is not None and self.ctx.matcher is not None
        pair = self.pairs()[index]
        used = self.used_sources()
        if verb == "pt":
            if self.current() != self.o.node(PROBLEMS):
                self.stale()
            elif pair.problem in used:
                d.items[PROBLEMS] = [it for it in d.items[PROBLEMS] if it.source != pair.problem]
                if not d.items[PROBLEMS]:
                    del d.items[PROBLEMS]
                self.ask(f"已取消：{pair.label}")
            else:
                self.add_bank_item(self.o.node(PROBLEMS), pair.problem)
            return
        if (index, pair) not in self.proposals() or self.current() != self.o.node(PLANS):
            self.stale()
        elif verb == "pd":
            d.facts[DROPPED_PAIRS] = " ".join([*d.facts.get(DROPPED_PAIRS, "").split(), pair.id])
            self.ask(f"好的，「{pair.label}」不写对应打算。")
        elif verb == "pa":
            self.add_bank_item(self.o.node(PLANS), pair.plans[alt % len(pair.plans)])
        else:
            alt %= len(pair.plans)
            text = self.ctx.matcher.fill(pair.plans[alt], "").text
            self.say(
                f"（{pair.label}）换一个说法：\n{text}",
                [
                    [
                        Button("采用", self.act("pa", index, alt)),
                        Button("再换一个", self.act("ps", index, alt + 1)),
                        Button("不要", self.act("pd", index)),
                    ]
                ],
            )

    def adopt_all(self) -> None:
        d = self.draft
        assert d is not None and self.ctx.matcher is not None
        taken = []
        for _, pair in self.proposals():
            # Two problems may share their best measure: take it once.
            if pair.plans[0] in self.used_sources():
                continue
            s = self.ctx.matcher.fill(pair.plans[0], "")
            self.append_item(self.o.node(PLANS), Item(id=d.next_item_id, text=s.text, source=s.entry_id))
            taken.append(s.text)
        d.pending = None
        self.ask("已采用：\n" + "\n".join(f"· {t}" for t in taken))

    def append_item(self, node: Node, item: Item) -> None:
        d = self.draft
        assert d is not None
        d.next_item_id = max(d.next_item_id, item.id + 1)
        d.items.setdefault(node.id, []).append(item)
        # An items node is open while the user is adding to it, whatever its earlier status.
        d.status.pop(node.id, None)
        d.focus = node.id

    def add_bank_item(self, node: Node, entry_id: str) -> None:
        """Add a bank wording as an item; its numbers stay gaps for the user to give."""
        d = self.draft
        assert d is not None and self.ctx.matcher is not None
        s = self.ctx.matcher.fill(entry_id, "")
        item = Item(id=d.next_item_id, text=s.text, source=entry_id)
        self.append_item(node, item)
        self.toast = "已加入"
        if s.gaps:
            d.pending = Pending(kind="gap", node=node.id, item=item.id, nonce=item.id)
            self.say(
                f"已加入：{s.text}\n请发数字补上〔待补〕（如 3 或 3次），或点「先空着」。",
                [[Button("先空着", self.act("gs", item.id))]],
            )
            return
        d.pending = None
        self.ask(f"已加入：{s.text}")

    # -- review --

    def review(self) -> None:
        """Show every section's items with 修改/删除/上移, then the gaps and the problem ↔ measure pairs."""
        d = self.draft
        assert d is not None
        shown = False
        for node in self.o.nodes:
            items = d.items.get(node.id, [])
            if not items:
                continue
            shown = True
            lines = [f"【{self.o.parts[node.part].title(self.o, d.kind)}】"]
            rows: list[list[Button]] = []
            for n, it in enumerate(items, 1):
                lines.append(f"{n}. {it.text}")
                if n > MAX_ITEM_BUTTONS:
                    continue
                row = [
                    Button(f"改{n}", self.act("ed", node.id, it.id)),
                    Button(f"删{n}", self.act("rm", node.id, it.id)),
                ]
                if n > 1:
                    row.append(Button(f"上移{n}", self.act("up", node.id, it.id)))
                rows.append(row)
            self.say("\n".join(lines), rows)
        if not shown:
            self.say("还没有写任何条目。")
        gaps = self.gaps()
        pairs = self.pair_summary()
        tail = [f"〔待补〕还有{len(gaps)}处。" if gaps else "没有〔待补〕了。", *pairs]
        # 下载Word lists the gaps first when there are any, so one button serves both cases.
        self.say("\n".join(tail), [[Button("下载Word", self.act("dw")), Button("继续写", "u:cont")]])

    def pair_summary(self) -> list[str]:
        d = self.draft
        assert d is not None
        used = set(self.used_sources())
        dropped = set(d.facts.get(DROPPED_PAIRS, "").split())
        lines = []
        for p in self.pairs():
            if p.problem not in used:
                continue
            state = "有对应打算" if used & set(p.plans) else ("不写打算" if p.id in dropped else "还没有对应打算")
            lines.append(f"问题「{p.label}」↔ {state}")
        return (["问题与打算：", *lines]) if lines else []

    def move_up(self, node: Node, item_id: int) -> None:
        d = self.draft
        assert d is not None
        items = d.items[node.id]
        i = next(k for k, it in enumerate(items) if it.id == item_id)
        if i > 0:
            items[i - 1], items[i] = items[i], items[i - 1]
        self.toast = "已上移"
        self.review()

    def near_duplicates(self) -> list[tuple[Node, Item, Item]]:
        """Return pairs of items of one sub-topic that say nearly the same thing."""
        d = self.draft
        assert d is not None
        found = []
        for node in self.o.nodes:
            items = d.items.get(node.id, [])
            for a, b in itertools.combinations(items, 2):
                if fuzz.ratio(a.text, b.text) >= NEAR_DUPLICATE:
                    found.append((node, a, b))
        return found

    def merge(self, node: Node, first: int, second: int) -> None:
        d = self.draft
        assert d is not None
        a, b = self.find_item(node.id, first), self.find_item(node.id, second)
        if a is None or b is None or a.id == b.id:
            self.stale()
            return
        merged = replace(a, text=a.text.rstrip("。") + "，" + b.text, source=a.source)
        d.items[node.id] = [merged if it.id == a.id else it for it in d.items[node.id] if it.id != b.id]
        self.ask(f"已合并：{merged.text}")

    def preview(self) -> None:
        d = self.draft
        assert d is not None
        if self.ctx.documents is None:
            self.say("预览暂不可用。")
            return
        for chunk in self.ctx.documents.preview(self.o, d, self.ctx.now):
            self.say(chunk)
        for node, a, b in self.near_duplicates()[:3]:
            self.say(
                f"「{node.label}」有两条意思相近：\n· {a.text}\n· {b.text}",
                [
                    [
                        Button("合并", self.act("mg", node.id, a.id, b.id)),
                        Button("删后一条", self.act("rm", node.id, b.id)),
                    ]
                ],
            )
        self.say(
            "以上是目前的草稿。",
            [[Button("逐条检查", self.act("rv")), Button("下载Word", self.act("dw"))], [Button("继续写", "u:cont")]],
        )

    def download(self, force: bool = False) -> None:
        d = self.draft
        assert d is not None
        if self.ctx.documents is None:
            self.say("下载暂不可用。")
            return
        gaps = self.gaps()
        if gaps and not force:
            self.offer_gaps("下载前", gaps)
            return
        for f in self.ctx.documents.files(self.o, d, self.ctx.now):
            self.replies.append(Message(f.filename, attachment=f))
        note = f"其中还有{len(gaps)}处〔待补〕，已用黄色标出。" if gaps else ""
        self.say(f"文件已生成。{note}", [[Button("继续写", "u:cont"), Button("目录", self.act("ov"))]])

    def gaps(self) -> list[tuple[str, str, str]]:
        """List what is still missing as (where, what, button action), in document order."""
        d = self.draft
        assert d is not None
        found: list[tuple[str, str, str]] = []
        for node in self.o.nodes:
            if node.id in _TITLE_FACTS and node.id not in d.facts:
                found.append((self.o.section(node.section).title(d.kind), node.label, self.act("gq", node.id)))
            # A skipped part is left out of the document, and so are its gaps.
            items = [] if d.status.get(node.id) == "skipped" else d.items.get(node.id, [])
            for n, it in enumerate(items, 1):
                where = f"{self.o.parts[node.part].title(self.o, d.kind)}第{n}条"
                found += [(where, label, self.act("gf", it.id)) for label in GAP_RE.findall(it.text)]
        return found

    def offer_gaps(self, head: str, gaps: list[tuple[str, str, str]]) -> None:
        lines = [f"{head}还有{len(gaps)}处〔待补〕："]
        buttons: list[Button] = []
        for n, (where, what, action) in enumerate(gaps, 1):
            lines.append(f"{n}. {where}：{what}")
            if action not in {b.action for b in buttons} and len(buttons) < 9:
                buttons.append(Button(f"补第{n}处", action))
        lines.append("点「补第N处」逐个补上；也可以直接下载，〔待补〕会留在文件里。")
        rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
        rows.append([Button("直接下载", self.act("dwf")), Button("目录", self.act("ov"))])
        self.say("\n".join(lines), rows)


# ---- helpers ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(raw: str) -> str:
    """Normalise a user's message: NFC, no control, zero-width or bidi characters, trimmed."""
    text = unicodedata.normalize("NFC", _SURROGATE.sub("", raw))
    text = _CONTROL.sub("", text)
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


# Typed words that mean a button of the question rather than an answer ("never make them type exactly",
# but when they do type the button's words, do what the button does).
_INTENTS = {
    **dict.fromkeys(("跳过", "跳过这部分", "跳过这一项", "不填", "没有", "先空着"), "skip"),
    **dict.fromkeys(("上一步", "返回", "回到上一步"), "back"),
    **dict.fromkeys(("写完了", "这部分写完了", "完成", "好了", "下一部分", "没有了", "就这些"), "done"),
    **dict.fromkeys(("目录",), "overview"),
}
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def parse_year(text: str) -> str | None:
    """Return a four-digit year read from `text` (2025, 2025年, 二〇二五年), or None."""
    m = re.search(r"(\d{4})", text.translate(_CN_DIGITS))
    return m.group(1) if m and _valid_year(m.group(1)) else None


def _private_copy(draft: Draft | None) -> Draft | None:
    """Copy the mutable containers of a draft; items and pending are frozen and can be shared."""
    if draft is None:
        return None
    return replace(
        draft,
        facts=dict(draft.facts),
        items={node: list(items) for node, items in draft.items.items()},
        status=dict(draft.status),
    )


def _is_number(s: str) -> bool:
    """Tell whether `s` is ASCII digits (str.isdigit also takes ² and ١, which int() refuses or misreads)."""
    return s.isascii() and s.isdigit()


def _valid_year(s: str) -> bool:
    return _is_number(s) and len(s) == 4 and 2000 <= int(s) <= 2100


def _default_name(outline: Outline, kind: str, unit: str | None, year: str | None) -> str:
    short = outline.kind(kind).short if any(k.id == kind for k in outline.kinds) else kind
    return f"{unit or '未填单位'}{(year + '年') if year else ''}{short}"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _as_sentence(text: str) -> str:
    """Join lines and end the item with a full stop, as the document will show it."""
    text = "，".join(text.splitlines()).strip()
    return text if text.endswith(("。", "！", "？", "；")) else text.rstrip("，,.;；") + "。"
