"""The word lists of data/facts.toml: how an answer is cut into facts, and what a wording may claim."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from bot.resources import data_file

FACTS_FILE = "facts.toml"


@cache
def _raw() -> dict[str, Any]:
    with data_file(FACTS_FILE).open("rb") as fh:
        return tomllib.load(fh)


@cache
def words(name: str) -> tuple[str, ...]:
    """Return the word list `name` of data/facts.toml, longest first (so 主要是 is found before 是)."""
    return tuple(sorted(_raw()[name], key=len, reverse=True))


def table(name: str) -> dict[str, tuple[str, ...]]:
    """Return the table `name` of data/facts.toml: its word lists by key."""
    return {k: tuple(v) for k, v in _raw()[name].items()}


def implied() -> dict[str, tuple[str, ...]]:
    """Return, per practice, the words that name it too (一岗双责 speaks of 党风廉政建设)."""
    return {k: tuple(v) for k, v in _raw()["implied"].items()}


def spoken() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Return what speech puts inside a word (走个过场), and the spoken forms of function words (一块儿 for 一起)."""
    raw = _raw()["spoken"]
    return tuple(raw["infixes"]), {k: tuple(v) for k, v in raw["words"].items()}


def guides() -> tuple[tuple[str, str], ...]:
    """Return each verb of guiding others with each body it may govern (指导, 指导各级党组织)."""
    bodies = words("guided_bodies")
    return tuple((verb, f"{verb}{body}") for verb in words("through_others") for body in bodies)


def alike_doers() -> tuple[tuple[str, ...], ...]:
    """Return the groups of words naming the same doers (领导 names the 班子成员)."""
    return tuple(tuple(group) for group in _raw()["alike_doers"])


def bodies() -> tuple[tuple[str, ...], ...]:
    """Return the groups of words naming bodies of one level (党支部 and 支部; 党小组)."""
    return tuple(tuple(sorted(group, key=len, reverse=True)) for group in _raw()["bodies"])


@cache
def distinct_steps() -> tuple[frozenset[str], ...]:
    """Return the groups of steps that count different things on the same way (培训 is no 确定)."""
    return tuple(frozenset(group) for group in _raw().get("distinct_steps", []))
