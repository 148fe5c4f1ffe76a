"""Witness posts on SQLite and PostgreSQL: the daily job posts the signed head once when entries
were added and nothing when the chain has not moved; a close's head counts as posted; a head the
chain does not hold is never signed. The job's clock is driven by the test: nothing sleeps."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from slack_sdk.errors import SlackApiError

from bot.bootstrap import Storage
from bot.jobs_witness import schedule_witness
from bot.outbox import FRESH, deliver_due
from bot.runtime import Runtime
from bot.settings import Settings
from bot.witness_posts import result_head, witness, witness_key
from governance.charter import MotionKind
from governance.commands import InitialisePool
from governance.notices import NoticeState
from governance.services import initialise_pool, notices
from governance.services.queries import get_motion
from storage.audit.head_book import SqlHeadBook
from storage.audit.signed_heads import HeadNotOnChain, sign_head, signed_heads
from storage.audit.signing import HEAD_MESSAGE, HeadSigner
from storage.posts import SqlPostBook
from tests.integration.charters import SUPERVISOR, charter_text
from tests.integration.conftest import NOW, SIGNING_KEY
from tests.integration.helpers import close, open_kind

SUPERVISORS = "G0SUPERVISE"
SEED = base64.urlsafe_b64decode(SIGNING_KEY)
SIGNER = HeadSigner(Ed25519PrivateKey.from_private_bytes(SEED))


@dataclass
class Posts:
    """A hand-written Slack client: it records ``chat.postMessage`` and answers like Slack."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    #: Slack's error for every post while the bot is not in the channel
    refusing: str | None = None

    def chat_postMessage(self, *, channel: str, text: str, **rest: Any) -> dict[str, str]:  # noqa: N802
        if self.refusing is not None:
            answer = {"ok": False, "error": self.refusing}
            raise SlackApiError("refused", answer)  # type: ignore[no-untyped-call]
        self.sent.append({"channel": channel, "text": text, **rest})
        return {"channel": channel, "ts": f"{1_700_000_000 + len(self.sent)}.000100"}


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Timer:
    """Records what the sweep schedules, so the test can run it at its instant."""

    jobs: dict[str, tuple[datetime, Callable[..., Any], tuple[Any, ...]]] = field(
        default_factory=dict
    )

    def at(self, job_id: str, when: datetime, func: Callable[..., Any], *args: Any) -> None:
        self.jobs[job_id] = (when, func, args)


@pytest.fixture
def supervised(runtime: Storage) -> Storage:
    """The integration pool, with a supervisors' channel."""
    text = charter_text(4).replace(
        f"  users: [{SUPERVISOR}]\n", f"  users: [{SUPERVISOR}]\n  channel: {SUPERVISORS}\n"
    )
    initialise_pool(InitialisePool(text), runtime.uow(), NOW, runtime.parse_charter)
    return runtime


def bot_runtime(storage: Storage, client: Posts, clock: Clock) -> Runtime:
    return Runtime(
        settings=Settings(DATABASE_URL=storage.database_url),
        new_uow=storage.uow,
        reader=storage.reader,
        parse=storage.parse_charter,
        client=client,
        posts=SqlPostBook(storage.engine),
        clock=clock,
        signer=SIGNER,
        heads=SqlHeadBook(storage.engine, SIGNER),
    )


def run_next_daily(rt: Runtime, clock: Clock) -> bool:
    """Schedule as the sweep does, move the clock to the job's instant, and run it there."""
    timer = Timer()
    schedule_witness(rt, timer)
    ((job_id, (when, func, args)),) = timer.jobs.items()
    assert job_id == f"witness:{when.date().isoformat()}"
    assert when > clock.now
    clock.now = when
    return bool(func(*args))


def head_of(storage: Storage) -> tuple[int, str]:
    with storage.reader() as uow:
        head = uow.audit.head()
    return head.seq, head.entry_hash


def signatures(storage: Storage) -> int:
    with storage.reader() as uow:
        return len(signed_heads(uow.session))


