"""Locate the shipped data files, however the project is installed."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

# In a checkout (and an editable install) data/ sits beside bot/; a built wheel carries it as the
# bot.data package (see [tool.setuptools.package-dir] in pyproject.toml).
_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _data_root() -> Traversable:
    if (_CHECKOUT_DATA / "outline.toml").is_file():
        return _CHECKOUT_DATA
    return files("bot.data")


def data_file(name: str) -> Traversable:
    """Return the shipped data file `name` (a path relative to data/)."""
    node = _data_root()
    for part in name.split("/"):
        node = node / part
    return node
