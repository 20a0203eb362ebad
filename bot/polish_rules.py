"""The tables that tidy a user's own words (data/polish.toml), read and compiled once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.numbers import COUNT_UNITS, NUMBER_TERMS
from bot.patterns import alternatives, longest_first
from bot.polish_counts import (
    count_after_re,
    count_breaks_re,
    meeting_first_re,
    set_first_re,
    total_after_rate_re,
    verbless_re,
)
from bot.resources import data_file

POLISH_FILE = "polish.toml"
CJK = r"\u4e00-\u9fff"
# What a count ends on before its counter word: a digit, a Chinese numeral, or the 多/余 of an approximate one; a
# 一 alone says "a" (一个党员也没落下 counts no one), only after another numeral (十一) is it a count.
_COUNT_END = r"(?:(?<=[\d二两三四五六七八九十百千万多余])|(?<=[\d十百千万两三四五六七八九]一))"


@dataclass(frozen=True)
class PolishRules:
    """The rewrite tables of data/polish.toml, compiled."""

    filler: re.Pattern[str] | None
    breaks: re.Pattern[str] | None
    # Words closing a spoken answer (…落实一岗双责 就是这样): dropped at its end.
    closers: re.Pattern[str] | None
    formal: Mapping[str, str]
    formal_re: re.Pattern[str] | None
    # Fixed expressions with numerals in them (三会一课), as one pattern with a group to split on.
    keep: re.Pattern[str]
    leads: Sequence[str]
    start_swaps: Mapping[str, str] = field(default_factory=dict)
    # A verb said twice around its object before a count (讲党课讲了2次 → 讲党课2次).
    doubled: re.Pattern[str] | None = None
    # Verbs and their objects that end longer words and are said twice too (廉政谈话谈了 → 廉政谈话).
    doubled_ends: frozenset[str] = frozenset()
    # A particle between a verb and its Arabic count (研究了2次 → 研究2次).
    before_count: re.Pattern[str] | None = None
    # Spoken counter words after a count and the written ones (去了2回 → 去了2次, 9个党员 → 9名党员).
    counters: tuple[tuple[re.Pattern[str], str], ...] = ()
    # Words between two points that start the second, with its 还有 kept (学习不够还有就是党员年纪大).
    also_breaks: re.Pattern[str] | None = None
    # Words that start a new clause right after a count, spoken without a pause (开了4次年初还…).
    count_breaks: re.Pattern[str] | None = None
    # A vague 搞/弄 of making, and the verb of each thing made (搞了个党员先锋岗 → 设立了党员先锋岗).
    vague: re.Pattern[str] | None = None
    made: Mapping[str, str] = field(default_factory=dict)
    done: str = ""
    made_stops: frozenset[str] = frozenset()
    # Words written otherwise where they are whole words in their context, and how: before a title won (评上了 →
    # 被评为), right before a place (去了 → 到), the unit as its speaker names it (局里 → 本局).
    word_swaps: re.Pattern[str] | None = None
    swap_table: Mapping[str, str] = field(default_factory=dict)
    # Words said after 被 in a clause and how they are written (被县里评了优秀 → 被县里评为优秀).
    passive: re.Pattern[str] | None = None
    passive_table: Mapping[str, str] = field(default_factory=dict)
    # A topic marked 这块 before who speaks of it, and how it is written (吃拿卡要这块我盯得紧 → …方面，我盯得紧).
    topic_mark: re.Pattern[str] | None = None
    topic_written: str = ""
    # Words saying not all, or not yet (大部分, 差不多, 还没, 快): 都…完了 after them is no 已全部.
    hedges: tuple[str, ...] = ()
    # Words of speech a document never uses, and a clause ending on 了: an own-word item holding one reads as speech.
    spoken: re.Pattern[str] | None = None
    # A count between a verb and what it counts, that thing ending its clause (讲2次专题党课 → 讲专题党课2次), and
    # how a thing is named once it stands alone before its count (会 → 会议).
    count_after: re.Pattern[str] | None = None
    count_after_names: Mapping[str, str] = field(default_factory=dict)
    # A meeting named before 召开 and its count (支委会召开2次 → 召开支委会2次).
    meeting_first: re.Pattern[str] | None = None
    # A thing set up named before its verb and count (党员先锋岗设5个 → 设立党员先锋岗5个), and the verbs as written.
    set_first: re.Pattern[str] | None = None
    set_verbs: Mapping[str, str] = field(default_factory=dict)
    # A deed named with its count and no verb (廉政谈话17人次, 主题党日每月1次), and the verb a document gives it.
    verbless: re.Pattern[str] | None = None
    total_after_rate: re.Pattern[str] | None = None
    festivals: re.Pattern[str] | None = None
    meeting_breaks: re.Pattern[str] | None = None
    kept_verbs: Mapping[str, str] = field(default_factory=dict)
    verbless_verb: str = ""
    verbless_verbs: Mapping[str, str] = field(default_factory=dict)
    # Verbs said of finishing at a clause's end (都整改完了 → 已全部整改完毕), and how they are written.
    finished: re.Pattern[str] | None = None
    finished_table: Mapping[str, str] = field(default_factory=dict)
    # A thing named by a quoted name (党建品牌叫“数说初心”): the words saying so, and what may be named.
    named_as: re.Pattern[str] | None = None
    named_things: tuple[str, ...] = ()
    # The genre's fixed terms, quoted where the user left them bare (一岗双责 → “一岗双责”).
    quoted: re.Pattern[str] | None = None
    # Who speaks, alone at the head before a pause (今年我局，被评为…): no clause of its own.
    subject_pause: re.Pattern[str] | None = None
    # The same of the speaker's own unit and doers only: what may be left out of the deed a wording is matched to.
    speaker: re.Pattern[str] | None = None

    def hedged(self, text: str, m: re.Match[str]) -> bool:
        """Tell whether the clause of a match says not all or not yet (大部分都整改完了, 都快整改完了)."""
        start = max(text.rfind(p, 0, m.start()) for p in "，。；")
        return any(h in text[start + 1 : m.end()] for h in self.hedges)

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> PolishRules:
        """Compile the tables (longest entries first, so 就是说 goes before 就是)."""
        filler = longest_first(raw.get("filler"))
        breaks = longest_first(raw.get("breaks"))
        closers = longest_first(raw.get("closers"))
        formal = {str(k): str(v) for k, v in dict(raw.get("formal", {}) or {}).items()}  # type: ignore[call-overload]
        keys = sorted(formal, key=len, reverse=True)
        made = dict(raw.get("made", {}) or {})  # type: ignore[call-overload]
        titled = dict(raw.get("titled", {}) or {})  # type: ignore[call-overload]
        named = dict(raw.get("named_as", {}) or {})  # type: ignore[call-overload]
        passive = dict(raw.get("passive", {}) or {})  # type: ignore[call-overload]
        to_place = dict(raw.get("to_place", {}) or {})  # type: ignore[call-overload]
        subject = dict(raw.get("subject_pause", {}) or {})  # type: ignore[call-overload]
        unit = dict(raw.get("unit_words", {}) or {})  # type: ignore[call-overload]
        set_up = dict(raw.get("set_up", {}) or {})  # type: ignore[call-overload]
        terms = longest_first(dict(raw.get("quoted", {}) or {}).get("terms"))  # type: ignore[call-overload]
        after = dict(raw.get("count_after", {}) or {})  # type: ignore[call-overload]
        finished_raw = dict(raw.get("finished", {}) or {})  # type: ignore[call-overload]
        finished = {str(k): str(v) for k, v in dict(finished_raw.get("endings", {})).items()}
        vague = longest_first(made.get("vague"))
        swaps = [
            p.pattern
            for p in (
                _titled_re(titled.get("said"), titled.get("not_after")),
                _before_re(to_place.get("said"), to_place.get("places")),
                _after_none_re(unit.get("said", {}), unit.get("not_after")),
                _thing_ahead_re(set_up.get("said"), set_up.get("things")),
            )
            if p is not None
        ]
        written = {
            **dict.fromkeys(titled.get("said", ()), str(titled.get("written", ""))),
            **dict.fromkeys(to_place.get("said", ()), str(to_place.get("written", ""))),
            **{str(k): str(v) for k, v in dict(unit.get("said", {})).items()},
            **dict.fromkeys(set_up.get("said", ()), str(set_up.get("written", ""))),
        }
        return cls(
            filler=re.compile("|".join(map(re.escape, filler))) if filler else None,
            breaks=re.compile("|".join(map(re.escape, breaks))) if breaks else None,
            also_breaks=re.compile(alternatives(also)) if (also := longest_first(raw.get("also_breaks"))) else None,
            closers=re.compile(rf"(?<=\S)[\s，,。.]+(?:{alternatives(closers)})[\s。.！!…]*$") if closers else None,
            formal=formal,
            formal_re=_formal_re(keys, raw.get("formal_not_before")),
            keep=re.compile("(" + "|".join(map(re.escape, sorted(NUMBER_TERMS, key=len, reverse=True))) + ")"),
            leads=tuple(longest_first(raw.get("leads"))),
            start_swaps={str(k): str(v) for k, v in dict(raw.get("start_swaps", {}) or {}).items()},  # type: ignore[call-overload]
            doubled=_doubled_re(raw.get("doubled")),
            doubled_ends=frozenset(map(str, raw.get("doubled_ends", ()) or ())),  # type: ignore[call-overload]
            before_count=_before_count_re(raw.get("before_count")),
            counters=_counters(raw.get("counters")),
            count_breaks=count_breaks_re(raw.get("count_breaks"), raw.get("count_break_doers")),
            vague=re.compile("|".join(map(re.escape, vague))) if vague else None,
            made={str(k): str(v) for k, v in made.get("by_thing", {}).items()},
            done=str(made.get("done", "")),
            made_stops=frozenset(made.get("stops", ())),
            passive=_passive_re(passive.get("marker"), passive.get("words")),
            passive_table={str(k): str(v) for k, v in dict(passive.get("words", {})).items()},
            named_as=_named_as_re(named.get("says")),
            named_things=tuple(longest_first(named.get("things"))),
            word_swaps=re.compile("|".join(f"(?:{p})" for p in swaps)) if swaps else None,
            swap_table=written,
            quoted=re.compile(rf"(?<![“‘])(?:{alternatives(terms)})(?![”’])") if terms else None,
            subject_pause=_subject_pause_re(subject),
            speaker=_subject_pause_re(subject, bodies=False),
            topic_mark=_before_re(raw.get("topic_marks"), raw.get("topic_before")),
            topic_written=str(raw.get("topic_written", "")),
            hedges=tuple(longest_first(raw.get("hedges"))),
            spoken=re.compile(f"{alternatives(spoken)}|了(?=[，。；]|$)")
            if (spoken := longest_first(raw.get("spoken")))
            else None,
            count_after=count_after_re(after.get("verbs"), after.get("things"), after.get("not_in")),
            count_after_names={str(k): str(v) for k, v in dict(after.get("names", {})).items()},
            meeting_first=meeting_first_re(after.get("meetings")),
            set_first=set_first_re(after.get("set_first", {}), after.get("set_things")),
            set_verbs={str(k): str(v) for k, v in dict(after.get("set_first", {})).items()},
            verbless=verbless_re(
                after.get("things"),
                after.get("not_verbless"),
                after.get("verbs_after"),
                after.get("not_first"),
                after.get("verbless_words"),
            ),
            kept_verbs={str(k): str(v) for k, v in dict(after.get("kept_verbs", {})).items()},
            total_after_rate=total_after_rate_re(after.get("verbs_after")),
            festivals=_festivals_re(raw.get("festivals")),
            meeting_breaks=_meeting_breaks_re(after.get("meetings"), raw.get("meeting_break_doers")),
            verbless_verb=str(after.get("verbless_verb", "")),
            verbless_verbs={str(k): str(v) for k, v in dict(after.get("verbless_verbs", {})).items()},
            finished=_finished_re(finished, finished_raw.get("verbs")),
            finished_table=finished,
        )


def _before_re(words: object, following: object) -> re.Pattern[str] | None:
    """Compile words said right before one of `following`."""
    said, after = longest_first(words), longest_first(following)
    if not said or not after:
        return None
    return re.compile(rf"(?:{'|'.join(map(re.escape, said))})(?=(?:{'|'.join(map(re.escape, after))}))")


def _thing_ahead_re(words: object, things: object) -> re.Pattern[str] | None:
    """Compile words said before a thing named a few characters on (开了 of 开了党员帮办窗口)."""
    said, ahead = longest_first(words), longest_first(things)
    if not said or not ahead:
        return None
    return re.compile(rf"(?:{alternatives(said)})(?=[\u4e00-\u9fff]{{0,8}}?(?:{alternatives(ahead)}))")


def _subject_pause_re(raw: Mapping[str, object], bodies: bool = True) -> re.Pattern[str] | None:
    """Compile the head of a text that names only when and who (今年我局, 我们区卫健委), before its pause.

    Without `bodies`, only the speaker's own unit (我局, 我们县医保局) and doers: 县医保局 may be the user's unit or
    another body (市纪委监委 检查了两次), so it is never taken out of what the user said.
    """
    when, doers = longest_first(raw.get("times")), longest_first(raw.get("doers"))
    units = [*map(re.escape, longest_first(raw.get("units")))]
    first, last = longest_first(raw.get("organ_starts")), longest_first(raw.get("organ_ends"))
    own = {k: longest_first(v) for k, v in dict(raw.get("own_unit", {}) or {}).items()}  # type: ignore[call-overload]
    if own.get("speakers") and own.get("parts"):
        # The speaker's own unit is named of its parts only (我们局机关党委, 我局机关党委): 我们去社区 and 我局帮扶村委
        # say what was done.
        units.append(rf"(?:{alternatives(own['speakers'])})(?:{alternatives(own['parts'])}){{1,3}}")
    others = ""
    if first and last:
        # A level opens a unit's name (区卫健委, 县医保局); a name holds no verb or particle (我们是乡镇党委 says what
        # the unit is; 区里表彰优秀党支部 what the district did). After 我们 it is the speaker's own (我们县医保局).
        deeds = alternatives(longest_first(raw.get("not_in_name")))
        name = rf"(?:(?![是在的了和与跟给把被去到帮里]|{deeds or '(?!)'})[{CJK}]){{1,6}}?"
        organ = rf"(?:{alternatives(first)}){name}(?:{alternatives(last)})"
        units.append(f"(?:我们)?{organ}" if bodies else f"我们{organ}")
        others = f"|(?:我们)?{organ}"
    if not units and not doers:
        return None
    unit, doer = "|".join(units) or "(?!)", alternatives(doers) or "(?!)"
    listed = f"{unit}{others}"
    time = rf"(?:(?:{alternatives(when)})，?)?" if when else ""
    # Units listed (我局，市场监管局联合…) and doers listed (党组书记，支部书记，都签了) keep their pauses, and so does
    # another body coming (市纪委监委，来检查了…); a unit then its doer (今年我局，党组书记讲了…) is one subject.
    came = alternatives(longest_first(raw.get("not_before"))) or "(?!)"
    heads = rf"(?:{unit})(?=，(?!{listed}))|(?:{doer})(?=，(?!{doer}|副))"
    return re.compile(rf"^({time}(?:{heads}))，(?!{came})")


def _passive_re(marker: object, words: object) -> re.Pattern[str] | None:
    """Compile the words said after the passive marker in the same clause (the marker and what is between kept)."""
    said = longest_first(words)
    if not marker or not said:
        return None
    return re.compile(rf"(?<={re.escape(str(marker))})([^，；。]{{0,10}}?)({'|'.join(map(re.escape, said))})")


def _named_as_re(words: object) -> re.Pattern[str] | None:
    """Compile the words saying a thing is named and the name after them.

    One quoted name (“数说”“初心” are two), or a short bare one ending the clause, maybe after a pause (叫 守护舌尖).
    """
    says = longest_first(words)
    # 叫得响, 叫什么还没定 and 叫 啥来着 name nothing.
    bare = rf"[，\s]?(?![得])(?:(?![什么啥没还吗呢来着])[{CJK}]){{2,8}}(?=$|[，。；])"
    # The thing may come before a pause (搞了个党建品牌 叫守护耕地红线).
    return re.compile(rf"，?(?:{'|'.join(map(re.escape, says))})(“[^“”]+”(?!“)|{bare})") if says else None


def _after_none_re(words: object, not_after: object) -> re.Pattern[str] | None:
    """Compile words not said right after one of `not_after`."""
    said = longest_first(words)
    return re.compile(rf"{_not_after(not_after)}(?:{alternatives(said)})") if said else None


def _titled_re(words: object, not_after: object) -> re.Pattern[str] | None:
    """Compile the words said before a title won: a title follows, no count and no clause end.

    No word saying it was not won may stand right before (差点评上了先进).
    """
    said = longest_first(words)
    if not said:
        return None
    unwon = _not_after(not_after)
    counters = "".join(sorted({u for u in COUNT_UNITS if len(u) == 1}))
    # 四强党支部 is a title, 3个优秀党员 a count.
    count = rf"(?:好几|[一二两三四五六七八九十几\d])+[{counters}]"
    return re.compile(rf"{unwon}(?:{'|'.join(map(re.escape, said))})(?!了)(?=[{CJK}“]{{2}})(?!{count})")


def _counters(table: object) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compile the counter rules: a spoken counter after a count, where the words after it allow (多回家 does not)."""
    out = []
    for rule in table or []:  # type: ignore[attr-defined]
        if rule.get("after"):
            # The counter of a count that ends a clause after the noun it counts (慰问困难党员8个).
            nouns = "|".join(map(re.escape, sorted(rule["after"], key=len, reverse=True)))
            found = rf"(?P<counted>(?:{nouns})\d+(?:\.\d+)?){re.escape(rule['said'])}(?![{CJK}])"
            out.append((re.compile(found), rf"\g<counted>{rule['written']}"))
            continue
        before = "|".join(map(re.escape, rule.get("before", [])))
        after = "|".join(map(re.escape, rule.get("not_after", [])))
        ahead = f"(?=(?:{before}){f'(?!{after})' if after else ''})" if before else ""
        if rule.get("not_before"):
            ahead += "(?!" + "|".join(map(re.escape, rule["not_before"])) + ")"
        out.append((re.compile(rf"{_COUNT_END}{re.escape(rule['said'])}{ahead}"), str(rule["written"])))
    return tuple(out)


