"""Who may do what with complaints, over signed HTTP: every command, button and modal, for an
outsider, a member's representative, a supervisor and the operator, on an anonymous and a named
complaint. A refusal writes nothing and shows no content; the operator never learns an anonymous
filer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import FakeSlack
from tests.e2e.complaint_flows import (
    MovableClock,
    complaints,
    file_complaint,
    motion_notices,
    new_key,
    put_to_motion,
    running,
    show,
    status_of,
    submit_step,
    view_text,
)
from tests.e2e.conftest import Harness
from tests.e2e.flows import eventually
from tests.e2e.pool import ACME, OPERATOR, OUTSIDER, SUPERVISOR

SECRET = "SECRET-matrix-4e21"
EVERYONE = (OUTSIDER, ACME, SUPERVISOR, OPERATOR)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    from bot.sandbox import RateLimits
    from tests.e2e.pool import USERS

    with FakeSlack(users=USERS, rate_limits=RateLimits.unlimited()) as slack:
        yield slack


@pytest.fixture
def h(fake: FakeSlack, tmp_path: Path) -> Iterator[Harness]:
    yield from running(
        fake, f"sqlite:///{tmp_path / 'poolgov.db'}", tmp_path, MovableClock(), new_key()
    )


def head(h: Harness) -> int:
    with h.bot.storage.reader() as uow:
        return uow.audit.head().seq


def replies_to(h: Harness, user: str) -> int:
    return len(h.fake.ephemerals(user)) + len(h.fake.dms_to(user))


def refused(h: Harness, user: str, attempt: Callable[[], Any]) -> None:
    """``attempt`` by ``user`` is refused with a reply or field errors, and writes nothing."""
    seq, replies, views = head(h), replies_to(h, user), len(h.fake.views_opened())
    answer = attempt()
    assert answer.status == 200
    if answer.text.strip():
        assert answer.json()["response_action"] == "errors"
    else:
        eventually(lambda: replies_to(h, user) > replies)
    assert head(h) == seq
    assert len(h.fake.views_opened()) == views
    assert SECRET not in json.dumps([c.params for c in h.fake.calls()][-3:])


def command(h: Harness, user: str, text: str) -> Callable[[], Any]:
    return partial(h.slack.slash_command, user, "/complaint", text)


def listings(h: Harness, user: str) -> list[Any]:
    return [e for e in h.fake.ephemerals(user) if "Complaint *" in json.dumps(e.blocks)]


def has_status(h: Harness, complaint_id: str, status: str) -> bool:
    return status_of(h, complaint_id) == status


def click(h: Harness, user: str, action_id: str, cid: str) -> Callable[[], Any]:
    return lambda: h.slack.click(user, action_id, cid)


def submit(h: Harness, user: str, callback: str, cid: str, **fields: str) -> Callable[[], Any]:
    values = {block: {"value": value} for block, value in fields.items()}
    return lambda: h.slack.submit_view(user, callback, values, private_metadata=cid)


def others(*allowed: str) -> list[str]:
    return [user for user in EVERYONE if user not in allowed]


def test_only_supervisors_file_and_only_they_and_the_operator_see_complaints(h: Harness) -> None:
    for user in others(SUPERVISOR):
        refused(h, user, command(h, user, ""))
        fields = {"title": SECRET, "concern": SECRET}
        refused(h, user, submit(h, user, "complaint_file", "", **fields))
    assert complaints(h) == []
    named = file_complaint(h, SUPERVISOR, f"Named {SECRET}", SECRET)
    anonymous = file_complaint(h, SUPERVISOR, f"Anonymous {SECRET}", SECRET, anonymous=True)

    for user in others(SUPERVISOR, OPERATOR):
        refused(h, user, command(h, user, "list"))
        for complaint in (named, anonymous):
            cid = complaint.id
            refused(h, user, command(h, user, f"show {cid}"))
            refused(h, user, click(h, user, "complaint_show", cid))
    assert all(SECRET not in e.text for e in h.fake.ephemerals())

    for user in (SUPERVISOR, OPERATOR):
        h.slack.slash_command(user, "/complaint", "list")
        listing = eventually(partial(listings, h, user))
        assert SECRET not in json.dumps(listing[-1].blocks)
        assert SUPERVISOR not in json.dumps(listing[-1].blocks)
    assert f"<@{SUPERVISOR}>" in view_text(show(h, OPERATOR, named.id))
    assert SUPERVISOR not in view_text(show(h, OPERATOR, anonymous.id))
    assert f"<@{SUPERVISOR}>" in view_text(show(h, SUPERVISOR, anonymous.id))
    assert SECRET in view_text(show(h, OPERATOR, anonymous.id))

    for user in EVERYONE:  # the App Home lists open complaints for supervisors and the operator
        h.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
        home = eventually(partial(h.fake.home_view, user))
        listed = f"Complaint *{named.id}*" in json.dumps(home)
        assert listed is (user in (SUPERVISOR, OPERATOR))
        assert SECRET not in json.dumps(home)
        assert SUPERVISOR not in json.dumps(home)


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
def test_each_step_is_refused_to_every_other_role(h: Harness, anonymous: bool) -> None:
    cid = file_complaint(h, SUPERVISOR, SECRET, SECRET, anonymous=anonymous).id
    second = file_complaint(h, SUPERVISOR, SECRET, SECRET, anonymous=anonymous).id

    for user in others(OPERATOR):
        refused(h, user, click(h, user, "complaint_acknowledge", cid))
        refused(h, user, click(h, user, "complaint_answer_open", cid))
        refused(h, user, submit(h, user, "complaint_answer", cid, text="No."))
    for user in EVERYONE:  # nothing to accept, reject or put to a vote yet
        for action in ("complaint_accept", "complaint_reject_open", "complaint_motion_open"):
            refused(h, user, click(h, user, action, cid))
    h.slack.click(OPERATOR, "complaint_acknowledge", cid)
    eventually(lambda: status_of(h, cid) == "acknowledged")
    refused(h, OPERATOR, click(h, OPERATOR, "complaint_acknowledge", cid))  # not twice

    for c in (cid, second):
        h.slack.click(OPERATOR, "complaint_answer_open", c)
        eventually(lambda: h.fake.views_opened() and True)
        answer = submit(h, OPERATOR, "complaint_answer", c, text="Our answer.")()
        assert answer.status == 200
        eventually(partial(has_status, h, c, "answered"))

    for user in others(SUPERVISOR):
        refused(h, user, click(h, user, "complaint_accept", cid))
        refused(h, user, click(h, user, "complaint_reject_open", cid))
        refused(h, user, submit(h, user, "complaint_reject", cid, text="No."))
    h.slack.click(SUPERVISOR, "complaint_accept", second)
    eventually(lambda: status_of(h, second) == "closed")
    submit(h, SUPERVISOR, "complaint_reject", cid, text="Not enough.")()
    eventually(lambda: status_of(h, cid) == "escalated")

    for user in others(SUPERVISOR):
        refused(h, user, click(h, user, "complaint_motion_open", cid))
        refused(h, user, submit(h, user, "complaint_motion", cid, title="T", text="R."))
    h.slack.click(SUPERVISOR, "complaint_motion_open", cid)
    seen = len(motion_notices(h, cid))  # the module's Slack holds the other case's notice
    assert submit_step(h, SUPERVISOR, "complaint_motion", title="T", text="R.").status == 200
    eventually(lambda: next(c for c in complaints(h) if c.id == cid).motion_id)
    put_to_motion(h, SUPERVISOR, cid, seen)  # the motion is shown by then (motion_shown)
    refused(h, SUPERVISOR, submit(h, SUPERVISOR, "complaint_motion", cid, title="T", text="R."))
