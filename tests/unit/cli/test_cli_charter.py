"""``poolgov charter check``: every problem at its key path and status 2, or a short OK."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli.charters import CAPPED
from tests.unit.cli.helpers import EXAMPLES, poolgov, poolgov_process


@pytest.mark.parametrize("name", ["charter.yaml", "double-majority.yaml"])
def test_every_example_charter_passes_the_check(name: str) -> None:
    result = poolgov("charter", "check", EXAMPLES / name)
    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout
    assert result.stderr == ""


def test_the_ok_summary_names_the_pool_the_members_the_patents_and_the_kinds() -> None:
    result = poolgov("charter", "check", EXAMPLES / "charter.yaml")
    assert "pool: Example Video Codec Pool (Asia/Shanghai)" in result.stdout
    assert "members: 12, patents: 1771" in result.stdout
    assert "weights: patents, cap 1/6" in result.stdout
    assert (
        "motions: admission, withdrawal, expulsion, fee_change, distribution_change, "
        "charter_amendment, general" in result.stdout
    )


def test_every_problem_is_printed_on_stderr_with_its_key_path(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(
        CAPPED.replace("cap: 1/2", "cap: 1/5").replace("patents: 5}", "patents: 5, votes: 1}")
    )
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{charter}: 1 problem" in result.stderr
    assert "  members[2].votes: unknown key" in result.stderr
    charter.write_text(CAPPED.replace("cap: 1/2", "cap: 1/5"))
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2
    assert "  weights.cap: 1/5 × 3 members < 1, the cap cannot be met" in result.stderr


def test_a_yaml_float_is_refused_by_the_check(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(CAPPED.replace("cap: 1/2", "cap: 0.5"))
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2
    assert "weights.cap: 0.5 is a YAML float, which is not exact;" in result.stderr
    assert 'quote it ("0.5")' in result.stderr


def test_a_missing_file_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = poolgov("charter", "check", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere.yaml'}: no such file\n"


def test_unreadable_yaml_exits_2_with_the_line(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text("pool: {name: [\n")
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2
    assert "not valid YAML at line 2" in result.stderr


def test_a_file_that_is_not_text_exits_2(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_bytes(b"\xff\xfe\x00bad")
    result = poolgov("charter", "check", charter)
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.stderr


def test_a_usage_error_exits_2() -> None:
    assert poolgov("charter", "check").exit_code == 2
    assert poolgov("charter", "inspect", "x").exit_code == 2


@pytest.mark.slow
def test_the_check_runs_as_a_real_process() -> None:
    done = poolgov_process("charter", "check", "examples/charter.yaml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("examples/charter.yaml: OK\n")


@pytest.mark.slow
def test_a_failing_check_exits_2_as_a_real_process(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(CAPPED.replace("cap: 1/2", "cap: 1/5"))
    done = poolgov_process("charter", "check", charter)
    assert done.returncode == 2
    assert "weights.cap: 1/5 × 3 members < 1, the cap cannot be met" in done.stderr
