"""The export's charter snapshot reads back at every size (it once failed past ~8,300 members)."""

from __future__ import annotations

from fractions import Fraction

import pytest

import bot.charter_file as charter_file
from bot.charter_file import MAX_BYTES, load_charter
from governance.charter import Member
from storage.export.motion import ExportError, _check_recount, replace_members
from tests.large_register import large_charter, member_id


def long_register(members: int) -> tuple[Member, ...]:
    """Names as long as the register stores (200 characters), three people each, odd shares."""
    return tuple(
        Member(
            id=member_id(i),
            name=(f"Licensor {i} " + "Ünïcode & <Holdings> “Ltd” " * 8)[:199] + "x",
            patents=1 + i % 97,
            contribution=Fraction(i % 7, 3),
            representatives=tuple(f"U{i:07d}{c}" for c in "ABC"),
        )
        for i in range(members)
    )


def test_a_10000_member_snapshot_with_long_names_reads_back_exactly() -> None:
    register = long_register(10_000)
    assert all(len(m.name) <= 200 for m in register)
    snapshot = replace_members(large_charter(3), register)
    assert len(snapshot.encode()) < MAX_BYTES
    charter = load_charter(snapshot)
    assert charter.members == register


def test_a_snapshot_that_does_not_read_back_is_an_export_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot = replace_members(large_charter(3), long_register(50))
    monkeypatch.setattr(charter_file, "MAX_BYTES", len(snapshot.encode()) - 1)

    class Stored:  # only what the check reads before the charter is parsed
        class motion:  # noqa: N801
            id = "7"

    with pytest.raises(ExportError, match="the charter snapshot of motion 7 does not read back"):
        _check_recount(Stored(), snapshot, load_charter)  # type: ignore[arg-type]
