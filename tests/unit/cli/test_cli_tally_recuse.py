"""``poolgov tally --recuse MEMBER_ID[=REASON]``: a declared conflict the kind's rule recuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.cli.charters import THREE_MEMBERS
from tests.unit.cli.helpers import poolgov
from tests.unit.cli.test_cli_tally import JSON_KEYS, ballots

DECLARING = THREE_MEMBERS.replace(
    "  expulsion:", "  fee_change: {threshold: 2/3, recuse: [declared]}\n  expulsion:"
)


@pytest.fixture
def declaring(tmp_path: Path) -> Path:
    path = tmp_path / "charter.yaml"
    path.write_text(DECLARING)
    return path


def test_a_recused_member_leaves_the_count_and_its_ballot_is_set_aside(
    declaring: Path, tmp_path: Path
) -> None:
    # Acme 3/5 yes, Beta 3/10 no (recused: set aside), Gamma 1/10 no: yes 3/5 of 7/10 cast ≥ 2/3
    file = ballots(tmp_path, "acme,yes", "beta,no", "gamma,no")
    result = poolgov(
        "tally",
        declaring,
        file,
        "--kind",
        "fee_change",
        "--recuse",
        "beta=affiliate is a licensee",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == JSON_KEYS
    assert data["recused"] == ["beta"]
    assert data["electorate"] == ["acme", "gamma"]
    assert data["outcome"] == "carried"
    assert data["totals"] == {
        "yes": "3/5",
        "no": "1/10",
        "abstain": "0",
        "not_voted": "0",
        "eligible": "7/10",
    }
    assert data["weights"] == {"acme": "3/5", "beta": "3/10", "gamma": "1/10"}


def test_without_recuse_the_same_ballots_fail(declaring: Path, tmp_path: Path) -> None:
    file = ballots(tmp_path, "acme,yes", "beta,no", "gamma,no")
    result = poolgov("tally", declaring, file, "--kind", "fee_change", "--json")
    assert json.loads(result.output)["outcome"] == "failed"  # 3/5 of 1 < 2/3


def test_the_report_names_the_recused_member_with_its_reason(
    declaring: Path, tmp_path: Path
) -> None:
    file = ballots(tmp_path, "acme,yes")
    result = poolgov(
        "tally", declaring, file, "--kind", "fee_change", "--recuse", "gamma=board seat"
    )
    assert result.exit_code == 0, result.output
    assert "recused: gamma (declared conflict of interest: board seat)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "general", "--recuse", "beta"), "does not list 'declared'"),
        (("--kind", "fee_change", "--recuse", "omega"), "'omega' is not a member of the pool"),
        (("--kind", "fee_change", "--recuse", "beta", "--recuse", "beta=x"), "given twice"),
    ],
)
def test_a_bad_recuse_is_refused_with_exit_status_2(
    declaring: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = poolgov("tally", declaring, ballots(tmp_path, "acme,yes"), *args)
    assert result.exit_code == 2
    assert message in result.output