def _festivals_re(names: object) -> re.Pattern[str] | None:
    """Compile the place between two days of the year said in a row (中秋国庆, 中秋节国庆节)."""
    said = longest_first(names)
    if not said:
        return None
    behind = "|".join(f"(?<={re.escape(n)})|(?<={re.escape(n)}节)" for n in said)
    return re.compile(rf"(?:{behind})(?={alternatives(said)})")


def _meeting_breaks_re(meetings: object, doers: object) -> re.Pattern[str] | None:
    """Compile the place between a meeting and who did something at it (召开组织生活会大家互相提了批评意见)."""
    held, who = longest_first(meetings), longest_first(doers)
    if not held or not who:
        return None
    # Only after the meeting held (召开组织生活会，大家…): 组织生活会，大家… would leave the meeting dangling.
    behind = "|".join(f"(?<=召开{re.escape(m)})" for m in held)
    # What they did there is told done (大家互相提了意见); 大家谈活动 names an activity.
    return re.compile(rf"(?:{behind})(?=(?:{alternatives(who)})[^，。；“”]*了)")


def _doubled_re(verbs: object) -> re.Pattern[str] | None:
    """Compile the doubled-verb rule: a listed verb, its object (no pause), the verb again, then a count."""
    chars = "".join(map(str, verbs or []))  # type: ignore[call-overload]
    if not chars:
        return None
    return re.compile(rf"([{chars}])([^，。；、\d{chars}]{{1,5}})\1了(?=[\d一二两三四五六七八九十几])")


