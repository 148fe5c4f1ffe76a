"""Proxies on a real database: given, voted with, superseded, revoked, refused; the record holds.

On SQLite and PostgreSQL, through the services and the ballot batch the bot's writer runs.
"""

from __future__ import annotations

import base64
import threading
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Storage
from governance.charter import MotionKind
from governance.commands import CastBallot, CloseMotion, InitialisePool, WithdrawMotion
from governance.errors import GovernanceError
from governance.proxies import (
    Instruction,
    MemberVotedItself,
    NoProxyHeld,
    ProxyAlreadyUsed,
    ProxyForRecusedMember,
    ProxyHolderFull,
    ProxyInstructionBreached,
)
from governance.services import (
    cast_ballot,
    cast_ballots,
    close_motion,
    initialise_pool,
    withdraw_motion,
)
from governance.services.proxies import GiveProxy, RevokeProxy, give_proxy, proxies_of, revoke_proxy
from governance.tally import Choice
from storage.audit.signing import HeadSigner
from storage.audit.verify import Checked, verify_database
from storage.export.motion import export_motion
from tests.integration.charters import OPERATOR, charter_text, representative
from tests.integration.conftest import AUDIT_KEY, NOW, SIGNING_KEY
from tests.integration.helpers import execute, open_kind, record_is_clean

PROXIES = "proxies: {allowed: true, max_held: 1, holders: representatives}\n"
LATER = NOW + timedelta(hours=1)
BETA, GAMMA, DELTA = representative("beta"), representative("gamma"), representative("delta")


@pytest.fixture
def pool(runtime: Storage) -> Storage:
    text = charter_text(4) + PROXIES
    initialise_pool(InitialisePool(text), runtime.uow(), NOW, runtime.parse_charter)
    return runtime


def give(pool: Storage, actor: str, holder: str, motion: str, **extra: object) -> None:
    command = GiveProxy(actor, holder, motion_id=motion, **extra)  # type: ignore[arg-type]
    give_proxy(command, pool.uow(), NOW, pool.parse_charter)


def cast(
    pool: Storage, motion: str, actor: str, choice: Choice, key: str, member: str | None = None
) -> object:
    command = CastBallot(motion, member, actor, choice, key, proxy=member is not None)
    try:
        (recorded,) = cast_ballot(command, pool.uow(), LATER)
    except GovernanceError as refusal:
        return refusal
    return recorded


def counted(pool: Storage, motion: str) -> dict[str, tuple[str, str]]:
    with pool.reader() as uow:
        return {b.member_id: (b.choice.value, b.cast_by) for b in uow.ballots.counted(motion)}


def test_own_vote_supersedes_a_proxy_even_where_a_vote_cannot_change(pool: Storage) -> None:
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id  # general: allow_change false
    give(pool, BETA, GAMMA, motion, instruction=Instruction(motion, Choice.YES))
    refused = cast(pool, motion, GAMMA, Choice.NO, "p1", "beta")
    assert isinstance(refused, ProxyInstructionBreached)
    recorded = cast(pool, motion, GAMMA, Choice.YES, "p2", "beta")
    assert getattr(recorded, "by_proxy", False)
    with pytest.raises(ProxyAlreadyUsed):
        revoke_proxy(RevokeProxy(BETA), pool.uow(), LATER)
    own = cast(pool, motion, BETA, Choice.YES, "own")  # the same choice: still its own now
    assert not getattr(own, "by_proxy", True)
    assert counted(pool, motion) == {"beta": ("yes", BETA)}
    assert isinstance(cast(pool, motion, GAMMA, Choice.YES, "p3", "beta"), MemberVotedItself)
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))


def test_refusals_through_the_services(pool: Storage) -> None:
    withdrawal = open_kind(pool, MotionKind.WITHDRAWAL, NOW).motion_id  # beta is recused
    with pytest.raises(ProxyForRecusedMember):
        give(pool, BETA, GAMMA, withdrawal)
    dated = GiveProxy(BETA, GAMMA, until=NOW + timedelta(days=30))
    give_proxy(dated, pool.uow(), NOW, pool.parse_charter)
    refused = cast(pool, withdrawal, GAMMA, Choice.NO, "recused", "beta")
    assert isinstance(refused, ProxyForRecusedMember)
    revoke_proxy(RevokeProxy(BETA), pool.uow(), NOW)
    motion = open_kind(pool, MotionKind.GENERAL, NOW).motion_id
    give(pool, BETA, GAMMA, motion)
    with pytest.raises(ProxyHolderFull):
        give(pool, DELTA, GAMMA, motion)
    listing = proxies_of(pool.reader(), GAMMA, NOW)
    assert [p.member_id for p in listing.held] == ["beta"]
    revoke_proxy(RevokeProxy(BETA), pool.uow(), NOW)
    assert isinstance(cast(pool, motion, GAMMA, Choice.YES, "late", "beta"), NoProxyHeld)
    give(pool, DELTA, GAMMA, motion)  # the revoked one no longer counts towards max_held
    # a batch: the holder and the member in one transaction, in order
    commands = [
        CastBallot(motion, "delta", GAMMA, Choice.NO, "b1", proxy=True),
        CastBallot(motion, None, DELTA, Choice.YES, "b2"),
        CastBallot(motion, "delta", GAMMA, Choice.NO, "b3", proxy=True),
    ]
    outcomes = cast_ballots(commands, pool.uow(), LATER)
    assert isinstance(outcomes[2], MemberVotedItself)
    assert counted(pool, motion) == {"delta": ("yes", DELTA)}
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))


