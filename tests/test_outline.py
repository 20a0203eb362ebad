"""The outline as data: roles, carried facts and keywords are checked when it is read."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from bot.outline import parse_outline
from bot.resources import data_file


def raw() -> dict[str, Any]:
    with data_file("outline.toml").open("rb") as fh:
        return tomllib.load(fh)


def node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for s in data["sections"] for n in s["nodes"] if n["id"] == node_id)


def test_the_shipped_outline_names_every_role() -> None:
    o = parse_outline(raw())
    assert all(o.role(r) is not None for r in ("unit", "year", "problems", "plans"))
    assert o.topics and all(n.type == "items" and n.keywords for n in o.topics)
    assert all(n.type == "fact" for n in o.nodes if n.carry)


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(raw())
    o = parse_outline(raw())
    unit, problems, topic = o.role("unit"), o.role("problems"), o.topics[0]
    follow_up = next(n for n in o.nodes if n.follow_up)
    assert unit is not None and problems is not None
    if change == "two units":
        node(data, problems.id)["role"] = "unit"
    elif change == "unknown role":
        node(data, unit.id)["role"] = "mayor"
    elif change == "no year":
        for s in data["sections"]:
            for n in s["nodes"]:
                if n.get("role") == "year":
                    del n["role"]
    elif change == "keywords outside the topics":
        node(data, problems.id)["keywords"] = {"问题": 1}
    elif change == "carried items":
        node(data, topic.id)["carry"] = True
    elif change == "problems as a fact":
        node(data, unit.id)["role"] = "problems"
    elif change == "a follow-up that cannot be passed by":
        node(data, follow_up.id)["skippable"] = False
    elif change == "a follow-up without its button":
        del node(data, follow_up.id)["button"]
    elif change == "a part of follow-ups only":
        node(data, topic.id).update(follow_up=True, button="➕补", hint="一句")
    elif change == "a button on a step of the flow":
        node(data, topic.id)["button"] = "➕补"
    return data


@pytest.mark.parametrize(
    "change",
    [
        "two units",
        "unknown role",
        "no year",
        "keywords outside the topics",
        "carried items",
        "problems as a fact",
        "a follow-up that cannot be passed by",
        "a follow-up without its button",
        "a part of follow-ups only",
        "a button on a step of the flow",
    ],
)
def test_an_outline_the_code_cannot_rely_on_is_refused(change: str) -> None:
    with pytest.raises(ValueError):
        parse_outline(_broken(change))
