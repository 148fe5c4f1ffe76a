"""Complaint rendering: messages say only id, category, status and deadlines; views are valid
Block Kit and show the filer only when the rules allow; submissions are parsed without echoing."""

from __future__ import annotations

import json
import logging

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.complaint_blocks import (
    complaint_modal,
    filing_modal,
    home_blocks,
    list_blocks,
    step_modal,
    summary_line,
)
from bot.slack.complaint_forms import FormInvalid, parse_filing
from bot.slack.quiet_logs import WithholdBodies
from governance.complaints import ComplaintAction, Response, Role
from governance.services.complaint_queries import ComplaintView
from tests.unit.complaints.cast import CONTENT, FILED_AT, FILER, OPERATOR, escalated, filed

SECRET = "royalty-secret-91"


def valid_view(view: dict[str, object]) -> None:
    View(**view).validate_json()  # type: ignore[arg-type]


def test_a_message_line_holds_only_id_category_status_and_deadlines() -> None:
    line = summary_line(filed(anonymous=True))
    assert line.startswith("Complaint *c-1* · Revenue distribution · *filed* · acknowledge by")
    assert FILER.user_id not in line
    assert CONTENT.title not in line
    assert "the supervisors rejected the answer" in summary_line(escalated())


def test_lists_and_the_home_section_are_valid_and_carry_no_content() -> None:
    blocks = list_blocks([filed(), escalated()]) + home_blocks([filed()])
    for block in Block.parse_all(blocks):
        assert block is not None
        block.validate_json()
    assert CONTENT.concern not in json.dumps(blocks)


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_modal_shows_the_content_and_the_filer_only_when_given(anonymous: bool) -> None:
    content = CONTENT.with_response(Response(Role.OPERATOR, "x" * 5000, FILED_AT))
    complaint = filed(anonymous=anonymous)
    filer = None if anonymous else FILER.user_id
    view = complaint_modal(
        ComplaintView(complaint, content, OPERATOR, filer, (ComplaintAction.ACKNOWLEDGE,))
    )
    valid_view(view)
    shown = json.dumps(view)
    assert CONTENT.concern in shown
    assert (FILER.user_id in shown) is not anonymous
    assert "complaint_acknowledge" in shown


def test_the_forms_are_valid_block_kit() -> None:
    for view in (
        filing_modal(True),
        filing_modal(False),
        step_modal("complaint_answer", "3"),
        step_modal("complaint_reject", "3"),
        step_modal("complaint_motion", "3"),
    ):
        valid_view(view)
    assert "anonymous" not in json.dumps(filing_modal(False))


def test_field_errors_never_quote_what_was_typed() -> None:
    values: dict[str, dict[str, dict[str, object]]] = {
        "category": {"value": {"selected_option": {"value": "nonsense"}}},
        "title": {"value": {"value": SECRET}},
        "concern": {"value": {"value": ""}},
        "evidence": {"value": {"value": f"ftp://{SECRET}"}},
        "anonymous": {"value": {"selected_options": [{"value": "yes"}]}},
    }
    with pytest.raises(FormInvalid) as raised:
        parse_filing(values, anonymous_allowed=False)
    assert set(raised.value.errors) == {"category", "concern", "evidence", "anonymous"}
    assert SECRET not in str(raised.value) + repr(raised.value.errors)


def test_slack_sdk_request_and_response_bodies_are_withheld() -> None:
    record = logging.LogRecord(
        "poolgov.slack",
        logging.DEBUG,
        __file__,
        1,
        f"Sending a request - url: https://slack.com/api/views.open, body_params: {SECRET}",
        (),
        None,
    )
    assert WithholdBodies().filter(record)
    assert record.getMessage() == (
        "Sending a request - url: https://slack.com/api/views.open, (body withheld)"
    )
