"""The charter's deadlines with a controllable clock: reminders before, escalation after, once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.complaints import (
    Complaint,
    ComplaintStatus,
    Deadline,
    EscalationReason,
    acknowledge,
    deadline_reminders_due,
    escalate_overdue,
    next_deadline,
    reminder_key,
)
from tests.unit.complaints.cast import (
    ACKNOWLEDGE_BY,
    FILED_AT,
    HOUR,
    OPERATOR,
    RESPOND_BY,
    acknowledged,
    answered,
    closed,
    escalated,
    filed,
)

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


def test_nothing_is_overdue_up_to_and_at_the_deadline():
    assert escalate_overdue(filed(), ACKNOWLEDGE_BY - HOUR) is None
    assert escalate_overdue(filed(), ACKNOWLEDGE_BY) is None


def test_a_missed_acknowledgement_escalates_the_complaint():
    complaint = escalate_overdue(filed(), ACKNOWLEDGE_BY + SECOND)

    assert complaint is not None
    assert complaint.status is ComplaintStatus.ESCALATED
    assert complaint.escalation_reason is EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED
    assert complaint.escalated_at == ACKNOWLEDGE_BY + SECOND


def test_a_missed_answer_escalates_an_acknowledged_complaint():
    assert escalate_overdue(acknowledged(), ACKNOWLEDGE_BY + DAY) is None
    complaint = escalate_overdue(acknowledged(), RESPOND_BY + SECOND)

    assert complaint is not None
    assert complaint.escalation_reason is EscalationReason.RESPOND_DEADLINE_MISSED


def test_a_complaint_never_acknowledged_escalates_for_the_first_deadline_it_missed():
    complaint = escalate_overdue(filed(), RESPOND_BY + DAY)

    assert complaint is not None
    assert complaint.escalation_reason is EscalationReason.ACKNOWLEDGE_DEADLINE_MISSED


def test_a_late_acknowledgement_before_the_sweep_leaves_only_the_answer_deadline():
    late = acknowledge(filed(), by=OPERATOR, now=ACKNOWLEDGE_BY + MINUTE)

    assert late.acknowledged_late
    assert escalate_overdue(late, ACKNOWLEDGE_BY + 2 * MINUTE) is None


@pytest.mark.parametrize("settled", [answered, closed, escalated])
def test_nothing_is_escalated_once_the_operator_answered_or_it_is_settled(settled):
    assert escalate_overdue(settled(), RESPOND_BY + DAY) is None


def sweep(complaint: Complaint, every: timedelta, until: timedelta) -> list[Complaint]:
    """Run the deadline sweep from filing on, storing each change as the database would."""
    changes = []
    now = FILED_AT
    while now <= FILED_AT + until:
        changed = escalate_overdue(complaint, now)
        if changed is not None:
            complaint = changed  # the row now says escalated, across any restart
            changes.append(changed)
        now += every
    return changes


def test_a_sweep_every_minute_escalates_exactly_once():
    changes = sweep(filed(), MINUTE, until=timedelta(days=20))

    assert len(changes) == 1
    assert changes[0].escalated_at == ACKNOWLEDGE_BY + MINUTE


def test_a_restart_after_the_escalation_escalates_nothing_more():
    stored = escalate_overdue(filed(), ACKNOWLEDGE_BY + DAY)  # before the restart
    assert stored is not None

    assert sweep(stored, HOUR, until=timedelta(days=30)) == []


def test_the_next_deadline_follows_the_status():
    assert next_deadline(filed()) == ACKNOWLEDGE_BY
    assert next_deadline(acknowledged()) == RESPOND_BY
    assert next_deadline(answered()) is None


def remind(complaint: Complaint, now, sent=(), offsets=(DAY,)):
    return deadline_reminders_due(complaint, offsets, now, set(sent))


def test_a_reminder_falls_due_a_day_before_the_acknowledgement_deadline():
    assert remind(filed(), ACKNOWLEDGE_BY - DAY - SECOND) == ()
    (reminder,) = remind(filed(), ACKNOWLEDGE_BY - DAY)

    assert reminder.deadline is Deadline.ACKNOWLEDGE_BY
    assert reminder.deadline_at == ACKNOWLEDGE_BY
    assert reminder.due_at == ACKNOWLEDGE_BY - DAY
    assert reminder.key == "complaint/c-1/acknowledge_by/86400s"
    assert reminder.key == reminder_key("c-1", Deadline.ACKNOWLEDGE_BY, DAY)
    assert remind(filed(), ACKNOWLEDGE_BY - HOUR, sent=[reminder.key]) == ()


def test_the_answer_deadline_is_reminded_while_it_is_pending():
    (reminder,) = remind(acknowledged(), RESPOND_BY - DAY)

    assert reminder.deadline is Deadline.RESPOND_BY
    assert remind(answered(), RESPOND_BY - DAY) == ()
    assert remind(escalated(), RESPOND_BY - DAY) == ()


def test_no_reminder_once_the_deadline_has_come():
    assert remind(filed(), ACKNOWLEDGE_BY) == ()


def test_after_downtime_only_the_most_urgent_reminder_of_a_deadline_is_sent():
    offsets = (DAY, 2 * HOUR)
    (reminder,) = remind(filed(), ACKNOWLEDGE_BY - HOUR, offsets=offsets)

    assert reminder.before == 2 * HOUR
    assert remind(filed(), ACKNOWLEDGE_BY - HOUR, sent=[reminder.key], offsets=offsets) == ()


def test_a_reminder_that_would_precede_the_filing_is_never_sent():
    assert remind(filed(), ACKNOWLEDGE_BY - HOUR, offsets=(timedelta(days=5),)) == ()


def test_reminder_offsets_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        remind(filed(), FILED_AT, offsets=(timedelta(0),))


def test_a_clock_running_through_the_whole_life_sends_each_reminder_exactly_once():
    offsets = (DAY, 2 * HOUR)
    complaint = filed()
    sent: dict[str, object] = {}
    now = FILED_AT
    while now <= RESPOND_BY + DAY:
        if now == FILED_AT + 2 * DAY + 23 * HOUR:  # acknowledged an hour before the deadline
            complaint = acknowledge(complaint, by=OPERATOR, now=now)
        for reminder in deadline_reminders_due(complaint, offsets, now, sent.keys()):
            assert reminder.key not in sent
            sent[reminder.key] = now
        complaint = escalate_overdue(complaint, now) or complaint
        now += 10 * MINUTE

    assert sent == {
        "complaint/c-1/acknowledge_by/86400s": ACKNOWLEDGE_BY - DAY,
        "complaint/c-1/acknowledge_by/7200s": ACKNOWLEDGE_BY - 2 * HOUR,
        "complaint/c-1/respond_by/86400s": RESPOND_BY - DAY,
        "complaint/c-1/respond_by/7200s": RESPOND_BY - 2 * HOUR,
    }
    assert complaint.escalation_reason is EscalationReason.RESPOND_DEADLINE_MISSED
