"""Every kind of motion, from the operator's modal to the result and its effect."""

from __future__ import annotations

from datetime import timedelta

from bot.sandbox import payloads
from governance.services import queries
from tests.e2e.conftest import Harness, clock_of
from tests.e2e.flows import (
    closed,
    eventually,
    motion_id_of,
    open_motion,
    pool_says,
    text_of,
    vote_all,
)
from tests.e2e.pool import ACME, BETA, DELTA, GAMMA, GOVERNANCE, NEWCO, OPERATOR

EVERYONE_YES = {ACME: "yes", BETA: "yes", GAMMA: "yes", DELTA: "yes"}


def announced(h: Harness, words: str) -> str:
    found = eventually(lambda: [m.text for m in h.fake.messages(GOVERNANCE) if words in m.text])
    assert len(found) == 1
    return str(found[0])


def test_a_carried_admission_adds_the_applicant_to_the_register(pool: Harness) -> None:
    message = open_motion(
        pool,
        "admission",
        {
            "title": "Admit Newco",
            "applicant_id": "newco",
            "applicant_name": "Newco Inc",
            "patents": "25",
            "representatives": payloads.multi_users_select([NEWCO]),
        },
    )
    assert "Newco Inc" in text_of(message)
    vote_all(pool, message, EVERYONE_YES)
    assert ":white_check_mark: *Carried*" in text_of(closed(pool, message))
    announced(pool, "Newco Inc is admitted to the pool")
    assert "Newco Inc" in pool_says(pool, OPERATOR, "members")
    assert "you represent `newco`" in pool_says(pool, NEWCO, "help")


def test_a_withdrawing_member_is_recused_and_leaves_when_carried(pool: Harness) -> None:
    message = open_motion(
        pool, "withdrawal", {"title": "Delta withdraws", "member": payloads.static_select("delta")}
    )
    assert "recused: Delta SA" in text_of(message)
    vote_all(pool, message, {ACME: "yes", BETA: "yes", GAMMA: "yes"})  # Delta is recused
    assert ":white_check_mark: *Carried*" in text_of(closed(pool, message))
    announced(pool, "Delta SA leaves the pool")
    assert "Delta SA" not in pool_says(pool, OPERATOR, "members")


def test_an_expulsion_short_of_three_quarters_fails_and_the_member_stays(pool: Harness) -> None:
    message = open_motion(
        pool,
        "expulsion",
        {
            "title": "Expel Gamma",
            "member": payloads.static_select("gamma"),
            "reason": "Unpaid dues for two years",
        },
    )
    vote_all(pool, message, {ACME: "yes", BETA: "no", DELTA: "yes"})  # 50 of 80 < 3/4
    result = text_of(closed(pool, message))
    assert ":x: *Failed*" in result
    assert "Gamma GmbH" in pool_says(pool, OPERATOR, "members")


def test_a_carried_fee_change_updates_the_schedule_with_its_pricing_basis(pool: Harness) -> None:
    basis = {
        "basis.patent_quantity_and_value": "420 essential patents, 60% of them core",
        "basis.contribution_to_product": "the codec is central to playback",
        "basis.industry_margins": "handset margins of about 12%",
        "basis.lifecycle_stage": "mature",
        "basis.price_sensitivity": "moderate",
        "basis.judicial_precedents": "none directly on point",
    }
    message = open_motion(
        pool,
        "fee_change",
        {
            "title": "Lower the smartphone royalty",
            "product_category": "Smartphones",
            "current_royalty": "US$0.40 per unit",
            "proposed_royalty": "US$0.35 per unit",
            "effective_date": payloads.datepicker("2027-07-01"),
            **basis,
        },
    )
    assert "handset margins of about 12%" in text_of(message)
    vote_all(pool, message, EVERYONE_YES)
    assert ":white_check_mark: *Carried*" in text_of(closed(pool, message))
    fees = pool_says(pool, ACME, "fees")
    assert "Smartphones" in fees
    assert "US$0.35 per unit" in fees


def test_a_distribution_change_carries_and_is_announced(pool: Harness) -> None:
    message = open_motion(
        pool,
        "distribution_change",
        {
            "title": "Share by essential patents",
            "current_rule": "equal shares",
            "proposed_rule": "in proportion to essential patents",
            "effective_date": payloads.datepicker("2027-01-01"),
        },
    )
    vote_all(pool, message, EVERYONE_YES)
    assert ":white_check_mark: *Carried*" in text_of(closed(pool, message))
    announced(pool, "The new distribution rule applies from 2027-01-01")


def test_a_carried_charter_amendment_installs_a_new_version(pool: Harness) -> None:
    new_charter = pool.settings.charter_path.read_text().replace(  # type: ignore[union-attr]
        "general: {allow_change: true}", "general: {allow_change: false}"
    )
    message = open_motion(
        pool,
        "charter_amendment",
        {
            "title": "Freeze votes on general resolutions",
            "summary": "general resolutions: no vote changes",
            "charter_text.0": new_charter,
        },
    )
    vote_all(pool, message, EVERYONE_YES)
    assert ":white_check_mark: *Carried*" in text_of(closed(pool, message))
    charter = pool_says(pool, OPERATOR, "charter")
    assert "(version 2)" in charter
    assert "votes cannot be changed" in charter


def test_a_general_resolution_without_quorum_is_not_adopted(clocked_pool: Harness) -> None:
    pool = clocked_pool
    message = open_motion(
        pool, "general", {"title": "Adopt a logo", "text": "Resolved."}, period="2s"
    )
    vote_all(pool, message, {DELTA: "yes"})  # 10 of 100 < 1/2
    motion_id = motion_id_of(message)
    eventually(lambda: queries.get_motion(pool.bot.storage.reader(), motion_id).ballots)
    clock_of(pool).advance(timedelta(seconds=2))  # the deadline passes after the vote
    result = text_of(closed(pool, message))
    assert "*No quorum*" in result
    announced(pool, "(General resolution) no quorum: Adopt a logo")
