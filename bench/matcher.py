"""Matcher benchmark: quality on tests/eval_queries.tsv and on the blind set, speed per query, resident memory.

The three blind sets (tests/blind_eval/) are scored by bench.blind, each half apart: only aggregates are
printed for the held-out halves.

`python -m bench.matcher [--no-memory] [--misses]` prints the figures; `run()` returns them as a dict.
Candidate selection is compared three ways, each re-ranked by the same scorer: the project's
hand-written BM25 over postings, bm25s (numpy), and no selection (every entry re-ranked). A bare
`rapidfuzz.process.extract(..., scorer=fuzz.partial_ratio, limit=3)` is timed and scored alongside.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.bankclean import BUSINESS, FOREIGN
from bot.facts import FactFinder
from bot.matcher import Matcher
from bot.numbers import COUNT_FITS, MONEY_UNITS, PERCENT_UNITS, Number, extract_numbers, normalize, numeral_only
from bot.queries import Query, Retriever, Suggestion

EVAL_FILE = Path(__file__).resolve().parent.parent / "tests" / "eval_queries.tsv"
PLACEHOLDER_RE = re.compile(r"[*＊×X{}]|某某")
TIMING_ROUNDS = 5
# bm25s is only compared here, never shipped: a fresh install without it skips that comparison.
HAVE_BM25S = importlib.util.find_spec("bm25s") is not None


@dataclass(frozen=True)
class EvalQuery:
    """One labeled user answer."""

    split: str
    kind: str
    node: str
    query: str
    expect: tuple[str, ...]
    fills: tuple[str, ...] | None  # None: not checked; (): no number may land


def load_eval(path: Path = EVAL_FILE) -> list[EvalQuery]:
    """Read the evaluation set (TSV with a header line; # lines are comments)."""
    rows = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out = []
    for line in rows[1:]:
        split, kind, node, query, expect, fills = line.split("\t")
        parsed = None if fills == "" else () if fills == "-" else tuple(fills.split("|"))
        out.append(EvalQuery(split, kind, node, query, tuple(expect.split("|")), parsed))
    return out


# -- the three checks that must stay at zero ------------------------------------------------------


def invented_numbers(text: str, query: str) -> list[str]:
    """Return the numbers of a suggestion that the user did not type (by value, and digit by digit)."""
    given = {n.value for n in extract_numbers(normalize(query))}
    bad = [f"{n.numeral}{n.unit}" for n in extract_numbers(text) if n.value not in given]
    # Digit by digit too: a 3 written into the text must be a 3 (or 三) the user typed.
    bad += [d for d in re.findall(r"\d+(?:\.\d+)?", text) if d not in query and float(d) not in given]
    return bad


def placeholders(text: str) -> list[str]:
    """Return raw corpus placeholders or slot markup left in a suggestion."""
    return PLACEHOLDER_RE.findall(text)


def foreign_facts(text: str, said: str = "") -> list[str]:
    """Return the other units' names in a suggestion, and its business if the user's words `said` named none of it."""
    business = [b for b in BUSINESS if b in text]
    return [f for f in FOREIGN if f in text] + (business if not any(b in said for b in business) else [])


# -- scoring --------------------------------------------------------------------------------------


def is_hit(matcher: Matcher, suggestion: Suggestion, expect: Sequence[str]) -> bool:
    """Tell whether the suggested entry is one the label accepts."""
    plain = matcher.entry(suggestion.entry_id).plain
    return any(e in plain for e in expect)


def _unit_fits(expected: Number, got: Number) -> bool:
    if expected.kind == "money":
        return got.unit in MONEY_UNITS
    if expected.kind == "percent":
        return got.unit in PERCENT_UNITS
    return got.unit in COUNT_FITS.get(expected.unit, frozenset({expected.unit}))


def fills_ok(text: str, fills: Sequence[str]) -> bool:
    """Tell whether exactly the expected numbers landed in `text`, each in a fitting unit."""
    got = extract_numbers(text)
    expected = [numeral_only(f) for f in fills]
    if any(e is None for e in expected) or len(got) != len(expected):
        return False
    remaining = list(got)
    for e in expected:
        assert e is not None
        match = next((g for g in remaining if g.value == e.value and _unit_fits(e, g)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _slot_target(matcher: Matcher, q: EvalQuery, suggestions: Sequence[Suggestion]) -> str:
    """The entry whose filling is judged: the first accepted suggestion, else the labeled entry."""
    for s in suggestions:
        if is_hit(matcher, s, q.expect):
            return s.text
    entry = next(e for e in matcher.entries if any(x in e.plain for x in q.expect))
    return matcher.fill(entry.id, q.query).text


def evaluate(matcher: Matcher, queries: Sequence[EvalQuery]) -> dict[str, Any]:
    """Return hit rates, slot accuracy and the zero-checks of `matcher` over `queries`."""
    hits1: dict[str, list[bool]] = {"all": [], "dev": [], "test": [], "hard": []}
    hits3: dict[str, list[bool]] = {"all": [], "dev": [], "test": [], "hard": []}
    slots: list[bool] = []
    invented = raw_placeholders = foreign = 0
    misses: list[str] = []
    for q in queries:
        suggestions = matcher.suggest(q.query, q.node, top=3)
        h1 = bool(suggestions) and is_hit(matcher, suggestions[0], q.expect)
        h3 = any(is_hit(matcher, s, q.expect) for s in suggestions)
        for key in ("all", q.split, *(("hard",) if q.kind == "hard" else ())):
            hits1[key].append(h1)
            hits3[key].append(h3)
        if not h3:
            misses.append(f"{q.split} {q.kind} {q.node} {q.query} -> {[s.text[:24] for s in suggestions]}")
        if q.fills is not None:
            slots.append(fills_ok(_slot_target(matcher, q, suggestions), q.fills))
        for s in suggestions:
            invented += bool(invented_numbers(s.text, q.query))
            raw_placeholders += bool(placeholders(s.text))
            foreign += bool(foreign_facts(s.text, q.query))

    def rate(values: list[bool]) -> float:
        return round(sum(values) / len(values), 3) if values else 0.0

    return {
        "queries": len(queries),
        "hard_queries": len(hits3["hard"]),
        "hit@1": rate(hits1["all"]),
        "hit@3": rate(hits3["all"]),
        "hard hit@3": rate(hits3["hard"]),
        "dev hit@1": rate(hits1["dev"]),
        "dev hit@3": rate(hits3["dev"]),
        "test hit@1": rate(hits1["test"]),
        "test hit@3": rate(hits3["test"]),
        "slot accuracy": rate(slots),
        "slot queries": len(slots),
        "invented numbers": invented,
        "raw placeholders": raw_placeholders,
        "foreign facts": foreign,
        "misses": misses,
    }


def bare_rapidfuzz_quality(matcher: Matcher, queries: Sequence[EvalQuery]) -> dict[str, float]:
    """Hit rates of a bare partial_ratio scan over the whole bank (no node, no synonyms)."""
    plains = [e.plain for e in matcher.entries]
    h1 = h3 = 0
    for q in queries:
        found = process.extract(q.query, plains, scorer=fuzz.partial_ratio, limit=3)
        hits = [any(x in plains[i] for x in q.expect) for _, _, i in found]
        h1 += bool(hits and hits[0])
        h3 += any(hits)
    return {"hit@1": round(h1 / len(queries), 3), "hit@3": round(h3 / len(queries), 3)}


# -- timing ---------------------------------------------------------------------------------------


def _timings(fn: Callable[[EvalQuery], object], queries: Sequence[EvalQuery]) -> dict[str, float]:
    samples = []
    for _ in range(TIMING_ROUNDS):
        for q in queries:
            start = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1] * 1000, 3),
    }


