"""The one gate for text entering the engine: only what XML 1.0, Word and a file system accept, no bidi tricks."""

from __future__ import annotations

import re
import unicodedata

# Everything XML 1.0 forbids (C0 controls but tab and newlines, surrogates, U+FFFE, U+FFFF), plus what it
# allows but Word, Telegram or a reader trips on: C1 controls, zero-width and joiner characters, the bidi
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C), deprecated format characters,
# the byte-order mark, interlinear annotation marks and every noncharacter (U+FDD0–U+FDEF, U+nFFFE/U+nFFFF).
_NONCHARACTERS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffb" + _NONCHARACTERS + "]"
)


def unwritable_free(text: str) -> str:
    """Drop every character clean_text drops, keeping the text's lines and spacing as they are."""
    return _UNWANTED.sub("", text)


def clean_text(raw: str) -> str:
    """Normalise a user's message: NFC, only XML- and Word-safe characters, no bidi controls, lines trimmed."""
    # Surrogates go first: NFC cannot normalise a string holding one.
    text = unicodedata.normalize("NFC", _UNWANTED.sub("", raw))
    # NFC can compose characters but never produces an unwanted one; \r and \u2028 still split lines below.
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def has_words(text: str) -> bool:
    """Return whether `text` holds a letter or a digit (a unit named "..", "——" or "😀" does not)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def as_sentence(text: str) -> str:
    """Join lines and end the item with a full stop, as the document will show it."""
    text = "，".join(text.splitlines()).strip()
    return text if text.endswith(("。", "！", "？", "；")) else text.rstrip("，,.;；") + "。"
