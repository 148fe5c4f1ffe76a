"""Every refusal survives pickling: ballots are recorded in a process of their own, and its
refusals come back to the process that answers the person."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from datetime import UTC, datetime
from typing import Any

import governance
from governance.errors import GovernanceError, Problem

SAMPLES: dict[str, Any] = {
    "str": "m-7",
    "bool": True,
    "int": 3,
    "datetime": datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
    "list[Problem]": [Problem("weights.cap", "must be at most 1")],
    "tuple[str, ...]": ("filed", "acknowledged"),
}


def every_refusal() -> list[type[GovernanceError]]:
    for module in pkgutil.walk_packages(governance.__path__, "governance."):
        importlib.import_module(module.name)
    found: list[type[GovernanceError]] = []
    pending = [GovernanceError]
    while pending:
        for kind in pending.pop().__subclasses__():
            if kind not in found:
                found.append(kind)
                pending.append(kind)
    return found


def sample(kind: type[GovernanceError]) -> GovernanceError:
    parameters = list(inspect.signature(kind.__init__).parameters.values())[1:]
    named = [p for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
    return kind(*(SAMPLES[str(p.annotation)] for p in named))


def test_every_refusal_comes_back_from_pickling_as_itself() -> None:
    kinds = every_refusal()
    assert len(kinds) > 25  # the walk found the refusals of every package

    for kind in kinds:
        error = sample(kind)
        again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(again) is kind
        assert str(again) == str(error), kind
        assert again.__dict__ == error.__dict__, kind