def timing(matcher: Matcher, queries: Sequence[EvalQuery]) -> dict[str, dict[str, float]]:
    """Time suggest() in the user's node and over the whole bank, next to bare rapidfuzz."""
    plains = [e.plain for e in matcher.entries]
    for q in queries:  # warm caches (jieba, cn2an) before measuring
        matcher.suggest(q.query, q.node)
    return {
        "suggest(node)": _timings(lambda q: matcher.suggest(q.query, q.node), queries),
        "suggest(whole bank)": _timings(lambda q: matcher.suggest(q.query, None), queries),
        "bare rapidfuzz": _timings(
            lambda q: process.extract(q.query, plains, scorer=fuzz.partial_ratio, limit=3), queries
        ),
    }


def pipeline(matcher: Matcher) -> dict[str, float]:
    """Time FactFinder.analyse (split, match, fill, polish) over every answer of the old and the blind sets."""
    from bench import blind  # bench.blind uses this module's zero checks

    texts = [(q.query, q.node) for q in load_eval()]
    texts += [(q.query, q.node) for half in blind.HALVES for q in blind.load_half(half)]
    return blind.pipeline_timing(FactFinder(matcher), texts)


# -- candidate selection variants -----------------------------------------------------------------


class BM25sRetriever:
    """Candidate selection by bm25s (numpy sparse matrices)."""

    def __init__(self, docs: Sequence[Sequence[str]], plains: Sequence[str]) -> None:
        import bm25s  # only here: numpy costs resident memory the bot does not spend

        self._index = bm25s.BM25()
        self._index.index([list(d) for d in docs], show_progress=False)

    def scores(self, query: Query) -> dict[int, float]:
        """Return the bm25s score of every entry scoring above 0."""
        terms = [t for t in {*query.terms, *query.rewritten_terms} if t in self._index.vocab_dict]
        if not terms:
            return {}
        return {i: float(x) for i, x in enumerate(self._index.get_scores(terms)) if x > 0}