def test_the_daily_job_posts_the_signed_head_once_when_entries_were_added(supervised):
    client, clock = Posts(), Clock(NOW)
    rt = bot_runtime(supervised, client, clock)

    assert run_next_daily(rt, clock)  # the pool's first entries, never witnessed
    seq, entry_hash = head_of(supervised)
    (post,) = client.sent
    assert post["channel"] == SUPERVISORS
    assert f"Head {entry_hash}, entry {seq}, key {SIGNER.key_id}, signature " in post["text"]
    signature = base64.b64decode(post["text"].rsplit("signature ", 1)[1])
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    public.verify(signature, HEAD_MESSAGE.format(seq=seq, entry_hash=entry_hash).encode())

    assert not run_next_daily(rt, clock)  # a day later, nothing was added
    assert not run_next_daily(rt, clock)
    assert len(client.sent) == 1
    assert signatures(supervised) == 1  # nothing signed anew either

    open_kind(supervised, MotionKind.GENERAL, clock.now + timedelta(hours=3))
    assert run_next_daily(rt, clock)
    assert len(client.sent) == 2
    later_seq, later_hash = head_of(supervised)
    assert later_seq > seq
    assert f"Head {later_hash}, entry {later_seq}," in client.sent[1]["text"]

    again = run_next_daily(rt, clock)  # another replica, or the job run twice
    assert not again
    assert len(client.sent) == 2


def test_a_closes_head_posted_at_the_close_is_not_posted_again_by_the_daily_job(supervised):
    client, clock = Posts(), Clock(NOW)
    rt = bot_runtime(supervised, client, clock)
    opened = open_kind(supervised, MotionKind.GENERAL, NOW)
    clock.now = NOW + timedelta(days=8)
    close(supervised, opened.motion_id, clock.now)
    view = get_motion(supervised.reader(), opened.motion_id)
    signed = result_head(rt, opened.motion_id, view.audit_head)
    assert signed is not None
    assert (signed.seq, signed.entry_hash) == head_of(supervised)

    assert witness(rt, signed, view.motion)
    assert not witness(rt, signed, view.motion)  # a second render of the result
    (post,) = client.sent
    assert f"Motion {opened.motion_id} " in post["text"]
    assert not run_next_daily(rt, clock)  # the close's post is the last witness post
    assert len(client.sent) == 1


def test_a_refusing_supervisors_channel_keeps_the_head_pending_until_the_sweep_can_post_it(
    supervised, caplog
):
    client, clock = Posts(refusing="not_in_channel"), Clock(NOW)
    rt = bot_runtime(supervised, client, clock)
    signed = rt.heads.current_head(clock.now) if rt.heads else None
    assert signed is not None

    assert not witness(rt, signed)
    assert "refuses the bot (not_in_channel); invite poolgov there" in caplog.text
    pending = notices.get(supervised.reader(), witness_key(signed.seq))
    assert pending is not None
    assert (pending.state, pending.last_error) == (NoticeState.PENDING, "not_in_channel")
    assert client.sent == []

    client.refusing = None  # someone invited poolgov to the channel
    clock.now += FRESH + timedelta(seconds=1)
    assert [d.key for d in deliver_due(rt) if d.delivered] == [witness_key(signed.seq)]
    (post,) = client.sent
    assert post["channel"] == SUPERVISORS
    assert f"Head {signed.entry_hash}, entry {signed.seq}," in post["text"]
    assert not witness(rt, signed)  # posted once, whoever asks again
    assert deliver_due(rt) == []
    assert not run_next_daily(rt, clock)  # nothing added since that head
    assert len(client.sent) == 1


def test_a_results_head_is_signed_where_the_chain_holds_it_even_after_later_entries(supervised):
    client, clock = Posts(), Clock(NOW)
    rt = bot_runtime(supervised, client, clock)
    opened = open_kind(supervised, MotionKind.GENERAL, NOW)
    close(supervised, opened.motion_id, NOW + timedelta(days=8))
    audit_head = get_motion(supervised.reader(), opened.motion_id).audit_head
    open_kind(supervised, MotionKind.GENERAL, NOW + timedelta(days=9))  # the chain moves on

    signed = result_head(rt, opened.motion_id, audit_head)
    assert signed is not None
    assert signed.entry_hash == audit_head
    assert signed.seq < head_of(supervised)[0]
    assert result_head(rt, opened.motion_id, audit_head) == signed  # stored once
    assert result_head(rt, opened.motion_id, "00" * 32) is None  # no entry of this motion


def test_a_head_the_chain_does_not_hold_is_never_signed(supervised):
    seq, entry_hash = head_of(supervised)
    forged = "ab" * 32
    with supervised.uow() as uow:
        with pytest.raises(HeadNotOnChain) as wrong_hash:
            sign_head(uow.session, SIGNER, seq, forged, NOW)
        with pytest.raises(HeadNotOnChain) as beyond:
            sign_head(uow.session, SIGNER, seq + 5, entry_hash, NOW)
    assert f"at entry {seq} is not on the chain: the chain holds {entry_hash[:16]}" in str(
        wrong_hash.value
    )
    assert "the chain has no such entry" in str(beyond.value)
    assert signatures(supervised) == 0
