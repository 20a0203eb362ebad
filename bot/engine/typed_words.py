"""What typed words mean beyond an answer (data/typed.toml), read once."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from bot.resources import data_file

TYPED_FILE = "typed.toml"


@cache
def table() -> dict[str, Any]:
    """Read what typed words mean (data/typed.toml)."""
    with data_file(TYPED_FILE).open("rb") as fh:
        return tomllib.load(fh)
