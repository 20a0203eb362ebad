"""The draft as documents: chat preview, .docx and .txt (assembly and layout live in their own modules)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.assemble import assemble, split_for_chat
from bot.cleaning import unwritable_free
from bot.engine import Attachment
from bot.formula import load_formula
from bot.model import GAP_RE, Draft
from bot.outline import Outline

# Characters Windows, macOS and Telegram clients refuse or mangle in a file name.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
# Names Windows reserves for devices, whatever the extension.
_RESERVED_NAME = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?")
# Most file systems allow 255 bytes a name; the longest extension we add is ".docx".
MAX_STEM_BYTES = 255 - len(".docx")
FALLBACK_STEM = "党建工作总结"


@dataclass(frozen=True)
class DocumentMaker:
    """Implements the engine's Documents protocol with bot.assemble and bot.docx_writer."""

    line_spacing_pt: float = 28.0
    fonts: Literal["gb2312", "windows"] = "gb2312"

    def preview(self, outline: Outline, draft: Draft, today: datetime) -> list[str]:
        """Return the document text split for chat messages."""
        return split_for_chat(assemble(outline, draft, today.date()).text())

    def files(self, outline: Outline, draft: Draft, today: datetime) -> list[Attachment]:
        """Return the document as .docx (GB/T 9704 layout) and as UTF-8 plain text."""
        # python-docx and lxml take ~9 MB and 30-80 ms to import: paid at the first download, not at start.
        from bot.docx_writer import write_docx

        doc = assemble(outline, draft, today.date())
        stem = file_stem(doc.title)
        docx = write_docx(doc, line_spacing_pt=self.line_spacing_pt, fonts=self.fonts)
        return [
            Attachment(f"{stem}.docx", docx),
            Attachment(f"{stem}.txt", doc.text().encode("utf-8")),
        ]

    def stock(self, role: str) -> list[tuple[str, str]]:
        """Return the corpus's stock answers of a role as (label, text): the causes of the problems."""
        return [(c.label, c.text) for c in load_formula().causes] if role == "cause" else []

    def year_only(self, draft: Draft) -> list[int]:
        """Return the ids of the items that only fit a whole year (全年, 12月, 年底 …)."""
        return [item.id for _, item in load_formula().year_only_items(draft)]

    def heading_sets(self, kind: str) -> tuple[str, list[tuple[str, str]]]:
        """Return the fact the chosen heading set is kept in, and the kind's sets as (id, label), default first."""
        formula = load_formula()
        k = formula.kinds[kind]
        return formula.fact("headings"), [(s, formula.heading_labels[s]) for s in (k.headings, k.alt_headings)]

    def office(self, unit: str) -> bool:
        """Tell whether a unit, by its name, is a government office (not a 镇党委 or a school)."""
        return load_formula().office(unit)

    def corpus_length(self, kind: str) -> tuple[int, int]:
        """Return how long the corpus's documents of a kind are (shortest, longest), in characters."""
        return load_formula().kinds[kind].corpus_length


def file_stem(title: str) -> str:
    """Return a file name (without extension) made from the title: safe characters, at most 250 UTF-8 bytes."""
    stem = _UNSAFE_NAME.sub("", unwritable_free(GAP_RE.sub(r"【\1】", title))).strip(" .")
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    if not stem or _RESERVED_NAME.fullmatch(stem):
        return FALLBACK_STEM
    return stem
