"""The proxy rules (governance/proxies.py): every refusal, and one counted ballot per member."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.charter import Proxies, ProxyHolders
from governance.motion import BallotEffect
from governance.proxies import (
    LAPSED_WITH_SEAT,
    Instruction,
    MemberVotedItself,
    NoProxyGiven,
    NoProxyHeld,
    ProxiesNotAllowed,
    Proxy,
    ProxyAlreadyGiven,
    ProxyAlreadyUsed,
    ProxyChain,
    ProxyError,
    ProxyForRecusedMember,
    ProxyGiverNotRepresentative,
    ProxyHolderFull,
    ProxyHolderNotEligible,
    ProxyInstructionBreached,
    ProxyInstructionsNotAllowed,
    ProxyLapsed,
    ProxyRequest,
    ProxyScopeInvalid,
    check_give,
    check_proxy_ballot,
    check_revoke,
    lapsed_by_register,
    own_ballot_effect,
)
from governance.tally import Choice

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ALLOWED = Proxies(allowed=True)
BETA_REP, GAMMA_REP, OUTSIDER = "U0BETA1", "U0GAMMA1", "U0OUT"


def held(member: str = "delta", holder: str = GAMMA_REP, **extra: object) -> Proxy:
    values: dict[str, object] = {"motion_id": "7", **extra}
    return Proxy(1, member, holder, "U0X", NOW - timedelta(days=1), **values)  # type: ignore[arg-type]


def request(**extra: object) -> ProxyRequest:
    values: dict[str, object] = {
        "giver": BETA_REP,
        "giver_member": "beta",
        "holder": GAMMA_REP,
        "holder_member": "gamma",
        "motion_id": "7",
        "until": None,
        **extra,
    }
    return ProxyRequest(**values)  # type: ignore[arg-type]


def give(
    rules: Proxies = ALLOWED,
    req: ProxyRequest | None = None,
    *,
    giver_holds: list[Proxy] | None = None,
    member_has: list[Proxy] | None = None,
    holder_holds: list[Proxy] | None = None,
    recused_on: list[str] | None = None,
) -> None:
    check_give(
        rules,
        req or request(),
        giver_holds=giver_holds or [],
        member_has=member_has or [],
        holder_holds=holder_holds or [],
        recused_on=recused_on or [],
        now=NOW,
    )


def test_a_proxy_for_one_motion_or_until_a_date_may_be_given() -> None:
    give()
    give(req=request(motion_id=None, until=NOW + timedelta(days=30)))
    give(req=request(instruction=Instruction("7", Choice.YES)))


def test_proxies_must_be_allowed() -> None:
    with pytest.raises(ProxiesNotAllowed):
        give(Proxies())


def test_a_holder_cannot_pass_a_proxy_on() -> None:
    chain = request(giver=GAMMA_REP, giver_member=None, holder=OUTSIDER, holder_member=None)
    with pytest.raises(ProxyChain) as refused:
        give(Proxies(allowed=True, holders=ProxyHolders.ANY), chain, giver_holds=[held("beta")])
    assert "cannot pass a proxy on" in str(refused.value)


def test_only_a_representative_gives_a_proxy() -> None:
    with pytest.raises(ProxyGiverNotRepresentative):
        give(req=request(giver=OUTSIDER, giver_member=None))


def test_the_holder_must_be_someone_else_and_by_default_another_members_representative() -> None:
    with pytest.raises(ProxyHolderNotEligible) as own:
        give(req=request(holder="U0BETA2", holder_member="beta"))
    assert own.value.own_member
    with pytest.raises(ProxyHolderNotEligible) as outsider:
        give(req=request(holder=OUTSIDER, holder_member=None))
    assert not outsider.value.own_member
    give(
        Proxies(allowed=True, holders=ProxyHolders.ANY),
        request(holder=OUTSIDER, holder_member=None),
    )


def test_no_more_than_max_held_members_per_holder() -> None:
    with pytest.raises(ProxyHolderFull):
        give(holder_holds=[held("delta")])
    give(Proxies(allowed=True, max_held=2), holder_holds=[held("delta")])
    expired = held("delta", motion_id=None, until=NOW - timedelta(seconds=1))
    give(holder_holds=[expired])  # an expired proxy is no longer held


def test_one_proxy_at_a_time_per_member() -> None:
    with pytest.raises(ProxyAlreadyGiven):
        give(member_has=[held("beta", holder="U0DELTA1")])
    revoked = held("beta", holder="U0DELTA1", revoked_at=NOW - timedelta(hours=1))
    give(member_has=[revoked])


def test_instructions_only_where_the_charter_allows_them_and_on_the_motion_named() -> None:
    instructed = request(instruction=Instruction("7", Choice.NO))
    with pytest.raises(ProxyInstructionsNotAllowed):
        give(Proxies(allowed=True, instructions=False), instructed)
    with pytest.raises(ProxyScopeInvalid):
        give(req=request(instruction=Instruction("8", Choice.NO)))


def test_no_proxy_for_a_recused_member() -> None:
    with pytest.raises(ProxyForRecusedMember):
        give(recused_on=["7"])


def test_a_proxy_names_a_motion_or_a_date_in_the_future() -> None:
    with pytest.raises(ProxyScopeInvalid):
        give(req=request(motion_id=None, until=None))
    with pytest.raises(ProxyScopeInvalid):
        give(req=request(motion_id=None, until=NOW))


def test_revocable_until_the_holder_has_voted() -> None:
    proxy = held("beta")
    assert check_revoke(proxy, "beta", None, NOW) is proxy
    with pytest.raises(ProxyAlreadyUsed):
        check_revoke(proxy, "beta", "7", NOW)
    with pytest.raises(NoProxyGiven):
        check_revoke(None, "beta", None, NOW)
    with pytest.raises(NoProxyGiven):
        check_revoke(replace(proxy, revoked_at=NOW), "beta", None, NOW)


def ballot(proxy: Proxy | None, choice: Choice = Choice.YES, **extra: bool) -> Proxy:
    flags = {"recused": False, "own_ballot_counted": False, **extra}
    return check_proxy_ballot(proxy, "7", "beta", choice, now=NOW, **flags)


def test_a_holder_votes_with_a_proxy_in_force_on_the_motion() -> None:
    proxy = held("beta")
    assert ballot(proxy) is proxy
    dated = held("beta", motion_id=None, until=NOW + timedelta(days=1))
    assert ballot(dated) is dated
    for unusable in (
        None,
        held("beta", motion_id="8"),
        held("delta"),
        replace(proxy, revoked_at=NOW - timedelta(seconds=1)),
        held("beta", motion_id=None, until=NOW),
    ):
        with pytest.raises(NoProxyHeld):
            ballot(unusable)


def test_the_members_own_ballot_stops_the_proxy() -> None:
    with pytest.raises(MemberVotedItself):
        ballot(held("beta"), own_ballot_counted=True)


def test_no_proxy_ballot_for_a_recused_member() -> None:
    with pytest.raises(ProxyForRecusedMember):
        ballot(held("beta"), recused=True)


def test_an_instruction_is_enforced_on_its_motion_only() -> None:
    proxy = held("beta", motion_id=None, until=NOW + timedelta(days=9))
    instructed = replace(proxy, instruction=Instruction("7", Choice.YES))
    with pytest.raises(ProxyInstructionBreached) as refused:
        ballot(instructed, Choice.NO)
    assert str(refused.value) == (
        "Your proxy for beta instructs *yes* on motion 7; a *no* vote was not recorded."
    )
    assert ballot(instructed, Choice.YES) is instructed
    elsewhere = replace(proxy, instruction=Instruction("9", Choice.YES))
    assert ballot(elsewhere, Choice.NO) is elsewhere


def test_an_own_ballot_always_supersedes_a_proxys() -> None:
    assert own_ballot_effect(Choice.YES, previous_by_proxy=True) is BallotEffect.CHANGED
    assert own_ballot_effect(Choice.YES, previous_by_proxy=False) is None
    assert own_ballot_effect(None, previous_by_proxy=False) is None


# A pure model of one member's ballots on one motion, decided by these rules: each step is the
# member's own representative or the holder voting. The ballot rows are append-only; a new one
# supersedes the counted one.
steps = st.lists(st.tuples(st.booleans(), st.sampled_from(list(Choice))), max_size=12)


@given(steps, st.booleans(), st.sampled_from([None, *Choice]))
def test_each_member_has_at_most_one_counted_ballot_and_its_own_vote_wins(
    votes: list[tuple[bool, Choice]], allow_change: bool, instructed: Choice | None
) -> None:
    proxy = held("beta")
    if instructed is not None:
        proxy = replace(proxy, instruction=Instruction("7", instructed))
    rows: list[dict[str, object]] = []  # choice, by_proxy, counted
    own_choices: list[Choice] = []
    for by_holder, choice in votes:
        counted = next((r for r in rows if r["counted"]), None)
        previous = counted["choice"] if counted else None
        previous_by_proxy = bool(counted and counted["by_proxy"])
        try:
            if by_holder:
                ballot(
                    proxy, choice, own_ballot_counted=counted is not None and not previous_by_proxy
                )
                effect = (
                    BallotEffect.RECORDED
                    if previous is None
                    else BallotEffect.UNCHANGED
                    if previous == choice
                    else BallotEffect.CHANGED
                )
                if effect is BallotEffect.CHANGED and not allow_change:
                    continue  # the motion's rule refuses a changed vote
            else:
                over = own_ballot_effect(previous, previous_by_proxy)  # type: ignore[arg-type]
                if over is not None:
                    effect = over
                elif previous is None:
                    effect = BallotEffect.RECORDED
                elif previous == choice:
                    effect = BallotEffect.UNCHANGED
                elif allow_change:
                    effect = BallotEffect.CHANGED
                else:
                    continue
        except ProxyError:
            assert by_holder
            continue
        if not by_holder:
            own_choices.append(choice)
        if effect is BallotEffect.UNCHANGED:
            continue
        if counted is not None:
            counted["counted"] = False
        rows.append({"choice": choice, "by_proxy": by_holder, "counted": True})
    counted_rows = [r for r in rows if r["counted"]]
    assert len(counted_rows) <= 1
    if own_choices:
        (final,) = counted_rows
        assert final["by_proxy"] is False
        assert final["choice"] in own_choices
        if allow_change:
            assert final["choice"] == own_choices[-1]
    if instructed is not None:
        assert all(r["choice"] == instructed for r in rows if r["by_proxy"])


def test_a_proxy_lapses_when_its_holder_loses_the_seat_that_let_them_hold_it() -> None:
    kept, unseated, own = held("delta"), held("beta", "U0OLD1"), held("acme", "U0NOWACME")
    seats = {GAMMA_REP: "gamma", "U0OLD1": None, "U0NOWACME": "acme"}
    proxies = [kept, unseated, own]
    assert lapsed_by_register(ALLOWED, proxies, seats, NOW) == [unseated, own]
    anyone = Proxies(allowed=True, holders=ProxyHolders.ANY)
    assert lapsed_by_register(anyone, proxies, seats, NOW) == [own]  # nobody needs a seat there
    ended = replace(unseated, revoked_at=NOW, revoked_by=LAPSED_WITH_SEAT)
    with pytest.raises(ProxyLapsed) as refused:
        check_proxy_ballot(
            ended, "7", "beta", Choice.YES, recused=False, own_ballot_counted=False, now=NOW
        )
    assert str(refused.value).startswith("Your proxy for beta lapsed when the register changed")
    revoked = replace(unseated, revoked_at=NOW, revoked_by="U0BETA1")
    with pytest.raises(NoProxyHeld):
        check_proxy_ballot(
            revoked, "7", "beta", Choice.YES, recused=False, own_ballot_counted=False, now=NOW
        )