class EveryEntry:
    """No candidate selection: every entry goes to the re-ranker."""

    def __init__(self, docs: Sequence[Sequence[str]], plains: Sequence[str]) -> None:
        self._n = len(plains)

    def scores(self, query: Query) -> dict[int, float]:
        """Return the same score for every entry."""
        return dict.fromkeys(range(self._n), 1.0)


def variants() -> dict[str, Matcher]:
    """Build one matcher per candidate-selection method (the jieba load is paid once per variant)."""
    base = Matcher.load()
    out: dict[str, Matcher] = {"postings BM25 (shipped)": base}
    factories: dict[str, Callable[[Sequence[Sequence[str]], Sequence[str]], Retriever]] = {
        "rapidfuzz scan, no selection": EveryEntry,
    }
    if HAVE_BM25S:
        factories["bm25s"] = BM25sRetriever
    for name, factory in factories.items():
        m = Matcher.load(factory)
        if factory is EveryEntry:
            m.candidates = len(m.entries)
        out[name] = m
    return out


# -- memory ---------------------------------------------------------------------------------------

_MEMORY_SCRIPT = """
import json, sys
import telegram.ext
import jieba
STEP = sys.argv[1]
if STEP == "baseline":
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
else:
    from bot.matcher import Matcher
    from bot.outline import load_outline
    m = Matcher.load()
    TOPIC = load_outline().topics[0].id
    m.suggest("开了3次党组会", TOPIC)
    if STEP == "bm25s":
        from bench.matcher import BM25sRetriever
        Matcher.load(BM25sRetriever).suggest("开了3次党组会", TOPIC)
status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
print(json.dumps({k: int(status[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")}))
"""


def memory() -> dict[str, dict[str, int]]:
    """Measure resident memory (MiB) of fresh processes: baseline, shipped matcher, matcher + bm25s."""
    root = Path(__file__).resolve().parent.parent
    out = {}
    steps = ("baseline", "matcher", "bm25s") if HAVE_BM25S else ("baseline", "matcher")
    for step in steps:
        done = subprocess.run(
            [sys.executable, "-c", _MEMORY_SCRIPT, step], cwd=root, capture_output=True, text=True, check=True
        )
        out[step] = json.loads(done.stdout.strip().splitlines()[-1])
    base = out["baseline"]["VmRSS"]
    for step in steps[1:]:
        out[step]["ratio_to_baseline_x100"] = round(100 * out[step]["VmRSS"] / base)
    return out


def run(with_memory: bool = True, with_misses: bool = False) -> dict[str, Any]:
    """Return every figure of this benchmark as a dict (the eval queries missed at 3 on request)."""
    queries = load_eval()
    matchers = variants()
    shipped = matchers["postings BM25 (shipped)"]
    figures: dict[str, Any] = {"bank entries": len(shipped.entries)}
    figures["quality"] = evaluate(shipped, queries)
    if not with_misses:
        del figures["quality"]["misses"]
    from bench import blind  # bench.blind uses this module's zero checks

    figures["blind"] = blind.run(shipped, show_misses=with_misses)
    figures["timing"] = timing(shipped, queries)
    figures["timing"]["pipeline"] = pipeline(shipped)
    figures["candidate selection"] = {
        name: {
            **{k: v for k, v in evaluate(m, queries).items() if k in ("hit@1", "hit@3", "hard hit@3")},
            **_timings(lambda q, m=m: m.suggest(q.query, q.node), queries),  # type: ignore[misc]
        }
        for name, m in matchers.items()
    }
    figures["bare rapidfuzz quality"] = bare_rapidfuzz_quality(shipped, queries)
    if with_memory:
        figures["memory_mib"] = memory()
    return figures


def main() -> None:
    """Print the figures."""
    show_misses = "--misses" in sys.argv
    figures = run(with_memory="--no-memory" not in sys.argv, with_misses=show_misses)
    misses = figures["quality"].pop("misses", [])
    blind_misses = figures["blind"].pop("dev misses", [])
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if show_misses:
        print("\n".join(misses))
        print("\nblind dev half (the held-out half is never listed):")
        print("\n".join(blind_misses))


if __name__ == "__main__":
    main()
