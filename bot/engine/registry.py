"""The table from a button's action to the step that handles it, with the guard that must hold first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.engine.actions import Action
from bot.engine.turn import Turn

A = TypeVar("A", bound=Action)
Step = Callable[[Turn, Any], None]
TypedStep = Callable[[Turn, A], None]
Guard = Callable[[Turn, Any], bool]


@dataclass(frozen=True)
class Registration:
    """A step and the guard checked before it runs (a failed guard means the button is stale)."""

    step: Step
    guard: Guard


STEPS: dict[type[Action], Registration] = {}


def always(t: Turn, act: Action) -> bool:
    """Let the step run whenever its button is pressed."""
    return True


def on(cls: type[A], guard: Callable[[Turn, A], bool] = always) -> Callable[[TypedStep[A]], TypedStep[A]]:
    """Register the decorated function as the step of action `cls`."""

    def register(step: TypedStep[A]) -> TypedStep[A]:
        if cls in STEPS:
            raise ValueError(f"{cls.__name__} has two steps")
        STEPS[cls] = Registration(step, guard)
        return step

    return register
