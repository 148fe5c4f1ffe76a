"""Minutes through signed HTTP with a clock set by hand: drafted and posted for review, one
correction accepted and one declined, listed on the next meeting's agenda, approved there and
locked; re-recording them is refused."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot import minutes_export
from bot.cli.app import app
from bot.minutes_export import ActionLine
from bot.sandbox import FakeSlack
from tests.e2e.clocks import HandClock
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import (
    closed,
    ephemerals_to,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote,
)
from tests.e2e.meeting_flows import (
    ASSEMBLY,
    meetings_yaml,
    post_calls,
    posted,
    running_with_meetings,
    wait_for_post,
)
from tests.e2e.pool import ACME, BETA, GAMMA, OPERATOR

KEY = "assembly@2027-01-04T10:00"
NEXT = "assembly@2027-01-11T10:00"
STARTS = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def meeting(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    clock = HandClock(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    fees = (
        'fees:\n  - {product_category: decoders, royalty: "US$0.20", effective_date: 2027-01-01}\n'
    )
    yaml = meetings_yaml("2027-01-04T10:00", reminders="[]", extra=fees)
    yield from running_with_meetings(fake_slack, any_url, tmp_path, yaml, clock)


def verify(h: Harness) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["audit", "verify", "--database-url", h.settings.database_url],
        env={"POOLGOV_AUDIT_KEY": "e2e-audit-key"},
        catch_exceptions=False,
    )
    return result.exit_code, result.output


class Tables(HTMLParser):
    """Each table's rows (by the table's class) and each paragraph's text (by its class)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.paragraphs: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._p: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "table":
            self._table = cls
            self.tables[cls] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._p = cls
            self.paragraphs[cls] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "p":
            self._p = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._p is not None:
            self.paragraphs[self._p] += data