steps = st.lists(st.tuples(st.booleans(), st.sampled_from(list(Choice))), min_size=1, max_size=6)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(votes=steps)
def test_with_proxies_each_member_has_one_counted_ballot_and_its_own_vote_wins(
    pool: Storage, votes: list[tuple[bool, Choice]]
) -> None:
    motion = open_kind(pool, MotionKind.DISTRIBUTION_CHANGE, NOW).motion_id  # allow_change
    give(pool, BETA, GAMMA, motion)
    own: list[Choice] = []
    for number, (by_holder, choice) in enumerate(votes):
        if by_holder:
            cast(pool, motion, GAMMA, choice, f"{motion}-{number}", "beta")
        else:
            assert not isinstance(cast(pool, motion, BETA, choice, f"{motion}-{number}"), Exception)
            own.append(choice)
    with pool.reader() as uow:
        rows = [b for b in uow.ballots.counted(motion) if b.member_id == "beta"]
    assert len(rows) <= 1
    if own:
        assert (rows[0].choice, rows[0].cast_by) == (own[-1], BETA)
    else:
        assert rows[0].cast_by == GAMMA
    withdraw_motion(WithdrawMotion(motion, OPERATOR), pool.uow(), LATER, pool.parse_charter)


def test_the_export_lists_proxy_ballots_and_verify_names_an_altered_proxy(pool: Storage) -> None:
    motion = open_kind(pool, MotionKind.DISTRIBUTION_CHANGE, NOW).motion_id
    give(pool, BETA, GAMMA, motion)
    cast(pool, motion, GAMMA, Choice.NO, "p", "beta")
    for member in ("acme", "gamma", "delta"):
        cast(pool, motion, representative(member), Choice.YES, f"own-{member}")
    close_motion(CloseMotion(motion), pool.uow(), LATER, pool.parse_charter)
    signer = HeadSigner(Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(SIGNING_KEY)))
    exported = export_motion(pool.uow(), motion, pool.parse_charter, signer, LATER)
    lines = exported.files["proxies.csv"].splitlines()
    assert lines[0] == "receipt,seq,member,holder,status"
    assert [line.split(",")[2:] for line in lines[1:]] == [["beta", GAMMA, "counted"]]
    assert exported.files["ballots.csv"].splitlines()[0] == "member,choice"  # unchanged

    execute(pool, "UPDATE proxies SET holder = 'U0MALLORY'")
    with pool.reader() as uow:
        checked = verify_database(uow.session, AUDIT_KEY)
    assert isinstance(checked, Checked)
    assert [(f.table, f.field) for f in checked.findings] == [("proxies", "holder")]


def race(pool: Storage, motion: str) -> dict[str, object]:
    """The holder votes with the proxy while the member revokes it, at once."""
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def holder_votes() -> None:
        start.wait()
        outcomes["vote"] = cast(pool, motion, GAMMA, Choice.YES, f"race-{motion}", "beta")

    def member_revokes() -> None:
        start.wait()
        try:
            outcomes["revoke"] = revoke_proxy(RevokeProxy(BETA), pool.uow(), LATER)
        except GovernanceError as refusal:
            outcomes["revoke"] = refusal

    threads = [threading.Thread(target=holder_votes), threading.Thread(target=member_revokes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_revocation_racing_the_holders_vote_leaves_one_or_the_other(pool: Storage) -> None:
    for _ in range(6):
        motion = open_kind(pool, MotionKind.DISTRIBUTION_CHANGE, NOW).motion_id
        give(pool, BETA, GAMMA, motion)
        outcomes = race(pool, motion)
        voted = not isinstance(outcomes["vote"], GovernanceError)
        revoked = isinstance(outcomes["revoke"], list)
        assert voted != revoked, outcomes  # the vote counts and the proxy stays, or neither
        if voted:
            assert isinstance(outcomes["revoke"], ProxyAlreadyUsed)
        else:
            assert isinstance(outcomes["vote"], NoProxyHeld)
        withdraw_motion(WithdrawMotion(motion, OPERATOR), pool.uow(), LATER, pool.parse_charter)
    with pool.reader() as uow:
        assert record_is_clean(verify_database(uow.session, AUDIT_KEY))
