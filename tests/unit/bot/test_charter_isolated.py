"""A large charter is parsed in a child interpreter: the same charter, the same refusals, and the
same answer parsed in place when the child cannot give one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import charter_isolated
from bot.charter_file import CharterFileError, load_charter
from tests.integration.charters import charter_text

LARGE = charter_text(400)


def test_the_charter_is_large_enough_to_go_to_a_child() -> None:
    assert len(LARGE) >= charter_isolated.ISOLATE_FROM


def test_a_large_charter_parsed_in_a_child_is_the_charter_parsed_in_place(monkeypatch) -> None:
    ran: list[object] = []
    real_run = subprocess.run

    def run(*args, **kwargs):
        ran.append(args)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    charter = charter_isolated.parse(LARGE)
    assert ran, "the charter was not sent to a child"
    assert charter == load_charter(LARGE)
    assert len(charter.members) == 400


def test_a_refusal_comes_back_with_every_problem() -> None:
    bad = LARGE.replace("patents: 10\n", "patents: 1.5\n", 1)
    with pytest.raises(CharterFileError) as in_place:
        load_charter(bad)
    with pytest.raises(CharterFileError) as elsewhere:
        charter_isolated.parse_elsewhere(bad)
    assert [str(p) for p in elsewhere.value.problems] == [str(p) for p in in_place.value.problems]
    assert [p.path for p in elsewhere.value.problems] == ["members[0].patents"]


def test_a_child_that_fails_leaves_the_text_parsed_in_place(monkeypatch, caplog) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    charter = charter_isolated.parse(LARGE)
    assert charter == load_charter(LARGE)
    assert "parsed in place" in caplog.text


def test_a_small_charter_is_parsed_in_place(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a small charter went to a child")

    monkeypatch.setattr(subprocess, "run", refuse)
    small = charter_text(4)
    assert charter_isolated.parse(small) == load_charter(small)