def export(h: Harness, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["export", "minutes", KEY, "-o", str(out), "--database-url", h.settings.database_url],
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def voted(h: Harness, user: str) -> None:
    eventually(lambda: [e for e in ephemerals_to(h, user) if "recorded" in e])


def replies(h: Harness) -> list[str]:
    return [str(c.params) for c in h.fake.calls("response_url")]


def replied(h: Harness, needle: str) -> bool:
    return any(needle in r for r in replies(h))


def record(h: Harness, text: str) -> int:
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes record {KEY}")
    eventually(lambda: any(v.callback_id == "meeting_minutes" for v in h.fake.views_opened()))
    return h.slack.submit_view(OPERATOR, "meeting_minutes", {"minutes": {"value": text}}).status


def propose(h: Harness, user: str, draft_ts: str, text: str) -> None:
    opened = len([v for v in h.fake.views_opened() if v.callback_id == "minutes_correction"])
    h.slack.click(user, "minutes_propose_correction", KEY, message_ts=draft_ts, channel=ASSEMBLY)
    eventually(
        lambda: (
            len([v for v in h.fake.views_opened() if v.callback_id == "minutes_correction"])
            > opened
        )
    )
    answer = h.slack.submit_view(user, "minutes_correction", {"correction": {"value": text}})
    assert answer.status == 200


def test_minutes_reviewed_corrected_approved_at_the_next_meeting_and_locked(
    meeting: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = meeting
    clock = clock_of(h)
    budget = open_motion(h, "general", {"title": "Budget 2027", "text": "Resolved."}, period="75h")
    for user in (ACME, BETA):
        assert vote(h, user, budget, "yes").status == 200
        voted(h, user)
    clock.set(STARTS)
    check_in = wait_for_post(h.fake, ASSEMBLY, "has started")
    for user in (ACME, BETA):
        h.slack.click(user, "meeting_check_in", KEY, message_ts=check_in.ts, channel=ASSEMBLY)
    eventually(lambda: "Acme Corp, Beta Ltd" in str(h.fake.message(ASSEMBLY, check_in.ts)))
    clock.set(STARTS + timedelta(minutes=15))
    wait_for_post(h.fake, ASSEMBLY, "Quorum met")
    clock.set(STARTS + timedelta(hours=1, seconds=1))
    closed(h, budget)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    assert record(h, "Adopted the 2027 budget.") == 200
    draft = wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    assert "Adopted the 2027 budget." in text_of(draft)
    assert "minutes_propose_correction" in text_of(draft)
    assert NEXT in text_of(draft)  # the next meeting's agenda lists their approval

    propose(h, ACME, draft.ts, "The budget is for 2028.")
    first = wait_for_post(h.fake, ASSEMBLY, "Correction 1 to the minutes")
    assert "Acme Corp" in text_of(first)
    propose(h, BETA, draft.ts, "Say <!channel> the budget failed.")
    second = wait_for_post(h.fake, ASSEMBLY, "Correction 2 to the minutes")
    assert "<!channel>" not in second.text  # what people type stays escaped

    h.slack.slash_command(GAMMA, "/meeting", "minutes accept 1 Right year.")
    eventually(lambda: replied(h, "Only the operator may decide on corrections"))
    h.slack.slash_command(OPERATOR, "/meeting", "minutes approve " + KEY + " " + NEXT)
    eventually(lambda: replied(h, "are approved by a later meeting once it has started"))

    h.slack.slash_command(OPERATOR, "/meeting", "minutes accept 1 Right year.")
    wait_for_post(
        h.fake, ASSEMBLY, "Correction 1 to the minutes of *General Assembly* is *accepted*"
    )
    assert "minutes_decline_correction" in text_of(second)  # the operator decides from the post
    h.slack.click(GAMMA, "minutes_decline_correction", "2", message_ts=second.ts, channel=ASSEMBLY)
    eventually(lambda: replied(h, "Only the operator may decide on corrections"))
    h.slack.click(
        OPERATOR, "minutes_decline_correction", "2", message_ts=second.ts, channel=ASSEMBLY
    )
    eventually(lambda: any(v.callback_id == "minutes_decision" for v in h.fake.views_opened()))
    empty = h.slack.submit_view(OPERATOR, "minutes_decision", {"reason": {"value": " "}})
    assert "errors" in empty.json()
    answer = h.slack.submit_view(
        OPERATOR, "minutes_decision", {"reason": {"value": "The budget was adopted."}}
    )
    assert answer.status == 200
    wait_for_post(h.fake, ASSEMBLY, "is *declined*: The budget was adopted.")
    h.slack.slash_command(OPERATOR, "/meeting", "minutes decline 2 Again.")
    eventually(lambda: replied(h, "Correction 2 is already decided (declined)."))

    clock.set(STARTS + timedelta(days=7) - timedelta(hours=2))
    agenda = wait_for_post(h.fake, ASSEMBLY, f"Agenda of General Assembly ({NEXT})")
    assert f"Approval of the minutes of General Assembly ({KEY})" in text_of(agenda)

    clock.set(STARTS + timedelta(days=7, minutes=20))
    h.slack.slash_command(OPERATOR, "/meeting", f"minutes approve {KEY}")
    approved = wait_for_post(h.fake, ASSEMBLY, "Approved minutes of General Assembly")
    shown = text_of(approved)
    assert "The budget is for 2028." in shown  # the accepted correction
    assert "the budget failed" not in shown  # the declined one
    assert f"approved by the meeting `{NEXT}`" in shown

    status = record(h, "Something else entirely.")
    assert status == 200
    refused = [c for c in h.fake.calls("views.open") if "minutes" in str(c.params)]
    assert refused  # the modal is not offered again
    eventually(lambda: replied(h, "are approved and locked; a later correction needs a new motion"))

    h.slack.click(ACME, "minutes_propose_correction", KEY, message_ts=draft.ts, channel=ASSEMBLY)
    eventually(lambda: sum("approved and locked" in r for r in replies(h)) >= 2)
    h.slack.slash_command(GAMMA, "/meeting", "minutes")
    eventually(lambda: replied(h, "approved and locked · Corrections: 1 accepted, 1 declined"))

    assert verify(h)[0] == 0  # minutes and corrections replay from the chain
    with h.bot.storage.uow() as uow:
        uow.session.execute(text("UPDATE minutes_corrections SET reason = 'Fine.' WHERE id = 2"))
        uow.session.execute(text("UPDATE minutes_reviews SET text_hash = 'x'"))
        uow.commit()
    status, output = verify(h)
    assert status == 1
    assert "minutes_corrections [correction 2] reason" in output
    assert f"minutes_reviews [minutes {KEY}] text_hash" in output

    h.slack.slash_command(OPERATOR, "/meeting", "minutes accept 1 Fine.")
    eventually(lambda: replied(h, "are approved and locked"))

    motion_id = motion_id_of(budget)
    shown = pool_says(h, GAMMA, f"motion {motion_id}")
    assert "Budget 2027" in shown
    assert "carried" in shown
    assert "yes 70.0%" in shown  # acme 40 + beta 30 of 100 patents
    decisions = pool_says(h, GAMMA, "decisions --kind general")
    assert f"*{motion_id}* Budget 2027" in decisions
    assert "No motion has carried yet" in pool_says(h, GAMMA, "decisions --kind fee_change")
    assert "not a kind of motion" in pool_says(h, GAMMA, "decisions --kind nonsense")
    assert "No distribution rule has been set by motion yet" in pool_says(h, GAMMA, "distribution")
    charter = pool_says(h, GAMMA, "charter")
    for needle in (
        "Charter version* 1",
        "*Operator*",
        "*Supervisors*",
        "minutes reviewed for 1w",
        "*Complaints*",
        "Competition-law notice",
    ):
        assert needle in charter, needle

    assert "*Opening fee* decoders: US$0.20 from 2027-01-01" in charter
    assert "*decoders*: US$0.20 from 2027-01-01" in pool_says(h, GAMMA, "fees")

    status, output = export(h, tmp_path / "out")
    assert status == 0, output
    written = output.split()
    assert [Path(p).suffix for p in written] == [".md", ".html"]
    markdown = Path(written[0]).read_text("utf-8")
    assert "The budget is for 2028." in markdown
    assert "| Budget 2027 |" in markdown
    page = Tables()
    page.feed(Path(written[1]).read_text("utf-8"))
    assert page.tables["attendance"][1:] == [["Acme Corp", "present"], ["Beta Ltd", "present"]]
    assert (
        "present 70.0% of the register's weight against 50.0%; quorum met"
        in (page.paragraphs["quorum"])
    )
    header, row = page.tables["motions"]
    assert dict(zip(header, row, strict=True)) == {
        "Motion": motion_id,
        "Title": "Budget 2027",
        "Kind": "General resolution",
        "Result": "carried",
        "Yes": "70.0%",
        "No": "0.0%",
        "Abstain": "0.0%",
        "Recused": "",
    }
    assert [r[3] for r in page.tables["corrections"][1:]] == ["accepted", "declined"]
    assert page.paragraphs["actions"] == "No follow-up actions."

    def an_action(session: object, key: str, motions: Sequence[str]) -> list[ActionLine]:
        return [
            ActionLine("Publish the budget", "operator", "2027-02-01", "open", m) for m in motions
        ]

    monkeypatch.setattr(minutes_export, "ACTION_READERS", [an_action])
    status, output = export(h, tmp_path / "with-actions")
    assert status == 0, output
    page = Tables()
    page.feed(Path(output.split()[1]).read_text("utf-8"))
    assert page.tables["actions"] == [
        ["Action", "Motion", "Owner", "Due", "State"],
        ["Publish the budget", motion_id, "operator", "2027-02-01", "open"],
    ]
    assert "approved by the meeting" in page.paragraphs["status"]
    assert export(h, tmp_path / "out2")[0] == 0
    result = CliRunner().invoke(
        app,
        [
            "export",
            "minutes",
            "assembly@2030-01-01T10:00",
            "--database-url",
            h.settings.database_url,
        ],
    )
    assert result.exit_code == 2


def test_a_carried_minutes_approval_motion_locks_and_publishes_the_minutes(
    meeting: Harness, tmp_path: Path
) -> None:
    h = meeting
    clock = clock_of(h)
    clock.set(STARTS + timedelta(hours=2, minutes=1))
    assert record(h, "Adopted the 2027 budget.") == 200
    wait_for_post(h.fake, ASSEMBLY, "Draft for review")
    motion = open_motion(
        h, "minutes_approval", {"title": "Approve the minutes", "occurrence_key": KEY}, period="3d"
    )
    assert "Approval of minutes" in text_of(motion)
    for user in (ACME, BETA, GAMMA):
        assert vote(h, user, motion, "yes").status == 200
        voted(h, user)
    clock.set(STARTS + timedelta(days=3, hours=3))
    closed(h, motion)
    approved = wait_for_post(h.fake, ASSEMBLY, "Approved minutes of General Assembly")
    assert f"approved by motion {motion_id_of(motion)}" in text_of(approved)
    # the post is recorded once Slack has answered, a moment after the fake shows it
    assert eventually(lambda: h.bot.runtime.posts.get(f"minutes-approved:{KEY}")) == (
        ASSEMBLY,
        approved.ts,
    )
    with h.bot.storage.uow() as uow:  # as if the publication had never reached Slack
        uow.session.execute(text("DELETE FROM slack_posts WHERE key LIKE 'minutes-approved:%'"))
        uow.commit()
    clock.set(STARTS + timedelta(days=3, hours=3, minutes=5))
    eventually(lambda: len(posted(h.fake, ASSEMBLY, "Approved minutes of General Assembly")) == 2)
    assert eventually(lambda: h.bot.runtime.posts.get(f"minutes-approved:{KEY}"))
    clock.set(STARTS + timedelta(days=3, hours=3, minutes=10))  # published once more, no more
    assert post_calls(h.fake, ASSEMBLY, "Approved minutes of General Assembly") == 2
    assert record(h, "Changed.") == 200
    eventually(lambda: replied(h, "are approved and locked"))
    status, output = verify(h)
    assert status == 0, output
    archive, restored = tmp_path / "archive", f"sqlite:///{tmp_path / 'restored.db'}"
    runner = CliRunner()
    environ = h.settings.storage_environ()
    exported = runner.invoke(
        app,
        ["export", "pool", str(archive), "--database-url", h.settings.database_url],
        env=environ,
    )
    assert exported.exit_code == 0, exported.output
    assert (archive / "tables" / "minutes_reviews.jsonl").read_text("utf-8").count("\n") == 1
    imported = runner.invoke(
        app,
        ["import", "pool", str(archive), "--database-url", restored],
        env={**environ, "POOLGOV_AUDIT_KEY": "e2e-audit-key"},
    )
    assert imported.exit_code == 0, imported.output
    assert "minutes_reviews 1" in imported.output
