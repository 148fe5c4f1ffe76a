"""The operator keeps the register current from Slack, and members declare conflicts of interest,
all through signed HTTP against the stand-in Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from bot.runner import PoolBot
from bot.sandbox import FakeSlack, SlackDriver, payloads
from bot.sandbox.fake_state import OpenedView
from governance.services import queries
from tests.e2e.conftest import SIGNING_SECRET, Harness, settings_for
from tests.e2e.flows import (
    closed,
    current,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote,
    vote_all,
)
from tests.e2e.pool import (
    ACME,
    ACME_DEPUTY,
    BETA,
    DELTA,
    GAMMA,
    GOVERNANCE,
    NEWCO,
    OPERATOR,
    OUTSIDER,
)

BASIS = {
    "basis.patent_quantity_and_value": "420 essential patents",
    "basis.contribution_to_product": "central to playback",
    "basis.industry_margins": "about 12%",
    "basis.lifecycle_stage": "mature",
    "basis.price_sensitivity": "moderate",
    "basis.judicial_precedents": "none",
}
FEE = {
    "title": "Lower the smartphone royalty",
    "product_category": "Smartphones",
    "current_royalty": "US$0.40 per unit",
    "proposed_royalty": "US$0.35 per unit",
    "effective_date": payloads.datepicker("2027-07-01"),
    **BASIS,
}


@pytest.fixture
def declaring_pool(fake_slack: FakeSlack, any_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The e2e pool whose fee changes recuse a member that declared a conflict of interest."""
    settings = settings_for(fake_slack, any_url, tmp_path)
    charter = settings.charter_path
    assert charter is not None
    text = charter.read_text(encoding="utf-8").replace(
        "fee_change: {quorum: 2/3, threshold: 2/3, threshold_rule: at_least}",
        "fee_change: {quorum: 2/3, threshold: 2/3, threshold_rule: at_least, recuse: [declared]}",
    )
    charter.write_text(text, encoding="utf-8")
    with PoolBot(settings) as bot:
        server = bot.start_http(port=0)
        yield Harness(
            fake_slack, bot, SlackDriver(server.url, SIGNING_SECRET, fake_slack), settings
        )


def modal(h: Harness, user: str, callback: str, earlier: set[str]) -> OpenedView:
    def opened() -> list[OpenedView]:
        return [
            v
            for v in h.fake.views_opened()
            if v.id not in earlier and v.callback_id == callback and v.user == user
        ]

    found: list[OpenedView] = eventually(opened)
    return found[-1]


def weights_of(h: Harness, motion_id: str) -> dict[str, Any]:
    motion = queries.get_motion(h.bot.runtime.reader(), motion_id).motion
    return dict(motion.electorate.weights)


def test_the_operator_updates_a_member_and_open_motions_keep_their_weights(
    any_pool: Harness,
) -> None:
    h = any_pool
    first = open_motion(h, "general", {"title": "Adopt the budget", "text": "Resolved."})
    frozen = weights_of(h, motion_id_of(first))
    earlier = {v.id for v in h.fake.views_opened()}

    status, _, _ = h.slack.slash_command(OPERATOR, "/pool", "member acme")
    assert status == 200
    form = modal(h, OPERATOR, "register_member", earlier)
    answer = h.slack.submit_view(
        OPERATOR,
        "register_member",
        {
            "name": {"value": "Acme Corp"},
            "patents": {"value": "60"},
            "contribution": {"value": "0"},
            "representatives": {"value": payloads.multi_users_select([ACME, NEWCO])},
            "reason": {"value": "annual count <!channel>"},
        },
        view_id=form.id,
    )
    assert answer.status == 200, answer.text
    assert not answer.text or "errors" not in answer.json(), answer.text

    def announced() -> list[str]:
        return [text_of(m) for m in h.fake.messages(GOVERNANCE) if "The register changed" in m.text]

    (shown,) = eventually(announced)
    assert "patents in force 40 → 60" in shown
    assert "U0ACME2" in shown
    assert "U0NEWCO1" in shown
    assert "&lt;!channel&gt;" in shown  # the reason is escaped
    assert weights_of(h, motion_id_of(first)) == frozen
    later = open_motion(h, "general", {"title": "Adopt the logo", "text": "Resolved."})
    assert frozen["acme"] == Fraction(2, 5)  # 40 of 100 patents
    assert weights_of(h, motion_id_of(later))["acme"] == Fraction(1, 2)  # 60 of 120
    # the new representative votes for Acme; the one removed no longer may
    status, _, _ = vote(h, NEWCO, later, "yes")
    assert status == 200
    eventually(lambda: "Your vote is recorded" in str(h.fake.ephemerals(NEWCO)))
    vote(h, ACME_DEPUTY, later, "yes")
    eventually(lambda: h.fake.ephemerals(ACME_DEPUTY))
    assert "Your vote is recorded" not in str(h.fake.ephemerals(ACME_DEPUTY))
    assert "last change" in pool_says(h, BETA, "members")


