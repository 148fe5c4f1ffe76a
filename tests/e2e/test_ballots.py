"""Ballots: vote changes, every refusal, and deliveries that arrive twice."""

from __future__ import annotations

import json
import threading

from bot.sandbox import payloads
from governance.services import queries
from storage.audit.log import read_entries
from tests.e2e.conftest import Harness
from tests.e2e.flows import (
    closed,
    current,
    ephemerals_to,
    eventually,
    motion_id_of,
    open_motion,
    text_of,
    vote,
    vote_all,
)
from tests.e2e.pool import ACME, ACME_DEPUTY, BETA, DELTA, GAMMA, OPERATOR, OUTSIDER


def counted(h: Harness, motion_id: str) -> dict[str, str]:
    view = queries.get_motion(h.bot.storage.reader(), motion_id)
    return {b.member_id: b.choice.value for b in view.ballots}


def ballot_rows(h: Harness, motion_id: str) -> int:
    with h.bot.storage.reader() as uow:
        return sum(len(uow.ballots.by_member(m, 100)) for m in ("acme", "beta", "gamma", "delta"))


def last_reply(h: Harness, user: str, before: int) -> str:
    replies = eventually(lambda: ephemerals_to(h, user)[before:])
    return str(replies[-1])


def test_a_representative_changes_the_members_vote_and_is_told_so(any_pool: Harness) -> None:
    changes_the_vote(any_pool)
    assert any_pool.bot.writer is not None  # recorded by the writer process


def test_ballots_recorded_in_a_thread_of_the_server_read_the_same(threaded_pool: Harness) -> None:
    changes_the_vote(threaded_pool)
    assert threaded_pool.bot.writer is None


def changes_the_vote(h: Harness) -> None:
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    motion_id = motion_id_of(message)
    vote(h, ACME, message, "yes")
    eventually(lambda: ephemerals_to(h, ACME))
    before = len(ephemerals_to(h, ACME_DEPUTY))
    vote(h, ACME_DEPUTY, message, "no")  # another representative of the same member
    reply = last_reply(h, ACME_DEPUTY, before)
    assert "Your vote is changed: *no* for Acme Corp" in reply
    assert "superseded" in reply
    assert counted(h, motion_id) == {"acme": "no"}
    assert ballot_rows(h, motion_id) == 2  # the earlier ballot is kept


