"""What both storage backends share in mapping rows to the model: the draft-row columns, pending, a draft."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, Protocol

from bot.model import Draft, DraftSummary, Item, NodeStatus, Pending
from bot.outline import load_outline
from bot.storage import draft_columns

# Facts kept as columns of the draft row (node id → column), so the draft list needs no join.
DRAFT_COLUMNS = draft_columns(load_outline())
NODE_OF = {col: node for node, col in DRAFT_COLUMNS.items()}


class Row(Protocol):
    """A database row read by column name (sqlite3.Row, asyncpg.Record)."""

    def __getitem__(self, key: str) -> Any: ...


def encode_pending(p: Pending | None) -> str | None:
    """Return a draft's pending input as stored (JSON), or None."""
    return None if p is None else json.dumps(asdict(p), ensure_ascii=False)


def decode_pending(raw: str | None) -> Pending | None:
    """Return the pending input stored as `raw` (fields added since it was written take their defaults)."""
    if not raw:
        return None
    data = json.loads(raw)
    data["options"] = tuple(data.get("options", ()))
    data["queue"] = tuple(data.get("queue", ()))
    return Pending(**data)


def draft_from_rows(r: Row, answers: Iterable[Row], items: Iterable[Row]) -> Draft:
    """Return the draft of a draft row, its answer rows and its item rows (in order)."""
    facts = {node: r[col] for node, col in DRAFT_COLUMNS.items() if r[col] is not None}
    status: dict[str, NodeStatus] = {}
    for a in answers:
        if a["value"] is not None:
            facts[a["node"]] = a["value"]
        if a["status"] is not None:
            status[a["node"]] = a["status"]
    by_node: dict[str, list[Item]] = {}
    for i in items:
        by_node.setdefault(i["node"], []).append(Item(id=i["id"], text=i["text"], source=i["source"]))
    return Draft(
        id=r["id"],
        owner=r["owner"],
        kind=r["kind"],
        outline_version=r["outline_version"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        name=r["name"],
        facts=facts,
        items=by_node,
        status=status,
        focus=r["focus"],
        pending=decode_pending(r["pending"]),
        next_item_id=r["next_item_id"],
        dropped_pairs=tuple(r["dropped_pairs"].split()),
        version=r["version"],
    )


def draft_values(d: Draft) -> tuple[object, ...]:
    """Return what a write puts in the draft row, in the order both backends' SQL names the columns.

    name, unit, year, focus, pending, next_item_id, dropped_pairs, outline_version, updated_at.
    """
    return (
        d.name,
        d.facts.get(NODE_OF["unit"]),
        d.facts.get(NODE_OF["year"]),
        d.focus,
        encode_pending(d.pending),
        d.next_item_id,
        " ".join(d.dropped_pairs),
        d.outline_version,
        d.updated_at,
    )


def summary_from_row(r: Row) -> DraftSummary:
    """Return the draft-list line of a draft row."""
    return DraftSummary(
        id=r["id"], kind=r["kind"], name=r["name"], unit=r["unit"], year=r["year"], updated_at=r["updated_at"]
    )
