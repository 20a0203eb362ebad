"""The near-duplicate finder against all-pairs fuzz.ratio, on items made from the corpus."""

from __future__ import annotations

import itertools
import random
import re

from rapidfuzz import fuzz

from bot.duplicates import MAX_PAIRS, NEAR_DUPLICATE, contained, near_duplicates
from bot.resources import data_file


def corpus_sentences() -> list[str]:
    folder = data_file("corpus")
    text = "".join(f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".txt"))
    return [s for s in re.split(r"(?<=[。；])", text) if len(s) > 8]


def items(n: int, seed: int, twins: float = 0.15) -> list[str]:
    """`n` items of one to three corpus sentences; about `twins` of them are an earlier item lightly edited."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < twins:
            chars = list(rng.choice(out))
            for _ in range(rng.randint(0, len(chars) // 10)):
                chars[rng.randrange(len(chars))] = rng.choice("的了在和是有")
            out.append("".join(chars))
        else:
            out.append("".join(rng.sample(sentences, rng.randint(1, 3))))
    return out


def all_pairs(texts: list[str]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, j in itertools.combinations(range(len(texts)), 2)
        if fuzz.ratio(texts[i], texts[j]) >= NEAR_DUPLICATE
    ]


def test_finds_exactly_what_all_pairs_finds() -> None:
    # 80 items: 3,160 pairs, past ALL_PAIRS_UP_TO, so the prefix-filtered path is the one checked.
    for seed in range(6):
        texts = items(80, seed, twins=0.08)
        expected = all_pairs(texts)
        assert 0 < len(expected) < MAX_PAIRS
        assert near_duplicates(texts) == expected, seed


def test_edge_cases() -> None:
    assert near_duplicates([]) == []
    assert near_duplicates(["", ""]) == [], "an empty text is nobody's duplicate"
    assert near_duplicates(["召开党组会议3次。", "召开党组会议4次。", "完全不同的一句话"]) == [(0, 1)]


def test_identical_items_stop_at_the_limit() -> None:
    found = near_duplicates(["同一句话。"] * 400)
    assert len(found) == MAX_PAIRS and all(i < j for i, j in found) and found == sorted(found)


def test_an_item_said_whole_inside_another_is_paired_container_first() -> None:
    texts = ["认真开展理论学习中心组学习。", "召开党组会议3次。", "认真开展理论学习中心组学习，开展集中学习14次。"]
    assert contained(texts) == [(2, 0)]
    assert contained(["学习。", "学习强国。"]) == [], "too short to say the same thing"
