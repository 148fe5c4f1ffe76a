"""``poolgov export ics``: the example charter's meetings as iCalendar on stdout or in a file."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from tests.unit.cli.charters import THREE_MEMBERS
from tests.unit.cli.helpers import EXAMPLES, poolgov, poolgov_process

MEETING = """\
meetings:
  - id: board
    title: Board
    rrule: "FREQ=WEEKLY;BYDAY=MO"
    starts: 2027-03-01T09:00
    duration: 1h
    channel: C0BOARD
"""


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]


def test_the_example_charter_exports_both_meetings_to_stdout():
    result = poolgov("export", "ics", "--charter", EXAMPLES / "charter.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert uids(result.stdout_bytes) == [
        "general-assembly@example-video-codec-pool.poolgov",
        "licensing-committee@example-video-codec-pool.poolgov",
    ]
    assert b"DTSTART;TZID=Asia/Shanghai:20270105T100000" in result.stdout_bytes
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in result.stdout_bytes


def test_one_meeting_to_a_file_with_the_charter_from_the_environment(tmp_path: Path, monkeypatch):
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS + MEETING, encoding="utf-8")
    monkeypatch.setenv("POOLGOV_CHARTER", str(charter))
    out = tmp_path / "board.ics"
    result = poolgov("export", "ics", "--meeting", "board", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert uids(out.read_bytes()) == ["board@test-pool.poolgov"]
    assert b"DTSTART;TZID=Europe/Berlin:20270301T090000" in out.read_bytes()


def test_an_unknown_meeting_or_no_charter_exits_2_with_a_clear_message(tmp_path: Path):
    result = poolgov("export", "ics", "--charter", EXAMPLES / "charter.yaml", "--meeting", "x")
    assert result.exit_code == 2
    assert "--meeting: no meeting 'x'" in result.stderr
    assert "its meetings: general-assembly, licensing-committee" in result.stderr
    process = poolgov_process("export", "ics")  # POOLGOV_ variables are removed from its env
    assert process.returncode == 2
    assert process.stderr == "error: give --charter CHARTER.yaml or set POOLGOV_CHARTER\n"


def test_a_bad_charter_is_reported_with_its_key_paths(tmp_path: Path):
    charter = tmp_path / "charter.yaml"
    charter.write_text(THREE_MEMBERS + MEETING.replace("FREQ=WEEKLY", "FREQ=SOMETIMES"))
    result = poolgov("export", "ics", "--charter", charter)
    assert result.exit_code == 2
    assert "meetings[0].rrule: not an RFC 5545 recurrence rule" in result.stderr