def _before_count_re(particles: object) -> re.Pattern[str] | None:
    """Compile the rule that drops a particle standing between a Chinese verb and an Arabic count."""
    words = longest_first(particles)
    if not words:
        return None
    return re.compile(rf"(?<=[\u4e00-\u9fff])(?:{'|'.join(map(re.escape, words))})(?=\d)")


def _formal_re(keys: Sequence[str], not_before: object) -> re.Pattern[str] | None:
    """Compile the colloquial words, longest first; a one-character one not before `not_before` (搞一阵停一阵)."""
    if not keys:
        return None
    stays = longest_first(not_before)
    ahead = f"(?!{alternatives(stays)})" if stays else ""
    return re.compile("|".join(re.escape(k) + (ahead if len(k) == 1 else "") for k in keys))


def _finished_re(table: Mapping[str, str], verbs: object) -> re.Pattern[str] | None:
    """Compile 都, a verb of `verbs` and a spoken ending of finishing, at a clause's end (都整改完了)."""
    done = longest_first(verbs)
    if not table or not done:
        return None
    ends = alternatives(longest_first(list(table)))
    return re.compile(rf"(?P<all>全?都)?(?P<verb>{alternatives(done)})(?P<end>{ends})(?=[，。；]|$)")


def _not_after(words: object) -> str:
    """Return lookbehinds refusing a match right after any of `words`."""
    return "".join(f"(?<!{re.escape(w)})" for w in longest_first(words))


@cache
def load_rules() -> PolishRules:
    """Load the shipped tables (cached: read-only)."""
    with data_file(POLISH_FILE).open("rb") as fh:
        return PolishRules.parse(tomllib.load(fh))
