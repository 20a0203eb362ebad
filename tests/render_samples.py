"""Write the realistic sample drafts as .docx files (used by scripts/render): python -m tests.render_samples DIR."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from bot.aids import WritingAids
from bot.assemble import assemble
from bot.docx_writer import write_docx
from bot.matcher import Matcher
from bot.outline import load_outline
from tests.samples import ANSWERS, realistic_draft

TODAY = datetime.date(2026, 1, 15)


def main(argv: list[str]) -> int:
    """Write DIR/<kind>.docx for each kind named (all by default) and print its length."""
    out, kinds = Path(argv[0]), argv[1:] or list(ANSWERS)
    outline, matcher = load_outline(), Matcher.load()
    aids = WritingAids.load(matcher)
    for kind in kinds:
        doc = assemble(outline, realistic_draft(outline, matcher, aids, kind), TODAY)
        (out / f"{kind}.docx").write_bytes(write_docx(doc))
        (out / f"{kind}.txt").write_text(doc.text() + "\n", encoding="utf-8")
        print(f"{kind}: {len(doc.text().replace(chr(10), ''))} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
