"""jieba's dictionary is read in slices: no single C call builds it whole (that one call kept the GIL ~1 s)."""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jieba
import pytest

from bot import jieba_dict, lexicon


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def jiebas_own() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@pytest.fixture(scope="module")
def ours() -> jieba.Tokenizer:
    return lexicon.tokenizer()


def largest_unmarshalled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the size of every dictionary marshal builds from now on (alone or in a tuple)."""
    sizes: list[int] = []

    def noting(read: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            value = read(*args)
            for part in value if isinstance(value, tuple) else (value,):
                if isinstance(part, dict):
                    sizes.append(len(part))
            return value

        return call

    monkeypatch.setattr(marshal, "load", noting(marshal.load))
    monkeypatch.setattr(marshal, "loads", noting(marshal.loads))
    return sizes


def test_a_restarted_bot_never_unmarshals_the_dictionary_whole(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon.tokenizer.__wrapped__()  # the first start: jieba's own load, then the slices are kept
    sizes = largest_unmarshalled(monkeypatch)
    tok = lexicon.tokenizer.__wrapped__()  # the next start
    assert sizes, "the dictionary was not read through marshal at all"
    assert max(sizes) <= len(tok.FREQ) // 20, f"one call built {max(sizes)} of {len(tok.FREQ)} words"


def test_the_slices_hold_jiebas_dictionary(own_cache: Path, jiebas_own: jieba.Tokenizer) -> None:
    stale = jieba_dict.cache_dir() / "jieba.0123456789abcdef.slices"  # of a dictionary jieba once shipped
    other = jieba_dict.cache_dir() / "jieba.fedcba9876543210.slices"  # another venv's, in use
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"")
    other.write_bytes(b"")
    long_ago = time.time() - jieba_dict.STALE_AFTER_S - 60
    os.utime(stale, (long_ago, long_ago))
    first, second = jieba.Tokenizer(), jieba.Tokenizer()
    jieba_dict.load_main_dictionary(first)
    jieba_dict.load_main_dictionary(second)
    for tok in (first, second):
        assert tok.initialized and tok.total == jiebas_own.total and tok.FREQ == jiebas_own.FREQ
    total, slices = jieba_dict.read_slices(jieba_dict.slices_path(jieba_dict.cache_dir()))
    assert total == jiebas_own.total and len(slices) > 20
    assert all(len(jieba_dict.unmarshal_slice(blob)) <= jieba_dict.SLICE_WORDS for blob in slices)
    assert not stale.exists() and other.exists()


def test_a_damaged_slice_file_is_rebuilt(own_cache: Path, jiebas_own: jieba.Tokenizer) -> None:
    path = jieba_dict.slices_path(jieba_dict.cache_dir())
    path.parent.mkdir(parents=True)
    path.write_bytes(marshal.dumps((jieba_dict.FORMAT, 1, [b"not marshal"])))
    tok = jieba.Tokenizer()
    jieba_dict.load_main_dictionary(tok)
    assert tok.FREQ == jiebas_own.FREQ and tok.total == jiebas_own.total
    assert jieba_dict.read_slices(path)[0] == jiebas_own.total


def test_an_unwritable_cache_only_costs_the_next_start(
    tmp_path: Path, jiebas_own: jieba.Tokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a file, not a directory"
    blocked.write_text("")
    tok = jieba.Tokenizer()
    jieba_dict.load_main_dictionary(tok, blocked / "cache")
    assert tok.FREQ == jiebas_own.FREQ
    assert "could not keep jieba's dictionary in slices" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        "局党组开了3次会，研究党建",
        "那个 就是  我们局\t嗯 被评为全省先进集体\r\n然后",
        "“党建+幸福小区”，参学率95.5%、A级-3项",
        "",
        "，。！",
    ],
)
def test_cutting_a_text_run_by_run_cuts_it_as_jieba_does(ours: jieba.Tokenizer, text: str) -> None:
    segmenter = lexicon.Segmenter(ours, size=2)
    segmenter.cut("局党组开了3次会")  # a run remembered from another text
    assert segmenter.cut(text) == tuple(ours.lcut(text, HMM=False))