def test_a_vote_change_is_refused_when_the_charter_forbids_it(pool: Harness) -> None:
    text = pool.settings.charter_path.read_text()  # type: ignore[union-attr]
    amended = text.replace("general: {allow_change: true}", "general: {allow_change: false}")
    amendment = open_motion(
        pool,
        "charter_amendment",
        {"title": "No changes", "summary": "s", "charter_text.0": amended},
    )
    vote_all(pool, amendment, {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"})
    closed(pool, amendment)
    message = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    vote(pool, BETA, message, "yes")
    receipt = f"recorded: *yes* for Beta Ltd on motion {motion_id_of(message)}."
    eventually(lambda: any(receipt in r for r in ephemerals_to(pool, BETA)))
    vote(pool, BETA, message, "no")
    eventually(lambda: any("does not allow changing" in r for r in ephemerals_to(pool, BETA)))
    assert counted(pool, motion_id_of(message)) == {"beta": "yes"}


def test_someone_who_represents_no_member_cannot_vote(pool: Harness) -> None:
    message = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    refusal = "Only the representatives of the pool's members may vote."
    vote(pool, OUTSIDER, message, "yes")
    assert last_reply(pool, OUTSIDER, 0) == refusal
    vote(pool, OPERATOR, message, "yes")
    assert last_reply(pool, OPERATOR, 0) == refusal
    assert counted(pool, motion_id_of(message)) == {}


def test_a_recused_member_cannot_vote_on_its_own_expulsion(pool: Harness) -> None:
    message = open_motion(
        pool,
        "expulsion",
        {"title": "Expel Gamma", "member": payloads.static_select("gamma"), "reason": "dues"},
    )
    vote(pool, GAMMA, message, "no")
    assert "recused" in last_reply(pool, GAMMA, 0)
    assert counted(pool, motion_id_of(message)) == {}


def test_votes_on_a_closed_or_withdrawn_motion_are_refused(pool: Harness) -> None:
    first = open_motion(pool, "general", {"title": "First", "text": "Resolved."})
    vote_all(pool, first, {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"})
    closed(pool, first)
    eventually(lambda: all(ephemerals_to(pool, u) for u in (ACME, BETA, GAMMA, DELTA)))
    before = len(ephemerals_to(pool, ACME))
    vote(pool, ACME, first, "no")
    assert "no longer takes votes" in last_reply(pool, ACME, before)

    second = open_motion(pool, "general", {"title": "Second", "text": "Resolved."})
    pool.slack.slash_command(
        OPERATOR, "/motion", f"withdraw {motion_id_of(second)} drafted in error"
    )
    eventually(lambda: "*Withdrawn*" in text_of(current(pool, second)))
    before = len(ephemerals_to(pool, BETA))
    vote(pool, BETA, second, "yes")
    assert "withdrawn" in last_reply(pool, BETA, before)
    assert counted(pool, motion_id_of(second)) == {}


def test_only_the_operator_may_draft_or_withdraw_motions(pool: Harness) -> None:
    pool.slack.slash_command(ACME, "/motion", "general")
    assert "Only the operator" in last_reply(pool, ACME, 0)
    assert pool.fake.views_opened() == []
    message = open_motion(pool, "general", {"title": "Budget", "text": "Resolved."})
    before = len(ephemerals_to(pool, ACME))
    pool.slack.slash_command(ACME, "/motion", f"withdraw {motion_id_of(message)}")
    assert "Only the operator" in last_reply(pool, ACME, before)
    assert "*Withdrawn*" not in text_of(current(pool, message))


def test_a_draft_with_bad_input_shows_the_error_on_its_field(pool: Harness) -> None:
    pool.slack.slash_command(OPERATOR, "/motion", "admission")
    eventually(lambda: pool.fake.views_opened())
    values = {
        "title": "Admit Acme twice",
        "applicant_id": "acme",
        "applicant_name": "Acme again",
        "patents": "many",
        "representatives": payloads.multi_users_select(["U0X"]),
        "voting_period": "soon",
    }
    answer = pool.slack.submit_view(
        OPERATOR, "motion_draft", {k: {"value": v} for k, v in values.items()}
    )
    body = json.loads(answer.text)
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"patents", "voting_period"}
    assert queries.open_motions(pool.bot.storage.reader()) == []


def test_an_unsound_charter_amendment_is_refused_on_its_field(pool: Harness) -> None:
    pool.slack.slash_command(OPERATOR, "/motion", "charter_amendment")
    eventually(lambda: pool.fake.views_opened())
    values = {
        "title": "Break it",
        "summary": "cap",
        "charter_text.0": "version: 1\nweights: {cap: 1/9}\n",
        "voting_period": "7d",
    }
    answer = pool.slack.submit_view(
        OPERATOR, "motion_draft", {k: {"value": v} for k, v in values.items()}
    )
    body = json.loads(answer.text)
    assert body["response_action"] == "errors"
    assert "The new charter is not sound" in body["errors"]["charter_text.0"]


def test_a_repeated_or_retried_click_records_one_ballot(any_pool: Harness) -> None:
    h = any_pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    motion_id = motion_id_of(message)
    same_click = {"extra": {"action_ts": "1800000000.000100"}}
    for attempt in range(3):
        status, _, _ = vote(
            h, BETA, message, "yes", retry_num=attempt or None, retry_reason="timeout", **same_click
        )
        assert status == 200
    eventually(lambda: counted(h, motion_id) == {"beta": "yes"})
    assert ballot_rows(h, motion_id) == 1
    with h.bot.storage.reader() as uow:
        bodies = [json.loads(e.body) for e in read_entries(uow.session, int(motion_id))]
    assert [b["kind"] for b in bodies].count("ballot_cast") == 1


def test_stopping_answers_the_votes_in_hand_and_ends_every_listener_thread(pool: Harness) -> None:
    h = pool
    message = open_motion(h, "general", {"title": "Budget", "text": "Resolved."})
    motion_id = motion_id_of(message)
    for user in (ACME, BETA, GAMMA):
        vote(h, user, message, "yes")
    assert any(t.name.startswith("poolgov-listener") for t in threading.enumerate())
    h.bot.stop()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("poolgov-listener")]
    # every vote acknowledged before the stop was recorded and its receipt sent
    assert counted(h, motion_id) == {"acme": "yes", "beta": "yes", "gamma": "yes"}
    assert all(ephemerals_to(h, user) for user in (ACME, BETA, GAMMA))
