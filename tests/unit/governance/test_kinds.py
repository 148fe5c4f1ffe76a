"""Each kind of motion: its payload, the member it concerns, and its JSON form."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from governance.charter import MotionKind
from governance.errors import PayloadInvalid
from governance.kinds import (
    PAYLOADS,
    Admission,
    CharterAmendment,
    DistributionChange,
    Expulsion,
    FeeChange,
    General,
    MinutesApproval,
    Payload,
    PricingBasis,
    Withdrawal,
    payload_from_dict,
    payload_to_dict,
)
from tests.unit.governance.pool import F

REGISTER = {"acme", "beta", "gamma"}

DELTA_APPLIES = Admission("delta", "Delta Inc", 12, ("U0DELTA1", "U0DELTA2"), F(5, 2))
BETA_LEAVES = Withdrawal("beta", "exiting the codec business")
GAMMA_EXPELLED = Expulsion("gamma", "breached the licensing terms")
BASIS = PricingBasis(
    patent_quantity_and_value="212 essential patents",
    contribution_to_product="decoder only",
    industry_margins="thin",
    lifecycle_stage="mature",
    price_sensitivity="high",
    judicial_precedents="none on point",
)
PHONE_FEE = FeeChange("smartphones", "US$0.40", "US$0.35", date(2027, 7, 1), BASIS)
NEW_SPLIT = DistributionChange("by patents", "by patents, half equal", date(2028, 1, 1))
AMENDMENT = CharterAmendment("version: 1\npool: {}\n", "raise the quorum")
BUDGET = General()
MINUTES = MinutesApproval("assembly@2027-01-04T10:00")

EVERY_KIND: list[Payload] = [
    DELTA_APPLIES,
    BETA_LEAVES,
    GAMMA_EXPELLED,
    PHONE_FEE,
    NEW_SPLIT,
    AMENDMENT,
    BUDGET,
    MINUTES,
]


def invalid_field(payload: Payload) -> str:
    with pytest.raises(PayloadInvalid) as refused:
        payload.validate(REGISTER)
    return refused.value.field


def test_there_is_one_payload_for_every_kind_of_motion():
    assert set(PAYLOADS) == set(MotionKind)
    assert {type(p) for p in EVERY_KIND} == set(PAYLOADS.values())
    assert all(payload_type.kind is kind for kind, payload_type in PAYLOADS.items())


@pytest.mark.parametrize("payload", EVERY_KIND, ids=lambda p: p.kind.value)
def test_a_sound_payload_validates(payload):
    payload.validate(REGISTER)


@pytest.mark.parametrize("payload", EVERY_KIND, ids=lambda p: p.kind.value)
def test_every_payload_survives_the_round_trip_through_plain_json(payload):
    stored = json.loads(json.dumps(payload_to_dict(payload)))
    assert stored["kind"] == payload.kind.value
    assert payload_from_dict(stored) == payload


def test_a_payload_dict_writes_fractions_as_strings_and_dates_in_iso():
    assert payload_to_dict(DELTA_APPLIES)["contribution"] == "5/2"
    assert payload_to_dict(PHONE_FEE)["effective_date"] == "2027-07-01"
    assert payload_to_dict(PHONE_FEE)["basis"]["industry_margins"] == "thin"


def test_an_admission_without_a_contribution_reads_as_zero():
    stored = payload_to_dict(replace(DELTA_APPLIES, contribution=F(0)))
    del stored["contribution"]
    assert payload_from_dict(stored).contribution == 0  # type: ignore[union-attr]


def test_only_members_named_by_the_motion_are_its_subject():
    assert DELTA_APPLIES.subject is None
    assert BETA_LEAVES.subject == "beta"
    assert GAMMA_EXPELLED.subject == "gamma"
    assert [p.subject for p in (PHONE_FEE, NEW_SPLIT, AMENDMENT, BUDGET)] == [None] * 4


# Admission


@pytest.mark.parametrize("applicant_id", ["", "Delta", "delta inc", "d" * 33, "delta_inc"])
def test_an_applicant_id_must_be_a_slug(applicant_id):
    assert invalid_field(replace(DELTA_APPLIES, applicant_id=applicant_id)) == "applicant_id"


def test_a_member_cannot_apply_to_join_again():
    with pytest.raises(PayloadInvalid, match="already a member"):
        replace(DELTA_APPLIES, applicant_id="acme").validate(REGISTER)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"patents": -1}, "patents"),
        ({"contribution": F(-1, 2)}, "contribution"),
        ({"representatives": ()}, "representatives"),
    ],
)
def test_an_admission_needs_a_name_counts_of_zero_or_more_and_a_representative(change, field):
    assert invalid_field(replace(DELTA_APPLIES, **change)) == field


def test_an_applicant_with_no_patents_may_apply():
    replace(DELTA_APPLIES, patents=0).validate(REGISTER)


# Withdrawal and expulsion


@pytest.mark.parametrize("payload", [BETA_LEAVES, GAMMA_EXPELLED], ids=lambda p: p.kind.value)
def test_only_a_member_can_withdraw_or_be_expelled(payload):
    with pytest.raises(PayloadInvalid) as refused:
        replace(payload, member_id="zeta").validate(REGISTER)
    assert str(refused.value) == "member_id: 'zeta' is not a member of the pool"


def test_a_withdrawal_needs_no_reason():
    replace(BETA_LEAVES, reason="").validate(REGISTER)


def test_an_expulsion_must_state_its_grounds():
    assert invalid_field(replace(GAMMA_EXPELLED, reason=" ")) == "reason"


# Fee change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"product_category": ""}, "product_category"),
        ({"proposed_royalty": ""}, "proposed_royalty"),
        ({"proposed_royalty": " US$0.40 "}, "proposed_royalty"),
        ({"basis": replace(BASIS, industry_margins="")}, "basis.industry_margins"),
        ({"basis": replace(BASIS, judicial_precedents=" ")}, "basis.judicial_precedents"),
    ],
)
def test_a_fee_change_needs_a_category_a_new_royalty_and_every_pricing_ground(change, field):
    assert invalid_field(replace(PHONE_FEE, **change)) == field


def test_a_fee_for_a_new_category_needs_no_current_royalty():
    replace(PHONE_FEE, current_royalty="").validate(REGISTER)


# The rest


def test_a_distribution_change_needs_the_proposed_rule():
    assert invalid_field(replace(NEW_SPLIT, proposed_rule="")) == "proposed_rule"


def test_a_charter_amendment_needs_the_new_charter_text():
    assert invalid_field(replace(AMENDMENT, charter_text="\n")) == "charter_text"


def test_a_general_resolution_is_always_a_valid_payload():
    General().validate(set())
