"""Follow-up actions added from the minutes, through signed HTTP on SQLite and PostgreSQL: the
operator's *Add a follow-up action* on the draft's post opens the form for that meeting, a field
that does not fit is answered on its field, the action is stored linked to the meeting and on
the audit chain, ``/pool actions`` and the exported minutes list it; anyone else is refused, and
so is everyone once the minutes are approved."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.sandbox import payloads
from governance.actions import ActionSource
from governance.services import actions as service
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import ephemerals_to, eventually, pool_says, text_of
from tests.e2e.meeting_flows import ASSEMBLY, wait_for_post
from tests.e2e.pool import ACME, GAMMA, OPERATOR
from tests.e2e.pseudo import plain_file
from tests.e2e.test_minutes_flow import (
    KEY,
    NEXT,
    STARTS,
    Tables,
    export,
    meeting,
    record,
    replied,
    verify,
)

__all__ = ["meeting"]  # the fixture, shared with the minutes' own flow

FORM = "minutes_action"
TODO = "Circulate the adopted budget to the licensees."


def forms(h: Harness) -> list[dict[str, object]]:
    return [v.view for v in h.fake.views_opened() if v.callback_id == FORM]


def open_form(h: Harness, user: str, draft_ts: str) -> None:
    h.slack.click(user, "minutes_add_action", KEY, message_ts=draft_ts, channel=ASSEMBLY)


def fields(
    todo: str = TODO, owner: str = "supervisors", due: str = "2027-02-01", person: str | None = None
) -> dict[str, dict[str, object]]:
    return {
        "action_description": {"value": todo},
        "action_owner": {"value": payloads.static_select(owner)},
        "action_person": {"value": payloads.users_select(person)},
        "action_due": {"value": payloads.datepicker(due)},
    }


def field_errors(h: Harness, values: dict[str, dict[str, object]]) -> dict[str, str]:
    answer = h.slack.submit_view(OPERATOR, FORM, values)
    assert answer.status == 200
    errors: dict[str, str] = answer.json()["errors"]
    return errors


def action_entries(h: Harness) -> list[dict[str, object]]:
    with h.bot.storage.reader() as uow:
        bodies = uow.session.execute(text("SELECT body FROM audit_entries ORDER BY seq")).scalars()
        entries = [json.loads(b) for b in bodies]
    return [e for e in entries if e.get("kind") == "action_created"]


def test_the_operator_adds_a_follow_up_action_from_the_minutes_and_the_export_lists_it(
    meeting: Harness, tmp_path: Path
) -> None:
    h = meeting
    clock = clock_of(h)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    assert record(h, "Adopted the 2027 budget.") == 200
    draft = wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    assert "minutes_add_action" in text_of(draft)

    open_form(h, GAMMA, draft.ts)
    eventually(lambda: replied(h, "Only the operator may add follow-up actions from the minutes"))
    assert forms(h) == []

    open_form(h, OPERATOR, draft.ts)
    (form,) = eventually(lambda: forms(h))
    assert json.loads(str(form["private_metadata"])) == {"key": KEY, "channel": ASSEMBLY}
    shown = json.dumps(form["blocks"])
    assert "from the minutes of *General Assembly*" in shown
    assert KEY in shown
    due = next(b for b in form["blocks"] if b.get("block_id") == "action_due")
    assert due["element"]["initial_date"] == "2027-02-03"  # 30 days on, in the pool's zone

    assert set(field_errors(h, fields(todo="  "))) == {"action_description"}
    assert set(field_errors(h, fields(due="2027-01-04"))) == {"action_due"}
    assert set(field_errors(h, fields(owner="person"))) == {"action_person"}
    assert service.all_actions(h.bot.storage.reader()) == []

    answer = h.slack.submit_view(OPERATOR, FORM, fields(owner="person", person=ACME))
    assert answer.status == 200
    assert "errors" not in answer.text
    told = eventually(lambda: [e for e in ephemerals_to(h, OPERATOR) if "*A1* added" in e])
    assert f"the minutes of `{KEY}`" in told[0]

    (action,) = service.all_actions(h.bot.storage.reader())
    assert action.source is ActionSource.MINUTES
    assert action.occurrence_key == KEY
    assert action.motion_id is None
    assert action.owner == ACME
    assert action.created_by == OPERATOR
    assert action.description == TODO
    assert action.due_at == datetime(2027, 1, 31, 16, 0, tzinfo=UTC)  # 2027-02-01 in Shanghai
    (entry,) = action_entries(h)
    assert entry["data"]["occurrence_key"] == KEY  # type: ignore[index]
    assert entry["data"]["source"] == "minutes"  # type: ignore[index]
    status, output = verify(h)
    assert status == 0, output

    listed = pool_says(h, GAMMA, "actions")
    assert "*A1*" in listed
    assert TODO in listed
    assert f"the minutes of `{KEY}`" in listed

    status, output = export(h, tmp_path / "out")
    assert status == 0, output
    page = Tables()
    page.feed(plain_file(Path(output.split()[1])))
    assert page.tables["actions"] == [
        ["Action", "Motion", "Owner", "Due", "State"],
        [f"A1 {TODO}", "", ACME, "2027-01-31T16:00:00+00:00", "not yet done"],
    ]
    markdown = plain_file(Path(output.split()[0]))
    assert f"- A1 {TODO} ({ACME}; 2027-01-31T16:00:00+00:00; not yet done)" in markdown


def test_approved_minutes_take_no_more_follow_up_actions(meeting: Harness) -> None:
    h = meeting
    clock = clock_of(h)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    assert record(h, "Adopted the 2027 budget.") == 200
    draft = wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    open_form(h, OPERATOR, draft.ts)
    eventually(lambda: forms(h))

    clock.set(datetime(2027, 1, 11, 2, 1, tzinfo=UTC))  # the next meeting is sitting
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes approve {KEY} {NEXT}")
    wait_for_post(h.fake, ASSEMBLY, "Approved minutes of General Assembly")

    errors = field_errors(h, fields(due="2027-03-01"))  # the form opened before the approval
    assert "approved and locked" in errors["action_description"]
    assert "/action add" in errors["action_description"]
    open_form(h, OPERATOR, draft.ts)
    eventually(lambda: replied(h, "they take no more follow-up actions"))
    assert len(forms(h)) == 1
    assert service.all_actions(h.bot.storage.reader()) == []
    assert action_entries(h) == []


def test_the_minutes_form_goes_on_to_the_action_form_when_asked(meeting: Harness) -> None:
    h = meeting
    clock_of(h).set(STARTS + timedelta(hours=2, minutes=1))
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes record {KEY}")
    (minutes_form,) = eventually(
        lambda: [v for v in h.fake.views_opened() if v.callback_id == "meeting_minutes"]
    )
    assert "Then add a follow-up action" in json.dumps(minutes_form.view["blocks"])
    answer = h.slack.submit_view(
        OPERATOR,
        "meeting_minutes",
        {
            "minutes": {"value": "Adopted the 2027 budget."},
            "then_action": {"value": payloads.checkboxes(["yes"])},
        },
    )
    assert answer.status == 200
    wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    (form,) = eventually(lambda: forms(h))
    assert json.loads(str(form["private_metadata"])) == {"key": KEY, "channel": ASSEMBLY}
    assert h.slack.submit_view(OPERATOR, FORM, fields(owner="operator")).status == 200
    (action,) = eventually(lambda: service.all_actions(h.bot.storage.reader()))
    assert (action.source, action.occurrence_key, action.owner) == (
        ActionSource.MINUTES,
        KEY,
        "operator",
    )
