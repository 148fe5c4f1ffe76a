"""A mention test for every surface that renders people's text.

Each surface is rendered with :data:`HOSTILE` in every field a person fills (a motion's title
and text and its kind's fields, an agenda item, a meeting's title and key, the operator's move
and cancel reasons, minutes, a complaint's title and the categories the agenda lists, the
members' names and the pool's name from the charter, an amendment's summary). Each must show
that text whole but escaped, and must carry no ``<!…>``, ``<@…>``, ``<#…>`` or link that poolgov
did not build: the only mentions are the validated ids poolgov meant (an applicant's
representatives, the minutes' recorder, a complaint's filer) and the only channel the meeting's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack import complaint_blocks, meeting_blocks, pool_blocks
from bot.slack.motion_blocks import open_motion_message, vote_reminder_message
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.receipt_reply import receipt_reply
from bot.slack.result_blocks import announcement, result_message
from bot.slack.witness_blocks import witness_message
from governance.charter import Charter, Member, MotionRules, Operator, Pool, Supervisors, Weights
from governance.complaints import ComplaintAction, ComplaintContent, Response, Role
from governance.electorate import freeze_electorate
from governance.kinds import (
    Admission,
    CharterAmendment,
    DistributionChange,
    Expulsion,
    FeeChange,
    General,
    Payload,
    PricingBasis,
    Withdrawal,
)
from governance.meetings.agenda import Agenda, AgendaItem, OpenComplaint, OpenMotion
from governance.meetings.attendance import AttendanceResult, Forecast
from governance.meetings.occurrences import Occurrence, OccurrenceStatus
from governance.meetings.ports import AttendanceRecord, MinutesRecord
from governance.motion import Motion, MotionState
from governance.services.complaint_queries import ComplaintView
from governance.services.receipts import BallotByReceipt
from governance.tally import Choice
from storage.audit.signing import SignedHead
from tests.mrkdwn_audit import HOSTILE, HOSTILE_SHOWN, message_problems, mrkdwn_texts
from tests.unit.complaints.cast import FILED_AT, FILER, OPERATOR, filed

AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REPS = ("U0ACME1", "U0BETA1", "U0EVIL9")
REGISTER = (
    Member("acme", f"Acme {HOSTILE}", 120, representatives=("U0ACME1",)),
    Member("beta", f"Beta {HOSTILE}", 40, representatives=("U0BETA1",)),
    Member("gamma", f"Gamma {HOSTILE}", 40, representatives=("U0GAMMA1",)),
)
NAMES = {m.id: m.name for m in REGISTER}
MEANT_USERS = ("U0ACME1", "U0BETA1", FILER.user_id, "U0OPS1")
MEANT_CHANNELS = ("C0GENERAL",)
Rendered = tuple[str | None, Any]


def check(text: str | None, blocks: Any) -> str:
    """No token poolgov did not build in the notification text or any mrkdwn object (plain_text
    is not parsed, so it shows a person's text as typed); returns the mrkdwn, one text a line."""
    assert message_problems(text, blocks, MEANT_USERS, MEANT_CHANNELS) == []
    if text is not None:
        assert isinstance(text, Mrkdwn)
    shown = "\n".join([*([text] if text is not None else []), *mrkdwn_texts(blocks)])
    for broadcast in ("<!channel>", "<!here>", "<!everyone>", "<@U0EVIL1>", "<#C0EVIL1>"):
        assert broadcast not in shown
    assert "<https://evil.example" not in shown
    return shown


def shown_escaped(shown: str) -> bool:
    return HOSTILE_SHOWN in shown


def valid_message(blocks: list[dict[str, Any]]) -> None:
    for block in Block.parse_all(blocks):
        assert block is not None
        block.validate_json()


def a_motion(payload: Payload, rules: MotionRules | None = None, **fields: Any) -> Motion:
    rules = rules or MotionRules(recuse=("subject",))
    return Motion(
        id="12",
        kind=payload.kind,
        title=fields.get("title", f"Title {HOSTILE}"),
        text=fields.get("text", f"Text {HOSTILE}"),
        payload=payload,
        rules=rules,
        electorate=freeze_electorate(REGISTER, Weights(), rules, payload.subject),
        charter_version=1,
        opened_at=AT,
        closes_at=AT + timedelta(days=7),
        shown_at=AT,
    )


PAYLOADS: dict[str, Payload] = {
    "admission": Admission("delta", f"Delta {HOSTILE}", 5, REPS[:2]),
    "withdrawal": Withdrawal("gamma", f"Leaving {HOSTILE}"),
    "expulsion": Expulsion("gamma", f"Grounds {HOSTILE}"),
    "fee_change": FeeChange(
        f"Phones {HOSTILE}",
        f"1% {HOSTILE}",
        f"2% {HOSTILE}",
        date(2027, 6, 1),
        PricingBasis(*(f"{n} {HOSTILE}" for n in range(6))),
    ),
    "distribution_change": DistributionChange(f"Old {HOSTILE}", f"New {HOSTILE}", date(2027, 6, 1)),
    "charter_amendment": CharterAmendment("pool: {}", f"Amendment {HOSTILE}"),
    "general": General(),
}


@pytest.mark.parametrize("kind", PAYLOADS)
def test_a_motion_message_shows_its_title_text_and_fields_escaped(kind: str) -> None:
    text, blocks = open_motion_message(a_motion(PAYLOADS[kind]), NAMES, {"acme": Choice.YES})
    valid_message(blocks)
    shown = check(text, blocks)
    assert shown_escaped(shown)
    if kind == "admission":  # the representatives poolgov means, from validated ids
        assert "<@U0ACME1>" in shown
        assert "<@U0BETA1>" in shown


def test_an_admission_names_a_malformed_representative_id_without_mentioning_it() -> None:
    payload = Admission("delta", "Delta", 5, ("U0ACME1", "U0X> <!channel"))
    text, blocks = open_motion_message(a_motion(payload), NAMES, {})
    check(text, blocks)


@pytest.mark.parametrize("kind", PAYLOADS)
def test_a_result_and_its_announcement_show_titles_and_names_escaped(kind: str) -> None:
    motion = a_motion(PAYLOADS[kind])
    ballots = {"acme": Choice.YES, "beta": Choice.NO, "gamma": Choice.ABSTAIN}
    eligible = {m: c for m, c in ballots.items() if m in motion.electorate}
    closed, tally = motion.close(eligible, motion.closes_at)
    text, blocks = result_message(closed, tally, NAMES, "ab12", "all_voted")
    valid_message(blocks)
    assert shown_escaped(check(text, blocks))
    carried = replace(closed, state=MotionState.CARRIED)
    assert shown_escaped(check(announcement(carried, NAMES), []))


def test_the_witness_post_and_the_vote_reminder_show_the_title_escaped() -> None:
    signed = SignedHead(seq=7, entry_hash="ab" * 32, key_id="k1", signature="c2ln", signed_at=AT)
    motion = replace(a_motion(General()), state=MotionState.CARRIED, closed_at=AT)
    for text, blocks in (
        witness_message(signed, motion),
        vote_reminder_message("12", f"Title {HOSTILE}", AT, f"Acme {HOSTILE}"),
    ):
        valid_message(blocks)
        assert shown_escaped(check(text, blocks))


def test_a_receipt_shows_the_motion_title_and_member_name_escaped() -> None:
    found = BallotByReceipt(
        receipt="3f9a-02c4",
        motion_id="12",
        motion_title=f"Title {HOSTILE}",
        motion_state=MotionState.CARRIED,
        secret=True,
        member_id="acme",
        member_name=f"Acme {HOSTILE}",
        choice=Choice.YES,
        cast_at=AT,
        counted=True,
        counted_receipt=None,
        counted_choice=None,
        closed_at=AT,
        in_result=True,
        audit_head="ab12",
    )
    assert shown_escaped(check(receipt_reply(found), []))


# --- meetings ----------------------------------------------------------------------------------

ZONE = ZoneInfo("Europe/Berlin")
OCCURRENCE = Occurrence(
    meeting_id=f"ga{HOSTILE}",
    key=f"ga{HOSTILE}@2027-03-02",
    title=f"General Assembly {HOSTILE}",
    channel="C0GENERAL",
    starts=AT,
    ends=AT + timedelta(hours=2),
    local_start=AT.astimezone(ZONE),
    status=OccurrenceStatus.MOVED,
    original_start=AT,
)
RESULT = AttendanceResult(("acme", "beta"), Fraction(4, 5), Fraction(1, 2), True, ("gamma",))
MINUTES = MinutesRecord(
    occurrence_key=OCCURRENCE.key,
    title=OCCURRENCE.title,
    starts=AT,
    text=f"Minutes {HOSTILE}\n" * 3,
    motions=("12",),
    recorded_by="U0OPS1",
    recorded_at=AT,
    audit_seq=9,
    audit_hash="ab" * 32,
)
AGENDA = Agenda(
    occurrence_key=OCCURRENCE.key,
    competition_notice=f"Notice {HOSTILE}",
    items=(AgendaItem("acme", f"<!channel> Item {HOSTILE}", AT, "U0ACME1"),),
    open_motions=(OpenMotion("12", "general", f"Motion {HOSTILE}", AT),),
    open_complaints=(OpenComplaint("c-1", f"Category {HOSTILE}", f"filed {HOSTILE}"),),
    frozen_at=AT,
)

MEETING_SURFACES: dict[str, Callable[[], Rendered]] = {
    "reminder": lambda: meeting_blocks.reminder_message(
        OCCURRENCE,
        timedelta(days=1),
        Forecast(("acme",), ("beta",), Fraction(3, 5), Fraction(1, 2), True),
        NAMES,
    ),
    "agenda": lambda: meeting_blocks.agenda_blocks(OCCURRENCE, AGENDA, NAMES),
    "check-in": lambda: meeting_blocks.check_in_message(
        OCCURRENCE,
        RESULT,
        NAMES,
        AttendanceRecord(OCCURRENCE.key, AT, RESULT, 3, "ab" * 32),
        True,
    ),
    "attendance": lambda: (
        meeting_blocks.attendance_text(
            OCCURRENCE, AttendanceRecord(OCCURRENCE.key, AT, RESULT, 3, "ab" * 32), NAMES
        ),
        [],
    ),
    "minutes": lambda: meeting_blocks.minutes_message(MINUTES),
    "minutes list": lambda: (None, meeting_blocks.minutes_list([MINUTES])),
    "next meetings": lambda: (None, meeting_blocks.next_blocks([OCCURRENCE])),
    "minutes modal": lambda: (None, meeting_blocks.minutes_modal(OCCURRENCE)["blocks"]),
    "added": lambda: (meeting_blocks.added_text(OCCURRENCE), []),
    "moved with a reason": lambda: (
        meeting_blocks.moved_text(OCCURRENCE, f"Reason {HOSTILE}"),
        [],
    ),
    "cancelled with a reason": lambda: (
        meeting_blocks.cancelled_text(OCCURRENCE, f"Reason {HOSTILE}"),
        [],
    ),
    "agenda item added": lambda: (
        meeting_blocks.item_added_text(OCCURRENCE, f"Item {HOSTILE}", AT),
        [],
    ),
    "rsvp": lambda: (meeting_blocks.rsvp_text(NAMES["acme"], True, OCCURRENCE.key), []),
    "check-in answer": lambda: (
        meeting_blocks.check_in_text(NAMES["acme"], OCCURRENCE.key, first=True, late=True),
        [],
    ),
}


@pytest.mark.parametrize("surface", MEETING_SURFACES)
def test_a_meeting_surface_shows_titles_reasons_items_and_names_escaped(surface: str) -> None:
    text, blocks = MEETING_SURFACES[surface]()
    valid_message(blocks)
    assert shown_escaped(check(text, blocks))


def test_the_agenda_lists_a_broadcast_item_as_text() -> None:
    _, blocks = meeting_blocks.agenda_blocks(OCCURRENCE, AGENDA, NAMES)
    items = next(b for b in blocks if "Items proposed" in json.dumps(b))
    assert items["text"]["text"].startswith("*Items proposed by members*\n1. &lt;!channel&gt; Item")


# --- complaints --------------------------------------------------------------------------------


def test_a_complaint_view_shows_its_title_and_text_as_plain_text_and_its_filer_by_id() -> None:
    content = ComplaintContent(
        title=f"Title {HOSTILE}",
        concern=f"Concern {HOSTILE}",
        evidence=("https://example.org/q4?a=<b>",),
        responses=(Response(Role.OPERATOR, f"Answer {HOSTILE}", FILED_AT),),
    )
    view = complaint_blocks.complaint_modal(
        ComplaintView(filed(), content, OPERATOR, FILER.user_id, (ComplaintAction.ACKNOWLEDGE,))
    )
    View(**view).validate_json()
    check(None, view)
    mrkdwn = "\n".join(mrkdwn_texts(view))
    assert "Title" not in mrkdwn.replace("*Title*", "")  # the content only in plain_text
    assert f"<@{FILER.user_id}>" in mrkdwn
    assert f"Title {HOSTILE}" in json.dumps(view, ensure_ascii=False)  # plain_text: as typed


def test_complaint_messages_and_the_home_list_say_only_poolgovs_words() -> None:
    complaint = filed()
    for text in (
        complaint_blocks.summary_line(complaint),
        complaint_blocks.step_notice_text(complaint, dm=True),
    ):
        check(text, [])
    check(None, complaint_blocks.list_blocks([complaint]) + complaint_blocks.home_blocks([]))


# --- the register, /pool and the App Home -----------------------------------------------------


def a_charter() -> Charter:
    return Charter(
        pool=Pool(f"Pool {HOSTILE}", ZONE),
        operator=Operator("Ops", ("U0OPS1",)),
        supervisors=Supervisors(("U0SUP1",)),
        members=REGISTER,
        weights=Weights(),
        motions={},
    )


def rows() -> list[pool_blocks.RegisterRow]:
    return [
        pool_blocks.RegisterRow(m.id, m.name, m.patents, m.contribution, Fraction(1, 3), ())
        for m in REGISTER
    ]


def test_the_register_shows_member_names_escaped() -> None:
    blocks = pool_blocks.members_blocks(rows(), a_charter())
    valid_message(blocks)
    assert shown_escaped(check(None, blocks))
    assert blocks[0]["text"]["text"] == f"Register of Pool {HOSTILE}"  # plain_text: as typed


def test_motions_fees_and_the_app_home_show_titles_names_and_fees_escaped() -> None:
    motion = a_motion(General())
    closed = replace(motion, state=MotionState.FAILED, closed_at=AT)
    fees = [pool_blocks.FeeRow(f"Phones {HOSTILE}", f"2% {HOSTILE}", date(2027, 6, 1), "12")]
    ballot = pool_blocks.BallotRow("12", f"Title {HOSTILE}", "yes", AT, "3f9a")
    roles = pool_blocks.Roles(member_id="acme")
    for blocks in (
        pool_blocks.motions_blocks([(motion, 1)], [(closed, 2)]),
        pool_blocks.fees_blocks(fees),
        pool_blocks.home_view(roles, [motion], [ballot], [(closed, 2)], NAMES)["blocks"],
        pool_blocks.charter_blocks(a_charter(), 1),
        pool_blocks.help_blocks(pool_blocks.Roles(member_id=f"acme{HOSTILE}")),
    ):
        valid_message(blocks)
        check(None, blocks)
    home = pool_blocks.home_view(roles, [motion], [ballot], [(closed, 2)], NAMES)
    assert shown_escaped(check(None, home))
