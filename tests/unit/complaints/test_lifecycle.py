"""A complaint's steps: who may take each, from which status, and what each records."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from governance.complaints import (
    ComplaintAction,
    ComplaintCategory,
    ComplaintContent,
    ComplaintStatus,
    EscalationReason,
    Response,
    Role,
    Viewer,
    accept,
    acknowledge,
    answer,
    file_complaint,
    reject,
    to_motion,
)
from governance.errors import (
    AnonymityNotAllowed,
    ComplaintAlreadyMotion,
    ComplaintWrongStatus,
    NotAuthorised,
    PayloadInvalid,
)
from tests.unit.complaints.cast import (
    ACKNOWLEDGE_BY,
    BY_STATUS,
    CONTENT,
    FILED_AT,
    FILER,
    HOUR,
    OPERATOR,
    OTHER_SUPERVISOR,
    OUTSIDER,
    REPRESENTATIVE,
    RESPOND_BY,
    RULES,
    acknowledged,
    answered,
    escalated,
    filed,
    perform,
)

DUAL = Viewer("U0BOTH", is_operator=True, is_supervisor=True)
ALLOWED_FROM = {
    ComplaintAction.ACKNOWLEDGE: {ComplaintStatus.FILED},
    ComplaintAction.ANSWER: {ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED},
    ComplaintAction.ACCEPT: {ComplaintStatus.ANSWERED},
    ComplaintAction.REJECT: {ComplaintStatus.ANSWERED},
    ComplaintAction.TO_MOTION: {ComplaintStatus.ESCALATED},
}
ACTOR = {
    ComplaintAction.ACKNOWLEDGE: OPERATOR,
    ComplaintAction.ANSWER: OPERATOR,
    ComplaintAction.ACCEPT: OTHER_SUPERVISOR,
    ComplaintAction.REJECT: OTHER_SUPERVISOR,
    ComplaintAction.TO_MOTION: FILER,
}


def test_a_supervisor_files_a_complaint_with_deadlines_from_the_filing_time():
    complaint = filed(anonymous=True)

    assert complaint.status is ComplaintStatus.FILED
    assert complaint.filed_by == "U0SUPER1"
    assert complaint.anonymous
    assert complaint.filed_at == FILED_AT
    assert complaint.acknowledge_by == ACKNOWLEDGE_BY
    assert complaint.respond_by == RESPOND_BY
    assert complaint.is_open


@pytest.mark.parametrize("someone", [OPERATOR, REPRESENTATIVE, OUTSIDER, DUAL])
def test_only_a_supervisor_may_file(someone):
    with pytest.raises(NotAuthorised) as refused:
        file_complaint(
            complaint_id="c-1",
            category=ComplaintCategory.CONDUCT,
            by=someone,
            anonymous=False,
            rules=RULES,
            now=FILED_AT,
        )
    assert str(refused.value) == "Only the supervisors may file a complaint."


def test_an_anonymous_complaint_is_refused_when_the_charter_does_not_allow_it():
    named_only = replace(RULES, anonymous=False)

    def file(anonymous: bool):
        return file_complaint(
            complaint_id="c-1",
            category=ComplaintCategory.CONDUCT,
            by=FILER,
            anonymous=anonymous,
            rules=named_only,
            now=FILED_AT,
        )

    with pytest.raises(AnonymityNotAllowed, match="does not allow anonymous complaints"):
        file(anonymous=True)
    assert not file(anonymous=False).anonymous


def test_a_naive_time_is_a_bug_not_a_refusal():
    with pytest.raises(ValueError, match="time-zone-aware"):
        acknowledge(filed(), by=OPERATOR, now=datetime(2027, 3, 1, 10))  # noqa: DTZ001


def test_the_operator_acknowledges_a_filed_complaint_on_time():
    complaint = acknowledge(filed(), by=OPERATOR, now=ACKNOWLEDGE_BY)

    assert complaint.status is ComplaintStatus.ACKNOWLEDGED
    assert complaint.acknowledged_at == ACKNOWLEDGE_BY
    assert not complaint.acknowledged_late


def test_a_late_acknowledgement_is_accepted_and_stays_on_record_as_late():
    complaint = acknowledge(filed(), by=OPERATOR, now=ACKNOWLEDGE_BY + timedelta(seconds=1))

    assert complaint.status is ComplaintStatus.ACKNOWLEDGED
    assert complaint.acknowledged_late


def test_the_operator_answers_and_the_answer_joins_the_content():
    complaint, content = answer(
        acknowledged(), CONTENT, by=OPERATOR, text="They fall in Q1.", now=RESPOND_BY
    )

    assert complaint.status is ComplaintStatus.ANSWERED
    assert complaint.answered_at == RESPOND_BY
    assert complaint.acknowledged_at == FILED_AT + HOUR  # the acknowledgement keeps its time
    assert not complaint.answered_late
    assert content.responses == (Response(Role.OPERATOR, "They fall in Q1.", RESPOND_BY),)
    assert CONTENT.responses == ()  # values, never mutated


def test_an_answer_to_a_filed_complaint_acknowledges_it_at_the_same_time():
    now = FILED_AT + 2 * HOUR
    complaint, _ = answer(filed(), CONTENT, by=OPERATOR, text="Answered.", now=now)

    assert complaint.status is ComplaintStatus.ANSWERED
    assert complaint.acknowledged_at == now == complaint.answered_at


def test_a_late_answer_is_accepted_and_stays_on_record_as_late():
    later = RESPOND_BY + HOUR
    complaint, _ = answer(acknowledged(), CONTENT, by=OPERATOR, text="Sorry.", now=later)

    assert complaint.answered_late


@pytest.mark.parametrize("blank", ["", "   \n"])
def test_an_answer_or_a_rejection_needs_words(blank):
    with pytest.raises(PayloadInvalid, match="response: must not be empty"):
        answer(acknowledged(), CONTENT, by=OPERATOR, text=blank, now=FILED_AT + HOUR)
    with pytest.raises(PayloadInvalid, match="response: must not be empty"):
        reject(answered(), CONTENT, by=FILER, reason=blank, now=FILED_AT + 5 * HOUR)


def test_the_supervisors_accept_an_answer_and_the_complaint_closes():
    complaint = accept(answered(), by=OTHER_SUPERVISOR, now=FILED_AT + 5 * HOUR)

    assert complaint.status is ComplaintStatus.CLOSED
    assert complaint.closed_at == FILED_AT + 5 * HOUR
    assert not complaint.is_open


def test_the_supervisors_reject_an_answer_with_reasons_kept_in_the_content():
    now = FILED_AT + 5 * HOUR
    complaint, content = reject(
        answered(), CONTENT, by=FILER, reason="December signatures.", now=now
    )

    assert complaint.status is ComplaintStatus.ESCALATED
    assert complaint.escalated_at == now
    assert complaint.escalation_reason is EscalationReason.ANSWER_REJECTED
    assert content.responses[-1] == Response(Role.SUPERVISORS, "December signatures.", now)


def test_a_supervisor_turns_an_escalated_complaint_into_a_motion_once():
    complaint = to_motion(escalated(), by=FILER, motion_id="m-7")

    assert complaint.motion_id == "m-7"
    assert complaint.status is ComplaintStatus.ESCALATED
    with pytest.raises(ComplaintAlreadyMotion) as refused:
        to_motion(complaint, by=OTHER_SUPERVISOR, motion_id="m-8")
    assert str(refused.value) == "Complaint c-1 already became motion m-7."


@pytest.mark.parametrize(
    ("action", "status"),
    [(a, s) for a in ComplaintAction for s in ComplaintStatus if s not in ALLOWED_FROM[a]],
)
def test_each_step_is_refused_from_a_status_it_does_not_follow(action, status):
    with pytest.raises(ComplaintWrongStatus) as refused:
        perform(action, BY_STATUS[status](), ACTOR[action])
    assert refused.value.status == status.value
    assert str(refused.value).startswith(f"Complaint c-1 is {status.value}; it can be ")


@pytest.mark.parametrize(
    ("action", "status"),
    [(a, s) for a in ComplaintAction for s in ComplaintStatus if s in ALLOWED_FROM[a]],
)
def test_each_step_is_accepted_from_the_statuses_it_follows(action, status):
    before = BY_STATUS[status]()
    after = perform(action, before, ACTOR[action])
    assert after != before


def test_a_wrong_status_reads_as_a_sentence():
    with pytest.raises(ComplaintWrongStatus) as refused:
        acknowledge(answered(), by=OPERATOR, now=FILED_AT + 5 * HOUR)
    assert (
        str(refused.value) == "Complaint c-1 is answered; it can be acknowledged only while filed."
    )


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (ComplaintAction.ACKNOWLEDGE, "Only the operator may acknowledge a complaint."),
        (ComplaintAction.ANSWER, "Only the operator may answer a complaint."),
        (ComplaintAction.ACCEPT, "Only the supervisors may accept an answer."),
        (ComplaintAction.REJECT, "Only the supervisors may reject an answer."),
        (ComplaintAction.TO_MOTION, "Only the supervisors may turn a complaint into a motion."),
    ],
)
def test_the_wrong_role_is_refused_before_the_status_is_looked_at(action, message):
    wrong = OPERATOR if ACTOR[action] is not OPERATOR else FILER
    for status in ComplaintStatus:
        with pytest.raises(NotAuthorised) as refused:
            perform(action, BY_STATUS[status](), wrong)
        assert str(refused.value) == message


def test_a_user_holding_both_roles_cannot_judge_the_operators_answer():
    with pytest.raises(NotAuthorised):
        accept(answered(), by=DUAL, now=FILED_AT + 5 * HOUR)
    assert acknowledge(filed(), by=DUAL, now=FILED_AT + HOUR).acknowledged_at is not None


def test_content_needs_a_title_a_concern_and_http_links():
    with pytest.raises(PayloadInvalid, match="title: must not be empty"):
        ComplaintContent(title=" ", concern="x")
    with pytest.raises(PayloadInvalid, match="concern: must not be empty"):
        ComplaintContent(title="x", concern="")
    with pytest.raises(PayloadInvalid, match="evidence: link 2 is not an http"):
        ComplaintContent("x", "y", evidence=("https://a.example/1", "javascript:alert(1)"))


def test_content_keeps_its_text_out_of_reprs():
    _, content = answer(filed(), CONTENT, by=OPERATOR, text="SECRET-ANSWER", now=FILED_AT)

    assert "Royalty" not in repr(content)
    assert "SECRET-ANSWER" not in repr(content) + repr(content.responses)
