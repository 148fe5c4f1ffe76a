"""Reading charter.yaml: merged motion rules, key paths of problems, exactness, time zones."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from bot.charter_file import CharterFileError, charter_hash, key_path, load_charter
from bot.charter_models import MotionsFile
from governance.charter import Basis, MotionKind, ThresholdOf, ThresholdRule
from governance.errors import CharterError, Problem
from tests.unit.cli.charters import CAPPED, THREE_MEMBERS


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(CharterFileError) as raised:
        load_charter(text)
    return raised.value.problems


def paths_of(text: str) -> list[str]:
    return [p.path for p in problems_of(text)]


def test_a_small_charter_reads_into_the_governance_values() -> None:
    charter = load_charter(THREE_MEMBERS)
    assert charter.pool.name == "Test Pool"
    assert charter.pool.timezone.key == "Europe/Berlin"
    assert [m.id for m in charter.members] == ["acme", "beta", "gamma"]
    assert charter.members[0].representatives == ("U0ACME1",)
    assert charter.members[0].contribution == 0
    assert charter.weights.basis is Basis.PATENTS
    assert charter.weights.cap is None


def test_every_kind_gets_fully_resolved_rules_with_the_kind_overriding_the_default() -> None:
    charter = load_charter(THREE_MEMBERS)
    assert set(charter.motions) == set(MotionKind)
    expulsion = charter.motions[MotionKind.EXPULSION]
    assert expulsion.threshold == Fraction(3, 4)
    assert expulsion.threshold_rule is ThresholdRule.AT_LEAST
    assert expulsion.recuse == ("subject",)
    assert expulsion.quorum == Fraction(1, 2)  # from motions.default
    general = charter.motions[MotionKind.GENERAL]  # not listed: the default alone
    assert general.threshold == Fraction(1, 2)
    assert general.threshold_rule is ThresholdRule.MORE_THAN
    assert general.recuse == ()
    assert general.reminders == (timedelta(days=1), timedelta(hours=2))


def test_only_the_keys_an_override_sets_replace_the_default() -> None:
    text = THREE_MEMBERS.replace(
        "  default: {quorum: 1/2, threshold: 1/2}",
        "  default: {quorum: 2/3, threshold: 3/5, threshold_of: present, secret: true,"
        " reminders: [3d]}\n"
        "  fee_change: {quorum: 3/4, reminders: [1d, 1h]}",
    )
    rules = load_charter(text).motions
    fee = rules[MotionKind.FEE_CHANGE]
    assert fee.quorum == Fraction(3, 4)
    assert fee.reminders == (timedelta(days=1), timedelta(hours=1))
    assert fee.threshold == Fraction(3, 5)
    assert fee.threshold_of is ThresholdOf.PRESENT
    assert fee.secret is True
    assert rules[MotionKind.GENERAL].reminders == (timedelta(days=3),)


def test_without_a_motions_section_every_kind_takes_the_charter_defaults() -> None:
    text = THREE_MEMBERS.split("motions:")[0]
    rules = load_charter(text).motions
    own = rules.pop(MotionKind.MINUTES_APPROVAL)  # its own defaults, not motions.default's
    assert all(r.threshold == Fraction(1, 2) and r.quorum == Fraction(1, 2) for r in rules.values())
    assert set(rules) | {MotionKind.MINUTES_APPROVAL} == set(MotionKind)
    assert (own.quorum, own.threshold, own.voting_period) == (
        Fraction(1, 3),
        Fraction(1, 2),
        timedelta(days=3),
    )


def test_the_motions_section_knows_every_kind_of_motion() -> None:
    assert set(MotionsFile.model_fields) == {"default"} | {k.value for k in MotionKind}


def test_an_unquoted_yaml_float_is_refused_with_a_hint_to_quote_it() -> None:
    text = THREE_MEMBERS.replace("threshold: 3/4,", "threshold: 0.75,")
    [problem] = problems_of(text)
    assert problem.path == "motions.expulsion.threshold"
    assert 'quote it ("0.75")' in problem.message
    assert "3/4" in problem.message


def test_a_quoted_decimal_is_read_exactly() -> None:
    text = THREE_MEMBERS.replace("threshold: 3/4,", 'threshold: "0.55",')
    assert load_charter(text).motions[MotionKind.EXPULSION].threshold == Fraction(11, 20)


def test_unknown_keys_are_errors_at_their_key_path_with_a_suggestion() -> None:
    text = THREE_MEMBERS.replace("threshold: 3/4,", "treshold: 3/4,").replace(
        "weights: {basis: patents}", "weights: {basis: patents, capp: 1/2}"
    )
    problems = problems_of(text)
    assert Problem("weights.capp", "unknown key; did you mean 'cap'?") in problems
    assert Problem("motions.expulsion.treshold", "unknown key; did you mean 'threshold'?") in (
        problems
    )


def test_a_list_entry_is_named_by_its_index() -> None:
    text = THREE_MEMBERS.replace("patents: 10,", "patents: '10',")
    [problem] = problems_of(text)
    assert problem.path == "members[2].patents"
    assert "integer" in problem.message


def test_every_type_problem_is_reported_at_once() -> None:
    text = (
        THREE_MEMBERS.replace("timezone: Europe/Berlin", "timezone: Mars/Olympus")
        .replace("basis: patents", "basis: votes")
        .replace("users: [U0OPS1]", "users: U0OPS1")
    )
    assert paths_of(text) == ["pool.timezone", "operator.users", "weights.basis"]


def test_missing_sections_are_required() -> None:
    problems = problems_of("version: 1\npool: {name: P, timezone: UTC}\n")
    assert {(p.path, p.message) for p in problems} == {
        ("operator", "is required"),
        ("supervisors", "is required"),
        ("members", "is required"),
    }


def test_charter_check_problems_come_after_the_types_are_right() -> None:
    text = CAPPED.replace("cap: 1/2", "cap: 1/5")
    assert problems_of(text) == [
        Problem("weights.cap", "1/5 × 3 members < 1, the cap cannot be met")
    ]


def test_a_bad_yaml_text_is_one_problem_with_its_line() -> None:
    [problem] = problems_of("pool: [\n")
    assert problem.path == ""
    assert problem.message.startswith("not valid YAML at line 2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the charter is empty"),
        ("- a\n- b\n", "the charter must be a mapping of keys (version, pool, members, …)"),
    ],
)
def test_a_charter_must_be_a_mapping(text: str, message: str) -> None:
    assert problems_of(text) == [Problem("", message)]


def test_a_key_written_twice_is_refused_rather_than_silently_replaced() -> None:
    text = THREE_MEMBERS.replace("weights: {basis: patents}", "weights: {basis: patents}\n" * 2)
    [problem] = problems_of(text)
    assert "'weights' is written twice" in problem.message


def test_an_alias_bomb_is_refused_before_it_is_walked() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    [problem] = problems_of("\n".join(lines) + "\n")
    assert "more than" in problem.message


MEETING = """\
meetings:
  - id: ga
    title: General Assembly
    rrule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
    starts: {starts}
    duration: 2h
    channel: C0GENERAL
