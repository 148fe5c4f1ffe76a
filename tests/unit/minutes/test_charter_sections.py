"""The charter keys of the minutes feature: ``fees[]`` (the opening fee schedule),
``meetings[].minutes_review`` and ``motions.minutes_approval``."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from bot.charter_file import CharterFileError, load_charter
from governance.charter import MotionKind, OpeningFee
from tests.unit.cli.charters import THREE_MEMBERS

FEES = """
fees:
  - {product_category: decoders, royalty: "US$0.20 per unit", effective_date: 2027-01-01}
  - {product_category: encoders, royalty: "US$0.50 per unit", effective_date: "2027-01-01"}
"""


def paths_of(text: str) -> list[str]:
    with pytest.raises(CharterFileError) as raised:
        load_charter(text)
    return [p.path for p in raised.value.problems]


def test_the_fees_section_seeds_the_opening_schedule() -> None:
    charter = load_charter(THREE_MEMBERS + FEES)
    assert charter.fees == (
        OpeningFee("decoders", "US$0.20 per unit", date(2027, 1, 1)),
        OpeningFee("encoders", "US$0.50 per unit", date(2027, 1, 1)),
    )
    assert load_charter(THREE_MEMBERS).fees == ()


def test_fee_problems_are_named_at_their_key_path() -> None:
    twice = FEES.replace("encoders", "decoders")
    assert paths_of(THREE_MEMBERS + twice) == ["fees[1].product_category"]
    bad_date = FEES.replace('"2027-01-01"', '"next year"')
    assert paths_of(THREE_MEMBERS + bad_date) == ["fees[1].effective_date"]
    empty = FEES.replace('"US$0.20 per unit"', '"  "')
    assert paths_of(THREE_MEMBERS + empty) == ["fees[0].royalty"]
    assert sorted(paths_of(THREE_MEMBERS + FEES.replace("royalty:", "price:"))) == [
        "fees[0].price",
        "fees[0].royalty",
        "fees[1].price",
        "fees[1].royalty",
    ]


def test_minutes_approval_has_its_own_default_rule_and_may_be_set() -> None:
    rules = load_charter(THREE_MEMBERS).rules_for(MotionKind.MINUTES_APPROVAL)
    assert (rules.quorum, rules.threshold, rules.voting_period) == (
        Fraction(1, 3),
        Fraction(1, 2),
        timedelta(days=3),
    )
    text = THREE_MEMBERS.replace("motions:\n", "motions:\n  minutes_approval: {quorum: 1/4}\n", 1)
    if text != THREE_MEMBERS:
        assert load_charter(text).rules_for(MotionKind.MINUTES_APPROVAL).quorum == Fraction(1, 4)
