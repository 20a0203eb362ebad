"""The Word file: assemble and write the .docx of a full draft, next to python-docx's empty document."""

from __future__ import annotations

import datetime
import io
import statistics
import time
from collections.abc import Callable

import docx

from bot.assemble import assemble
from bot.docx_writer import write_docx
from bot.outline import load_outline
from tests.samples import sample_full_draft

TODAY = datetime.date(2026, 1, 15)


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    fn()  # first call pays imports and caches (lxml, the template)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 1)


def empty_docx() -> bytes:
    """python-docx's default template, saved: the least any .docx written with it costs."""
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def docx_figures(rounds: int) -> dict[str, float]:
    """Median ms of a full draft's .docx per kind, and of the empty document."""
    outline = load_outline()

    def full_draft(kind: str) -> Callable[[], bytes]:
        return lambda: write_docx(assemble(outline, sample_full_draft(outline, kind), TODAY))

    figures = {f"docx_{kind.id}_ms": _median_ms(full_draft(kind.id), rounds) for kind in outline.kinds}
    figures["docx_ms"] = statistics.median(figures.values())
    figures["docx_bare_ms"] = _median_ms(empty_docx, rounds)
    return figures
