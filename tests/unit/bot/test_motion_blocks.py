"""Motion messages and drafts render to valid Block Kit and say what decides the motion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.motion_blocks import open_motion_message
from bot.slack.motion_draft import DraftInvalid, parse_draft
from bot.slack.motion_modal import draft_modal, kind_picker
from bot.slack.wording import rule_sentence
from governance.charter import Member, MotionKind, MotionRules, ThresholdRule, Weights
from governance.electorate import freeze_electorate
from governance.kinds import Expulsion, FeeChange, General, PricingBasis
from governance.motion import Motion
from governance.tally import Choice

OPENED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REGISTER = (
    Member("acme", "Acme Corp", 120, representatives=("U0ACME1",)),
    Member("beta", "Beta Ltd", 40, representatives=("U0BETA1",)),
    Member("gamma", "Gamma GmbH", 40, representatives=("U0GAMMA1",)),
)
NAMES = {m.id: m.name for m in REGISTER}


def a_motion(payload=None, rules: MotionRules | None = None) -> Motion:
    rules = rules or MotionRules(
        threshold=Fraction(3, 4), threshold_rule=ThresholdRule.AT_LEAST, recuse=("subject",)
    )
    payload = payload or Expulsion("gamma", "Did not pay its dues")
    return Motion(
        id="12",
        kind=payload.kind,
        title="Expel Gamma",
        text="Gamma has not paid for two years.",
        payload=payload,
        rules=rules,
        electorate=freeze_electorate(REGISTER, Weights(), rules, payload.subject),
        charter_version=1,
        opened_at=OPENED,
        closes_at=OPENED + timedelta(days=7),
        shown_at=OPENED,
    )


def valid(blocks: list[dict[str, object]]) -> None:
    for block in Block.parse_all(blocks):
        block.validate_json()


def test_the_rule_is_said_in_plain_words_with_the_recused_member() -> None:
    motion = a_motion()
    sentence = rule_sentence(motion.rules, ["Gamma GmbH"])
    assert sentence == (
        "Carried if at least 3/4 of votes cast (yes and no) by weight; "
        "quorum 1/2 of eligible weight; recused: Gamma GmbH."
    )


def test_an_open_motion_has_three_ballot_buttons_a_deadline_token_and_turnout() -> None:
    motion = a_motion()
    text, blocks = open_motion_message(motion, NAMES, {"acme": Choice.YES})
    valid(blocks)
    assert "Expel Gamma" in text
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "ballot_yes",
        "ballot_no",
        "ballot_abstain",
    ]
    rendered = str(blocks)
    assert f"<!date^{int(motion.closes_at.timestamp())}^" in rendered
    assert "Gamma GmbH" in rendered  # recused, named
    assert "75.0% of eligible weight (quorum met)" in rendered  # acme 120 of 160 eligible
    assert "1 of 2 members voted" in rendered


def test_what_people_typed_is_escaped_in_the_open_message() -> None:
    register = (*REGISTER[:2], Member("gamma", "<!channel> & Co", 40, representatives=("U0G",)))
    names = {m.id: m.name for m in register}
    motion = a_motion()
    _, blocks = open_motion_message(motion, names, {})
    rendered = str(blocks)
    assert "&lt;!channel&gt; &amp; Co" in rendered  # the recused member and the expelled one
    assert "<!channel>" not in rendered


def test_a_fee_change_message_states_the_pricing_basis() -> None:
    basis = PricingBasis("420 patents", "core codec", "12%", "mature", "low", "none")
    fee = FeeChange("Smartphones", "US$0.40", "US$0.35", date(2027, 7, 1), basis)
    _, blocks = open_motion_message(a_motion(fee, MotionRules()), NAMES, {})
    valid(blocks)
    rendered = str(blocks)
    for phrase in ("Smartphones", "US$0.35", "Technology life-cycle stage", "mature"):
        assert phrase in rendered


@pytest.mark.parametrize("kind", list(MotionKind))
def test_every_kind_has_a_valid_draft_modal(kind: MotionKind) -> None:
    view = draft_modal(kind, timedelta(days=7), [("acme", "Acme Corp")], {"Phones": "US$1"})
    View(**view).validate_json()
    period = next(b for b in view["blocks"] if b["block_id"] == "voting_period")
    assert period["element"]["initial_value"] == "1w"  # 7d, in the shortest spelling


def test_the_kind_picker_is_a_valid_modal() -> None:
    View(**kind_picker()).validate_json()


def field(value: str) -> dict[str, object]:
    return {"value": {"type": "plain_text_input", "value": value}}


def test_a_draft_with_bad_fields_names_each_field_at_fault() -> None:
    values = {"title": field(""), "text": field(""), "voting_period": field("soon")}
    with pytest.raises(DraftInvalid) as caught:
        parse_draft(MotionKind.GENERAL, values, ["acme"])
    assert set(caught.value.errors) == {"title", "text", "voting_period"}
    assert "7d" in caught.value.errors["voting_period"]


def test_an_admission_of_an_existing_member_is_refused_on_the_applicant_field() -> None:
    values = {
        "title": field("Admit Acme again"),
        "voting_period": field("7d"),
        "applicant_id": field("acme"),
        "applicant_name": field("Acme"),
        "patents": field("3"),
        "representatives": {"value": {"type": "multi_users_select", "selected_users": ["U1"]}},
    }
    with pytest.raises(DraftInvalid) as caught:
        parse_draft(MotionKind.ADMISSION, values, ["acme"])
    assert caught.value.errors == {"applicant_id": "'acme' is already a member."}


def test_a_valid_general_draft_parses_with_its_period() -> None:
    values = {
        "title": field("Adopt the budget"),
        "text": field("Resolved: …"),
        "voting_period": field("48h"),
    }
    draft = parse_draft(MotionKind.GENERAL, values, ["acme"])
    assert draft.voting_period == timedelta(hours=48)
    assert isinstance(draft.payload, General)
