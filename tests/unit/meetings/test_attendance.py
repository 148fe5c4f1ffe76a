"""RSVPs and the quorum forecast, check-in and the recorded quorum, in exact fractions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from governance.errors import UnknownMember
from governance.meetings import (
    RSVP,
    CheckIn,
    check_in_closes_at,
    forecast,
    latest_rsvps,
    present,
    quorum_weight,
)
from tests.unit.meetings.meetings import BERLIN

F = Fraction

# Acme holds exactly half the weight, so Acme alone makes a quorum of 1/2.
WEIGHTS = {"acme": F(1, 2), "beta": F(3, 10), "gamma": F(1, 5)}
HALF = F(1, 2)
START = datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)


def rsvp(member: str, attending: bool, minutes: int) -> RSVP:
    return RSVP(member, attending, START - timedelta(days=1, minutes=-minutes), f"U0{member}1")


def test_the_quorum_weight_is_the_share_of_the_whole_register():
    assert quorum_weight(WEIGHTS, HALF) == F(1, 2)
    assert quorum_weight({"a": F(2), "b": F(1)}, F(1, 3)) == F(1)


def test_a_members_latest_answer_counts_whichever_representative_gave_it():
    answers = [rsvp("acme", True, 0), rsvp("beta", True, 1), rsvp("acme", False, 5)]
    result = forecast(answers, WEIGHTS, HALF)
    assert result.attending == ("beta",)
    assert result.not_attending == ("acme",)
    assert result.attending_weight == F(3, 10)
    assert result.quorum_weight == F(1, 2)
    assert not result.met


def test_exactly_the_quorum_share_meets_the_quorum():
    result = forecast([rsvp("acme", True, 0)], WEIGHTS, HALF)
    assert result.attending_weight == F(1, 2)
    assert result.met


def test_beta_and_gamma_together_meet_it_exactly_without_floats():
    result = forecast([rsvp("beta", True, 0), rsvp("gamma", True, 0)], WEIGHTS, HALF)
    assert result.attending_weight == F(1, 2)  # 3/10 + 1/5; in floats 0.3 + 0.2 happens to be 0.5
    assert result.met
    thirds = {"a": F(1, 3), "b": F(1, 3), "c": F(1, 3)}
    two = forecast([rsvp("a", True, 0), rsvp("b", True, 0)], thirds, F(2, 3))
    assert two.attending_weight == F(2, 3)
    assert two.met


def test_of_two_answers_at_one_instant_the_later_listed_counts():
    answers = [rsvp("acme", True, 0), rsvp("acme", False, 0)]
    assert not latest_rsvps(answers)["acme"].attending
    assert not latest_rsvps([*answers, rsvp("acme", True, -1)])["acme"].attending


def test_an_answer_from_outside_the_register_is_refused():
    with pytest.raises(UnknownMember):
        forecast([rsvp("delta", False, 0)], WEIGHTS, HALF)


def test_check_in_closes_after_the_grace_in_utc():
    closes = check_in_closes_at(START, timedelta(minutes=15))
    assert closes == datetime(2027, 4, 6, 8, 15, tzinfo=UTC)


def test_present_counts_check_ins_before_the_close_once_each_and_lists_late_ones():
    closes = check_in_closes_at(START, timedelta(minutes=15))
    check_ins = [
        CheckIn("beta", START, "U0BETA1"),
        CheckIn("beta", START + timedelta(minutes=20), "U0BETA2"),
        CheckIn("gamma", closes - timedelta(seconds=1), "U0GAMMA1"),
        CheckIn("acme", closes, "U0ACME1"),
    ]
    result = present(check_ins, WEIGHTS, HALF, closes)
    assert result.present == ("beta", "gamma")
    assert result.present_weight == F(1, 2)
    assert result.quorum_met
    assert result.late == ("acme",)
    everyone = present(check_ins, WEIGHTS, F(2, 3))
    assert everyone.present_weight == F(1)
    assert everyone.late == ()


def test_without_enough_weight_present_the_quorum_is_not_met():
    result = present([CheckIn("gamma", START, "U0GAMMA1")], WEIGHTS, HALF)
    assert (result.present_weight, result.quorum_weight, result.quorum_met) == (
        F(1, 5),
        F(1, 2),
        False,
    )