def test_a_bad_register_form_shows_the_field_at_fault_and_changes_nothing(pool: Harness) -> None:
    earlier = {v.id for v in pool.fake.views_opened()}
    pool.slack.slash_command(OPERATOR, "/pool", "member beta")
    form = modal(pool, OPERATOR, "register_member", earlier)
    answer = pool.slack.submit_view(
        OPERATOR,
        "register_member",
        {
            "name": {"value": "Beta Ltd"},
            "patents": {"value": "30"},
            "contribution": {"value": "0"},
            "representatives": {"value": payloads.multi_users_select([ACME])},
            "reason": {"value": "steal Acme's representative"},
        },
        view_id=form.id,
    )
    assert answer.json()["errors"] == {"representatives": "U0ACME1 already represents acme"}
    assert "Beta Ltd" in pool_says(pool, OPERATOR, "members")
    # a member's representative may not open the operator's form
    pool.slack.slash_command(BETA, "/pool", "member beta")
    eventually(
        lambda: "Only the operator may update the register" in str(pool.fake.ephemerals(BETA))
    )


def test_a_declared_conflict_on_a_fee_change_recuses_the_member_and_the_result_says_why(
    declaring_pool: Harness,
) -> None:
    h = declaring_pool
    message = open_motion(h, "fee_change", FEE)
    motion_id = motion_id_of(message)
    vote(h, DELTA, message, "no")
    eventually(lambda: h.fake.ephemerals(DELTA))
    earlier = {v.id for v in h.fake.views_opened()}

    status, _, _ = h.slack.click(
        DELTA, "conflict_declare_open", motion_id, message_ts=message.ts, channel=GOVERNANCE
    )
    assert status == 200
    form = modal(h, DELTA, "conflict_declare", earlier)
    answer = h.slack.submit_view(
        DELTA,
        "conflict_declare",
        {"reason": {"value": "our affiliate is a smartphone licensee"}},
        view_id=form.id,
    )
    assert answer.status == 200, answer.text
    assert not answer.text or "errors" not in answer.json(), answer.text
    eventually(
        lambda: [m for m in h.fake.messages(GOVERNANCE) if "conflict of interest" in text_of(m)]
    )

    # the motion's message now shows Delta recused and its ballot out of the turnout
    eventually(lambda: "recused: Delta SA" in text_of(current(h, message)))
    assert "0 of 3 members voted" in text_of(current(h, message))
    # so does `/pool motions`: a ballot set aside is not a vote that counts
    assert "0/3 voted" in pool_says(h, ACME, "motions")
    before = len(h.fake.ephemerals(DELTA))
    vote(h, DELTA, message, "yes")  # out of the vote now: refused, with the reason
    refused = f"delta declared a conflict of interest on motion {motion_id}"
    eventually(lambda: refused in str(h.fake.ephemerals(DELTA)[before:]))
    vote_all(h, message, {ACME: "yes", BETA: "yes", GAMMA: "no"})
    # Delta's no is set aside: 70 of the 90 eligible say yes, at least 2/3
    result = text_of(closed(h, message))
    assert ":white_check_mark: *Carried*" in result
    assert (
        "*Delta SA* recused: declared conflict of interest: our affiliate is a smartphone" in result
    )
    assert "Ballots set aside, not counted: Delta SA" in result
    # a stale button on a closed motion is refused at once, with no form to fill
    before = len(h.fake.ephemerals(GAMMA))
    opened = len(h.fake.views_opened())
    h.slack.click(
        GAMMA, "conflict_declare_open", motion_id, message_ts=message.ts, channel=GOVERNANCE
    )
    eventually(lambda: "it no longer takes votes" in str(h.fake.ephemerals(GAMMA)[before:]))
    assert len(h.fake.views_opened()) == opened


def test_a_declaration_by_someone_who_represents_no_member_is_refused(pool: Harness) -> None:
    message = open_motion(pool, "general", {"title": "Adopt the budget", "text": "Resolved."})
    earlier = {v.id for v in pool.fake.views_opened()}
    pool.slack.click(
        OUTSIDER,
        "conflict_declare_open",
        motion_id_of(message),
        message_ts=message.ts,
        channel=GOVERNANCE,
    )
    form = modal(pool, OUTSIDER, "conflict_declare", earlier)
    answer = pool.slack.submit_view(
        OUTSIDER, "conflict_declare", {"reason": {"value": "none"}}, view_id=form.id
    )
    assert "member's representative may declare" in answer.json()["errors"]["reason"]


def test_the_operator_records_a_conflict_the_rule_does_not_recuse_and_the_roll_call_shows_it(
    pool: Harness,
) -> None:
    message = open_motion(pool, "general", {"title": "Adopt the budget", "text": "Resolved."})
    earlier = {v.id for v in pool.fake.views_opened()}
    pool.slack.click(
        OPERATOR,
        "conflict_declare_open",
        motion_id_of(message),
        message_ts=message.ts,
        channel=GOVERNANCE,
    )
    form = modal(pool, OPERATOR, "conflict_declare", earlier)
    answer = pool.slack.submit_view(
        OPERATOR,
        "conflict_declare",
        {
            "member": {"value": payloads.static_select("beta")},
            "reason": {"value": "board seat at a licensee"},
        },
        view_id=form.id,
    )
    assert answer.status == 200, answer.text
    assert not answer.text or "errors" not in answer.json(), answer.text
    noted = eventually(
        lambda: [
            text_of(m)
            for m in pool.fake.messages(GOVERNANCE)
            if "conflict of interest" in m.text or "declared a conflict" in text_of(m)
        ]
    )
    assert "does not recuse it" in noted[0]

    vote_all(pool, message, {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "no"})
    result = text_of(closed(pool, message))
    assert "Beta Ltd (declared conflict of interest: board seat at a licensee): *yes*" in result