"""


def with_meeting(starts: str) -> str:
    return THREE_MEMBERS + MEETING.format(starts=starts)


def test_a_meeting_start_without_offset_is_local_to_the_pool() -> None:
    [meeting] = load_charter(with_meeting("2027-01-05T10:00")).meetings
    assert meeting.starts.tzinfo is not None
    assert meeting.starts.astimezone(UTC) == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert meeting.check_in_grace == timedelta(minutes=15)
    assert meeting.reminders == ()


@pytest.mark.parametrize("starts", ["2027-01-05T10:00+08:00", "2027-01-05T10:00:00+08:00"])
def test_a_meeting_start_with_an_offset_keeps_it(starts: str) -> None:
    [meeting] = load_charter(with_meeting(starts)).meetings
    assert meeting.starts == datetime(2027, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def test_a_local_time_the_clocks_skip_is_refused() -> None:
    [problem] = problems_of(with_meeting("2027-03-28T02:30"))  # Berlin springs forward
    assert problem.path == "meetings[0].starts"
    assert "does not exist in Europe/Berlin" in problem.message


def test_a_meeting_needs_a_time_and_a_valid_rule() -> None:
    text = with_meeting("2027-01-05").replace("FREQ=MONTHLY;", "FREQ=SOMETIMES;")
    assert paths_of(text) == ["meetings[0].starts"]  # types first; the rule is checked after
    problems = problems_of(with_meeting("2027-01-05T10:00").replace("FREQ=MONTHLY", "FREQ=X"))
    assert [p.path for p in problems] == ["meetings[0].rrule"]


def test_the_extensions_are_read() -> None:
    text = (
        THREE_MEMBERS
        + "competition_notice: Only the licensing programme.\n"
        + MEETING.format(starts="2027-01-05T10:00")
        + "    check_in_grace: 5m\n"
    )
    charter = load_charter(text)
    assert charter.competition_notice == "Only the licensing programme."
    assert charter.meetings[0].check_in_grace == timedelta(minutes=5)


def test_a_charter_file_error_is_a_charter_error_and_reads_as_its_problems() -> None:
    error = CharterFileError([Problem("weights.cap", "too small"), Problem("", "bad")])
    assert isinstance(error, CharterError)
    assert str(error) == "weights.cap: too small; bad"


def test_key_paths_join_names_with_dots_and_indexes_with_brackets() -> None:
    assert key_path(("members", 2, "patents")) == "members[2].patents"
    assert key_path(("motions", "admission", "threshold")) == "motions.admission.threshold"
    assert key_path(("meetings", 0, "reminders", 1)) == "meetings[0].reminders[1]"


def test_the_charter_hash_is_the_sha256_of_the_exact_text() -> None:
    assert charter_hash("version: 1\n") == hashlib.sha256(b"version: 1\n").hexdigest()
    assert charter_hash("a") != charter_hash("a\n")
