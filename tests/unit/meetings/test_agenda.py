"""The agenda: open until ``agenda_closes`` before the start (exclusive), then frozen; it opens with
the competition-law notice and lists complaints by id, category and status only."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from governance.charter import DEFAULT_COMPETITION_NOTICE
from governance.errors import AgendaClosed, AgendaItemInvalid, MeetingError
from governance.meetings import (
    MAX_ITEM_LENGTH,
    Agenda,
    AgendaItem,
    OpenComplaint,
    OpenMotion,
    agenda_closes_at,
    freeze,
    propose_item,
    with_open_business,
)
from tests.unit.meetings.meetings import BERLIN, assembly

START = datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)
KEY = "general-assembly@2027-04-06T10:00"
CLOSES = agenda_closes_at(START, assembly(BERLIN))
TICK = timedelta(microseconds=1)


def empty() -> Agenda:
    return Agenda(KEY, DEFAULT_COMPETITION_NOTICE)


def item(text: str = "Royalty audit of licensee X: status", member: str = "acme") -> AgendaItem:
    return AgendaItem(member, text, CLOSES - timedelta(days=1), f"U0{member.upper()}1")


def test_the_agenda_closes_two_days_before_the_start_in_utc():
    assert datetime(2027, 4, 4, 8, 0, tzinfo=UTC) == CLOSES
    assert CLOSES.tzinfo is UTC


def test_the_agenda_closes_48_hours_before_even_across_a_dst_change():
    after_spring_forward = datetime(2027, 3, 29, 10, 0, tzinfo=BERLIN)  # Monday, CEST
    closes = agenda_closes_at(after_spring_forward, assembly(BERLIN))
    assert after_spring_forward - closes == timedelta(hours=48)
    assert closes.astimezone(BERLIN).hour == 9  # 48 hours back is 09:00 CET on the Saturday


def test_an_item_just_before_the_deadline_is_accepted_trimmed_in_order():
    agenda = propose_item(empty(), item("  First  "), CLOSES - timedelta(days=1), CLOSES)
    agenda = propose_item(agenda, item("Second", "beta"), CLOSES - TICK, CLOSES)
    assert [(i.member_id, i.text) for i in agenda.items] == [("acme", "First"), ("beta", "Second")]
    assert agenda.competition_notice == DEFAULT_COMPETITION_NOTICE
    assert not agenda.frozen


@pytest.mark.parametrize("late", [timedelta(0), TICK, timedelta(days=3)])
def test_an_item_at_or_after_the_deadline_is_refused(late):
    with pytest.raises(AgendaClosed) as refused:
        propose_item(empty(), item(), CLOSES + late, CLOSES)
    assert (refused.value.occurrence_key, refused.value.closes_at) == (KEY, CLOSES)
    assert isinstance(refused.value, MeetingError)
    assert str(refused.value) == (
        "The agenda of general-assembly@2027-04-06T10:00 closed at 2027-04-04T08:00:00+00:00; "
        "raise the item under any other business or at the next meeting."
    )


def test_a_frozen_agenda_refuses_items_even_before_its_deadline():
    frozen = freeze(empty(), CLOSES - timedelta(hours=1))
    with pytest.raises(AgendaClosed):
        propose_item(frozen, item(), CLOSES - timedelta(minutes=30), CLOSES)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_item_is_refused(text):
    with pytest.raises(AgendaItemInvalid) as refused:
        propose_item(empty(), item(text), CLOSES - timedelta(days=1), CLOSES)
    assert str(refused.value) == "That agenda item cannot be added: it has no text."


def test_an_item_over_the_length_limit_is_refused_and_one_at_the_limit_is_not():
    at_limit = propose_item(empty(), item("x" * MAX_ITEM_LENGTH), CLOSES - TICK, CLOSES)
    assert len(at_limit.items[0].text) == MAX_ITEM_LENGTH
    with pytest.raises(AgendaItemInvalid, match=f"more than {MAX_ITEM_LENGTH}"):
        propose_item(empty(), item("x" * (MAX_ITEM_LENGTH + 1)), CLOSES - TICK, CLOSES)


def test_freezing_records_when_and_freezing_again_changes_nothing():
    frozen = freeze(empty(), CLOSES)
    assert frozen.frozen
    assert frozen.frozen_at == CLOSES
    assert freeze(frozen, CLOSES + timedelta(hours=1)) is frozen


def test_open_business_is_listed_sorted_and_a_frozen_agenda_keeps_what_it_listed():
    motions = [
        OpenMotion("m-2", "fee_change", "Lower the per-unit fee", CLOSES + timedelta(days=3)),
        OpenMotion("m-1", "admission", "Admit Delta", CLOSES + timedelta(days=1)),
    ]
    complaints = [OpenComplaint("c-9", "fee_calculation", "acknowledged")]
    agenda = with_open_business(empty(), motions, complaints)
    assert [m.id for m in agenda.open_motions] == ["m-1", "m-2"]
    assert agenda.open_complaints == (OpenComplaint("c-9", "fee_calculation", "acknowledged"),)
    frozen = freeze(agenda, CLOSES)
    assert with_open_business(frozen, [], []) is frozen


def test_an_open_complaint_on_the_agenda_can_hold_nothing_but_id_category_and_status():
    assert [f.name for f in dataclasses.fields(OpenComplaint)] == ["id", "category", "status"]
