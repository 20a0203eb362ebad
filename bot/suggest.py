"""Try the matcher from a shell: one query a line on stdin, one JSON object a line on stdout.

Example: echo 开了3次党组会 | python -m bot.suggest --section work.duty --top 3

Each line holds the query, "suggestions" (what the user sees first: the wordings of the answer's first
fact, empty when nothing fits) and "facts": every fact of the answer with its numbers, its wordings
and its own words, polished.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.facts import FactFinder
from bot.matcher import Matcher
from bot.queries import Suggestion


def _shown(suggestions: Sequence[Suggestion]) -> list[dict[str, object]]:
    return [{"text": s.text, "section": s.node, "score": s.score} for s in suggestions]


def answer(finder: FactFinder, query: str, node: str | None, top: int) -> str:
    """Return the JSON line for one query (text exactly as the user would see it)."""
    facts = finder.analyse(query, node, top=top)
    return json.dumps(
        {
            "query": query,
            "suggestions": _shown(facts[0].suggestions) if facts else [],
            "facts": [
                {"text": f.text, "numbers": list(f.numbers), "suggestions": _shown(f.suggestions), "own": f.own}
                for f in facts
            ],
        },
        ensure_ascii=False,
    )


def main(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Answer every non-empty stdin line."""
    parser = argparse.ArgumentParser(prog="python -m bot.suggest", description=__doc__)
    parser.add_argument("--section", metavar="ID", help="outline node the user is in, e.g. work.duty")
    parser.add_argument("--top", metavar="N", type=int, default=3, help="suggestions per query")
    args = parser.parse_args(argv)
    finder = FactFinder(Matcher.load())
    for line in stdin:
        query = line.strip()
        if query:
            print(answer(finder, query, args.section, args.top), file=stdout, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
