"""The operator's form for a follow-up action from the minutes: a valid modal in either language,
pre-filled for its meeting, and read strictly, each field at fault named."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.views import View

from bot.i18n import Language, speaking
from bot.slack.minutes_actions import ActionForm, action_modal, read_form
from bot.slack.payloads.models import ViewState
from governance.meetings.occurrences import Occurrence, OccurrenceStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
NOW = AT + timedelta(hours=3)
MEETING = Occurrence(
    meeting_id="assembly",
    key="assembly@2027-01-04T10:00",
    title="General Assembly",
    channel="C0ASSEMBLY",
    starts=AT,
    ends=AT + timedelta(hours=2),
    local_start=AT.astimezone(SHANGHAI),
    status=OccurrenceStatus.SCHEDULED,
    original_start=AT,
)


@pytest.mark.parametrize("language", [Language.EN, Language.ZH_HANS])
def test_the_form_is_a_valid_modal_for_its_meeting(language: Language) -> None:
    motions = [("7", "Adopt the budget " + "x" * 100)]
    with speaking(language):
        view = action_modal(MEETING, motions, date(2027, 2, 3), "C0ASSEMBLY")
        View(**view).validate_json()
        bare = action_modal(MEETING, [], date(2027, 2, 3), "C0ASSEMBLY")
    assert json.loads(view["private_metadata"]) == {"key": MEETING.key, "channel": "C0ASSEMBLY"}
    fields = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert fields == [
        "action_description",
        "action_owner",
        "action_person",
        "action_due",
        "action_motion",
    ]
    assert "action_motion" not in json.dumps(bare["blocks"])
    due = next(b for b in view["blocks"] if b.get("block_id") == "action_due")
    assert due["element"]["initial_date"] == "2027-02-03"


def state(**fields: dict[str, object]) -> ViewState:
    return ViewState.model_validate({"values": {k: {"value": v} for k, v in fields.items()}})


def filled(**changes: dict[str, object]) -> ViewState:
    fields: dict[str, dict[str, object]] = {
        "action_description": {"type": "plain_text_input", "value": " Send the notice. "},
        "action_owner": {"type": "static_select", "selected_option": {"value": "supervisors"}},
        "action_due": {"type": "datepicker", "selected_date": "2027-02-01"},
    }
    return state(**{**fields, **changes})


def test_a_filled_form_is_read_exactly() -> None:
    form = read_form(filled().values, NOW, SHANGHAI)
    assert form == ActionForm(
        "Send the notice.", "supervisors", datetime(2027, 1, 31, 16, 0, tzinfo=UTC), None
    )
    person = filled(
        action_owner={"type": "static_select", "selected_option": {"value": "person"}},
        action_person={"type": "users_select", "selected_user": "U0ACME1"},
        action_motion={"type": "static_select", "selected_option": {"value": "7"}},
    )
    chosen = read_form(person.values, NOW, SHANGHAI)
    assert isinstance(chosen, ActionForm)
    assert (chosen.owner, chosen.motion_id) == ("U0ACME1", "7")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action_description": {"type": "plain_text_input", "value": "  "}}, "action_description"),
        (
            {"action_description": {"type": "plain_text_input", "value": "x" * 501}},
            "action_description",
        ),
        ({"action_owner": {"type": "static_select"}}, "action_owner"),
        (
            {"action_owner": {"type": "static_select", "selected_option": {"value": "person"}}},
            "action_person",
        ),
        ({"action_due": {"type": "datepicker", "selected_date": "2027-01-04"}}, "action_due"),
        ({"action_due": {"type": "datepicker", "selected_date": "2027-02-30"}}, "action_due"),
        ({"action_due": {"type": "datepicker", "selected_date": "2040-01-01"}}, "action_due"),
        (
            {"action_motion": {"type": "static_select", "selected_option": {"value": "７"}}},
            "action_motion",
        ),
    ],
)
def test_a_field_that_does_not_fit_is_named(
    change: dict[str, dict[str, object]], field: str
) -> None:
    errors = read_form(filled(**change).values, NOW, SHANGHAI)
    assert isinstance(errors, dict)
    assert set(errors) == {field}
