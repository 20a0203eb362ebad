"""jieba's main dictionary, read in slices so that the other threads of the process keep running meanwhile.

jieba reads its cached dictionary (half a million words) with one `marshal.load` from a file: a single C call
that keeps the GIL for 0.5–1 s and hands it over only now and then. The matcher loads in a worker thread at
start, beside the event loop answering the first updates (the /start queued while the bot was down), and
the event loop stalled for as long. The same words kept as slices are read with one short C call each
(milliseconds); between two slices the interpreter hands the GIL to a thread that asked for it.

The slices are written once from jieba's own dictionary, into the user's cache directory, and are rebuilt
whenever jieba's dictionary file changes or the file cannot be read.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
import time
from pathlib import Path

import jieba

logger = logging.getLogger(__name__)

# Words per slice: unmarshalling one takes a few milliseconds, about one GIL switch interval (5 ms).
SLICE_WORDS = 10_000
# Bump when the layout of the file changes.
FORMAT = 1
# Slices not rewritten for this long are of a dictionary no install uses any more. Younger ones may be another
# install's (a second venv of the same user): deleting them would make each start of either rebuild its own.
STALE_AFTER_S = 30 * 24 * 3600


def cache_dir() -> Path:
    """Return this user's cache directory for the bot (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dangjian-bot"


def slices_path(directory: Path) -> Path:
    """Return the slice file of jieba's current dictionary: named after its path, size and time."""
    source = Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME
    stat = source.stat()
    key = f"{FORMAT}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{marshal.version}"
    return directory / f"jieba.{hashlib.sha256(key.encode()).hexdigest()[:16]}.slices"


def load_main_dictionary(tok: jieba.Tokenizer, directory: Path | None = None) -> None:
    """Give `tok` jieba's main dictionary from the slices, writing them from jieba's own load when missing."""
    path = slices_path(directory or cache_dir())
    try:
        total, slices = read_slices(path)
        freq: dict[str, int] = {}
        for blob in slices:
            # One short C call a slice: between two, the GIL goes to a thread that asked for it.
            freq.update(unmarshal_slice(blob))
    except (OSError, ValueError, EOFError, TypeError):
        tok.initialize()
        write_slices(path, tok.FREQ, tok.total)
    else:
        tok.FREQ, tok.total = freq, total
    tok.initialized = True


def read_slices(path: Path) -> tuple[int, list[bytes]]:
    """Return the total frequency and the slices, each still marshalled, of the slice file at `path`."""
    layout, total, slices = marshal.loads(path.read_bytes())
    if layout != FORMAT or not isinstance(total, int) or not isinstance(slices, list):
        raise ValueError(f"not a slice file of format {FORMAT}: {path}")
    return total, slices


def unmarshal_slice(blob: bytes) -> dict[str, int]:
    """Return the words and frequencies of one slice."""
    part = marshal.loads(blob)
    if not isinstance(part, dict):
        raise ValueError("a slice that is not a dictionary")
    return part


def write_slices(path: Path, freq: dict[str, int], total: int) -> None:
    """Write `freq` and `total` as a slice file at `path`, atomically; a failure only costs the next start."""
    words = list(freq.items())
    slices = [marshal.dumps(dict(words[i : i + SLICE_WORDS])) for i in range(0, len(words), SLICE_WORDS)]
    written: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        written = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((FORMAT, total, slices)))
        os.replace(written, path)
        for old in path.parent.glob("jieba.*.slices"):
            if old != path and time.time() - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink(missing_ok=True)
    except OSError as exc:
        if written is not None:
            written.unlink(missing_ok=True)
        logger.warning("could not keep jieba's dictionary in slices (%s); the next start reads it whole", exc)
