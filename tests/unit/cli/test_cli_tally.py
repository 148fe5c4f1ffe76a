"""``poolgov tally``: the auditor's recount, its JSON contract, its report, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.cli.charters import CAPPED, THREE_MEMBERS
from tests.unit.cli.helpers import EXAMPLES, poolgov, poolgov_process

JSON_KEYS = [
    "kind",
    "outcome",
    "quorum_met",
    "weight_test_met",
    "member_test_met",
    "electorate",
    "recused",
    "weights",
    "totals",
    "members",
]


@pytest.fixture
def three(tmp_path: Path) -> Path:
    path = tmp_path / "charter.yaml"
    path.write_text(THREE_MEMBERS)
    return path


@pytest.fixture
def capped(tmp_path: Path) -> Path:
    path = tmp_path / "capped.yaml"
    path.write_text(CAPPED)
    return path


def ballots(tmp_path: Path, *rows: str, header: str = "member,choice") -> Path:
    path = tmp_path / "ballots.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_json_of_an_expulsion_with_its_subject_recused(three: Path, tmp_path: Path) -> None:
    # Weights 3/5, 3/10, 1/10; Gamma recused, so 9/10 is eligible. Yes 3/5 against
    # 3/4 × (yes + no) = 9/20 passes; participation 9/10 ≥ 1/2 × 9/10.
    result = poolgov(
        "tally",
        three,
        ballots(tmp_path, "acme,yes", "beta,abstain"),
        "--kind",
        "expulsion",
        "--subject",
        "gamma",
        "--json",
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert list(printed) == JSON_KEYS
    assert printed == {
        "kind": "expulsion",
        "outcome": "carried",
        "quorum_met": True,
        "weight_test_met": True,
        "member_test_met": True,
        "electorate": ["acme", "beta"],
        "recused": ["gamma"],
        "weights": {"acme": "3/5", "beta": "3/10", "gamma": "1/10"},
        "totals": {
            "yes": "3/5",
            "no": "0",
            "abstain": "3/10",
            "not_voted": "0",
            "eligible": "9/10",
        },
        "members": {"yes": 1, "no": 0, "abstain": 1, "not_voted": 0, "eligible": 2},
    }
    assert list(printed["totals"]) == ["yes", "no", "abstain", "not_voted", "eligible"]
    assert list(printed["members"]) == ["yes", "no", "abstain", "not_voted", "eligible"]


def test_json_of_a_tie_against_more_than_under_a_capped_register(
    capped: Path, tmp_path: Path
) -> None:
    # Acme held at the cap 1/2; Beta and Gamma share the other 1/2 as 15:5 = 3/8 and 1/8.
    # Yes 1/2 against more than 1/2 × (yes + no) = 1/2: a tie fails.
    rows = ("gamma,no", "acme,yes", "beta,no")
    result = poolgov("tally", capped, ballots(tmp_path, *rows), "--kind", "general", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "kind": "general",
        "outcome": "failed",
        "quorum_met": True,
        "weight_test_met": False,
        "member_test_met": True,
        "electorate": ["acme", "beta", "gamma"],
        "recused": [],
        "weights": {"acme": "1/2", "beta": "3/8", "gamma": "1/8"},
        "totals": {"yes": "1/2", "no": "1/2", "abstain": "0", "not_voted": "0", "eligible": "1"},
        "members": {"yes": 1, "no": 2, "abstain": 0, "not_voted": 0, "eligible": 3},
    }


def test_json_of_a_motion_short_of_the_head_count_quorum(capped: Path, tmp_path: Path) -> None:
    # Acme alone brings 1/2 of the weight (enough) but 1 of 3 members (2/3 × 3 = 2 needed).
    result = poolgov(
        "tally", capped, ballots(tmp_path, "acme,yes"), "--kind", "fee_change", "--json"
    )
    printed = json.loads(result.stdout)
    assert (printed["outcome"], printed["quorum_met"]) == ("no_quorum", False)
    assert printed["members"] == {"yes": 1, "no": 0, "abstain": 0, "not_voted": 2, "eligible": 3}
    assert printed["totals"]["not_voted"] == "1/2"


def test_the_report_for_people_shows_the_outcome_tests_percentages_and_roll_call(
    capped: Path, tmp_path: Path
) -> None:
    rows = ("acme,yes", "beta,no", "gamma,no")
    result = poolgov("tally", capped, ballots(tmp_path, *rows), "--kind", "general")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("general motion: FAILED\n")
    assert "Capped Pool: 3 members, electorate 3, recused: none" in out
    assert "quorum (weight)   met" in out
    assert "weight test       not met  yes 1/2 (50.00%)" in out
    assert "> 1/2 (50.00%)" in out
    assert "acme    Acme Corp      1/2  50.00%  yes" in out
    assert "beta    Beta Ltd       3/8  37.50%  no" in out
    assert "gamma   Gamma GmbH     1/8  12.50%  no" in out


def test_the_report_marks_recused_members_and_members_who_did_not_vote(
    three: Path, tmp_path: Path
) -> None:
    result = poolgov(
        "tally", three, ballots(tmp_path, "acme,yes"), "--kind", "expulsion", "--subject", "gamma"
    )
    assert result.exit_code == 0, result.output
    assert "recused: gamma" in result.stdout
    assert "did not vote" in result.stdout
    assert "recused" in result.stdout.splitlines()[-1]


def test_a_secret_motion_never_shows_who_chose_what() -> None:
    result = poolgov(
        "tally",
        EXAMPLES / "double-majority.yaml",
        EXAMPLES / "ballots" / "double-majority-fee-change.csv",
        "--kind",
        "expulsion",
        "--subject",
        "helix",
    )
    assert result.exit_code == 0, result.output
    roll_call = result.stdout.split("member ")[-1]
    assert "secret" in roll_call
    assert not any(word in roll_call for word in (" yes", " no ", "abstain"))


def test_the_example_admission_carries() -> None:
    charter, csv = EXAMPLES / "charter.yaml", EXAMPLES / "ballots" / "admission.csv"
    result = poolgov("tally", charter, csv, "--kind", "admission", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"] == "carried"


def test_the_double_majority_example_carries_for_want_of_a_blocking_minority() -> None:
    charter = EXAMPLES / "double-majority.yaml"
    csv = EXAMPLES / "ballots" / "double-majority-fee-change.csv"
    result = poolgov("tally", charter, csv, "--kind", "fee_change")
    assert result.exit_code == 0, result.output
    assert "CARRIED" in result.stdout
    assert "blocking minority  applied" in result.stdout


def test_a_failed_or_inquorate_motion_still_exits_0(capped: Path, tmp_path: Path) -> None:
    assert poolgov("tally", capped, ballots(tmp_path), "--kind", "general").exit_code == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (("acme,yes", "zeta,no"), "row 3: 'zeta' is not a member of the pool"),
        (("acme,yes", "beta,no", "gamma,yes"), "row 4: 'gamma' is recused from this expulsion"),
        (("acme,maybe",), "row 2: 'maybe' is not a choice; write yes, no or abstain"),
        (("acme,yes", "beta,no", "acme,yes"), "row 4: 'acme' already has a ballot on row 2"),
        (("acme",), "row 2: expected 2 fields (member,choice), got 1"),
        (("acme,yes,extra",), "row 2: expected 2 fields (member,choice), got 3"),
        ((",yes",), "row 2: the member is empty"),
    ],
)
def test_a_bad_row_exits_2_naming_the_row(
    three: Path, tmp_path: Path, rows: tuple[str, ...], message: str
) -> None:
    path = ballots(tmp_path, *rows)
    result = poolgov("tally", three, path, "--kind", "expulsion", "--subject", "gamma")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path} {message}" in result.stderr


def test_every_bad_row_is_named_not_just_the_first(three: Path, tmp_path: Path) -> None:
    path = ballots(tmp_path, "zeta,yes", "acme,perhaps")
    result = poolgov("tally", three, path, "--kind", "general")
    assert result.exit_code == 2
    assert f"{path} row 2:" in result.stderr
    assert f"{path} row 3:" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("who,what\nacme,yes\n", "row 1: the header must be member,choice, not 'who,what'"),
        ("member\nacme\n", "row 1: the header must be member,choice, not 'member'"),
        ("", "row 1: the file is empty; write the header member,choice"),
    ],
)
def test_a_bad_header_exits_2(three: Path, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text(content)
    result = poolgov("tally", three, path, "--kind", "general")
    assert result.exit_code == 2
    assert f"{path} {message}" in result.stderr


def test_blank_lines_and_a_spreadsheet_bom_are_harmless(three: Path, tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text("\ufeffmember,choice\r\n\r\nacme , yes\r\n\r\n")
    result = poolgov("tally", three, path, "--kind", "general", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["members"]["yes"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--kind", "expulsion", "--subject", "zeta"], "--subject: 'zeta' is not a member"),
        (["--kind", "expulsion"], "--kind expulsion concerns a member of the pool"),
        (["--kind", "admission", "--subject", "acme"], "an applicant is not yet a member"),
        (["--kind", "general", "--subject", "acme"], "--subject does not apply to --kind general"),
    ],
)
def test_the_subject_must_fit_the_kind(
    three: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    result = poolgov("tally", three, ballots(tmp_path, "acme,yes"), *options)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_charter_exits_2_with_its_problems(tmp_path: Path) -> None:
    charter = tmp_path / "charter.yaml"
    charter.write_text(CAPPED.replace("cap: 1/2", "cap: 1/5"))
    result = poolgov("tally", charter, ballots(tmp_path), "--kind", "general")
    assert result.exit_code == 2
    assert "weights.cap: 1/5 × 3 members < 1" in result.stderr


def test_missing_files_and_unknown_kinds_exit_2(three: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    result = poolgov("tally", three, missing, "--kind", "general")
    assert (result.exit_code, result.stderr) == (2, f"error: {missing}: no such file\n")
    assert poolgov("tally", three, ballots(tmp_path), "--kind", "coup").exit_code == 2
    assert poolgov("tally", three, ballots(tmp_path)).exit_code == 2


@pytest.mark.slow
def test_the_json_recount_runs_as_a_real_process(three: Path, tmp_path: Path) -> None:
    path = ballots(tmp_path, "acme,no", "beta,yes", "gamma,yes")
    done = poolgov_process("tally", three, path, "--kind", "general", "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert list(printed) == JSON_KEYS
    assert printed["outcome"] == "failed"  # 2/5 yes is not more than 1/2 of the votes cast
    assert printed["totals"] == {
        "yes": "2/5",
        "no": "3/5",
        "abstain": "0",
        "not_voted": "0",
        "eligible": "1",
    }


@pytest.mark.slow
def test_a_bad_row_exits_2_as_a_real_process(three: Path, tmp_path: Path) -> None:
    path = ballots(tmp_path, "acme,yes", "beta,no", "zeta,no")
    done = poolgov_process("tally", three, path, "--kind", "general")
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{path} row 4: 'zeta' is not a member of the pool" in done.stderr
